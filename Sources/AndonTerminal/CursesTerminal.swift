import AndonCore
import CNCursesW
import Glibc

/// The ncurses backend of the board's `TerminalPort`: copies a `Grid` to the screen and reads keys. Not
/// thread-safe, like ncurses itself: one thread creates it and makes every call but `waker`'s.
public final class CursesTerminal: TerminalPort {
    typealias Input = TerminalInput

    public struct StartError: Error, CustomStringConvertible {
        public var description: String
    }

    private let screen: OpaquePointer
    private var attributes: [Role: (attr_t, Int16)] = [:]
    private var lastSize: Size
    /// The grid last copied into the screen, and the terminal size then.
    private var drawn: Grid?
    private var drawnSize = Size(width: 0, height: 0)
    /// Wakes the thread sleeping in `wait`: from the event loop, and on `SIGWINCH`.
    private let wakeup = Wakeup()
    public var waker: any TerminalWaker { wakeup }

    /// Starts curses on the controlling terminal with `theme` (monochrome when the terminal has no colour).
    public init(theme: Theme, escapeDelay: Int32 = 25) throws {
        _ = cnc_setlocale_all()
        guard let output = fdopen(STDOUT_FILENO, "w"), let input = fdopen(STDIN_FILENO, "r") else {
            throw StartError(description: "cannot open the terminal")
        }
        guard let screen = newterm(nil, output, input) else {
            throw StartError(description: "the terminal (TERM) cannot be used by curses")
        }
        self.screen = screen
        _ = set_term(screen)
        _ = cbreak()
        _ = noecho()
        _ = nonl()
        _ = keypad(cnc_stdscr(), true)
        _ = curs_set(0)
        _ = cnc_set_escdelay(escapeDelay)
        _ = leaveok(cnc_stdscr(), true)
        var height: Int32 = 0
        var width: Int32 = 0
        cnc_getmaxyx(cnc_stdscr(), &height, &width)
        lastSize = Size(width: Int(width), height: Int(height))
        apply(theme)
        wakeup.wakeOnResize()
    }

    /// Colour pairs and attributes for every role, mapped down to what the terminal has.
    func apply(_ chosen: Theme) {
        // A terminal without colour gets the attributes-only theme, not a colour theme with its colours dropped.
        // (COLORS is known only after start_color.)
        if has_colors() && chosen.name != "monochrome" {
            _ = start_color()
            _ = use_default_colors()
        }
        let colors = has_colors() && cnc_colors() >= 8 && chosen.name != "monochrome"
        let theme = colors ? chosen : Theme.monochrome
        let available = Int(cnc_colors())
        for (index, role) in Role.allCases.enumerated() {
            let style = theme.style(role)
            var attr = cnc_a_normal()
            if style.bold { attr |= cnc_a_bold() }
            if style.dim { attr |= cnc_a_dim() }
            if style.reverse { attr |= cnc_a_reverse() }
            if style.underline { attr |= cnc_a_underline() }
            if style.blink { attr |= cnc_a_blink() }
            var pair: Int16 = 0
            if colors, style.foreground != nil || style.background != nil, index + 1 < Int(cnc_color_pairs()) {
                pair = Int16(index + 1)
                let fg = style.foreground.map { Int16($0.mapped(to: available)) } ?? -1
                let bg = style.background.map { Int16($0.mapped(to: available)) } ?? -1
                _ = init_pair(pair, fg, bg)
            }
            attributes[role] = (attr, pair)
        }
    }

    /// The terminal's size now.
    public var size: Size { lastSize }

