extension BoardState {
    /// The one place where the board's state changes: applies an event, keeps what it changed (`changes`), and
    /// returns what to do next: what the event asks for, then the reactions to what it changed.
    public mutating func update(_ event: Event) -> [Effect] {
        let before = self
        // An answer for another instant or line (the board moved through history, or switched lines, since it
        // was asked), or asked before a reload, is dropped: its stamp is checked here, once.
        let current = event.stamp.map { $0 == stamp } ?? true
        let effects = step(event, current: current)
        // The annunciator after answers only: the clock alone turns nothing red, and clears no red to green or
        // yellow (it makes values stale, then unknown).
        switch event {
        case .refreshed, .trends: annunciate(since: before)
        default: break
        }
        changes = BoardChanges.between(before, self)
        return effects + react(to: event, current: current)
    }

    /// What an answer for what the board shows now is stamped with.
    public var stamp: Stamp { Stamp(asOf: at, config: config) }

    /// The state's change for `event` (an answer that is not `current` changes nothing of what it answers), and
    /// what the event itself asks for.
    mutating func step(_ event: Event, current: Bool) -> [Effect] {
        switch event {
        case .key(let key): return handle(key)
        case .resize(let size):
            self.size = size
            clampScroll()
            return []
        case .tick(let time):
            now = time
            highlighted = highlighted.filter { $0.value > time }
            if let notice, notice.until <= time { self.notice = nil }
            // A replay refreshes frame by frame, not on the refresh interval.
            if replay != nil { return advanceReplay(time) }
            let effects = scheduled() + advanceKiosk()
            escalateState()
            return effects
        case .refreshed(let data):
            guard current else { return [] }
            applyRefresh(data)
            alertCursor = min(alertCursor, max(0, alertRows.rows.count - 1))
            escalateState()
            // A replay goes on to the next frame as soon as this one is shown.
            replay?.shown = at
            return replayFrame()
        case .trends(let data):
            guard current else { return [] }
            if data.error == nil || !known.values.contains(where: { $0.trend != nil }) {
                // Kept as drawn: a chart's cost follows its width, not what a server sent (`Point.resampled`).
                replaceAll(\.trend, data.series.mapValues { Point.resampled($0) })
                trendRange = data.range
                trendWindow = data.window
            }
            trendError = data.error
            trendsAt = data.at
            if let rules = data.rules { replaceAll(\.rules, rules) }
            return []
        case .drilled(let data):
            replayDrilled()
            guard current else { return replayFrame() }
            var drilled = data
            for index in drilled.panels.indices {
                drilled.panels[index].series = drilled.panels[index].series.map {
                    ($0.label, Point.resampled($0.points))
                }
            }
            known[data.principle, default: PrincipleKnowledge()].drill = drilled
            return replayFrame()
        case .variableValues(let lists):
            guard pane == .variables, var chooser else { return [] }
            chooser.fill(lists, config: config)
            self.chooser = chooser
            return []
        case .acknowledged(let outcome):
            return acknowledged(outcome)
        case .hookFailed(let name, let reason):
            notify("hook \(name): \(reason)", problem: true)
            return []
        case .placed(let place):
            return placed(place)
        case .oncall(let load):
            oncall = load
            return []
        case .callRaised(.success(let id)):
            notify("call \(id) raised", problem: false)
            return []
        case .callRaised(.failure(let error)):
            notify("call not raised: \(error)", problem: true)
            return []
        case .callsClosed(let calls):
            closedCalls = calls.map { call in
                var closed = call
                closed.closedAt = closed.closedAt ?? now
                return closed
            }
            closedRevision += 1
            restoredCalls.subtract(calls.map(\.id))
            return []
        case .latchAcks(let holds):
            for hold in holds {
                guard let whose = hold.latches else { continue }
                for (id, cleared) in latched where (whose == nil || whose == id) && hold.startsAt >= cleared - 1 {
                    latched[id] = nil
                    notify("\(id.title): the cleared red is acknowledged by \(hold.createdBy)", problem: false)
                }
            }
            return []
        case .callsRestored(let calls):
            restoredCalls.formUnion(calls.map(\.id))
            // Looked for at the next read: back, or gone again (closed since it was written).
            lastCalls.calls += calls
            lastCalls.at = now
            let ids = calls.map(\.id).joined(separator: ", ")
            notify("the alert source restarted: call \(ids) written again", problem: false)
            return []
        }
    }

