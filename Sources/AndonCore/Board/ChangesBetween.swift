extension BoardChanges {
    /// The changes between `before` and `after`, two states of one board: nothing until the board has had its
    /// first answer. Statuses in board order, each changed one (every one, when the board had no answer before);
    /// alerts by fingerprint (an answer whose alerts could not be read changes none); the sources.
    public static func between(_ before: BoardState, _ after: BoardState) -> BoardChanges {
        var changes = BoardChanges(wasPrimed: before.primed, live: before.at == nil && after.at == nil)
        guard after.primed else { return changes }
        var list: [BoardChange] = []
        // What each principle shows, worked out once a side: the statuses and the overall status read it.
        let wasShown = before.principles.map { before.shown($0).shown }
        let nowShown = after.principles.map { after.shown($0) }
        let samePrinciples = before.principles == after.principles
        for (index, id) in after.principles.enumerated() {
            let now = nowShown[index]
            let was = samePrinciples ? wasShown[index] : before.shown(id).shown
            guard !before.primed || was != now.shown else { continue }
            // A principle's first answer is not news either: the board's first, or the first since a reload
            // changed what the principle reads (what it knew of its answers was forgotten).
            let answeredBefore = before.known[id].map { $0.answeredAt != nil || $0.failure != nil } ?? false
            list.append(.status(id, from: before.primed && answeredBefore ? was : nil, to: now))
        }
        if after.config.alarms.ringback, before.primed, after.at == nil {
            for (index, id) in after.principles.enumerated()
            where nowShown[index].shown == .status(.green)
                && (samePrinciples ? wasShown[index] : before.shown(id).shown) == .status(.red)
            {
                list.append(.ringback(id))
            }
        }
        if let first = after.firstOut, first != before.firstOut { list.append(.firstOut(first)) }
        if after.latched.count != before.latched.count || after.latched.keys != before.latched.keys {
            for id in after.principles {
                let (was, now) = (before.latched[id] != nil, after.latched[id] != nil)
                if was != now { list.append(.latched(id, now)) }
            }
        }
        let (wasOverall, nowOverall) = (before.overall(wasShown), after.overall(nowShown.map(\.shown)))
        if wasOverall != nowOverall { list.append(.overall(from: wasOverall, to: nowOverall)) }
        if after.alertsError == nil, after.alertsRevision != before.alertsRevision {
            list += alertChanges(before, after)
            list += callChanges(before, after)
        }
        if after.closedRevision != before.closedRevision {
            list += after.closedCalls.map { .call($0, .closed) }
        }
        for id in after.principles
        where after.known[id]?.escalated == true && before.known[id]?.escalated != true {
            list.append(.escalated(id))
        }
        if before.failedRefreshes == 0, after.failedRefreshes > 0 {
            list.append(
                .prometheus(
                    unreachable: after.principles.lazy.compactMap { after.known[$0]?.failure }.first ?? "no answer"))
        } else if before.failedRefreshes > 0, after.failedRefreshes == 0, after.lastRefresh != nil {
            list.append(.prometheus(unreachable: nil))
        }
        if before.alertsError == nil, let error = after.alertsError {
            list.append(.alerts(unreadable: error))
        } else if before.alertsError != nil, after.alertsError == nil {
            list.append(.alerts(unreadable: nil))
        }
        changes.list = list
        return changes
    }

    /// The alerts that started firing, stopped, or got a new acknowledgement between two answers: each list read
    /// once, and the earlier alerts looked up only for those that stopped or are acknowledged (a board of
    /// 100,000 alerts pays for a set, not for a table of them).
    static func alertChanges(_ before: BoardState, _ after: BoardState) -> [BoardChange] {
        var list: [BoardChange] = []
        var acked: Set<String> = []
        for alert in after.alerts where alert.state == .firing {
            if !before.firing.contains(alert.fingerprint) { list.append(.fired(alert)) }
            if alert.ack != nil { acked.insert(alert.fingerprint) }
        }
        let resolved = before.firing.subtracting(after.firing)
        var earlier: [String: Alert] = [:]
        if !resolved.isEmpty || !acked.isEmpty {
            for alert in before.alerts where resolved.contains(alert.fingerprint) || acked.contains(alert.fingerprint) {
                if earlier[alert.fingerprint] == nil { earlier[alert.fingerprint] = alert }
            }
        }
        for fingerprint in resolved.sorted() {
            if let alert = earlier[fingerprint] { list.append(.resolved(alert)) }
        }
        for alert in after.alerts where alert.state == .firing {
            if let ack = alert.ack, earlier[alert.fingerprint]?.ack?.id != ack.id { list.append(.acknowledged(alert)) }
        }
        return list
    }

    /// The calls raised, climbed, answered or closed between two answers, by id. A call that is gone was closed
    /// (or ended unrenewed): it is said closed when the board saw it gone, unless the source said when.
    static func callChanges(_ before: BoardState, _ after: BoardState) -> [BoardChange] {
        let (now, was) = (after.calls, before.calls)
        guard !now.isEmpty || !was.isEmpty else { return [] }
        var earlier: [String: Call] = [:]
        for call in was { earlier[call.id] = call }
        var list: [BoardChange] = []
        var seen: Set<String> = []
        for call in now {
            seen.insert(call.id)
            let old = earlier[call.id]
            // A call written again after the source restarted is the one the board knew: nothing new.
            if old == nil && before.restoredCalls.contains(call.id) { continue }
            if old == nil { list.append(.call(call, .raised)) }
            if call.tier > (old?.tier ?? -1) { list.append(.call(call, .tier)) }
            if call.arrivedAt != nil && old?.arrivedAt == nil { list.append(.call(call, .arrived)) }
        }
        // A board that writes calls asks whether a call gone was closed or lost to a restart of the source
        // (`climbs`); one that does not says it closed when it is gone.
        if !(after.config.calls?.allow ?? false) {
            for call in was where !seen.contains(call.id) {
                var closed = call
                closed.closedAt = closed.closedAt ?? after.now
                list.append(.call(closed, .closed))
            }
        }
        return list
    }
}