    /// Copies the cells that differ from the last grid drawn into the screen (the whole grid after a resize);
    /// ncurses then writes only the cells that changed on the terminal.
    public func draw(_ grid: Grid) {
        let window = cnc_stdscr()
        let rows = min(grid.size.height, lastSize.height)
        let columns = min(grid.size.width, lastSize.width)
        let previous = drawn.flatMap { $0.size == grid.size && drawnSize == lastSize ? $0 : nil }
        drawn = grid
        drawnSize = lastSize
        // The cells arrays themselves, not the grid's subscript: across modules that is a call per cell, two per
        // cell and frame, most of an idle board's drawing.
        let cells = grid.cells
        let before = previous?.cells
        let width = grid.size.width
        for y in 0..<rows {
            for x in 0..<columns {
                let cell = cells[y * width + x]
                if cell.continuation { continue }
                if let before, before[y * width + x] == cell { continue }
                let (attr, pair) = attributes[cell.role] ?? (cnc_a_normal(), 0)
                let scalar = wchar_t(cell.character.unicodeScalars.first?.value ?? 32)
                // Writing the bottom-right cell would scroll the screen; inserting it there does not.
                if y == lastSize.height - 1 && x == lastSize.width - 1 {
                    _ = cnc_insert_cell(window, Int32(y), Int32(x), scalar, attr, pair)
                } else {
                    _ = cnc_put_cell(window, Int32(y), Int32(x), scalar, attr, pair)
                }
            }
        }
        _ = wnoutrefresh(window)
        _ = doupdate()
    }

    /// Rings the terminal bell once.
    public func bell() {
        _ = beep()
    }

    /// A key or a resize already waiting. Input the board does not use (an unknown key, Ctrl-L after its
    /// repaint) is passed over, so nil means nothing is pending.
    public func read() -> TerminalInput? {
        wtimeout(cnc_stdscr(), 0)
        while true {
            var character: wint_t = 0
            let result = wget_wch(cnc_stdscr(), &character)
            if result == ERR { return nil }
            if let input = decode(result, character) { return input }
        }
    }

    /// Sleeps until the terminal has input, `wakeup` is signalled, or `milliseconds` pass, without waking in
    /// between: an idle board costs nothing between its refreshes.
    public func wait(milliseconds: Int32) {
        // A terminal that hung up answers every poll at once: it is asked no more (no spin), and the board told.
        var fds = [
            pollfd(fd: wakeup.readFD, events: Int16(POLLIN), revents: 0),
            pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
        ]
        _ = poll(&fds, hungUp ? 1 : 2, milliseconds)
        if fds[0].revents != 0 { wakeup.drain() }
        if !hungUp, fds[1].revents & Int16(POLLHUP | POLLERR | POLLNVAL) != 0 { hungUp = true }
    }

    /// Whether standard input hung up (the terminal is gone).
    public private(set) var hungUp = false

    private func decode(_ result: Int32, _ character: wint_t) -> TerminalInput? {
        if result == KEY_CODE_YES {
            let code = Int32(character)
            if code == cnc_key_resize() {
                var height: Int32 = 0
                var width: Int32 = 0
                cnc_getmaxyx(cnc_stdscr(), &height, &width)
                lastSize = Size(width: Int(width), height: Int(height))
                return .resize(lastSize)
            }
            switch code {
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_ENTER: return .key(.enter)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            default: return nil
            }
        }
        switch character {
        case 12:
            // Ctrl-L, as in every full-screen program: the screen got garbled by something else; paint it all.
            cnc_repaint()
            return nil
        case 27: return .key(.escape)
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 8, 127: return .key(.backspace)
        default:
            guard let scalar = Unicode.Scalar(UInt32(character)), character >= 32 else { return nil }
            return .key(.character(Character(scalar)))
        }
    }

    /// Ctrl-Z: gives the terminal back to the shell, stops the process, and after `fg` takes the terminal again
    /// and repaints all of it. Returns the new size when the terminal was resized meanwhile.
    public func suspend() -> Size? {
        _ = endwin()
        ProcessSignals.stopProcess()
        let resized = cnc_after_continue() != 0
        _ = wrefresh(cnc_stdscr())
        guard resized else { return nil }
        var height: Int32 = 0
        var width: Int32 = 0
        cnc_getmaxyx(cnc_stdscr(), &height, &width)
        lastSize = Size(width: Int(width), height: Int(height))
        return lastSize
    }

    /// Draws with `theme` from now on (a reload): its colour pairs and attributes, and the next grid whole.
    public func use(_ theme: Theme) {
        apply(theme)
        drawn = nil
    }

    /// Restores the terminal.
    public func stop() {
        wakeup.stopWakingOnResize()
        _ = curs_set(1)
        _ = endwin()
        delscreen(screen)
    }
}