    /// Where the plant put this board.
    mutating func placed(_ place: LinePlace) -> [Effect] {
        switch place {
        case .hidden:
            inPlant = true
            hidden = true
            stopKiosk()
            return []
        case .shown(let ownRefresh):
            hidden = false
            trendsAt = now
            return [.fetchTrends(range, points: trendPoints)] + (ownRefresh && refreshing ? [.refresh] : [])
        case .inKiosk:
            return startKiosk()
        }
    }

    /// A refresh is due when the interval has passed, nothing is in flight and the board is not paused.
    mutating func scheduled() -> [Effect] {
        // The clock ticks once a second: start up to a quarter interval (at most half a second) early rather than
        // up to a second late, so that a short interval does not stretch towards the STALE age.
        guard !paused, !refreshing, now >= nextRefresh - min(0.5, config.refresh / 4) else { return [] }
        return startRefresh()
    }

    mutating func startRefresh() -> [Effect] {
        refreshing = true
        // Off the screen, the headlines and alerts are all the plant shows of it.
        if hidden { return [.refresh] }
        var effects: [Effect] = [.refresh]
        if case .principle(let id) = pane { effects.append(.fetchDrill(id, range, points: trendPoints)) }
        // Trends change slowly: fetch them when the range changes or once a minute.
        if trendRange != range || trendsAt.map({ now - $0 >= 60 }) ?? true {
            effects.append(.fetchTrends(range, points: trendPoints))
            trendsAt = now
        }
        return effects
    }

    /// What the board does about what a step changed (`changes`): for an answer it took, a new alert's
    /// highlight, the bell, the `critical` and `call` hooks, a kiosk interrupt, the `status` hooks; after an answer or on
    /// the clock, the escalation's hooks and bell. The first answer is not news; history and replays are not
    /// either.
    mutating func react(to event: Event, current: Bool) -> [Effect] {
        switch event {
        case .tick:
            return escalation() + climbs() + alarmReactions()
        case .refreshed(let data) where current:
            // While a cleared red is latched, whether a shell acknowledged it (`andon ack --cleared`).
            let latches: [Effect] = !latched.isEmpty && at == nil && config.alertSource != nil ? [.readLatchAcks] : []
            return answered(data.evaluation) + escalation() + climbs() + alarmReactions() + latches
        case .callsClosed:
            return callHooks()
        case .key, .latchAcks:
            // A latch acknowledged with A, or from a shell.
            return alarmReactions()
        default:
            return []
        }
    }

    /// The reactions to an answer's changes.
    mutating func answered(_ evaluation: Evaluation) -> [Effect] {
        guard changes.wasPrimed else { return [] }
        var effects: [Effect] = []
        if at == nil {
            let fresh = changes.fired
            for alert in fresh { highlighted[alert.fingerprint] = now + Self.highlightSeconds }
            let ring = fresh.contains { bell == .all || (bell == .critical && $0.severityRank == 0) }
            if ring { effects.append(.bell) }
            effects += criticalHooks(fresh) + callHooks()
        }
        if kiosk != nil { effects += interruptKiosk(changes) }
        if at == nil {
            // The hooks hear of every status change, in the order the board saw them.
            for (id, old, new) in changes.statuses {
                guard let old, evaluation.readings.contains(where: { $0.id == id }) else { continue }
                var event = hookEvent(.status, principle: id)
                event.oldStatus = Self.hookWord(old)
                event.newStatus = Self.hookWord(new.shown)
                event.value = new.value.map { NumberText.value($0, unit: config.spec(id).unit) } ?? ""
                effects.append(.hook(event))
            }
        }
        return effects
    }

    /// A `call` event for each thing that happened to a call in this step, in order.
    func callHooks() -> [Effect] {
        guard at == nil else { return [] }
        return changes.calls.map { call, step in
            var event = hookEvent(.call, principle: call.principle)
            event.call = call
            event.callStep = step
            event.by = step == .arrived ? call.arrivedBy ?? "" : call.raisedBy
            return .hook(event)
        }
    }

    /// One `critical` event per principle a refresh brought new critical alerts to (a thousand alerts starting at
    /// once are one event, not a thousand runs of each hook): the names, comma-separated.
    func criticalHooks(_ fresh: [Alert]) -> [Effect] {
        var groups: [(principle: PrincipleID?, alerts: [Alert])] = []
        for alert in fresh where alert.severityRank == 0 {
            if let index = groups.firstIndex(where: { $0.principle == alert.principle }) {
                groups[index].alerts.append(alert)
            } else {
                groups.append((alert.principle, [alert]))
            }
        }
        return groups.map { group in
            var event = hookEvent(.critical, principle: group.principle)
            var names: [String] = []
            for alert in group.alerts where !names.contains(alert.name) { names.append(alert.name) }
            event.alert =
                names.prefix(10).joined(separator: ",") + (names.count > 10 ? ",and \(names.count - 10) more" : "")
            event.severity = group.alerts[0].severity
            event.value = group.alerts.count == 1 ? group.alerts[0].value : "\(group.alerts.count) alerts"
            return .hook(event)
        }
    }

