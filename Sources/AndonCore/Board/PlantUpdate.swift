extension PlantState {
    /// The one place where the plant's state changes: a key, a resize or the clock for the plant (and every
    /// line's board), or an answer for one line's board (`line`). Returns what the lines' boards ask for, each
    /// with its line. Lines that are not open are asked only for their headlines and alerts: their trends and
    /// drill-downs are fetched when they are opened.
    public mutating func update(_ event: Event, line: Int? = nil) -> [LineEffect] {
        if let line {
            guard lines.indices.contains(line) else { return [] }
            var effects = forLine(line, lines[line].board.update(event))
            if case .refreshed = event { annunciateLines(at: lines[line].board.now) }
            if case .refreshed = event, lines[line].board.turnedRed, kiosk != nil, open != line {
                // A line that stops is shown at once, as a board shows a principle turning red.
                effects += openInKiosk(line)
            }
            return effects
        }
        switch event {
        case .key(let key):
            return handle(key)
        case .resize(let size):
            self.size = size
            var effects: [LineEffect] = []
            for index in lines.indices { effects += forLine(index, lines[index].board.update(.resize(size))) }
            return effects
        case .tick(let time):
            now = max(now, time)
            var effects: [LineEffect] = []
            for index in lines.indices { effects += forLine(index, lines[index].board.update(.tick(time))) }
            return effects + advanceKiosk()
        default:
            // Answers belong to a line.
            return []
        }
    }

    /// The plant's first out, as a board's over its principles: the line red first after `alarms.first_out` with
    /// no line red (of lines red at once, the one whose alerts began first), until the plant is all green.
    mutating func annunciateLines(at time: Double) {
        guard !single, lines.allSatisfy(\.board.primed) else { return }
        let reds = lines.indices.filter { lines[$0].board.overall == .red }
        guard !reds.isEmpty else {
            if calmSince == nil { calmSince = time }
            if overall == .green { firstOutLine = nil }
            return
        }
        if firstOutLine == nil, let quiet = lines[reds[0]].board.config.alarms.firstOut, let calm = calmSince,
            time - calm >= quiet
        {
            firstOutLine = reds.map { (index: $0, since: lines[$0].board.linesRedSince) }
                .min { $0.since < $1.since }.map { lines[$0.index].name }
        }
        calmSince = nil
    }

    /// A line's effects, tagged with it; a line that asks to be closed goes back to the plant.
    mutating func forLine(_ index: Int, _ effects: [Effect]) -> [LineEffect] {
        var tagged: [LineEffect] = []
        for effect in effects {
            if effect == .close {
                if open == index { close() }
            } else {
                tagged.append(LineEffect(line: index, effect: effect))
            }
        }
        return tagged
    }

    /// The answers of a shared refresh, each to its line; the open line has asked its own (with its culprits) and
    /// keeps it.
    public mutating func updateShared(_ answers: [(line: Int, event: Event)]) -> [LineEffect] {
        var effects: [LineEffect] = []
        for (line, event) in answers where line != open {
            effects += update(event, line: line)
        }
        return effects
    }

    mutating func handle(_ key: Key) -> [LineEffect] {
        if var kiosk {
            // Nothing but the word `quit`, and the keys bound to calls, does anything at a kiosk.
            let quit = kiosk.typing.type(key, now: now)
            self.kiosk = kiosk
            let line = open ?? 0
            if !quit, lines.indices.contains(line), let raised = lines[line].board.boundCall(key) {
                return forLine(line, raised)
            }
            guard quit else { return [] }
            quitting = true
            return [LineEffect(line: 0, effect: .quit)]
        }
        if let open {
            let effects = forLine(open, lines[open].board.update(.key(key)))
            if effects.contains(where: { $0.effect == .quit }) { quitting = true }
            return effects
        }
        switch Keymaps.plant.command(for: key, in: self) {
        case .quit:
            quitting = true
            return [LineEffect(line: 0, effect: .quit)]
        case .open:
            let order = rowOrder
            guard order.indices.contains(selection) else { return [] }
            return openLine(order[selection])
        case .reload:
            return [LineEffect(line: 0, effect: .reload)]
        case .refresh:
            var effects: [LineEffect] = []
            for index in lines.indices { effects += forLine(index, lines[index].board.update(.key(key))) }
            return effects
        case .order:
            order = order == .worst ? .configured : .worst
            return []
        case .move(let key):
            selection = Cursor.moved(selection, key, count: lines.count, page: max(1, size.height - 4))
            return []
        default:
            return []
        }
    }

    /// Puts line `index`'s board up, its trends asked for (they are not fetched while it is not open); a shared
    /// line waiting for the shared answer asks its own (the shared answer is not for an open line).
    mutating func openLine(_ index: Int) -> [LineEffect] {
        open = index
        return lines[index].board.update(.placed(.shown(ownRefresh: shared.contains(index)))).map {
            LineEffect(line: index, effect: $0)
        }
    }

    /// Takes the open line's board down (back to the plant, the line still selected).
    mutating func close() {
        if let open { _ = lines[open].board.update(.placed(.hidden)) }
        open = nil
    }

    /// The lines the kiosk shows after the overview: those that are not green, worst first.
    var kioskLines: [Int] { rowOrder.filter { lines[$0].board.overall != .green } }

    /// After the current view's time, the next: the overview, each line that is not green (for as long as its
    /// own cycle takes), the overview again.
    mutating func advanceKiosk() -> [LineEffect] {
        guard let kiosk, now >= kiosk.until else { return [] }
        let cycle = kioskLines
        let order = rowOrder
        let next: Int?
        if let open, let position = order.firstIndex(of: open) {
            next = cycle.first { order.firstIndex(of: $0)! > position }
        } else {
            next = cycle.first
        }
        guard let next else {
            closeInKiosk()
            return []
        }
        return openInKiosk(next)
    }

    mutating func openInKiosk(_ index: Int) -> [LineEffect] {
        close()
        var effects = openLine(index)
        effects += forLine(index, lines[index].board.update(.placed(.inKiosk)))
        let views = Double(max(1, lines[index].board.kioskCycle.count))
        if let dwell = kiosk?.dwell { kiosk?.until = now + dwell * views }
        return effects
    }

    mutating func closeInKiosk() {
        close()
        selection = 0
        if let dwell = kiosk?.dwell { kiosk?.until = now + dwell }
    }
}

