import AndonCore

/// A plant for tests: the metric values an exporter serves. Gauges are served as they are; counters grow
/// linearly at their rate per second, so `rate()` over them returns exactly that rate.
public struct Plant: Sendable {
    public struct Metric: Sendable {
        public var name: String
        public var labels: Labels
        public var value: Double

        public init(_ name: String, _ labels: Labels = [:], _ value: Double) {
            self.name = name
            self.labels = labels
            self.value = value
        }
    }

    public var gauges: [Metric] = []
    /// Counters by their rate per second.
    public var counters: [Metric] = []

    public init(gauges: [Metric] = [], counters: [Metric] = []) {
        self.gauges = gauges
        self.counters = counters
    }

    /// The text exposition format at `elapsed` seconds after the exporter started. Counters start from a
    /// thousand seconds' worth, as if the plant had been running before, so no series starts at zero.
    public func exposition(elapsed: Double) -> String {
        var out = ""
        for metric in gauges { out += Self.line(metric.name, metric.labels, metric.value) }
        for metric in counters {
            out += Self.line(metric.name, metric.labels, metric.value * (1000 + elapsed))
        }
        return out
    }

    static func line(_ name: String, _ labels: Labels, _ value: Double) -> String {
        let labelText = labels.sorted { $0.key < $1.key }.map { key, value in
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
            return "\(key)=\"\(escaped)\""
        }.joined(separator: ",")
        return name + (labelText.isEmpty ? "" : "{\(labelText)}") + " " + NumberText.plain(value) + "\n"
    }

    /// Adds a classic histogram as cumulative bucket counters with rates per second, plus `_count` and `_sum`.
    /// `buckets` maps each upper bound to the cumulative rate of observations at or below it.
    public mutating func histogram(
        _ name: String, _ labels: Labels = [:], buckets: [(Double, Double)], total: Double, sum: Double
    ) {
        for (bound, rate) in buckets {
            var withLe = labels
            withLe["le"] = NumberText.plain(bound)
            counters.append(Metric(name + "_bucket", withLe, rate))
        }
        var infinity = labels
        infinity["le"] = "+Inf"
        counters.append(Metric(name + "_bucket", infinity, total))
        counters.append(Metric(name + "_count", labels, total))
        counters.append(Metric(name + "_sum", labels, sum))
    }
}
