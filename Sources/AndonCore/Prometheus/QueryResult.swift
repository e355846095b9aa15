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
