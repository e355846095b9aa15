extension BoardState {
    /// How long a notice stays on the status line.
    public static let noticeSeconds = 15.0

    mutating func notify(_ text: String, problem: Bool) {
        notice = Notice(text: text, problem: problem, until: now + Self.noticeSeconds)
    }

    /// Why this board may not acknowledge, or nil when it may.
    var ackRefusal: String? {
        guard let source = config.alertSource else { return "cannot acknowledge: " + AlertSourceConfig.none }
        if config.kiosk { return "cannot acknowledge: a kiosk never writes" }
        if !source.allowAck { return "cannot acknowledge: \(source.key).allow_ack is off in the configuration" }
        if at != nil { return "cannot acknowledge the past: press . to go live" }
        return nil
    }

    /// The alerts `A` would acknowledge where the board is: the selected alert in the alerts pane, else the
    /// selected principle's firing alerts that nobody answers yet.
    var ackTargets: (alerts: [Alert], principle: PrincipleID?) {
        switch pane {
        case .alerts:
            switch alertRow {
            case .alert(let index, _): return ([alerts[index]], alerts[index].principle)
            case .group(let number, _):
                let group = alertRows.groups[number]
                return (
                    group.indices.map { alerts[$0] }.filter { $0.state == .firing && !$0.answered }, group.key.principle
                )
            case nil: return ([], nil)
            }
        case .principle(let id):
            return (alerts.filter { $0.principle == id && $0.state == .firing && !$0.answered }, id)
        default:
            guard principles.indices.contains(selection) else { return ([], nil) }
            let id = principles[selection]
            return (alerts.filter { $0.principle == id && $0.state == .firing && !$0.answered }, id)
        }
    }

    /// `A`: asks to acknowledge what is selected (the board then waits for `y`), or says why it cannot.
    mutating func proposeAck() -> [Effect] {
        // A latched principle with nothing left firing: the cleared red is acknowledged here (nothing is written).
        let (firing, selected) = ackTargets
        if firing.isEmpty, let selected, at == nil, acknowledgeLatch(selected) { return [] }
        if let refusal = ackRefusal {
            notify(refusal, problem: true)
            return []
        }
        let (targets, principle) = ackTargets
        guard !targets.isEmpty else {
            let whose = principle.map { " of \($0.title)" } ?? ""
            notify("nothing to acknowledge: no unanswered firing alert\(whose)", problem: true)
            return []
        }
        let settings = config.alertSource!
        let by = settings.ackBy ?? "andon"
        let note = "acknowledged on the board \(config.title)"
        let acks: [Acknowledgement]
        if pane == .alerts, case .group(let number, _) = alertRow, targets.count > 1 {
            // A group of the alerts pane: one acknowledgement of its name (and its principle label, where its
            // alerts all have it), not one per alert of a storm.
            var labels: Labels = ["alertname": alertRows.groups[number].key.name]
            let principles = Set(targets.map { $0.labels["principle"] })
            if principles.count == 1, let principle = principles.first ?? nil { labels["principle"] = principle }
            acks = [Acknowledgement(labels: labels, by: by, from: now, until: now + settings.ackFor, note: note)]
        } else {
            acks = targets.map { Acknowledgement(of: $0, by: by, now: now, seconds: settings.ackFor, note: note) }
        }
        let what =
            targets.count == 1
            ? targets[0].name : "\(targets.count) alerts" + (principle.map { " of \($0.title)" } ?? "")
        proposal = AckOrder(acks: acks, what: what, principle: principle, alertNames: targets.map(\.name))
        return []
    }

    /// The answer to the proposal: `y` sends it, anything else drops it.
    mutating func answerProposal(_ key: Key) -> [Effect] {
        guard let order = proposal else { return [] }
        proposal = nil
        guard key == .character("y") || key == .character("Y") else {
            notify("not acknowledged", problem: false)
            return []
        }
        notify("acknowledging \(order.what)…", problem: false)
        return [.acknowledge(order)]
    }

    /// The alert source answered an acknowledgement: what it made is shown after a refresh (nothing is shown as
    /// acknowledged that the source did not accept); a refusal is shown with its reason.
    mutating func acknowledged(_ outcome: AckOutcome) -> [Effect] {
        var effects: [Effect] = []
        if let error = outcome.error {
            let part = outcome.created > 0 ? " (\(outcome.created) of \(outcome.order.acks.count) made)" : ""
            notify("acknowledgement refused\(part): \(error)", problem: true)
        } else {
            notify(
                "acknowledged \(outcome.order.what) for \(DurationText.coarse(config.alertSource?.ackFor ?? 0))",
                problem: false)
        }
        if outcome.created > 0 {
            var event = hookEvent(.ack, principle: outcome.order.principle)
            event.alert = outcome.order.alertNames.joined(separator: ",")
            event.by = outcome.order.acks.first?.by ?? ""
            effects.append(.hook(event))
        }
        if outcome.created > 0 && !refreshing {
            nextRefresh = now
            effects += startRefresh()
        }
        return effects
    }

    /// A status as a hook reads it: green, yellow, red, unknown or stale.
    static func hookWord(_ shown: ShownStatus) -> String {
        switch shown {
        case .status(let status): status.rawValue
        case .stale: "stale"
        }
    }

    /// A hook event with the board's line and title, now.
    func hookEvent(_ trigger: HookTrigger, principle: PrincipleID?) -> HookEvent {
        var event = HookEvent(trigger: trigger, principle: principle)
        event.line = config.scopeText
        event.board = config.title
        event.overall = overall.rawValue
        event.at = now
        event.oncall = oncall.map { $0.text(at: now, offset: { _ in 0 }) } ?? ""
        return event
    }
}

