import AndonCore

/// What `andon ack` and `andon unack` do once the command line is read: acknowledge firing alerts (a silence per
/// alert, marked as an ack), list the acknowledgements in force, end them.
public enum Acknowledgements {
    /// What was done (a line each) and what was refused (a reason each).
    public struct Outcome: Sendable {
        public var done: [String] = []
        public var problems: [String] = []
    }

    /// The exit status when nothing matched or the source refused.
    public static let refused: Int32 = 1
    /// The exit status when writing is not allowed.
    public static let notAllowed: Int32 = 77

    /// The alert source's settings and the source on `pool`, when one is configured (else a configuration error,
    /// 78) and, for `writing`, may be written to (else 77).
    public static func source(_ config: Config, writing: Bool, pool: ClientPool) throws(LaunchFailure) -> (
        AlertSourceConfig, any AlertSource
    ) {
        guard let settings = config.alertSource, let source = pool.alertSource(config) else {
            throw LaunchFailure(AlertSourceConfig.missing, status: ConfigError.exitCode)
        }
        if writing && !settings.allowAck {
            throw LaunchFailure(
                "acknowledging is off: set \(settings.key).allow_ack: true in the configuration to allow it",
                status: notAllowed)
        }
        return (settings, source)
    }

    /// The firing alerts of `config`'s board that `selection` chooses, asked as the board asks; none is a failure
    /// (1), and so are alerts that cannot be read (69).
    public static func firing(_ config: Config, _ selection: AckSelection, pool: ClientPool, now: Double)
        async throws(LaunchFailure) -> [Alert]
    {
        let evaluation = try await Launch.board(config, at: nil, detectingAt: nil, pool: pool).evaluations(now: now)[0]
        switch evaluation.alerts {
        case .success(let all):
            let firing = all.filter { $0.state == .firing && selection.selects($0) }
            guard !firing.isEmpty else {
                throw LaunchFailure(
                    "no firing alert matches \(selection.description); nothing acknowledged", status: refused)
            }
            return firing
        case .failure(let error):
            throw LaunchFailure("cannot read the alerts: \(error)", status: LaunchFailure.unavailable)
        }
    }

    /// The acknowledgements in force that `selection` chooses, or the reason the source gave none (69).
    public static func acks(_ source: any AlertSource, _ config: Config, _ selection: AckSelection)
        async throws(LaunchFailure) -> [Silence]
    {
        switch await inForce(source, routing: AlertRouting(profile: config.profile), selection) {
        case .success(let acks): return acks
        case .failure(let error): throw LaunchFailure(error.description, status: LaunchFailure.unavailable)
        }
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