    mutating func applyRefresh(_ data: OverviewData) {
        refreshing = false
        now = max(now, data.at)
        var anyAnswer = false
        for reading in data.evaluation.readings {
            if reading.answered {
                known[reading.id, default: PrincipleKnowledge()].reading = reading
                known[reading.id]?.answeredAt = data.at
                known[reading.id]?.failure = nil
                anyAnswer = true
            } else {
                known[reading.id, default: PrincipleKnowledge()].failure = reading.reason ?? "no answer"
            }
        }
        replaceAll(\.culprit, data.culprits)
        switch data.evaluation.alerts {
        case .success(let current):
            alertsError = nil
            alerts = alertsByStart ? Self.byStart(current) : current
            alertsRevision += 1
            if !restoredCalls.isEmpty { restoredCalls.subtract(calls.map(\.id)) }
            firing = Set(current.filter { $0.state == .firing }.map(\.fingerprint))
        case .failure(let error):
            alertsError = error.description
        }
        if anyAnswer || data.evaluation.alerts.isSuccess {
            lastRefresh = data.at
            failedRefreshes = 0
            nextRefresh = data.at + config.refresh
        } else {
            // Nothing answered: back off (doubling, up to a minute or the interval), or as Retry-After asks.
            failedRefreshes += 1
            let doubling: Double = config.refresh * Double(1 << min(failedRefreshes - 1, 6))
            let backoff: Double = min(max(config.refresh, 60), doubling)
            nextRefresh = data.at + max(backoff, data.retryAfter ?? 0)
        }
        if let retry = data.retryAfter { nextRefresh = max(nextRefresh, data.at + retry) }
        primed = true
        recordStatusChanges()
    }

    /// Keeps "red for 12m": when a principle's shown status changes, its clock restarts.
    mutating func recordStatusChanges() {
        for id in principles {
            let shownStatus = shown(id).shown
            if known[id]?.statusSince?.status != shownStatus {
                known[id, default: PrincipleKnowledge()].statusSince = (shownStatus, now)
            }
        }
    }

    mutating func handle(_ key: Key) -> [Effect] {
        if kiosk != nil { return kioskKey(key) }
        let command = Keymaps.board.command(for: key, in: self)
        // A plant's line: Esc on its overview goes back to the plant.
        if command == .close, proposal == nil, !calling, callNote == nil { return [.close] }
        if proposal == nil, pane != .variables, let effects = replayKey(key) { return effects }
        if proposal != nil { return answerProposal(key) }
        if callNote != nil { return writeCallNote(key) }
        if calling { return answerCalling(key) }
        if let raised = boundCall(key) { return raised }
        if pane == .variables { return chooserKey(key) }
        if pane == .help, key != .character("?") {
            pane = previousPane
            if key == .escape || key == .character("q") { return [] }
        }
        switch command {
        case .quit:
            quitting = true
            return [.quit]
        case .overview:
            return show(.overview)
        case .drill(let id):
            return principles.contains(id) ? show(.principle(id)) : []
        case .alerts:
            return show(.alerts)
        case .acknowledge:
            return proposeAck()
        case .call:
            return startCalling()
        case .chooseLine:
            // Which line: the profile's variables and the values Prometheus lists for them.
            guard !config.declaredVariables.isEmpty else { return [] }
            previousPane = pane == .help ? previousPane : pane
            pane = .variables
            chooser = VariableChooser()
            return [.listVariables]
        case .help:
            if pane == .help { return show(previousPane) }
            previousPane = pane
            pane = .help
            return []
        case .nextPane(let forward):
            let order = tabOrder
            let index = order.firstIndex(of: pane) ?? 0
            return show(order[(index + (forward ? 1 : order.count - 1)) % order.count])
        case .reload:
            return [.reload]
        case .refresh:
            guard !refreshing else { return [] }
            nextRefresh = now
            return startRefresh()
        case .pause:
            paused.toggle()
            return paused ? [] : scheduled()
        case .back:
            return travel(to: (at ?? now) - config.historyStep)
        case .forward:
            guard let at else { return [] }
            return travel(to: at + config.historyStep)
        case .live:
            return at == nil ? [] : travel(to: nil)
        case .range:
            range = range.next
            var effects: [Effect] = [.fetchTrends(range, points: trendPoints)]
            trendsAt = now
            if case .principle(let id) = pane { effects.append(.fetchDrill(id, range, points: trendPoints)) }
            return effects
        case .open:
            if pane == .alerts {
                toggleAlertGroup()
                return []
            }
            return pane == .overview && principles.indices.contains(selection)
                ? show(.principle(principles[selection])) : []
        case .move(let key):
            switch pane {
            case .overview:
                selection = Cursor.moved(
                    selection, key, count: principles.count,
                    columns: OverviewLayout.columns(for: size, tiles: principles.count))
            case .alerts:
                alertCursor = Cursor.moved(alertCursor, key, count: alertRows.rows.count, page: 5)
            default:
                scroll = Cursor.moved(scroll, key, count: Self.scrollRows, page: max(1, size.height - 4))
            }
            return []
        case .order:
            // The alerts pane: oldest first, or as the source lists them (at the next refresh, asked for now).
            alertsByStart.toggle()
            alertCursor = 0
            if alertsByStart {
                alerts = Self.byStart(alerts)
                return []
            }
            guard !refreshing else { return [] }
            nextRefresh = now
            return startRefresh()
        case .close, .keep, nil:
            return []
        }
    }