extension PlantState {
    /// A reload of the plant: each line goes on with its new configuration (`BoardState.reconfigure`), in the
    /// same order; the lines themselves (how many, their names) are what the loop checked before.
    public mutating func reconfigure(_ configs: [Config]) -> [LineEffect] {
        var effects: [LineEffect] = []
        for (index, config) in zip(lines.indices, configs) {
            effects += forLine(index, lines[index].board.reconfigure(config))
        }
        return effects
    }

    /// A reload that found other lines (a discovered label's values changed): a line still there keeps its board
    /// (reconfigured), a new one starts blank and is asked at once, a gone one is dropped; a line that was open and
    /// is gone closes. `shared`: the lines of the new list on the shared engine.
    public mutating func relined(names: [String], configs: [Config], shared: Set<Int>) -> [LineEffect] {
        let openName = open.map { lines[$0].name }
        var next: [PlantLine] = []
        var fresh: [Int] = []
        var kept: [(Int, Config)] = []
        for (index, (name, config)) in zip(names, configs).enumerated() {
            if let old = lines.first(where: { $0.name == name }) {
                next.append(old)
                kept.append((index, config))
            } else {
                var board = BoardState(config: config, now: now, size: size)
                _ = board.update(.placed(.hidden))
                next.append(PlantLine(name: name, board: board))
                fresh.append(index)
            }
        }
        lines = next
        self.shared = shared.filter { lines.indices.contains($0) }
        open = openName.flatMap { name in lines.firstIndex { $0.name == name } }
        selection = min(selection, max(0, lines.count - 1))
        scroll = 0
        var effects: [LineEffect] = []
        for (index, config) in kept { effects += forLine(index, lines[index].board.reconfigure(config)) }
        for index in fresh { effects += forLine(index, lines[index].board.startRefresh()) }
        return effects
    }

    /// Says a problem of the board itself (its event log cannot be written) on every line's status line, until
    /// the next reload.
    public mutating func warn(_ problem: String) { reloaded(problem, problem: true) }

    /// Says on every line's status line (and the plant's) what a reload did.
    public mutating func reloaded(_ outcome: String, problem: Bool) {
        var notices: [Notice?] = []
        for index in lines.indices { notices.append(lines[index].board.reloaded(outcome, problem: problem)) }
        notice = notices.first ?? nil
    }
}
