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

/// What a board saw, as log events: the changes of a step (`BoardChanges`) written as lines. The loop takes them
/// between two states of each line's board over one of its steps, so that every path to a change (an answer,
/// the clock making a value stale, a reload) is logged the same way. Only a live board logs: history and replay
/// are not news.
public enum EventLog {
    /// The events between `before` and `after` of one line's board (`line`: its name on a plant, or nil).
    public static func changes(from before: BoardState, to after: BoardState, line: String?) -> [LogEntry] {
        entries(BoardChanges.between(before, after), of: after, line: line)
    }

    /// `changes` of `board` (the state after them) as log events.
    public static func entries(_ changes: BoardChanges, of board: BoardState, line: String?) -> [LogEntry] {
        guard changes.live else { return [] }
        let lineField = line.map { [LogEntry.Field("line", $0)] } ?? []
        return changes.list.compactMap { change -> LogEntry? in
            let entry: (String, [LogEntry.Field])
            switch change {
            case .status(let id, let from, let to):
                var fields = [LogEntry.Field("principle", id.title)]
                if let from { fields.append(.init("from", BoardState.hookWord(from))) }
                fields.append(.init("to", BoardState.hookWord(to.shown)))
                if let value = to.value {
                    fields.append(.init("value", NumberText.value(value, unit: board.config.spec(id).unit)))
                }
                if to.shown.effective == .unknown, let reason = to.reason { fields.append(.init("reason", reason)) }
                entry = ("status", fields)
            case .overall:
                return nil
            case .fired(let alert):
                entry = ("alert", alertFields(alert) + [.init("state", "firing")])
            case .resolved(let alert):
                entry = ("alert", alertFields(alert) + [.init("state", "resolved")])
            case .acknowledged(let alert):
                guard let ack = alert.ack else { return nil }
                entry = (
                    "ack",
                    alertFields(alert) + [.init("by", ack.createdBy), .init("until", RFC3339.format(ack.endsAt))]
                )
            case .escalated(let id):
                entry = ("escalation", [.init("principle", id.title)])
            case .prometheus(let reason):
                entry = (
                    "source",
                    [.init("source", "prometheus")]
                        + (reason.map { [.init("state", "unreachable"), .init("reason", $0)] }
                            ?? [.init("state", "reachable")])
                )
            case .alerts(let reason):
                entry = (
                    "source",
                    [.init("source", "alerts")]
                        + (reason.map { [.init("state", "unreadable"), .init("reason", $0)] }
                            ?? [.init("state", "readable")])
                )
            }
            return LogEntry(time: board.now, event: entry.0, fields: lineField + entry.1)
        }
    }

    static func alertFields(_ alert: Alert) -> [LogEntry.Field] {
        var fields = [LogEntry.Field("alert", alert.name), .init("severity", alert.severity)]
        if let principle = alert.principle { fields.append(.init("principle", principle.title)) }
        return fields
    }
}
