/// One of the six Toyota Production System principles the board watches, in board order.
public enum PrincipleID: String, Sendable, Codable, CaseIterable, Hashable {
    case jidoka
    case kanban
    case andon
    case kaizen
    case heijunka
    case tracing

    /// The name as shown to people.
    public var title: String {
        switch self {
        case .jidoka: "Jidoka"
        case .kanban: "Kanban"
        case .andon: "Andon"
        case .kaizen: "Kaizen"
        case .heijunka: "Heijunka"
        case .tracing: "Tracing"
        }
    }
}

/// What the board measures for one principle: its headline query and the thresholds that colour it.
public struct PrincipleSpec: Sendable, Equatable {
    public var id: PrincipleID
    public var headline: String
    public var query: String
    public var unit: Unit
    public var thresholds: Thresholds

    public init(id: PrincipleID, headline: String, query: String, unit: Unit, thresholds: Thresholds) {
        self.id = id
        self.headline = headline
        self.query = query
        self.unit = unit
        self.thresholds = thresholds
    }
}
