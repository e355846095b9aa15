/// The unit of a headline value, which decides how it is printed.
public enum Unit: String, Sendable, Codable, CaseIterable {
    case percent = "%"
    case items
    case seconds = "s"
    case perSecond = "/s"
    case perMinute = "/min"
    case none = ""
}

/// Printing a value with its unit lives with the unit (text helpers know no model types).
extension NumberText {
    /// A headline value with its unit, in the fewest characters that keep it readable:
    /// `20.0 %`, `1,204 items`, `250 ms`, `3.20 s`.
    public static func value(_ value: Double, unit: Unit) -> String {
        if !value.isFinite { return plain(value) + (unit == .none ? "" : " " + unitSuffix(unit)) }
        switch unit {
        case .percent:
            return fixed(value, decimals: abs(value) < 10 && value != value.rounded() ? 2 : 1) + " %"
        case .items:
            return grouped(value) + " items"
        case .seconds:
            if abs(value) < 1 { return fixed(value * 1000, decimals: abs(value) < 0.01 ? 1 : 0) + " ms" }
            return fixed(value, decimals: 2) + " s"
        case .perSecond, .perMinute:
            return (abs(value) >= 100 ? grouped(value) : fixed(value, decimals: abs(value) < 10 ? 2 : 1)) + " "
                + unit.rawValue
        case .none:
            return value == value.rounded() ? grouped(value) : fixed(value, decimals: 2)
        }
    }

    static func unitSuffix(_ unit: Unit) -> String {
        unit == .items ? "items" : unit.rawValue
    }
}
