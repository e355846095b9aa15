import AndonCore
import Foundation

/// `andon call`, `arrive` and `close` over the board's alert source: a call raised, a responder at the station, a
/// call ended. Each is a write, allowed only where `calls.allow` says so; a source that refuses or does not answer
/// is said with its reason (69), never a call silently lost.
public enum Calls {
    /// The calls' settings and the source they are written to; `writing` needs `calls.allow`.
    public static func source(_ config: Config, writing: Bool, pool: ClientPool) throws(LaunchFailure) -> (
        CallsConfig, any AlertSource
    ) {
        guard let calls = config.calls else {
            throw LaunchFailure(
                "no calls are configured: set calls: with their types in the configuration",
                status: ConfigError.exitCode)
        }
        let (_, source) = try Acknowledgements.source(config, writing: false, pool: pool)
        if writing && !calls.allow {
            throw LaunchFailure(
                "raising and answering calls is off: set calls.allow: true in the configuration to allow it",
                status: Acknowledgements.notAllowed)
        }
        return (calls, source)
    }

    /// Raises a call of type `name` at `line`, by `by`, now.
    public static func raise(
        _ name: String, line: String?, note: String, by: String, now: Double, calls: CallsConfig,
        on source: any AlertSource
    ) async throws(LaunchFailure) -> Call {
        guard let type = calls.type(name) else {
            let known = calls.types.map(\.name).joined(separator: ", ")
            throw LaunchFailure(
                "no call type '\(TextSanitizer.inert(name, limit: 40))'; the types: \(known)",
                status: LaunchFailure.usage)
        }
        let call = type.raise(line: line, note: note, by: by, now: now)
        try await post([call], on: source, now: now)
        return call
    }

    /// The open calls.
    public static func open(on source: any AlertSource) async throws(LaunchFailure) -> [Call] {
        switch await source.calls() {
        case .success(let calls): return calls
        case .failure(let error): throw LaunchFailure("\(error)", status: LaunchFailure.unavailable)
        }
    }

    /// The open call `id`, or a failure (1) that says there is none.
    public static func find(_ id: String, on source: any AlertSource) async throws(LaunchFailure) -> Call {
        guard let call = try await open(on: source).first(where: { $0.id == id }) else {
            throw LaunchFailure(
                "no open call '\(TextSanitizer.inert(id, limit: 40))' (andon call --list lists them)",
                status: Acknowledgements.refused)
        }
        return call
    }

    /// A responder is at the station: the call's clock stops (the first arrival counts).
    public static func arrive(_ id: String, by: String, now: Double, on source: any AlertSource)
        async throws(LaunchFailure) -> Call
    {
        var call = try await find(id, on: source)
        if call.arrivedAt == nil {
            call.arrivedAt = now
            call.arrivedBy = by
            try await post([call], on: source, now: now)
        }
        return call
    }

    /// Ends the call, with a note of what was done.
    public static func close(_ id: String, note: String, now: Double, on source: any AlertSource)
        async throws(LaunchFailure) -> Call
    {
        var call = try await find(id, on: source)
        call.closedAt = now
        call.closedNote = TextSanitizer.inert(note, limit: 200)
        try await post([call], on: source, now: now)
        return call
    }

    /// Writes what happened to a call into the configuration's event log (`log:`, a file; a shell's command does
    /// not write to its own standard error), so that the handover can count it to the second. The call is in its
    /// source already: a log that cannot be written is said (the reason), and the call stands.
    public static func record(_ call: Call, _ step: CallStep, config: Config, now: Double) -> String? {
        guard let path = config.log, path != "stderr" else { return nil }
        do {
            guard let writer = try EventLogWriter.open(config) else { return nil }
            defer { writer.close() }
            writer.write([LogEntry(time: now, event: "call", fields: EventLog.callFields(call, step, seen: now))])
            return writer.problem()
        } catch {
            return error.message
        }
    }

