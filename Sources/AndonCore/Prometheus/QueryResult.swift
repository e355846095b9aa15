import Foundation

/// A label set of a series, e.g. `{queue_name="orders"}`.
public typealias Labels = [String: String]

/// One sample value as Prometheus sends it: a string that may be `NaN`, `+Inf` or `-Inf`.
public enum SampleValue {
    /// Parses a value the way Prometheus writes them (Go's `FormatFloat`): decimal or exponent notation,
    /// `NaN`, `+Inf`, `-Inf`. Anything else (`""`, `"abc"`, hex such as `"0x10"`) is nil, not a guess.
    public static func parse(_ text: String) -> Double? {
        var text = text
        return text.withUTF8 { parse($0) }
    }

    /// The same, from the bytes of the JSON string (no `String` made on the way).
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        switch bytes.count {
        case 3 where bytes.elementsEqual("NaN".utf8): return .nan
        case 3 where bytes.elementsEqual("Inf".utf8): return .infinity
        case 4 where bytes.elementsEqual("+Inf".utf8): return .infinity
        case 4 where bytes.elementsEqual("-Inf".utf8): return -.infinity
        default:
            guard (1..<64).contains(bytes.count), let value = JSONNumber.parse(bytes), value.isFinite else {
                return nil
            }
            return value
        }
    }
}

/// A sample of an instant vector: its labels, evaluation time and value.
public struct Sample: Sendable, Equatable {
    public var labels: Labels
    public var timestamp: Double
    public var value: Double

    public init(labels: Labels, timestamp: Double, value: Double) {
        self.labels = labels
        self.timestamp = timestamp
        self.value = value
    }
}

/// A series of a range vector: its labels and points in time order.
public struct Series: Sendable, Equatable {
    public var labels: Labels
    public var points: [Point]

    public init(labels: Labels, points: [Point]) {
        self.labels = labels
        self.points = points
    }
}

/// One point of a range series.
public struct Point: Sendable, Equatable {
    public var timestamp: Double
    public var value: Double

    public init(timestamp: Double, value: Double) {
        self.timestamp = timestamp
        self.value = value
    }
}

extension Point {
    /// The most points a series keeps for drawing: a chart is a few hundred columns wide (two dots each in
    /// braille), and a chart's cost must not grow with what a server sends.
    public static let drawnLimit = 2_048

    /// `points` (in time order) with at most `limit` points: each of `limit / 2` spans of time keeps its lowest and
    /// its highest, in time order, so that a spike survives. Unchanged when short enough.
    public static func resampled(_ points: [Point], limit: Int = drawnLimit) -> [Point] {
        guard points.count > limit, limit >= 2, let first = points.first, let last = points.last else { return points }
        let buckets = limit / 2
        let span = max(last.timestamp - first.timestamp, 1e-9)
        var out: [Point] = []
        out.reserveCapacity(limit)
        var index = 0
        for bucket in 0..<buckets {
            let end = first.timestamp + span * Double(bucket + 1) / Double(buckets)
            var low: Point?
            var high: Point?
            while index < points.count && (points[index].timestamp <= end || bucket == buckets - 1) {
                let point = points[index]
                index += 1
                guard point.value.isFinite else { continue }
                if low == nil || point.value < low!.value { low = point }
                if high == nil || point.value > high!.value { high = point }
            }
            guard let low, let high else { continue }
            if low == high {
                out.append(low)
            } else {
                out += low.timestamp <= high.timestamp ? [low, high] : [high, low]
            }
        }
        return out
    }
}

/// The `data` of a successful query, one case per `resultType`.
public enum QueryResult: Sendable, Equatable {
    case vector([Sample])
    case matrix([Series])
    case scalar(Point)
    case string(timestamp: Double, value: String)

    public var typeName: String {
        switch self {
        case .vector: "vector"
        case .matrix: "matrix"
        case .scalar: "scalar"
        case .string: "string"
        }
    }
}

/// A successful answer: the data and any warnings Prometheus attached to it.
public struct QueryResponse: Sendable, Equatable {
    public var result: QueryResult
    public var warnings: [String]

    public init(result: QueryResult, warnings: [String] = []) {
        self.result = result
        self.warnings = warnings
    }
}
