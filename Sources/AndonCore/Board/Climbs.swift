/// The ladders of the calls a board shows: a call whose next tier has fallen due (and that nobody has reached yet,
/// by the tier the call carries) is climbed: its targets run, its tier written back. Live only, and only where
/// the configuration allows calls: climbing writes to the alert source.
extension BoardState {
    mutating func climbs() -> [Effect] {
        guard at == nil, let calls = config.calls, calls.allow, alertsError == nil else { return [] }
        var effects: [Effect] = []
        var open: Set<String> = []
        for alert in alerts {
            guard var call = Call(labels: alert.labels, annotations: alert.annotations, startsAt: alert.activeAt),
                let type = calls.type(call.type)
            else { continue }
            open.insert(call.id)
            // What the source says was reached, or what this board asked for since, whichever is further.
            call.tier = max(call.tier, climbed[call.id] ?? -1)
            let tiers = Ladder.toNotify(call, type, now: now)
            guard let last = tiers.last else { continue }
            let steps = tiers.map { tier in
                let target = type.ladder[tier].notify
                return CallClimb.Step(tier: tier, target: target, command: calls.notify[target] ?? [])
            }
            call.tier = last
            climbed[call.id] = last
            effects.append(.climb(CallClimb(call: call, steps: steps, board: config.title)))
        }
        // A call that is gone (closed) is forgotten.
        climbed = climbed.filter { open.contains($0.key) }
        return effects
    }
}
