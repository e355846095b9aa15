/// The state of one principle, or of the whole line. `unknown` is what the board shows whenever it cannot see.
public enum Status: String, Sendable, Codable, CaseIterable, Comparable {
    case green
    case yellow
    case red
    case unknown

    /// Severity for "worst of": red outranks unknown (a red we can see must not hide behind one we cannot),
    /// unknown outranks yellow (never report better than what we know), yellow outranks green.
    public var rank: Int {
        switch self {
        case .green: 0
        case .yellow: 1
        case .unknown: 2
        case .red: 3
        }
    }

    public static func < (lhs: Status, rhs: Status) -> Bool { lhs.rank < rhs.rank }

    /// The Nagios/Icinga plugin exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
    public var exitCode: Int32 {
        switch self {
        case .green: 0
        case .yellow: 1
        case .red: 2
        case .unknown: 3
        }
    }

    /// The word shown beside the symbol on the board and in `check`.
    public var word: String {
        switch self {
        case .green: "OK"
        case .yellow: "WARN"
        case .red: "CRIT"
        case .unknown: "NO DATA"
        }
    }

    /// The symbol shown with a UTF-8 locale.
    public var symbol: String {
        switch self {
        case .green: "✓"
        case .yellow: "⚠"
        case .red: "✗"
        case .unknown: "?"
        }
    }

    /// The ASCII form of symbol and word together.
    public var asciiLabel: String {
        switch self {
        case .green: "[OK]"
        case .yellow: "[WARN]"
        case .red: "[CRIT]"
        case .unknown: "[??]"
        }
    }

    /// The worst of a set of statuses; an empty set is unknown, never green.
    public static func worst<S: Sequence>(_ statuses: S) -> Status where S.Element == Status {
        var result: Status?
        for status in statuses where result == nil || status > result! {
            result = status
        }
        return result ?? .unknown
    }
}