extension BoardState {
    /// Whether a principle calls for an answer nobody gave: red, or a critical alert of it firing, with some
    /// firing alert of it not acknowledged (a red principle whose every firing alert is acknowledged is answered;
    /// one without a firing alert has nothing to acknowledge, and calls until it is green).
    public func unanswered(_ id: PrincipleID) -> (since: Double, critical: Bool)? {
        let facts = alertFacts[id]
        if facts.firing > 0 && facts.open == 0 { return nil }
        var since: Double?
        if shown(id).shown == .status(.red), let clock = statusClock(id) { since = (at ?? now) - clock.seconds }
        if let first = facts.openCriticalSince { since = min(since ?? first, first) }
        guard let since else { return nil }
        return (since, facts.openCritical)
    }

    /// Whether an alert climbs a ladder of its own instead of the escalation: a call, or an alert of a rule that
    /// `calls.alerts` gives a ladder.
    func climbsALadder(_ alert: Alert) -> Bool {
        alert.labels["alertname"] == Call.alertName || (config.calls?.ladder(for: alert.labels) != nil)
    }

    /// Whether a principle has escalated: unanswered past `escalate_after`.
    public func escalatedNow(_ id: PrincipleID) -> Bool {
        guard let escalation = config.escalation, at == nil, let open = unanswered(id) else { return false }
        return now - open.since >= escalation.after
    }

    /// A critical alert unanswered past `escalate_after` (since it became active).
    public func escalated(_ alert: Alert) -> Bool {
        guard let escalation = config.escalation, at == nil, alert.state == .firing, alert.severityRank == 0,
            !alert.answered, !climbsALadder(alert), let since = alert.activeAt
        else { return false }
        return now - since >= escalation.after
    }

    /// After a refresh or a tick: which principles are escalated now.
    mutating func escalateState() {
        guard config.escalation != nil, at == nil, primed else {
            for id in known.keys { known[id]?.escalated = false }
            return
        }
        let now = Set(principles.filter { escalatedNow($0) })
        for id in Set(known.keys).union(now) { known[id, default: PrincipleKnowledge()].escalated = now.contains(id) }
    }

    /// What newly escalated (`changes`) calls the hooks and rings; while anything stays escalated the bell rings
    /// again every `repeat`.
    mutating func escalation() -> [Effect] {
        guard let escalation = config.escalation, at == nil, primed else { return [] }
        var effects: [Effect] = []
        let fresh = changes.escalated
        for id in fresh {
            var event = hookEvent(.escalation, principle: id)
            event.newStatus = Self.hookWord(shown(id).shown)
            event.value = shown(id).value.map { NumberText.value($0, unit: config.spec(id).unit) } ?? ""
            let open = alerts.filter { $0.principle == id && $0.state == .firing && !$0.answered }
            event.alert = open.map { $0.name }.joined(separator: ",")
            event.severity = open.first?.severity ?? ""
            effects.append(.hook(event))
        }
        if !known.values.contains(where: \.escalated) { return effects }
        if !fresh.isEmpty || now - lastEscalationBell >= escalation.every {
            lastEscalationBell = now
            if bell != .off { effects.append(.bell) }
        }
        return effects
    }
}
