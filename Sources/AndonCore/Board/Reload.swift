extension BoardState {
    /// Goes on with a new configuration (a reload: SIGUSR1, `systemctl reload`, `R`). What the board knows of a
    /// principle whose query did not change stays: its reading (judged again at once against the new
    /// thresholds), its trend, its status clock (which restarts only if its status changes) and its alerts; a
    /// principle whose query changed, or that is new, starts blank. Answers asked with the old configuration are
    /// dropped (`Config.generation`), and the headlines are asked again at once.
    public mutating func reconfigure(_ new: Config) -> [Effect] {
        let old = config
        var next = new
        next.generation = old.generation + 1
        config = next
        let sameVariables = old.variables == next.variables
        // Another Prometheus (or alert source) is another plant: nothing read from the old one is shown under the
        // new one's name, however fresh.
        let sameSource =
            old.prometheus.url == next.prometheus.url
            && old.alertSource?.endpoint.url
                == next.alertSource?.endpoint.url
        if !sameSource {
            forgetAlerts()
            alertsError = nil
        }
        var changedQuery = false
        for spec in next.principles {
            let previous = old.principles.first { $0.id == spec.id }
            guard let previous, sameVariables, sameSource, previous.query == spec.query, previous.unit == spec.unit
            else {
                forget(spec.id)
                changedQuery = true
                continue
            }
            if var reading = known[spec.id]?.reading, let value = reading.value {
                reading.status = spec.thresholds.status(for: value)
                known[spec.id]?.reading = reading
            }
            // A drill-down's panels may read other queries: asked again with the headlines when it is open.
            if previous != spec { known[spec.id]?.drill = nil }
        }
        for spec in old.principles where !next.principles.contains(where: { $0.id == spec.id }) { forget(spec.id) }
        if case .principle(let id) = pane, !principles.contains(id) { pane = .overview }
        if pane == .help, case .principle(let id) = previousPane, !principles.contains(id) { previousPane = .overview }
        selection = min(selection, max(0, principles.count - 1))
        clampScroll()
        recordStatusChanges()
        // The trends of a changed query are fetched again with the headlines, at once.
        if changedQuery || old.profile != next.profile { trendsAt = nil }
        nextRefresh = now
        return replay == nil ? startRefresh() : []
    }

    /// Forgets what the board knows of one principle (its query changed, or it is gone).
    mutating func forget(_ id: PrincipleID) {
        known[id] = nil
    }

    /// Says on the status line what a reload did. A reload that failed (the board goes on with the old
    /// configuration) says why until the next reload: a wall display may have nobody watching when it happens.
    @discardableResult
    public mutating func reloaded(_ outcome: String, problem: Bool) -> Notice? {
        notify(outcome, problem: problem)
        if problem { notice?.until = .infinity }
        return notice
    }
}
