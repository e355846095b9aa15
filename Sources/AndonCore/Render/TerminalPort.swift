/// What the board's event loop needs of a terminal: draw a finished grid, ring the bell, deliver keys and sizes.
/// ncurses is not thread-safe, so one thread owns a port: it is made, used and stopped on that thread. Only its
/// `waker` is used from other threads. `AndonTerminal.CursesTerminal` is the real one; `AndonTestSupport`'s
/// `FakeTerminal` runs the loop in memory.
public protocol TerminalPort: AnyObject {
    /// The size when the port was made (later sizes arrive as `.resize` inputs).
    var size: Size { get }
    /// Puts a grid on the screen.
    func draw(_ grid: Grid)
    /// Rings the terminal bell once.
    func bell()
    /// A key or a resize that is already waiting, or nil; never blocks.
    func read() -> TerminalInput?
    /// Sleeps until input arrives, `waker` is woken or `milliseconds` pass.
    func wait(milliseconds: Int32)
    /// Gives the terminal back to the shell and stops the process (Ctrl-Z); after `fg`, the new size.
    func suspend() -> Size?
    /// Restores the terminal for good.
    func stop()
    /// Draws with `theme` from now on (a reload); the next grid is drawn whole.
    func use(_ theme: Theme)
    /// Ends a `wait` at once, from any thread.
    var waker: any TerminalWaker { get }
    /// Whether the terminal is gone (its input hung up): the board ends as on SIGHUP.
    var hungUp: Bool { get }
    /// Whether input waits that `read` has not taken yet, as far as the port knows without blocking (a test's
    /// terminal knows; a real one says false). The loop is settled only when nothing waits.
    var inputPending: Bool { get }
}

extension TerminalPort {
    public var hungUp: Bool { false }
    public var inputPending: Bool { false }
}

/// Wakes a terminal's thread from another thread.
public protocol TerminalWaker: Sendable {
    func wake()
}

/// What a terminal delivers.
public enum TerminalInput: Sendable, Equatable {
    case key(Key)
    case resize(Size)
}
