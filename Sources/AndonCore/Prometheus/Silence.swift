/// An Alertmanager silence (`/api/v2/silences`): how an on-call engineer says "I have it". A silence whose comment
/// starts with `Silence.ackMarker` is an acknowledgement: the board shows it as "ACK ana · 12m".
public struct Silence: Sendable, Equatable {
    /// One matcher of a silence: `name`, `value`, regular expression or not, equal or not (`=`, `!=`, `=~`, `!~`).
    public struct Matcher: Sendable, Equatable, Hashable {
        public var name: String
        public var value: String
        public var isRegex: Bool
        public var isEqual: Bool

        public init(name: String, value: String, isRegex: Bool = false, isEqual: Bool = true) {
            self.name = name
            self.value = value
            self.isRegex = isRegex
            self.isEqual = isEqual
        }

        /// As PromQL writes it: `queue="orders"`, the value escaped as in a matcher (a quote inside it cannot end it early).
        public var text: String {
            name + (isEqual ? (isRegex ? "=~" : "=") : (isRegex ? "!~" : "!=")) + "\""
                + QueryTemplate.escaped(value, quote: "\"") + "\""
        }

        /// Whether a set of labels satisfies the matcher, as Alertmanager decides it (anchored regular
        /// expressions; an absent label is the empty value).
        public func matches(_ labels: Labels) -> Bool {
            (try? LabelMatcher(self))?.matches(labels) ?? false
        }

        /// The matcher as Alertmanager writes it of a PromQL one.
        public init(_ matcher: LabelMatcher) {
            self.init(
                name: matcher.label, value: matcher.value,
                isRegex: matcher.operation == .matches || matcher.operation == .notMatches,
                isEqual: matcher.operation == .equal || matcher.operation == .matches)
        }
    }

    public enum State: String, Sendable {
        case active
        case pending
        case expired
    }

    public var id: String
    public var matchers: [Matcher]
    public var createdBy: String
    public var comment: String
    /// Seconds since the epoch.
    public var startsAt: Double
    public var endsAt: Double
    public var state: State

    public init(
        id: String, matchers: [Matcher], createdBy: String, comment: String, startsAt: Double, endsAt: Double,
        state: State
    ) {
        self.id = id
        self.matchers = matchers
        self.createdBy = createdBy
        self.comment = comment
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.state = state
    }

    /// How an acknowledgement's comment begins, the same as karma's ("ACK! ..."), so that a board recognises the
    /// acks made by karma and karma the acks made by a board.
    public static let ackMarker = "ACK!"

    /// Whether the silence is an acknowledgement (its comment starts with the marker).
    public var isAck: Bool { comment.hasPrefix(Self.ackMarker) }

    /// The label of an acknowledgement of cleared reds (`andon ack --cleared`): no alert has it, so its hold
    /// silences nothing; boards read it as the latches of its principle (or of all) acknowledged.
    public static let latchLabel = "andon_latch"

    /// For an acknowledgement of cleared reds (`Acknowledgement.latches`): the principle whose latch it
    /// acknowledges, `.some(nil)` for every principle; nil for any other hold.
    public var latches: PrincipleID?? {
        guard isAck, matchers.contains(where: { $0.name == Self.latchLabel && $0.isEqual && !$0.isRegex })
        else { return nil }
        return .some(matchers.first { $0.name == "principle" }.flatMap { PrincipleID(rawValue: $0.value) })
    }

    /// The comment without the marker.
    public var note: String {
        guard isAck else { return comment }
        return String(comment.dropFirst(Self.ackMarker.count)).trimmingCharacters(in: .whitespaces)
    }

    /// Who, without the host: "ana" of "ana@wall-3".
    public var who: String { String(createdBy.split(separator: "@", maxSplits: 1).first ?? Substring(createdBy)) }

    /// Whether the silence covers an alert with `labels`: every matcher holds.
    public func covers(_ labels: Labels) -> Bool { matchers.allSatisfy { $0.matches(labels) } }
}

/// Why Alertmanager does not notify about an alert: silenced (by which silences), or inhibited (by which
/// alerts, by name).
public enum Suppression: Sendable, Equatable {
    case silenced([Silence])
    case inhibited(by: [String])
}

extension LabelMatcher {
    /// The PromQL matcher of an Alertmanager one.
    public init(_ matcher: Silence.Matcher) throws(Problem) {
        let operation: Operation =
            matcher.isEqual ? (matcher.isRegex ? .matches : .equal) : (matcher.isRegex ? .notMatches : .notEqual)
        try self.init(label: matcher.name, operation: operation, value: matcher.value)
    }
}