    /// Shows the board as of `time` (nil, or a time not in the past: live). Everything known belongs to the
    /// old instant, so it is forgotten and fetched again at once; answers still on their way for the old
    /// instant are dropped when they arrive.
    mutating func travel(to time: Double?) -> [Effect] {
        let target = time.flatMap { $0 < now ? $0 : nil }
        guard target != at else { return [] }
        at = target
        return forgetAnswers()
    }

    /// Forgets every answer (they belong to another instant or line) and asks again at once; answers still on
    /// their way are dropped when they arrive.
    /// Alerts in the order they began, oldest first (those without a start last), then by fingerprint.
    static func byStart(_ alerts: [Alert]) -> [Alert] {
        alerts.sorted {
            ($0.activeAt ?? .infinity, $0.fingerprint) < ($1.activeAt ?? .infinity, $1.fingerprint)
        }
    }

    /// The alerts forgotten, not read: the calls among them are not gone from their source.
    mutating func forgetAlerts() {
        alerts = []
        alertsRevision += 1
        lastCalls = ([], 0, alertsRevision)
    }

    mutating func forgetAnswers() -> [Effect] {
        // Everything known of every principle but its rules, which belong to no instant.
        known = known.compactMapValues { knowledge in
            knowledge.rules.map { rules in
                var kept = PrincipleKnowledge()
                kept.rules = rules
                return kept
            }
        }
        forgetAlerts()
        alertsError = nil
        highlighted = [:]
        firing = []
        trendWindow = nil
        trendRange = nil
        trendError = nil
        proposal = nil
        lastRefresh = nil
        failedRefreshes = 0
        primed = false
        nextRefresh = now
        return startRefresh()
    }

    mutating func show(_ next: Pane) -> [Effect] {
        guard next != pane else { return [] }
        return open(next)
    }

    /// How far a pane scrolls: rows 0 to 10,000 (the pane's own drawing stops at its end).
    static let scrollRows = 10_001

    mutating func clampScroll() {
        scroll = max(0, min(scroll, Self.scrollRows - 1))
    }
}

extension BoardState {
    /// Keys while the chooser is open: move, Enter to show the value, Esc (or `v`) to leave it unchanged.
    mutating func chooserKey(_ key: Key) -> [Effect] {
        guard var chooser else {
            pane = previousPane
            return []
        }
        switch Keymaps.chooser.command(for: key, in: chooser) {
        case .quit:
            quitting = true
            return [.quit]
        case .keep:
            self.chooser = nil
            pane = previousPane
            return []
        case .move(let key):
            chooser.cursor = Cursor.moved(chooser.cursor, key, count: chooser.rows.count)
        case .open:
            guard chooser.rows.indices.contains(chooser.cursor) else { return [] }
            let row = chooser.rows[chooser.cursor]
            do {
                let next = try config.with(row.name, row.value)
                self.chooser = nil
                pane = previousPane
                guard next.variables != config.variables else { return [] }
                config = next
                if case .principle(let id) = pane, !principles.contains(id) { pane = .overview }
                selection = min(selection, max(0, principles.count - 1))
                return forgetAnswers()
            } catch {
                chooser.problems = [error.message]
            }
        default:
            break
        }
        self.chooser = chooser
        return []
    }
}
