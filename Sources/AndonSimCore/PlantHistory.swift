/// A plant's past, for a board that opens on curves instead of a day with one column drawn: the model run through
/// a window of the past (with episodes of trouble between long steady stretches), written as OpenMetrics text for
/// `promtool tsdb create-blocks-from openmetrics` before Prometheus starts. The models go on from where the past
/// ended, so the live plant continues it.
public struct PlantHistory: Sendable {
    /// The model's state of every series, and its samples so far.
    struct Series {
        var family: String
        var kind: Kind
        /// `name="value"` pairs, in order, without the histogram's `le`.
        var labels: [(String, String)]
        var total = 0.0
        var buckets: [Double] = []
        var sum = 0.0
        var count = 0.0
        /// (timestamp, values): one value, or the buckets, then the sum and the count of a histogram.
        var samples: [(Double, [Double])] = []
    }

    enum Kind: String {
        case counter, gauge, histogram
    }

    var series: [String: Series] = [:]
    var order: [String] = []
    let buckets: [Double]
    /// Labels every series of the past carries: those Prometheus adds to the live plant's (`job`, `instance`),
    /// so that the past and the present are one series each.
    let target: [(String, String)]

    /// `buckets`: the histograms' upper bounds, as the live plant serves them; `target`: the labels Prometheus
    /// gives the live plant's series.
    public init(buckets: [Double], target: [(String, String)] = []) {
        self.buckets = buckets
        self.target = target
    }

    /// The legs of the past (their start, in seconds since the window began): steady for one to two and a half
    /// hours, then ten to forty minutes of surge, outage or slow, drawn from `seed`; the last hour is steady.
    public static func schedule(seed: UInt64, length: Double) -> [(start: Double, scenario: Scenario)] {
        var rng = SplitMix64(seed: seed ^ 0x5EED)
        var legs: [(Double, Scenario)] = []
        var time = 0.0
        while time < length {
            legs.append((time, .steady))
            time += 3600 + rng.unit() * 5400
            // The last hour is steady: the present starts from a plant that has recovered.
            guard time < length - 3600 else { break }
            legs.append((time, [Scenario.surge, .outage, .slow][Int(rng.next() % 3)]))
            time += 600 + rng.unit() * 1800
        }
        return legs
    }

    /// Runs `model` through `length` seconds of the past ending at `end` (seconds since the epoch), a step of
    /// `step` seconds at a time, one request in `1 / sampling` simulated, and keeps every series' value each
    /// `every` seconds; `line` labels the series of a plant's line. The model is left at the window's end, in its
    /// own scenario again.
    public mutating func record(
        _ model: inout PlantModel, line: String?, seed: UInt64, end: Double, length: Double, every: Double = 60,
        step: Double = 20, sampling: Double = 0.015
    ) {
        let live = model.scenario
        let legs = Self.schedule(seed: seed, length: length)
        model.sampling = sampling
        apply(Tick(counters: model.counterSeries()), line: line)
        var next = 0
        var sampleAt = every
        var elapsed = 0.0
        while elapsed < length {
            while next < legs.count && legs[next].start <= elapsed {
                model.switchTo(legs[next].scenario)
                next += 1
            }
            elapsed += step
            // A gauge's value counts only when it is sampled; counters and histograms add up every step.
            apply(model.step(step), line: line, gauges: elapsed >= sampleAt)
            if elapsed >= sampleAt {
                sample(at: end - length + elapsed)
                sampleAt += every
            }
        }
        model.sampling = 1
        model.switchTo(live)
    }

    /// Every counter's total so far, by series, as increments from zero: what the live exposition starts from.
    public func totals(line: String?) -> [MetricValue] {
        order.compactMap { key in
            guard let series = series[key], series.kind == .counter else { return nil }
            guard line == nil || series.labels.contains(where: { $0 == ("line", line!) }) else { return nil }
            return MetricValue(
                series.family + "_total", series.labels.filter { line == nil || $0.0 != "line" }, series.total)
        }
    }

    mutating func apply(_ tick: Tick, line: String?, gauges: Bool = true) {
        let extra = line.map { [("line", $0)] } ?? []
        for metric in gauges ? tick.gauges : [] {
            update(metric.name, .gauge, metric.labels + extra) { $0.total = metric.value }
        }
        for metric in tick.counters {
            let family = metric.name.hasSuffix("_total") ? String(metric.name.dropLast(6)) : metric.name
            update(family, .counter, metric.labels + extra) { $0.total += metric.value }
        }
        for metric in tick.observations {
            let bounds = buckets
            update(metric.name, .histogram, metric.labels + extra) { series in
                if series.buckets.isEmpty { series.buckets = Array(repeating: 0, count: bounds.count) }
                for (index, bound) in bounds.enumerated() where metric.value <= bound {
                    series.buckets[index] += metric.weight
                }
                series.sum += metric.value * metric.weight
                series.count += metric.weight
            }
        }
    }

    mutating func update(
        _ family: String, _ kind: Kind, _ labels: [(String, String)], _ change: (inout Series) -> Void
    ) {
        // Built by hand: this runs for every value of every step (a quarter of a million times for a day).
        var key = family
        for (name, value) in labels {
            key += "\u{1}"
            key += name
            key += "\u{2}"
            key += value
        }
        if series[key] == nil {
            series[key] = Series(family: family, kind: kind, labels: labels)
            order.append(key)
        }
        change(&series[key]!)
    }

    mutating func sample(at time: Double) {
        for key in order {
            let values =
                series[key]!.kind == .histogram
                ? series[key]!.buckets + [series[key]!.sum, series[key]!.count] : [series[key]!.total]
            series[key]!.samples.append((time, values))
        }
    }

    /// The OpenMetrics text: each family's `# TYPE` and its series, each series' samples in time order, `# EOF`.
    public func openMetrics() -> String {
        var out = ""
        var families: [String] = []
        var members: [String: [String]] = [:]
        for key in order {
            let family = series[key]!.family
            if members[family] == nil { families.append(family) }
            members[family, default: []].append(key)
        }
        func text(_ labels: [(String, String)]) -> String {
            let all = labels + target
            return all.isEmpty ? "" : "{" + all.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        }
        func number(_ value: Double) -> String {
            value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
        }
        for family in families {
            let kind = series[members[family]![0]]!.kind
            out += "# TYPE \(family) \(kind.rawValue)\n"
            for key in members[family]! {
                let one = series[key]!
                switch kind {
                case .gauge, .counter:
                    let name = kind == .counter ? family + "_total" : family
                    let labels = text(one.labels)
                    for (time, values) in one.samples {
                        out += "\(name)\(labels) \(number(values[0])) \(Int64(time))\n"
                    }
                case .histogram:
                    for (index, bound) in buckets.enumerated().map({ ($0.offset, $0.element) }) + [
                        (buckets.count, .infinity)
                    ] {
                        let le = bound.isInfinite ? "+Inf" : "\(bound)"
                        let labels = text(one.labels + [("le", le)])
                        for (time, values) in one.samples {
                            let value = bound.isInfinite ? values[buckets.count + 1] : values[index]
                            out += "\(family)_bucket\(labels) \(number(value)) \(Int64(time))\n"
                        }
                    }
                    for (suffix, offset) in [("_sum", 0), ("_count", 1)] {
                        let labels = text(one.labels)
                        for (time, values) in one.samples {
                            out +=
                                "\(family)\(suffix)\(labels) \(number(values[buckets.count + offset])) \(Int64(time))\n"
                        }
                    }
                }
            }
        }
        return out + "# EOF\n"
    }
}
