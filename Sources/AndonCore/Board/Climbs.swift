/// The ladders of the calls a board shows: a call whose next tier has fallen due (and that nobody has reached yet,
/// by the tier the call carries) is climbed: its targets run, its tier written back. Live only, and only where
/// the configuration allows calls: climbing writes to the alert source.
extension BoardState {
    mutating func climbs() -> [Effect] {
        guard at == nil, let calls = config.calls, calls.allow, alertsError == nil else { return [] }
        var effects: [Effect] = []
        var open: Set<String> = []
        for var call in self.calls {
            guard let type = calls.type(call.type) else { continue }
            open.insert(call.id)
            // What the source says was reached, or what this board asked for since, whichever is further.
            call.tier = max(call.tier, climbed[call.id] ?? -1)
            let tiers = Ladder.toNotify(call, type, now: now)
            // Every half-day it is open, a call is written again, so that it outlives its day in the source.
            let turn = Int(((now - call.raisedAt) / (Call.holds / 2)).rounded(.down))
            let renewing = turn >= 1 && (renewed[call.id] ?? 0) < turn
            if renewing { renewed[call.id] = turn }
            guard let last = tiers.last else {
                if renewing {
                    effects.append(
                        .climb(CallClimb(call: call, steps: [], board: config.title, overall: overall.rawValue)))
                }
                continue
            }
            let steps = steps(tiers, of: type, calls)
            call.tier = last
            climbed[call.id] = last
            effects.append(
                .climb(CallClimb(call: call, steps: steps, board: config.title, overall: overall.rawValue)))
        }
        if !calls.alerts.isEmpty { effects += alertLadders(calls) }
        // A call gone since the alerts last read: closed, or lost to a restart of the source (the runner asks it).
        if lastCalls.revision != alertsRevision {
            let gone = lastCalls.calls.filter { !open.contains($0.id) }
            if !gone.isEmpty { effects.append(.callsGone(gone, seenAt: lastCalls.at)) }
            lastCalls = (self.calls, lastRefresh ?? now, alertsRevision)
        }
        // A call that is gone is forgotten (one raised for an alert, once it is read back or the alert ends).
        climbed = climbed.filter { open.contains($0.key) || alertCalls[$0.key] != nil }
        renewed = renewed.filter { open.contains($0.key) }
        return effects
    }
}

extension BoardState {
    /// Alerts from rules that climb a ladder (`calls.alerts`): each is a call of its own, raised by a board that
    /// sees the alert firing (its id made from the alert's labels, so that every board writes the same call), from
    /// when the alert began; answered (someone arrived) when the alert is acknowledged; closed when the alert, seen
    /// firing by this board, stops.
    mutating func alertLadders(_ calls: CallsConfig) -> [Effect] {
        var effects: [Effect] = []
        var shown: [String: Call] = [:]
        for call in self.calls { shown[call.id] = call }
        var firing: Set<String> = []
        func write(_ call: Call, _ steps: [CallClimb.Step] = [], raising: Bool = false) {
            effects.append(
                .climb(
                    CallClimb(
                        call: call, steps: steps, board: config.title, overall: overall.rawValue, raising: raising)))
        }
        for alert in alerts where alert.state == .firing && alert.labels["alertname"] != Call.alertName {
            guard let name = calls.ladder(for: alert.labels), let type = calls.type(name) else { continue }
            let id = Call.id(forAlert: alert.labels)
            firing.insert(id)
            if var call = shown[id] {
                if call.arrivedAt == nil, let ack = alert.ack, alertCalls[id]?.arrived != true {
                    call.arrivedAt = ack.startsAt
                    call.arrivedBy = ack.createdBy
                    alertCalls[id, default: AlertCall(arrived: false)].arrived = true
                    write(call)
                }
                continue
            }
            // Asked for already, not read back yet.
            guard alertCalls[id] == nil else { continue }
            var call = Call(
                id: id, type: name, line: config.lineName, principle: alert.principle ?? type.principle,
                raisedBy: config.alertSource?.ackBy ?? "andon", raisedAt: alert.activeAt ?? now,
                note: alert.summary.isEmpty ? alert.name : alert.name + ": " + alert.summary)
            call.forAlert = alert.name
            if let ack = alert.ack {
                call.arrivedAt = ack.startsAt
                call.arrivedBy = ack.createdBy
            }
            let tiers = Ladder.toNotify(call, type, now: now)
            call.tier = tiers.last ?? -1
            if let last = tiers.last { climbed[id] = last }
            alertCalls[id] = AlertCall(arrived: call.arrivedAt != nil)
            write(call, steps(tiers, of: type, calls), raising: true)
        }
        // The alerts this board saw climbing that stopped firing: their calls are closed.
        for id in alertCalls.keys where !firing.contains(id) {
            if var call = shown[id], call.closedAt == nil {
                call.closedAt = now
                call.closedNote = "the alert stopped firing"
                write(call)
            }
            alertCalls[id] = nil
        }
        return effects
    }

