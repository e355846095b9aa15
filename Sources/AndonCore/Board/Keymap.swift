/// What a key asks of a board, a line chooser or a plant: `update` carries it out.
public enum Command: Sendable, Equatable {
    case quit
    /// A plant's line: back to the plant.
    case close
    case overview
    case drill(PrincipleID)
    case alerts
    case acknowledge
    /// Pull the cord: raise a call.
    case call
    case chooseLine
    case help
    /// The next pane (Tab), or the one before (Shift-Tab).
    case nextPane(forward: Bool)
    case reload
    case refresh
    case pause
    /// History: a step back, a step forward, back to live.
    case back, forward, live
    case range
    /// Opens what is selected (a principle, a line, a value of the chooser).
    case open
    /// Leaves the chooser as it was.
    case keep
    /// The plant's order of rows.
    case order
    /// Moves the selection or scrolls: the key says how (`Cursor`).
    case move(Key)
}

/// One entry of a keymap: the keys as the help screen shows them and what they do there; the command each key
/// gives where the board is; its words on the hint line there. One list drives a board's keys, its hint line and
/// its help screen (`Keymap.board`), and the same for the line chooser and the plant.
public struct KeyBinding<State>: Sendable {
    public enum Name: Sendable, Equatable {
        case drill, plant, overview, alerts, acknowledge, call, move, open, nextPane, refresh, reload, pause, history
        case range
        case chooseLine, repaint, help, quit, keep, order
    }

    public var name: Name
    /// The keys as the help screen shows them ("1-6", "0  Esc").
    public var keys: String
    /// What they do, in the help screen's words.
    public var help: String
    /// The command `key` gives where the board is, or nil.
    let command: @Sendable (Key, State) -> Command?
    /// Its words on the hint line where the board is (nil: not named there).
    let hint: @Sendable (State) -> String?
    /// Whether the help screen lists it.
    let listed: @Sendable (State) -> Bool

    init(
        _ name: Name, keys: String, help: String = "", hint: @escaping @Sendable (State) -> String? = { _ in nil },
        listed: @escaping @Sendable (State) -> Bool = { _ in true },
        command: @escaping @Sendable (Key, State) -> Command?
    ) {
        self.name = name
        self.keys = keys
        self.help = help
        self.command = command
        self.hint = hint
        self.listed = listed
    }

    /// The command of `key` alone, whatever the state.
    init(
        _ name: Name, keys: String, help: String = "", hint: @escaping @Sendable (State) -> String? = { _ in nil },
        listed: @escaping @Sendable (State) -> Bool = { _ in true }, _ mapping: [Key: Command]
    ) {
        self.init(name, keys: keys, help: help, hint: hint, listed: listed) { key, _ in mapping[key] }
    }
}

/// The keys of a board, of its line chooser and of a plant, each as one list of bindings in the order the help
/// screen shows them, with the order of each pane's hint line.
public struct Keymap<State>: Sendable {
    public var bindings: [KeyBinding<State>]

    /// The first binding's command for `key` where the board is, or nil: the key does nothing there.
    public func command(for key: Key, in state: State) -> Command? {
        for binding in bindings {
            if let command = binding.command(key, state) { return command }
        }
        return nil
    }

    /// The hint line's words of `names`, in that order, each that has words where the board is, joined.
    public func hints(_ names: [KeyBinding<State>.Name], in state: State) -> String {
        " "
            + names.compactMap { name in bindings.first { $0.name == name }?.hint(state) }.joined(separator: " · ")
    }

    /// The help screen's lines: keys in a column 11 wide (or two spaces after longer keys), then what they do.
    public func helpLines(in state: State) -> [String] {
        bindings.filter { $0.listed(state) && !$0.help.isEmpty }.map { binding in
            binding.keys + String(repeating: " ", count: max(2, 11 - binding.keys.count)) + binding.help
        }
    }
}

extension Key {
    /// The keys that move a selection or scroll (`Cursor`).
    static let moving: [Key] = [
        .left, .right, .up, .down, .character("h"), .character("j"), .character("k"), .character("l"), .pageUp,
        .pageDown, .home, .end,
    ]
}

