import Foundation

/// A label set of a series, e.g. `{queue_name="orders"}`.
public typealias Labels = [String: String]

/// One sample value as Prometheus sends it: a string that may be `NaN`, `+Inf` or `-Inf`.
public enum SampleValue {
    /// Parses a value the way Prometheus writes them (Go's `FormatFloat`): decimal or exponent notation,
    /// `NaN`, `+Inf`, `-Inf`. Anything else (`""`, `"abc"`, hex such as `"0x10"`) is nil, not a guess.
    public static func parse(_ text: String) -> Double? {
        switch text {
        case "NaN": return .nan
        case "+Inf", "Inf": return .infinity
        case "-Inf": return -.infinity
        default: return parseNumber(text)
        }
    }

    /// A finite decimal number only: digits, one point, an optional exponent.
    static func parseNumber(_ text: String) -> Double? {
        guard !text.isEmpty, text.utf8.count < 64 else { return nil }
        var sawDigit = false
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                // A sign is allowed first, or right after the exponent marker.
                if index == 0 { continue }
                let previous = text.utf8[text.utf8.index(text.utf8.startIndex, offsetBy: index - 1)]
                if previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") { continue }
                return nil
            default: return nil
            }
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
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