    /// The targets of `tiers` of a type's ladder.
    func steps(_ tiers: [Int], of type: CallType, _ calls: CallsConfig) -> [CallClimb.Step] {
        tiers.map { tier in
            let target = type.ladder[tier].notify
            return CallClimb.Step(
                tier: tier, target: target, command: calls.notify[target] ?? [],
                passEnvironment: calls.passEnvironment[target] ?? [])
        }
    }
}

extension BoardState {
    /// `c`: the status line asks which type, by its number; refused with the reason where calls cannot be raised.
    mutating func startCalling() -> [Effect] {
        guard let calls = config.calls, !calls.types.isEmpty else {
            notify("no calls: set calls: with their types in the configuration", problem: true)
            return []
        }
        guard calls.allow else {
            notify("calls are off: set calls.allow: true in the configuration to raise them", problem: true)
            return []
        }
        guard at == nil else {
            notify("calls are raised live, not in history (. goes back to live)", problem: true)
            return []
        }
        calling = true
        return []
    }

    /// The type's number chooses the call's type (then a note may be typed); any other key raises none.
    mutating func answerCalling(_ key: Key) -> [Effect] {
        calling = false
        let types = config.calls?.types ?? []
        guard case .character(let c) = key, let number = Int(String(c)), types.indices.contains(number - 1) else {
            notify("no call raised", problem: false)
            return []
        }
        callNote = (types[number - 1].name, "")
        return []
    }

    /// The longest note typed on the board, in characters.
    public static let callNoteLimit = 120

    /// While the note is typed: Enter raises the call with it (none is fine), Esc raises nothing, Backspace takes
    /// back a character; other keys (arrows, function keys) do nothing.
    mutating func writeCallNote(_ key: Key) -> [Effect] {
        guard let (type, text) = callNote else { return [] }
        switch key {
        case .enter:
            callNote = nil
            notify("raising a call: \(type)…", problem: false)
            return [.raiseCall(type, note: text.trimmingCharacters(in: .whitespaces))]
        case .escape:
            callNote = nil
            notify("no call raised", problem: false)
        case .backspace:
            callNote = (type, String(text.dropLast()))
        case .character(let c) where text.count < Self.callNoteLimit:
            callNote = (type, text + String(c))
        default:
            break
        }
        return []
    }

    /// The question on the status line while a call's type is chosen, then while its note is typed.
    public var callingQuestion: String? {
        if let (type, text) = callNote {
            return
                " Call \(type), note: \(TextSanitizer.inert(text, limit: Self.callNoteLimit))▏ Enter: raise · Esc: none "
        }
        guard calling, let types = config.calls?.types else { return nil }
        let choices = types.enumerated().map { "\($0.offset + 1) \($0.element.name)" }.joined(separator: " · ")
        return " Call: \(choices)? its number; any other key: none "
    }
}

extension BoardState {
    /// A key bound to a call type (`calls.keys`) raises that call at once, a kiosk's too; nil for another key.
    mutating func boundCall(_ key: Key) -> [Effect]? {
        guard case .character(let c) = key, let calls = config.calls, let type = calls.keys[c] else { return nil }
        guard calls.allow, at == nil else {
            notify("no call raised: calls.allow is not true, or the board shows history", problem: true)
            return []
        }
        notify("raising a call: \(type)…", problem: false)
        return [.raiseCall(type)]
    }
}

extension Call {
    /// The calls among `alerts`: the firing `AndonCall` alerts that are calls, each id once.
    public static func open(in alerts: [Alert]) -> [Call] {
        var seen: Set<String> = []
        var calls: [Call] = []
        for alert in alerts where alert.state == .firing && alert.labels["alertname"] == alertName {
            if let call = Call(labels: alert.labels, annotations: alert.annotations, startsAt: alert.activeAt),
                seen.insert(call.id).inserted
            {
                calls.append(call)
            }
        }
        return calls
    }
}
