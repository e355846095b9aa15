import AndonCore
import Dispatch
import Foundation

/// A terminal in memory for `BoardLoop`: keys and sizes typed by the test, every grid drawn and every bell kept,
/// so the event loop is tested fast and without tmux (which stays for the end-to-end tests).
public final class FakeTerminal: TerminalPort, Sendable {
    private struct Screen {
        var size: Size
        var pending: [TerminalInput] = []
        var grids: [Grid] = []
        var bells = 0
        var stopped = false
        /// The themes a reload handed over, by name.
        var themes: [String] = []
        var hungUp = false
    }

    private let screen: Locked<Screen>
    private let waking: Waker

    /// Wakes `wait` (a semaphore: a wake before the wait is not lost).
    struct Waker: TerminalWaker {
        let semaphore = DispatchSemaphore(value: 0)
        func wake() { semaphore.signal() }
    }

    public init(size: Size) {
        screen = Locked(Screen(size: size))
        waking = Waker()
    }

    // MARK: the port, used by the loop's terminal thread

    public var size: Size { screen.withLock { $0.size } }
    public var waker: any TerminalWaker { waking }
    public var hungUp: Bool { screen.withLock { $0.hungUp } }
    public var inputPending: Bool { screen.withLock { !$0.pending.isEmpty } }

    /// The terminal goes away (its input hangs up), as when the SSH connection drops.
    public func hangUp() {
        screen.withLock { $0.hungUp = true }
        waking.wake()
    }
    public func draw(_ grid: Grid) { screen.withLock { $0.grids.append(grid) } }
    public func bell() { screen.withLock { $0.bells += 1 } }

    public func read() -> TerminalInput? {
        screen.withLock { $0.pending.isEmpty ? nil : $0.pending.removeFirst() }
    }

    public func wait(milliseconds: Int32) {
        _ = waking.semaphore.wait(timeout: .now() + .milliseconds(Int(milliseconds)))
    }

    public func suspend() -> Size? { nil }
    public func stop() { screen.withLock { $0.stopped = true } }
    public func use(_ theme: Theme) { screen.withLock { $0.themes.append(theme.name) } }

    // MARK: the test's side

    /// Types keys, as a person at the keyboard.
    public func type(_ keys: Key...) {
        screen.withLock { $0.pending += keys.map(TerminalInput.key) }
        waking.wake()
    }

    /// Resizes the terminal.
    public func resize(to size: Size) {
        screen.withLock {
            $0.size = size
            $0.pending.append(.resize(size))
        }
        waking.wake()
    }

    /// The grids drawn so far, the bells rung, and whether the terminal was given back.
    public var drawn: [Grid] { screen.withLock { $0.grids } }
    public var bells: Int { screen.withLock { $0.bells } }
    public var stopped: Bool { screen.withLock { $0.stopped } }
    /// The themes a reload handed over, by name, in order.
    public var themes: [String] { screen.withLock { $0.themes } }

    /// The text on the screen now (the last grid drawn).
    public var text: String { drawn.last?.text ?? "" }
}