/// Where a cursor goes in a list of `count` items when `key` is pressed: a step (↑↓, jk; in a grid `columns`
/// wide, ←→ and hl step and ↑↓ go a row), a page of `page` items (none without), the first or the last. It
/// stays within the list. The overview's selected tile, the alerts pane's selected alert, a pane's scroll, the
/// line chooser and the plant's rows all move by it.
public enum Cursor {
    public static func moved(_ index: Int, _ key: Key, count: Int, columns: Int? = nil, page: Int? = nil) -> Int {
        let last = max(0, count - 1)
        var next = index
        switch key {
        case .up, .character("k"): next -= columns ?? 1
        case .down, .character("j"): next += columns ?? 1
        case .left, .character("h"): next -= columns == nil ? 0 : 1
        case .right, .character("l"): next += columns == nil ? 0 : 1
        case .pageUp: next -= page ?? 0
        case .pageDown: next += page ?? 0
        case .home: next = 0
        case .end: next = last
        default: break
        }
        return max(0, min(next, last))
    }
}

/// The keymaps of the board, its line chooser and the plant.
public enum Keymaps {
    /// A board's keys.
    public static let board = Keymap<BoardState>(bindings: [
        KeyBinding(
            .drill, keys: "1-6", help: "drill-down: Jidoka, Kanban, Andon, Kaizen, Heijunka, Tracing",
            hint: { _ in "1-6 drill" }
        ) { key, _ in
            // A principle keeps its number (1 Jidoka … 6 Tracing) when the profile leaves others out.
            guard case .character(let c) = key, c >= "1" && c <= "6" else { return nil }
            return .drill(PrincipleID.allCases[Int(String(c))! - 1])
        },
        KeyBinding(
            .plant, keys: "Esc", help: "on the overview: back to the plant, a row per line",
            hint: { $0.inPlant && $0.pane == .overview ? "Esc plant" : nil }, listed: { $0.inPlant }
        ) { key, state in
            key == .escape && state.inPlant && state.pane == .overview ? .close : nil
        },
        KeyBinding(
            .overview, keys: "0  Esc", help: "back to the overview", hint: { _ in "0 overview" },
            [.character("0"): .overview, .escape: .overview]),
        KeyBinding(
            .alerts, keys: "a", help: "alerts: every firing and pending alert with its labels and annotations",
            hint: { _ in "a alerts" }, [.character("a"): .alerts]),
        KeyBinding(
            .acknowledge, keys: "A",
            help:
                "acknowledge the selected alert, or the selected principle's (\(AlertSourceConfig.ackHelp)), or its"
                + " cleared red",
            hint: { $0.config.alertSource?.allowAck == true || !$0.latched.isEmpty ? "A ack" : nil },
            [.character("A"): .acknowledge]),
        KeyBinding(
            .order, keys: "s",
            help: "alerts pane: oldest first, the first fired of a cascade marked (again: as listed)",
            hint: { $0.pane == .alerts ? "s " + ($0.alertsByStart ? "as listed" : "oldest first") : nil }
        ) { key, state in key == .character("s") && state.pane == .alerts ? .order : nil },
        KeyBinding(
            .call, keys: "c", help: "pull the cord: raise a call of one of the types of calls: (its number)",
            listed: { $0.config.calls != nil }, [.character("c"): .call]),
        KeyBinding(
            .move, keys: "arrows hjkl", help: "move the selection (overview) or scroll (other panes)",
            hint: { state in
                switch state.pane {
                case .overview: "←→↑↓ select"
                case .alerts: "↑↓ select"
                default: "↑↓ scroll"
                }
            }
        ) { key, _ in Key.moving.contains(key) ? .move(key) : nil },
        KeyBinding(
            .open, keys: "Enter", help: "open the selected principle; alerts pane: open a group of alerts, or close it",
            hint: { state in
                guard state.pane == .alerts else { return "⏎ open" }
                guard case .group(_, let expanded) = state.alertRow else { return nil }
                return expanded ? "⏎ close" : "⏎ expand"
            }, [.enter: .open]),
        KeyBinding(
            .nextPane, keys: "Tab", help: "next pane (Shift-Tab: previous)", hint: { _ in "Tab next" },
            [.tab: .nextPane(forward: true), .backTab: .nextPane(forward: false)]),
        KeyBinding(.refresh, keys: "r", help: "refresh now", hint: { _ in "r refresh" }, [.character("r"): .refresh]),
        KeyBinding(
            .reload, keys: "R", help: "reload the configuration, profile and theme (as SIGUSR1 does)",
            [.character("R"): .reload]),
        KeyBinding(
            .pause, keys: "p", help: "pause or resume refreshing", hint: { _ in "p pause" },
            [.character("p"): .pause, .character("P"): .pause]),
        KeyBinding(
            .range, keys: "t", help: "trend range: 1h, 6h, 24h, 7d", hint: { "t " + $0.range.rawValue },
            [.character("t"): .range, .character("T"): .range]),
        KeyBinding(
            .history, keys: "[  ]", help: "history: step back / forward (history_step); .  back to live",
            [.character("["): .back, .character("]"): .forward, .character("."): .live]),
        KeyBinding(
            .chooseLine, keys: "v", help: "which line: the values of the profile's variables",
            listed: { !$0.config.declaredVariables.isEmpty },
            [.character("v"): .chooseLine, .character("V"): .chooseLine]
        ),
        // Drawn again by the terminal, which reads the key itself.
        KeyBinding(.repaint, keys: "Ctrl-L", help: "repaint the whole screen", [:]),
        KeyBinding(.help, keys: "?", help: "this help", hint: { _ in "? help" }, [.character("?"): .help]),
        KeyBinding(
            .quit, keys: "q", help: "quit", hint: { _ in "q quit" }, [.character("q"): .quit, .character("Q"): .quit]),
    ])

