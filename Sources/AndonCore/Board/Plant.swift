/// How the plant overview orders its lines: the worst first (a stopped line at the top), or as configured.
public enum PlantOrder: String, Sendable, CaseIterable {
    case worst
    case configured
}

/// One line of a plant: its name, and its own board (state, answers, clocks), which the plant overview reads
/// and Enter opens.
public struct PlantLine: Sendable {
    public var name: String
    public var board: BoardState

    public init(name: String, board: BoardState) {
        self.name = name
        self.board = board
    }
}

/// A board of many lines: the plant overview, a row per line, and each line's own board. This is the
/// pure model the plant overview is drawn from; each line keeps its own `BoardState`, so that a line whose
/// source is down or slow changes only its own row.
public struct PlantState: Sendable {
    public var title: String
    public internal(set) var lines: [PlantLine]
    public internal(set) var size: Size
    public internal(set) var now: Double
    public internal(set) var order: PlantOrder = .worst
    /// The selected row, as an index into `rowOrder`.
    public internal(set) var selection = 0
    /// The first row shown when the lines do not fit.
    public internal(set) var scroll = 0
    /// The line whose board fills the screen (Enter), or nil for the plant overview. A plant of one line is
    /// always that line's board.
    public internal(set) var open: Int?
    /// What the last reload did, on the plant's status line until it expires (a failure: until the next reload).
    public internal(set) var notice: Notice?
    /// Kiosk mode's cycle over the lines (nil when a person drives the board).
    public internal(set) var kiosk: PlantKiosk?
    public internal(set) var quitting = false
    /// Since when no line has been red (nil: one is, or no answer yet), and the line that went red first out of
    /// that calm (`alarms.first_out` of the plant's configuration), until the plant is all green.
    public internal(set) var calmSince: Double?
    public internal(set) var firstOutLine: String?
    /// The lines asked together on one shared engine (`PlantFetcher`): while they are not open, the runtime asks
    /// their headlines in one request for all of them, and a shared line opened while it waits for that answer
    /// asks its own.
    public internal(set) var shared: Set<Int> = []

    /// A plant of `boards`, each a row named by `names`, as it starts.
    public init(
        title: String, names: [String], boards: [BoardState], size: Size, now: Double, kiosk: Bool = false,
        dwell: Double = 15, shared: Set<Int> = []
    ) {
        self.init(
            title: title, lines: zip(names, boards).map { PlantLine(name: $0, board: $1) }, size: size, now: now,
            kiosk: kiosk, dwell: dwell, shared: shared)
    }

    /// A plant as it starts: the overview (or, of one line, that line's board); in kiosk mode the cycle starts
    /// at once, each view shown for `dwell` seconds. The lines' boards never run a kiosk of their own but when
    /// the plant's cycle opens them.
    public init(
        title: String, lines: [PlantLine], size: Size, now: Double, order: PlantOrder = .worst, kiosk: Bool = false,
        dwell: Double = 15, shared: Set<Int> = []
    ) {
        self.title = title
        self.lines = lines
        self.size = size
        self.now = now
        self.order = order
        self.shared = lines.count > 1 ? shared.filter { lines.indices.contains($0) } : []
        if lines.count == 1 { open = 0 }
        if lines.count > 1 {
            for index in self.lines.indices { _ = self.lines[index].board.update(.placed(.hidden)) }
        }
        if kiosk && lines.count > 1 {
            self.kiosk = PlantKiosk(typing: KioskState(shownAt: now), until: now + dwell, dwell: dwell)
        }
    }

    /// Whether this is one line's board and nothing more (Esc never leaves it).
    public var single: Bool { lines.count == 1 }

    /// The plant's status: the worst line's (never green while a line is blind: a blind line is unknown).
    public var overall: Status { Status.worst(lines.map(\.board.overall)) }

    /// The lines in the order the overview shows them: worst first (red, unknown, yellow, green; then by name),
    /// or as configured.
    public var rowOrder: [Int] { rowOrder(statuses: lines.map(\.board.overall)) }

    /// `rowOrder` from the lines' statuses, worked out once by the caller (each is judged over a line's
    /// principles), not at every comparison.
    public func rowOrder(statuses: [Status]) -> [Int] {
        guard order == .worst else { return Array(lines.indices) }
        let ranks = statuses.map(\.rank)
        return lines.indices.sorted { a, b in ranks[a] != ranks[b] ? ranks[a] > ranks[b] : a < b }
    }

    /// Applies an answer or a tick to one line's board (by index), as that line's own board would.
    public mutating func update(line index: Int, _ event: Event) -> [Effect] {
        guard lines.indices.contains(index) else { return [] }
        if case .tick(let time) = event { now = max(now, time) }
        return lines[index].board.update(event)
    }

    public mutating func resize(_ size: Size) {
        self.size = size
    }
}

/// What a line's board asked for, and which line's board asked.
public struct LineEffect: Sendable, Equatable {
    public var line: Int
    public var effect: Effect

    public init(line: Int, effect: Effect) {
        self.line = line
        self.effect = effect
    }
}

/// The plant's kiosk cycle: the overview, then each line that is not green with its own cycle of drill-downs,
/// then the overview again.
public struct PlantKiosk: Sendable, Equatable {
    /// What was typed lately (to recognise `quit`).
    public var typing: KioskState
    /// When the view shown now gives way to the next.
    public var until: Double
    public var dwell: Double
}
