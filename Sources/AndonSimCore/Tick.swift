/// One metric value the simulator emits: a gauge's value, a counter's increment, or one histogram observation.
public struct MetricValue: Sendable, Equatable {
    public var name: String
    public var labels: [(String, String)]
    public var value: Double
    /// For an observation: how many it stands for (a sampled request's, `PlantModel.sampling`).
    public var weight = 1.0

    public init(_ name: String, _ labels: [(String, String)], _ value: Double) {
        self.name = name
        self.labels = labels
        self.value = value
    }

    public static func == (lhs: MetricValue, rhs: MetricValue) -> Bool {
        lhs.name == rhs.name && lhs.value == rhs.value && lhs.labels.elementsEqual(rhs.labels) { $0 == $1 }
    }
}

/// Everything that happened in one step of the plant.
public struct Tick: Sendable {
    /// Current values of every gauge.
    public var gauges: [MetricValue] = []
    /// Increments of counters (only those that moved, plus zeroes so every series exists from the start).
    public var counters: [MetricValue] = []
    /// Histogram observations, in seconds.
    public var observations: [MetricValue] = []

    public init(gauges: [MetricValue] = [], counters: [MetricValue] = [], observations: [MetricValue] = []) {
        self.gauges = gauges
        self.counters = counters
        self.observations = observations
    }
}

extension Tick {
    /// The same tick with `name="value"` added to every series (a line of a plant of several).
    public func labelled(_ name: String, _ value: String) -> Tick {
        var copy = self
        copy.gauges = gauges.map { MetricValue($0.name, $0.labels + [(name, value)], $0.value) }
        copy.counters = counters.map { MetricValue($0.name, $0.labels + [(name, value)], $0.value) }
        copy.observations = observations.map { MetricValue($0.name, $0.labels + [(name, value)], $0.value) }
        return copy
    }
}
