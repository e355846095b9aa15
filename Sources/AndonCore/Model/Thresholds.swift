/// A comparison such as `< 500` or `== 0`, as written in the config.
public struct Condition: Sendable, Equatable, CustomStringConvertible {
    public enum Operator: String, Sendable, CaseIterable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "=="
    }

    public var op: Operator
    public var bound: Double

    public init(_ op: Operator, _ bound: Double) {
        self.op = op
        self.bound = bound
    }

    /// Parses `< 500`, `<=0.5`, `> 30`, `== 0` (also `= 0`). Returns nil for anything else.
    public init?(parsing text: String) {
        let trimmed = text.trimmingBlanks()
        let ops: [(String, Operator)] = [
            ("<=", .lessOrEqual), (">=", .greaterOrEqual), ("==", .equal), ("<", .less), (">", .greater),
            ("=", .equal),
        ]
        guard let (token, op) = ops.first(where: { trimmed.hasPrefix($0.0) }) else { return nil }
        let number = trimmed.dropFirst(token.count).trimmingBlanks()
        guard let bound = NumberText.parse(number) else { return nil }
        self.init(op, bound)
    }

    /// Whether `value` satisfies the condition. Values within a relative 1e-9 of the bound count as equal to it,
    /// so that `100 * 0.95` (94.99999999999999 in binary floating point) sits on the 95 boundary as written. The
    /// comparison is against two fixed edges, `bound ∓ tolerance`, which `andon rules` writes into PromQL as
    /// they are: the board and its alert rules then agree on every value.
    public func holds(for value: Double) -> Bool {
        guard !value.isNaN else { return false }
        switch op {
        case .less: return value < lowEdge
        case .lessOrEqual: return value <= highEdge
        case .greater: return value > highEdge
        case .greaterOrEqual: return value >= lowEdge
        case .equal: return value >= lowEdge && value <= highEdge
        }
    }

    /// How far from the bound a value still counts as on it: a relative 1e-9 (absolute below 1).
    public var tolerance: Double { bound.isFinite ? 1e-9 * max(1, abs(bound)) : 0 }
    /// The lowest value that counts as on the bound.
    public var lowEdge: Double { bound - tolerance }
    /// The highest value that counts as on the bound.
    public var highEdge: Double { bound + tolerance }

    public var description: String {
        "\(op.rawValue) \(NumberText.plain(bound))"
    }
}

/// Green and red conditions of a principle; every finite value that is neither is yellow.
public struct Thresholds: Sendable, Equatable {
    public var green: Condition
    public var red: Condition

    public init(green: Condition, red: Condition) {
        self.green = green
        self.red = red
    }

    /// Red is tested first, so overlapping conditions err towards the louder status. NaN or no value is unknown.
    public func status(for value: Double?) -> Status {
        guard let value, !value.isNaN else { return .unknown }
        if red.holds(for: value) { return .red }
        if green.holds(for: value) { return .green }
        return .yellow
    }

    /// The warning and critical bounds in the Nagios performance-data sense (where yellow and red begin).
    public var warnBound: Double { green.bound }
    public var critBound: Double { red.bound }
}
