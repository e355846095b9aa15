/// The screen as a pure function of the board's state: `render(state)` → `Grid`.
public struct BoardView: Sendable {
    /// How every view draws.
    public var look: Look

    public var unicode: Bool { look.unicode }
    public var braille: Bool { look.braille }
    public var utcOffset: Int { look.utcOffset }
    public var interactive: Bool { look.interactive }

    public init(unicode: Bool = true, braille: Bool = true, utcOffset: Int = 0, interactive: Bool = true) {
        look = Look(unicode: unicode, braille: braille, utcOffset: utcOffset, interactive: interactive)
    }

    /// The height at which `state`'s pane shows everything without scrolling, at the state's width (for
    /// `snapshot`, which is not bound to a screen).
    public func naturalHeight(_ state: BoardState) -> Int {
        let chrome = 1 + topHeight(state)  // header (and bands) and status line
        switch state.pane {
        case .overview:
            let count = state.principles.count
            let rows = OverviewLayout.rows(
                tiles: count, columns: OverviewLayout.columns(for: state.size, tiles: count))
            // A snapshot tile has a status clock ("red for 12m") only from the status history: one look alone
            // cannot tell for how long.
            let clocks = interactive || state.principles.contains { state.statusClock($0)?.fromHistory == true }
            let tile = OverviewLayout.naturalTileHeight - (clocks ? 0 : 1)
            return chrome + rows * tile + OverviewView(look: look).alertStripHeight(state)
        case .principle(let id):
            return chrome + 1 + DrillView(look: look).drillLayout(state, id, width: state.size.width).height
        case .alerts:
            return chrome + AlertsView(look: look).alertLines(state, width: state.size.width).count
        case .help:
            return chrome + 19 + (state.config.declaredVariables.isEmpty ? 0 : 1)
        case .variables:
            return chrome + 2 + VariablesView(look: look).lines(state).count
        }
    }

    public static let minimumSize = Size(width: 20, height: 5)

    public func render(_ state: BoardState) -> Grid {
        // A replay: the board over its time line.
        let timeline = ReplayView.height(state)
        if timeline > 0, state.size.height - timeline >= Self.minimumSize.height {
            var board = state
            board.size.height -= timeline
            let upper = render(board, timeline: false)
            var grid = Grid(size: state.size, unicode: unicode, braille: braille)
            for y in 0..<upper.size.height {
                for x in 0..<upper.size.width { grid[x, y] = upper[x, y] }
            }
            ReplayView(look: look).draw(
                &grid, state,
                in: Rect(x: 0, y: upper.size.height, width: state.size.width, height: timeline))
            return grid
        }
        return render(state, timeline: false)
    }

    func render(_ state: BoardState, timeline: Bool) -> Grid {
        var grid = Grid(size: state.size, unicode: unicode, braille: braille)
        let size = state.size
        guard size.width >= Self.minimumSize.width, size.height >= Self.minimumSize.height else {
            tooSmall(&grid)
            return grid
        }
        header(&grid, state)
        let kioskBand = kioskHeaderHeight(state)
        if kioskBand > 1 { kioskHeader(&grid, state, in: Rect(x: 0, y: 1, width: size.width, height: kioskBand - 1)) }
        if let at = state.at {
            historyBanner(
                &grid, at: state.replay?.shown ?? at, step: state.config.historyStep, y: kioskBand,
                replay: state.replay != nil)
        }
        let top = topHeight(state)
        let body = Rect(x: 0, y: top, width: size.width, height: size.height - top - 1)
        switch state.pane {
        case .overview: OverviewView(look: look).draw(&grid, state, in: body)
        case .principle(let id): DrillView(look: look).draw(&grid, state, id, in: body)
        case .alerts: AlertsView(look: look).draw(&grid, state, in: body)
        case .help: help(&grid, state, in: body)
        case .variables: VariablesView(look: look).draw(&grid, state, in: body)
        }
        statusLine(&grid, state)
        return grid
    }

    func tooSmall(_ grid: inout Grid) {
        let message = "terminal too small"
        let words: [String] = grid.size.width >= message.count ? [message] : ["terminal", "too small"]
        for index in words.indices where index < grid.size.height {
            grid.put(words[index], x: 0, y: index, role: .crit)
        }
    }

