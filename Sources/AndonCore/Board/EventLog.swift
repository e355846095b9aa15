/// One thing the board saw that its log keeps (`log:`): a principle's status changing, an alert firing or
/// resolving, an acknowledgement, an escalation, a source lost or back, a reload. Fields keep their order; their
/// values come from outside (label values, error messages) and are made inert when written (`EventLogFormat`).
public struct LogEntry: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    public var time: Double
    /// What happened: `start`, `status`, `alert`, `ack`, `escalation`, `source`, `reload`, `stop`.
    public var event: String
    public var fields: [Field]

    public init(time: Double, event: String, fields: [Field]) {
        self.time = time
        self.event = event
        self.fields = fields
    }
}

/// What a board saw between two of its states, as log events: the log is the difference the loop's update made,
/// so that every path to a change (an answer, the clock making a value stale, a reload) is logged the same way.
/// Only a live board logs: history and replay are not news.
public enum EventLog {
    /// The events between `before` and `after` of one line's board (`line`: its name on a plant, or nil).
    public static func changes(from before: BoardState, to after: BoardState, line: String?) -> [LogEntry] {
        guard before.at == nil, after.at == nil, after.primed else { return [] }
        let time = after.now
        let lineField = line.map { [LogEntry.Field("line", $0)] } ?? []
        var events: [LogEntry] = []
        func add(_ event: String, _ fields: [LogEntry.Field]) {
            events.append(LogEntry(time: time, event: event, fields: lineField + fields))
        }
        // Statuses: each change; when the board first sees (or sees again after history) every principle's.
        for id in after.principles {
            let now = after.shown(id)
            let was = before.shown(id).shown
            guard !before.primed || was != now.shown else { continue }
            var fields = [LogEntry.Field("principle", id.title)]
            if before.primed { fields.append(.init("from", BoardState.hookWord(was))) }
            fields.append(.init("to", BoardState.hookWord(now.shown)))
            if let value = now.value {
                fields.append(.init("value", NumberText.value(value, unit: after.config.spec(id).unit)))
            }
            if now.shown.effective == .unknown, let reason = now.reason { fields.append(.init("reason", reason)) }
            add("status", fields)
        }
        // Alerts: firing and resolved, by fingerprint; a new acknowledgement of one that fires.
        let beforeAlerts = Dictionary(
            before.alerts.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
        if after.alertsError == nil {
            for alert in after.alerts where alert.state == .firing && !before.firing.contains(alert.fingerprint) {
                add("alert", alertFields(alert) + [.init("state", "firing")])
            }
            for fingerprint in before.firing.subtracting(after.firing).sorted() {
                guard let alert = beforeAlerts[fingerprint] else { continue }
                add("alert", alertFields(alert) + [.init("state", "resolved")])
            }
            for alert in after.alerts where alert.state == .firing {
                guard let ack = alert.ack, beforeAlerts[alert.fingerprint]?.ack?.id != ack.id else { continue }
                add(
                    "ack",
                    alertFields(alert) + [.init("by", ack.createdBy), .init("until", RFC3339.format(ack.endsAt))])
            }
        }
        // Escalations: a principle unanswered past `escalate_after`.
        for id in after.principles
        where after.escalatedPrinciples.contains(id) && !before.escalatedPrinciples.contains(id) {
            add("escalation", [.init("principle", id.title)])
        }
        // Sources: Prometheus unreachable (a refresh where nothing answered) and back; the alerts unreadable and back.
        if before.failedRefreshes == 0, after.failedRefreshes > 0 {
            add(
                "source",
                [.init("source", "prometheus"), .init("state", "unreachable"), .init("reason", reason(after))])
        } else if before.failedRefreshes > 0, after.failedRefreshes == 0, after.lastRefresh != nil {
            add("source", [.init("source", "prometheus"), .init("state", "reachable")])
        }
        if before.alertsError == nil, let error = after.alertsError {
            add("source", [.init("source", "alerts"), .init("state", "unreadable"), .init("reason", error)])
        } else if before.alertsError != nil, after.alertsError == nil {
            add("source", [.init("source", "alerts"), .init("state", "readable")])
        }
        return events
    }

    static func alertFields(_ alert: Alert) -> [LogEntry.Field] {
        var fields = [LogEntry.Field("alert", alert.name), .init("severity", alert.severity)]
        if let principle = alert.principle { fields.append(.init("principle", principle.title)) }
        return fields
    }

    /// Why nothing answered: the first principle's failure, in board order.
    static func reason(_ state: BoardState) -> String {
        state.principles.lazy.compactMap { state.failures[$0] }.first ?? "no answer"
    }
}
