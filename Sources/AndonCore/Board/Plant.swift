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

/// A board of many lines (issue 19): the plant overview, a row per line, and each line's own board. This is the
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

    public init(title: String, lines: [PlantLine], size: Size, now: Double, order: PlantOrder = .worst) {
        self.title = title
        self.lines = lines
        self.size = size
        self.now = now
        self.order = order
    }

    /// The plant's status: the worst line's (never green while a line is blind: a blind line is unknown).
    public var overall: Status { Status.worst(lines.map(\.board.overall)) }

    /// The lines in the order the overview shows them: worst first (red, unknown, yellow, green; then by name),
    /// or as configured.
    public var rowOrder: [Int] {
        guard order == .worst else { return Array(lines.indices) }
        return lines.indices.sorted { a, b in
            let (ra, rb) = (lines[a].board.overall.rank, lines[b].board.overall.rank)
            return ra != rb ? ra > rb : a < b
        }
    }

    /// Applies an answer or a tick to one line's board (by index), as that line's own board would.
    public mutating func update(line index: Int, _ event: Event) -> [Effect] {
        guard lines.indices.contains(index) else { return [] }
        if case .tick(let time) = event { now = max(now, time) }
        return lines[index].board.update(event)
    }

    /// The plant overview's keys: arrows move the selection, `s` switches the order.
    public mutating func key(_ key: Key) {
        switch key {
        case .up, .character("k"): selection -= 1
        case .down, .character("j"): selection += 1
        case .pageUp: selection -= max(1, size.height - 4)
        case .pageDown: selection += max(1, size.height - 4)
        case .home: selection = 0
        case .end: selection = lines.count - 1
        case .character("s"): order = order == .worst ? .configured : .worst
        default: break
        }
        selection = max(0, min(selection, lines.count - 1))
    }

    public mutating func resize(_ size: Size) {
        self.size = size
    }
}