    /// Title, Prometheus, overall status, clock, data age.
    func header(_ grid: inout Grid, _ state: BoardState) {
        let width = grid.size.width
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), role: .header)
        let overall = state.overall
        let status = unicode ? "\(overall.symbol) \(overall.word)" : overall.asciiLabel
        // Minutes only: the data age beside it is what shows the board is alive, second by second.
        let clock = TimeOfDay.clock(state.now, offset: utcOffset, seconds: false)
        let age = state.dataAge.map { "data " + DurationText.short($0) } ?? "no data yet"
        var right = " \(status)  \(clock)  \(age) "
        if DisplayWidth.of(right) > width / 2 { right = " \(status) \(clock) " }
        if DisplayWidth.of(right) > width - 4 { right = " \(status) " }
        // Hansei: the principles whose loaded alert rules disagree with the board, before the status (`doctor`
        // explains); where the header has the room.
        let names = state.drifts.map(\.principle.title).joined(separator: ", ")
        var marker = names.isEmpty ? "" : (unicode ? " ≠ DRIFT " : " DRIFT ") + names + " "
        if DisplayWidth.of(marker) + DisplayWidth.of(right) > width / 2 + 10 { marker = "" }
        let rightWidth = DisplayWidth.of(right)
        let markerWidth = DisplayWidth.of(marker)
        var left = " " + state.config.title
        let scope = state.config.scopeText
        if !scope.isEmpty { left += " · " + scope }
        if let oncall = state.oncall {
            left += " · on call: " + oncall.text(at: state.now) { [utcOffset] _ in utcOffset }
        }
        if width >= 80 { left += " · " + state.config.prometheus.url }
        grid.put(left, x: 0, y: 0, role: .header, limit: width - rightWidth - markerWidth - 1)
        let statusStart = width - rightWidth
        if !marker.isEmpty { grid.put(marker, x: statusStart - markerWidth, y: 0, role: .warn) }
        grid.put(right, x: statusStart, y: 0, role: .header)
        grid.put(" \(status) ", x: statusStart, y: 0, role: Role.status(overall), limit: DisplayWidth.of(status) + 2)
    }

    /// Pause banner, refresh problems, or key hints.
    func statusLine(_ grid: inout Grid, _ state: BoardState) {
        let y = grid.size.height - 1
        let width = grid.size.width
        grid.fill(Rect(x: 0, y: y, width: width, height: 1), role: .dim)
        var x = 0
        if state.paused {
            x += grid.put(" PAUSED (p to resume) ", x: x, y: y, role: .banner)
        }
        if state.config.prometheus.tls.insecureSkipVerify {
            x += grid.put(" TLS NOT VERIFIED ", x: x, y: y, role: .warn)
        }
        if let question = state.callingQuestion {
            grid.put(question, x: x, y: y, role: .banner)
            return
        }
        if let proposal = state.proposal, let settings = state.config.alertSource {
            let question =
                " Acknowledge \(proposal.what) for \(DurationText.coarse(settings.ackFor)) as"
                + " \(settings.ackBy ?? "andon")? y: yes, any other key: no "
            grid.put(question, x: x, y: y, role: .banner)
            return
        }
        if let notice = state.notice {
            grid.put(" " + notice.text, x: x, y: y, role: notice.problem ? .crit : .text)
            return
        }
        if let problem = refreshProblem(state) {
            grid.put(" " + (unicode ? "✗ " : "! ") + problem, x: x, y: y, role: .crit)
            return
        }
        guard interactive else {
            grid.put(" snapshot as of " + RFC3339.format(state.now), x: x, y: y, role: .dim)
            return
        }
        if let kiosk = state.kiosk {
            grid.put(kioskLine(state, kiosk), x: x, y: y, role: .dim)
            return
        }
        var hints = Keymaps.hints(state)
        if !unicode {
            let replacements: [(String, String)] = [("←→↑↓", "hjkl"), ("↑↓", "jk"), ("⏎", "Enter"), ("·", "|")]
            for (from, to) in replacements { hints = Literal.replacing(hints, from, with: to) }
        }
        grid.put(hints, x: x, y: y, role: .dim)
    }

    /// The reason the last refresh did not fully succeed, if any: one line a person can act on.
    func refreshProblem(_ state: BoardState) -> String? {
        let reasons = state.principles.compactMap { state.known[$0]?.failure }
        if reasons.count == state.principles.count, Set(reasons).count == 1 {
            return "Prometheus: " + reasons[0] + retryNote(state)
        }
        if let first = state.principles.first(where: { state.known[$0]?.failure != nil }) {
            return "\(first.title): " + state.known[first]!.failure! + retryNote(state)
        }
        if let alerts = state.alertsError { return "alerts: " + alerts }
        return nil
    }

    func retryNote(_ state: BoardState) -> String {
        guard state.failedRefreshes > 0, state.nextRefresh > state.now else { return "" }
        return " (retry in \(DurationText.short(state.nextRefresh - state.now + 0.999)))"
    }

    /// Rows above the body: the header, the kiosk band, the history banner.
    func topHeight(_ state: BoardState) -> Int {
        kioskHeaderHeight(state) + (state.at == nil ? 0 : 1)
    }

    /// Not live: a full-width band that nobody can miss, with the instant shown and how to move or go back.
    func historyBanner(_ grid: inout Grid, at: Double, step: Double, y: Int, replay: Bool = false) {
        let width = grid.size.width
        grid.fill(Rect(x: 0, y: y, width: width, height: 1), role: .banner)
        let dash = unicode ? "—" : "-"
        let when = RFC3339.format(at.rounded(.down))
        var text = (replay ? " REPLAY" : " HISTORY") + " \(dash) as of \(when)"
        let keys =
            !interactive
            ? " "
            : replay
                ? "   [ ] \(DurationText.short(step)) back/forward "
                : "   [ ] \(DurationText.short(step)) back/forward · . live "
        if DisplayWidth.of(text + keys) <= width {
            text += unicode ? keys : Literal.replacing(keys, "·", with: "|")
        }
        grid.put(text, x: 0, y: y, role: .banner, limit: width)
    }

    /// Kiosk mode on a screen with room: a band under the header with the title and a clock in the block font,
    /// readable across a room.
    func kioskHeaderHeight(_ state: BoardState) -> Int {
        state.kiosk != nil && state.size.height >= 30 && state.size.width >= 60 ? 1 + BigText.height : 1
    }

    func kioskHeader(_ grid: inout Grid, _ state: BoardState, in rect: Rect) {
        let clock = TimeOfDay.clock(state.now, offset: utcOffset, seconds: false)
        let clockWidth = BigText.width(clock)
        grid.putBig(clock, x: rect.maxX - clockWidth - 1, y: rect.y, role: .title)
        let overall = state.overall
        let left = rect.width - clockWidth - 4
        grid.put(state.config.title, x: 1, y: rect.y + 1, role: .title, limit: left)
        let status = unicode ? "\(overall.symbol) \(overall.word)" : overall.asciiLabel
        let age = state.dataAge.map { "data " + DurationText.short($0) } ?? "no data yet"
        let written = grid.put(status, x: 1, y: rect.y + 3, role: Role.status(overall), limit: left)
        grid.put("  " + age, x: 1 + written, y: rect.y + 3, role: .dim, limit: left - written)
    }

    /// The kiosk's status line: what comes next, and how to leave.
    func kioskLine(_ state: BoardState, _ kiosk: KioskState) -> String {
        let cycle = state.kioskCycle
        let next = cycle.firstIndex(of: state.pane).map { cycle[($0 + 1) % cycle.count] } ?? .overview
        let left = max(0, state.config.dwell - (state.now - kiosk.shownAt))
        var line = " KIOSK"
        if next != state.pane { line += " · next: \(Self.paneName(next)) in \(DurationText.short(left + 0.999))" }
        line += " · type quit to leave"
        return unicode ? line : Literal.replacing(line, "·", with: "|")
    }

    static func paneName(_ pane: Pane) -> String {
        switch pane {
        case .overview: "overview"
        case .principle(let id): id.title
        case .alerts: "alerts"
        case .help: "help"
        case .variables: "line"
        }
    }

    func help(_ grid: inout Grid, _ state: BoardState, in rect: Rect) {
        let lines =
            ["Keys", ""] + Keymaps.board.helpLines(in: state) + [
                "",
                "Status: " + (unicode ? "✓ OK  ⚠ WARN  ✗ CRIT  ? NO DATA" : "[OK] [WARN] [CRIT] [??]")
                    + "  STALE = older than the stale age",
            ]
        grid.box(rect, title: "Help")
        for (index, line) in lines.enumerated() where index < rect.height - 2 {
            grid.put(
                line, x: rect.x + 2, y: rect.y + 1 + index, role: index == 0 ? .title : .text, limit: rect.width - 4)
        }
    }
}
