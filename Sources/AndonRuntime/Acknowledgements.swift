import AndonCore

/// What `andon ack` and `andon unack` do once the command line is read: acknowledge firing alerts (a silence per
/// alert, marked as an ack), list the acknowledgements in force, end them.
public enum Acknowledgements {
    /// What was done (a line each) and what was refused (a reason each).
    public struct Outcome: Sendable {
        public var done: [String] = []
        public var problems: [String] = []
    }

    /// Acknowledges `firing` for `seconds` as `by`: one acknowledgement each, written at once.
    public static func acknowledge(
        _ firing: [Alert], on source: any AlertSource, for seconds: Double, by: String, comment: String,
        now: Double
    ) async -> Outcome {
        let acks = firing.map { Acknowledgement(of: $0, by: by, now: now, seconds: seconds, note: comment) }
        let answers = await source.acknowledge(acks)
        var outcome = Outcome()
        for (ack, answer) in zip(acks, answers) {
            let subject = Silence(
                id: "", matchers: ack.matchers, createdBy: by, comment: ack.note, startsAt: ack.from,
                endsAt: ack.until, state: .active
            ).subject
            switch answer {
            case .success(let id):
                outcome.done.append(
                    "acknowledged \(subject) for \(DurationText.short(seconds)) as \(by) (silence \(id))")
            case .failure(let error):
                outcome.problems.append("\(subject) not acknowledged: \(error)")
            }
        }
        return outcome
    }

    /// The acknowledgements in force (active holds marked as acks), those `selection` chooses when it chooses
    /// anything; or why the source gave none.
    public static func inForce(
        _ source: any AlertSource, routing: AlertRouting, _ selection: AckSelection
    ) async -> Result<[Silence], PrometheusError> {
        await source.holds().map { silences in
            silences.filter {
                $0.state == .active && $0.isAck && (selection.isEmpty || selection.selects($0, routing: routing))
            }
        }
    }

    /// Ends `acks`.
    public static func end(_ acks: [Silence], on source: any AlertSource) async -> Outcome {
        let answers = await source.end(acks)
        var outcome = Outcome()
        for (ack, answer) in zip(acks, answers) {
            switch answer {
            case .success:
                outcome.done.append(
                    "ended the acknowledgement of \(ack.subject) by \(ack.createdBy) (silence \(ack.id))")
            case .failure(let error):
                outcome.problems.append("\(ack.subject): not ended: \(error)")
            }
        }
        return outcome
    }

    /// The acknowledgements as text, oldest first: a line each, or a line saying there is none.
    public static func text(_ acks: [Silence], now: Double) -> String {
        let sorted = acks.sorted { $0.startsAt < $1.startsAt }
        if sorted.isEmpty { return "no acknowledgement in force\n" }
        return sorted.map { ack in
            let note = ack.note.isEmpty ? "" : "  \"\(ack.note)\""
            let span =
                "since \(RFC3339.format(ack.startsAt)) (\(DurationText.coarse(now - ack.startsAt)) ago), until "
                + RFC3339.format(ack.endsAt)
            return "\(ack.subject)  by \(ack.createdBy)  \(span)  silence \(ack.id)\(note)\n"
        }.joined()
    }

    /// The acknowledgements as one JSON object, oldest first.
    public static func json(_ acks: [Silence]) -> String {
        let items: [JSONValue] = acks.sorted { $0.startsAt < $1.startsAt }.map { ack in
            .object([
                ("id", .string(ack.id)), ("alert", .string(ack.subject)), ("by", .string(ack.createdBy)),
                ("comment", .string(ack.note)), ("since", .string(RFC3339.format(ack.startsAt))),
                ("until", .string(RFC3339.format(ack.endsAt))),
                ("matchers", .array(ack.matchers.map { .string($0.text) })),
            ])
        }
        return JSONValue.object([("acks", .array(items))]).serialized() + "\n"
    }
}
