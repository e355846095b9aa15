/// The annunciator over a board's statuses (`alarms:`, after ISA-18.1): the first principle to go red after a calm
/// interval is the first out of its cascade, until the board is all green or it is acknowledged; a red that clears
/// before anyone acknowledged it stays latched until acknowledged; a return to green after red rings back. Worked
/// out once a step, from the statuses before and after it, live only (history and replays are not news); what it
/// decides, `BoardChanges.between` reads as changes, for the log, the hooks and the bell.
extension BoardState {
    mutating func annunciate(since before: BoardState) {
        guard at == nil, primed else { return }
        let alarms = config.alarms
        let reds = principles.filter { shown($0).shown == .status(.red) }
        for id in reds where !acknowledgedReds.contains(id) && acknowledged(id) { acknowledgedReds.insert(id) }
        if before.primed && before.at == nil {
            for id in principles {
                let (was, now) = (before.shown(id).shown, shown(id).shown)
                guard was != now else { continue }
                if now == .status(.red) {
                    latched[id] = nil
                    continue
                }
                guard was == .status(.red) else { continue }
                let answered = acknowledgedReds.remove(id) != nil
                // Cleared: to green or yellow. A red that went unknown is not known to have cleared.
                if alarms.latch && !answered && (now == .status(.green) || now == .status(.yellow)) {
                    latched[id] = self.now
                }
            }
        }
        if reds.isEmpty {
            if calmSince == nil { calmSince = now }
        } else if calmSince == nil && firstOut == nil && !cascadeReadFromHistory, let quiet = alarms.firstOut,
            trendWindow != nil
        {
            // A cascade under way when the board started (or a snapshot): its first out from the status history,
            // once.
            cascadeReadFromHistory = true
            if let first = firstOutFromHistory(quiet: quiet) {
                firstOut = first.id
                cascadeCalmFrom = first.from - quiet
            }
        } else {
            if firstOut == nil, let quiet = alarms.firstOut, let calm = calmSince, now - calm >= quiet {
                // Of principles that went red at once, the one whose alerts began first, else the board's order.
                firstOut = reds.min { redSince($0) < redSince($1) }
                cascadeCalmFrom = calm
            }
            calmSince = nil
        }
        if let first = firstOut, overall == .green || acknowledged(first) { firstOut = nil }
    }

    /// The first out of the cascade on now, from the status history (`FirstOut`); nil without a history of every
    /// principle.
    func firstOutFromHistory(quiet: Double) -> (id: PrincipleID, from: Double)? {
        var histories: [(id: PrincipleID, history: StatusHistory)] = []
        for id in principles {
            guard let history = history(id) else { return nil }
            histories.append((id, history))
        }
        let red = Set(principles.filter { shown($0).shown == .status(.red) })
        return FirstOut.fromHistory(histories, red: red, quiet: quiet, alertsSince: redSince)
    }

    /// The alert that fired first in the cascade on now: of the firing alerts that began after the calm before it,
    /// the oldest.
    public var firstFired: Alert? {
        guard firstOut != nil, let calm = cascadeCalmFrom else { return nil }
        return alerts.lazy.filter { $0.state == .firing && ($0.activeAt ?? -.infinity) >= calm }
            .min { ($0.activeAt ?? 0, $0.fingerprint) < ($1.activeAt ?? 0, $1.fingerprint) }
    }

    /// Whether someone acknowledged a firing alert of the principle.
    func acknowledged(_ id: PrincipleID) -> Bool {
        alertFacts[id].firingAcknowledged
    }

    /// When the oldest firing alert of the board began (its now without one): how a plant orders lines red at once.
    var linesRedSince: Double {
        alerts.lazy.filter { $0.state == .firing }.compactMap(\.activeAt).min() ?? now
    }

    /// When the principle's oldest firing alert began (the board's now without one).
    func redSince(_ id: PrincipleID) -> Double {
        alertFacts[id].firingSince ?? now
    }

    /// `A` on a latched principle with nothing to acknowledge: the latch is acknowledged.
    mutating func acknowledgeLatch(_ id: PrincipleID) -> Bool {
        guard latched.removeValue(forKey: id) != nil else { return false }
        notify("\(id.title): the cleared red is acknowledged", problem: false)
        return true
    }

    /// The bell and the `alarm` hooks for what the annunciator decided in this step (`changes`); the ringback's
    /// second bell a second after its first.
    mutating func alarmReactions() -> [Effect] {
        guard at == nil else { return [] }
        var effects: [Effect] = []
        if let second = ringbackBell, now >= second {
            ringbackBell = nil
            if bell != .off { effects.append(.bell) }
        }
        for change in changes.list {
            var event: HookEvent
            switch change {
            case .firstOut(let id):
                event = hookEvent(.alarm, principle: id)
                event.alarm = "first_out"
            case .latched(let id, let on):
                event = hookEvent(.alarm, principle: id)
                event.alarm = on ? "latched" : "latch_acknowledged"
            case .ringback(let id):
                event = hookEvent(.alarm, principle: id)
                event.alarm = "ringback"
                if bell != .off && ringbackBell == nil {
                    effects.append(.bell)
                    ringbackBell = now + 1
                }
            default:
                continue
            }
            event.newStatus = Self.hookWord(shown(event.principle!).shown)
            effects.append(.hook(event))
        }
        return effects
    }
}
