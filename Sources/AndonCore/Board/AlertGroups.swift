/// The alerts pane's rows: the alerts grouped by name and principle, in the order the first of each group comes
/// (the board's order, or oldest first with `s`). A group of one is its alert; a larger group is one row with its
/// counts, and its alerts under it once Enter expands it. Worked out once each time the alerts are replaced, so
/// that a storm of alerts is a screen's worth of rows to draw and a cursor to move, not a list to walk at a key.
public struct AlertRows: Sendable, Equatable {
    public struct Key: Sendable, Hashable {
        public var name: String
        public var principle: PrincipleID?
    }

    public struct Group: Sendable, Equatable {
        public var key: Key
        /// Its alerts, by index into the board's alerts, in their order.
        public var indices: [Int]
        public var firing: Int
        /// The most severe of its alerts' severities (critical, then warning, then the rest), and its oldest start.
        public var severity: String
        public var since: Double?
        /// Its alerts acknowledged or silenced.
        public var answered: Int
    }

    public enum Row: Sendable, Equatable {
        /// A group of more than one alert (by index into `groups`), expanded or not.
        case group(Int, expanded: Bool)
        /// An alert (by index into the board's alerts); `member`: shown under its expanded group.
        case alert(Int, member: Bool)
    }

    public var groups: [Group] = []
    public var rows: [Row] = []

    public init() {}

    public init(_ alerts: [Alert], expanded: Set<Key>) {
        var index: [Key: Int] = [:]
        for (position, alert) in alerts.enumerated() {
            let key = Key(name: alert.name, principle: alert.principle)
            if let at = index[key] {
                groups[at].indices.append(position)
            } else {
                index[key] = groups.count
                groups.append(
                    Group(key: key, indices: [position], firing: 0, severity: alert.severity, since: nil, answered: 0))
            }
        }
        for number in groups.indices where groups[number].indices.count > 1 {
            var group = groups[number]
            for position in group.indices {
                let alert = alerts[position]
                if alert.state == .firing { group.firing += 1 }
                if alert.answered { group.answered += 1 }
                if Self.rank(alert.severity) < Self.rank(group.severity) { group.severity = alert.severity }
                if let start = alert.activeAt, start < group.since ?? .infinity { group.since = start }
            }
            groups[number] = group
        }
        for (number, group) in groups.enumerated() {
            guard group.indices.count > 1 else {
                rows.append(.alert(group.indices[0], member: false))
                continue
            }
            let open = expanded.contains(group.key)
            rows.append(.group(number, expanded: open))
            if open { rows += group.indices.map { .alert($0, member: true) } }
        }
    }

    static func rank(_ severity: String) -> Int {
        switch severity.lowercased() {
        case "critical", "page": 0
        case "error": 1
        case "warning": 2
        default: 3
        }
    }
}

/// What the board asks of a principle's alerts at every step and in every tile (how many fire, which call for an
/// answer, the latest acknowledgement), worked out once each time the alerts (or the configuration) are replaced:
/// a storm of alerts is walked once a refresh, not once a tile, a tick and a principle.
public struct AlertTally: Sendable, Equatable {
    public struct OfPrinciple: Sendable, Equatable {
        /// Firing alerts that do not climb a ladder of their own (calls, `calls.alerts`), and of those the ones
        /// nobody answers.
        public var firing = 0
        public var open = 0
        /// The oldest start of an unanswered critical alert (and whether there is one).
        public var openCritical = false
        public var openCriticalSince: Double?
        /// Some firing alert of it is acknowledged; the oldest start of its firing alerts.
        public var firingAcknowledged = false
        public var firingSince: Double?
        /// The latest acknowledgement of any of its alerts.
        public var latestAck: Silence?
    }

    public var firing = 0
    public var principles: [PrincipleID: OfPrinciple] = [:]

    public init() {}

    init(_ alerts: [Alert], climbs: (Alert) -> Bool) {
        for alert in alerts {
            if alert.state == .firing { firing += 1 }
            guard let id = alert.principle else { continue }
            var facts = principles[id] ?? OfPrinciple()
            if let ack = alert.ack, ack.startsAt > facts.latestAck?.startsAt ?? -.infinity { facts.latestAck = ack }
            if alert.state == .firing {
                if alert.ack != nil { facts.firingAcknowledged = true }
                if let start = alert.activeAt, start < facts.firingSince ?? .infinity { facts.firingSince = start }
                if !climbs(alert) {
                    facts.firing += 1
                    if !alert.answered {
                        facts.open += 1
                        if alert.severityRank == 0 {
                            facts.openCritical = true
                            if let start = alert.activeAt, start < facts.openCriticalSince ?? .infinity {
                                facts.openCriticalSince = start
                            }
                        }
                    }
                }
            }
            principles[id] = facts
        }
    }

    public subscript(_ id: PrincipleID) -> OfPrinciple { principles[id] ?? OfPrinciple() }
}
