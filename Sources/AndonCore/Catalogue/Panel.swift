/// A deep-dive panel of a drill-down: its PromQL, how to show it, and what its rows mean.
public struct Panel: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// One row per series, labelled by `label`, with a bar scaled to the largest value and threshold marks.
        case bars
        /// One row per series showing a circuit state word (0 closed, 1 open, 2 half-open).
        case circuitStates
        /// A range query drawn as a sparkline per series (`label` names each).
        case trend
    }

    public var title: String
    public var query: String
    public var kind: Kind
    /// The label whose value names a row; empty for a single unlabelled value.
    public var label: String
    public var unit: Unit
    /// Per-row status, when the panel has thresholds.
    public var thresholds: Thresholds?
    /// The metric to name when the result is empty ("no tps_kanban_dlq_depth series").
    public var metric: String
    /// Sort rows by value, largest first (else by label).
    public var sortByValue: Bool
    /// With `sortByValue`: smallest first (where fewer is worse, as workers available).
    public var smallestFirst: Bool
    /// A trend's series that must be shown, in this order (by `label`'s value), even when Prometheus has no data
    /// for one: "a week earlier" without a week of history says "no data" instead of vanishing.
    public var series: [String] = []

    public init(
        _ title: String, _ query: String, kind: Kind = .bars, label: String, unit: Unit, thresholds: Thresholds? = nil,
        metric: String, sortByValue: Bool = true, smallestFirst: Bool = false
    ) {
        self.title = title
        self.query = query
        self.kind = kind
        self.label = label
        self.unit = unit
        self.thresholds = thresholds
        self.metric = metric
        self.sortByValue = sortByValue
        self.smallestFirst = smallestFirst
    }
}

extension Panel {
    /// The most rows a panel shows.
    public static let maxRows = 12

    /// The label that marks the row count in the answer to `fetchQuery`.
    public static let rowCountMark = "andon_rows"

    /// What the board asks Prometheus for this panel. A panel sorted by value shows only its top rows and how
    /// many there are, so it asks for just that: `topk` (`bottomk` when smallest first) and a `count` marked by
    /// `label_replace`, joined by `or`.
    /// A drill-down over 10,000 queues then receives a few dozen series instead of 70,000.
    public var fetchQuery: String {
        guard kind != .trend, sortByValue else { return query }
        return "\(smallestFirst ? "bottomk" : "topk")(\(Self.maxRows), \(query)) or "
            + "label_replace(count(\(query)), \"\(Self.rowCountMark)\", \"total\", \"\", \"\")"
    }
}
