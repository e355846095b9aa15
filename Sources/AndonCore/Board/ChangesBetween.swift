extension BoardChanges {
    /// The changes between `before` and `after`, two states of one board: nothing until the board has had its
    /// first answer. Statuses in board order, each changed one (every one, when the board had no answer before);
    /// alerts by fingerprint (an answer whose alerts could not be read changes none); the sources.
    public static func between(_ before: BoardState, _ after: BoardState) -> BoardChanges {
        var changes = BoardChanges(wasPrimed: before.primed, live: before.at == nil && after.at == nil)
        guard after.primed else { return changes }
        var list: [BoardChange] = []
        for id in after.principles {
            let now = after.shown(id)
            let was = before.shown(id).shown
            guard !before.primed || was != now.shown else { continue }
            list.append(.status(id, from: before.primed ? was : nil, to: now))
        }
        if before.overall != after.overall {
            list.append(.overall(from: before.overall, to: after.overall))
        }
        if after.alertsError == nil {
            let beforeAlerts = Dictionary(
                before.alerts.map { ($0.fingerprint, $0) }, uniquingKeysWith: { first, _ in first })
            for alert in after.alerts where alert.state == .firing && !before.firing.contains(alert.fingerprint) {
                list.append(.fired(alert))
            }
            for fingerprint in before.firing.subtracting(after.firing).sorted() {
                if let alert = beforeAlerts[fingerprint] { list.append(.resolved(alert)) }
            }
            for alert in after.alerts where alert.state == .firing {
                if let ack = alert.ack, beforeAlerts[alert.fingerprint]?.ack?.id != ack.id {
                    list.append(.acknowledged(alert))
                }
            }
        }
        for id in after.principles
        where after.escalatedPrinciples.contains(id) && !before.escalatedPrinciples.contains(id) {
            list.append(.escalated(id))
        }
        if before.failedRefreshes == 0, after.failedRefreshes > 0 {
            list.append(
                .prometheus(
                    unreachable: after.principles.lazy.compactMap { after.failures[$0] }.first ?? "no answer"))
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
}
