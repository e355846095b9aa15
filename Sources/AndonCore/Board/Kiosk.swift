extension BoardState {
    /// What kiosk mode shows in turn: the overview, the drill-down of every principle that is not green, and the
    /// alerts pane when there is anything in it.
    public var kioskCycle: [Pane] {
        var panes: [Pane] = [.overview]
        for id in principles where shown(id).shown != .status(.green) { panes.append(.principle(id)) }
        if !alerts.isEmpty || alertsError != nil { panes.append(.alerts) }
        return panes
    }

    /// After its dwell, the next view of the cycle.
    mutating func advanceKiosk() -> [Effect] {
        guard let kiosk, now - kiosk.shownAt >= config.dwell else { return [] }
        let cycle = kioskCycle
        let next = cycle.firstIndex(of: pane).map { cycle[($0 + 1) % cycle.count] } ?? .overview
        return showInKiosk(next)
    }

    mutating func showInKiosk(_ next: Pane) -> [Effect] {
        kiosk?.shownAt = now
        return open(next)
    }

    /// A principle turning red, or a new critical alert, interrupts the cycle and is shown at once.
    mutating func interruptKiosk(_ changes: BoardChanges) -> [Effect] {
        // Red after anything but red (STALE red coming back is not news).
        for change in changes.statuses where change.to.shown == .status(.red) {
            if change.from != .status(.red) && change.from != .stale(.red) { return showInKiosk(.principle(change.id)) }
        }
        return changes.fired.contains { $0.severityRank == 0 } ? showInKiosk(.alerts) : []
    }

    /// Kiosk keys: nothing but the word `quit`, typed within five seconds, does anything.
    mutating func kioskKey(_ key: Key) -> [Effect] {
        guard var kiosk else { return [] }
        let quit = kiosk.type(key, now: now)
        self.kiosk = kiosk
        if quit {
            quitting = true
            return [.quit]
        }
        if let raised = boundCall(key) { return raised }
        // Whoever reaches for the ack key learns why nothing happens.
        if key == .character("A") { notify("cannot acknowledge: a kiosk never writes", problem: true) }
        return []
    }

    /// The plant's kiosk opens this line: its own cycle starts from its overview.
    mutating func startKiosk() -> [Effect] {
        kiosk = KioskState(shownAt: now)
        return showInKiosk(.overview)
    }

    /// The plant's kiosk leaves this line: no cycle of its own, its overview for next time.
    mutating func stopKiosk() {
        kiosk = nil
        pane = .overview
        scroll = 0
    }
}
