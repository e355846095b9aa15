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
            case .firstOut(let id):
                entry = ("alarm", [.init("principle", id.title), .init("alarm", "first_out")])
            case .latched(let id, let on):
                entry = (
                    "alarm", [.init("principle", id.title), .init("alarm", on ? "latched" : "latch_acknowledged")]
                )
            case .ringback(let id):
                entry = ("alarm", [.init("principle", id.title), .init("alarm", "ringback")])
            case .call(let call, let step):
                entry = ("call", callFields(call, step, seen: board.now))
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

    /// A call's line: what happened, when (`at`: the call's own time for it where it carries one, else when it
    /// was seen), and what the handover counts (`andon report` reads these lines back).
    public static func callFields(_ call: Call, _ step: CallStep, seen: Double) -> [LogEntry.Field] {
        let at: Double
        switch step {
        case .raised: at = call.raisedAt
        case .arrived: at = call.arrivedAt ?? seen
        case .tier: at = seen
        case .closed: at = call.closedAt ?? seen
        }
        var fields: [LogEntry.Field] = [
            .init("call", call.id), .init("state", step.rawValue), .init("at", RFC3339.format(at)),
            .init("type", call.type),
        ]
        if let line = call.line { fields.append(.init("call_line", line)) }
        if let principle = call.principle { fields.append(.init("principle", principle.title)) }
        fields.append(.init("by", step == .arrived ? call.arrivedBy ?? "" : call.raisedBy))
        fields.append(.init("raised_at", RFC3339.format(call.raisedAt)))
        if step == .tier { fields.append(.init("tier", String(call.tier + 1))) }
        if step == .raised, !call.note.isEmpty { fields.append(.init("note", call.note)) }
        if step == .closed, !call.closedNote.isEmpty { fields.append(.init("note", call.closedNote)) }
        return fields
    }

    static func alertFields(_ alert: Alert) -> [LogEntry.Field] {
        var fields = [LogEntry.Field("alert", alert.name), .init("severity", alert.severity)]
        if let principle = alert.principle { fields.append(.init("principle", principle.title)) }
        return fields
    }
}