    /// The calls of a handover's window (`andon report`), where calls are configured: the event log's `call`
    /// lines (the file of `log:`), and for a window that ends now (`live`), the calls open in the alert source.
    public static func handover(_ config: Config, from: Double, to: Double, live: Bool, pool: ClientPool) async
        -> CallFacts?
    {
        guard config.calls != nil else { return nil }
        var sources: [String] = []
        var problems: [String] = []
        var entries: [LogEntry] = []
        if let path = config.log, path != "stderr" {
            sources.append(path)
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                for line in text.split(separator: "\n") where line.contains("call") {
                    if let entry = EventLogFormat.parse(line), entry.event == "call" { entries.append(entry) }
                }
            } catch {
                problems.append("\(path): \((error as NSError).localizedDescription)")
            }
        } else {
            problems.append("calls are counted from the event log: set log: FILE in the configuration")
        }
        var open: [Call]?
        if live, let source = pool.alertSource(config), let endpoint = config.alertSource?.endpoint {
            sources.append(endpoint.url)
            switch await source.calls() {
            case .success(let calls): open = calls
            case .failure(let error): problems.append("\(error)")
            }
        }
        return CallFacts.of(
            entries: entries, open: open, from: from, to: to, sources: sources,
            problem: problems.isEmpty ? nil : problems.joined(separator: "; "))
    }

    static func post(_ calls: [Call], on source: any AlertSource, now: Double) async throws(LaunchFailure) {
        if case .failure(let error) = await source.post(calls, until: now + Call.holds) {
            throw LaunchFailure("\(error)", status: LaunchFailure.unavailable)
        }
    }

    /// A line per call: id, type, line, who raised it and how long ago, the tier reached, who arrived, the note.
    public static func text(_ calls: [Call], types: CallsConfig, now: Double) -> String {
        guard !calls.isEmpty else { return "no open calls\n" }
        return calls.map { call in
            var parts = [
                call.id, call.type, call.line ?? "-",
                "raised \(DurationText.coarse(now - call.raisedAt)) ago by \(call.raisedBy)",
            ]
            if let type = types.type(call.type) {
                let due = Ladder.due(call, type, now: now)
                if !type.ladder.isEmpty { parts.append("tier \(due + 1) (\(type.ladder[due].notify))") }
                if Ladder.overdue(call, type, now: now) { parts.append("OVERDUE") }
            }
            if let by = call.arrivedBy, let at = call.arrivedAt {
                parts.append("arrived: \(by), \(DurationText.coarse(now - at)) ago")
            }
            if !call.note.isEmpty { parts.append("\"\(call.note)\"") }
            return parts.map { TextSanitizer.inert($0, limit: 200) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }

    /// `{calls: [{id, type, line, principle, raised_by, raised_at, note, tier, overdue, for_alert, arrived_by,
    /// arrived_at}]}`.
    public static func json(_ calls: [Call], types: CallsConfig, now: Double) -> String {
        let items: [JSONValue] = calls.map { call in
            var pairs: [(String, JSONValue)] = [
                ("id", .string(call.id)), ("type", .string(call.type)),
                ("line", call.line.map { .string($0) } ?? .null),
                ("principle", call.principle.map { .string($0.rawValue) } ?? .null),
                ("raised_by", .string(call.raisedBy)), ("raised_at", .string(RFC3339.format(call.raisedAt))),
                ("note", .string(call.note)),
            ]
            if let type = types.type(call.type) {
                pairs.append(("tier", .number(Double(Ladder.due(call, type, now: now) + 1))))
                pairs.append(("overdue", .bool(Ladder.overdue(call, type, now: now))))
            }
            pairs.append(("for_alert", call.forAlert.map { .string($0) } ?? .null))
            pairs.append(("arrived_by", call.arrivedBy.map { .string($0) } ?? .null))
            pairs.append(("arrived_at", call.arrivedAt.map { .string(RFC3339.format($0)) } ?? .null))
            return .object(pairs)
        }
        return JSONValue.object([("calls", .array(items))]).serialized() + "\n"
    }
}