    /// The hint line of the pane the board shows: its keys in the pane's order.
    public static func hints(_ state: BoardState) -> String {
        switch state.pane {
        case .overview:
            board.hints(
                [.plant, .drill, .move, .open, .alerts, .range, .acknowledge, .pause, .refresh, .help, .quit], in: state
            )
        case .principle:
            board.hints([.overview, .drill, .alerts, .move, .acknowledge, .nextPane, .help, .quit], in: state)
        case .alerts:
            board.hints([.overview, .drill, .move, .order, .acknowledge, .nextPane, .help, .quit], in: state)
        case .help:
            " any key returns"
        case .variables:
            chooser.hints([.move, .open, .keep, .quit], in: state.chooser ?? VariableChooser())
        }
    }

    /// The line chooser's keys (`v`).
    public static let chooser = Keymap<VariableChooser>(bindings: [
        KeyBinding(.quit, keys: "q", hint: { _ in "q quit" }, [.character("q"): .quit, .character("Q"): .quit]),
        KeyBinding(
            .keep, keys: "Esc", hint: { _ in "Esc keep" },
            [.escape: .keep, .character("v"): .keep, .character("V"): .keep, .character("0"): .keep]),
        KeyBinding(.move, keys: "↑↓", hint: { _ in "↑↓ choose" }) { key, _ in
            [Key.up, .character("k"), .down, .character("j"), .home, .end].contains(key) ? .move(key) : nil
        },
        KeyBinding(.open, keys: "Enter", hint: { _ in "⏎ show" }, [.enter: .open]),
    ])

    /// A plant's keys, on its overview.
    public static let plant = Keymap<PlantState>(bindings: [
        KeyBinding(.quit, keys: "q", hint: { _ in "q quit" }, [.character("q"): .quit, .character("Q"): .quit]),
        KeyBinding(.open, keys: "Enter", hint: { _ in "⏎ open" }, [.enter: .open]),
        KeyBinding(.reload, keys: "R", hint: { _ in "R reload" }, [.character("R"): .reload]),
        KeyBinding(.refresh, keys: "r", hint: { _ in "r refresh" }, [.character("r"): .refresh]),
        KeyBinding(
            .order, keys: "s", hint: { "s order: " + ($0.order == .worst ? "worst first" : "as configured") },
            [.character("s"): .order]),
        KeyBinding(.move, keys: "↑↓", hint: { _ in "↑↓ select" }) { key, _ in
            Key.moving.contains(key) ? .move(key) : nil
        },
    ])
}
