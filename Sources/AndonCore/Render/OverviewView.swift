/// The overview: six tiles (or a list, or two compact lines on a tiny terminal) and the alert strip.
struct OverviewView: PaneView {
    let look: Look

    func draw(_ grid: inout Grid, _ state: BoardState, in whole: Rect) {
        var body = whole
        // Under the tiles, what detection could not measure (never a tile: not measured is neither green nor
        // blind) or why it could not read the plant.
        if let (notice, role) = detectionNotice(state), body.height >= 8 {
            body.height -= 1
            grid.put(notice, x: body.x + 1, y: body.y + body.height, role: role, limit: body.width - 2)
        }
        // The alert strip gets what the tiles leave, up to 6 lines (title + 5 alerts).
        let count = state.principles.count
        let columns = OverviewLayout.columns(for: state.size, tiles: count)
        let wantedTiles = OverviewLayout.rows(tiles: count, columns: columns) * OverviewLayout.minimumTileHeight
        let strip = max(0, min(alertStripHeight(state), body.height - wantedTiles, body.height - 6))
        let tileArea = body.height - strip
        switch OverviewLayout.mode(for: state.size, tileArea: tileArea, tiles: count) {
        case .tiles(let columns):
            let rows = OverviewLayout.rows(tiles: count, columns: columns)
            let tileHeight = tileArea / rows
            let tileWidth = body.width / columns
            for (index, id) in state.principles.enumerated() {
                let column = index % columns
                let row = index / columns
                let width = column == columns - 1 ? body.width - tileWidth * (columns - 1) : tileWidth
                let rect = Rect(
                    x: body.x + column * tileWidth, y: body.y + row * tileHeight, width: width, height: tileHeight)
                tile(
                    &grid, state, id, in: rect, selected: interactive && state.kiosk == nil && index == state.selection)
            }
            let top = body.y + rows * tileHeight
            alertStrip(&grid, state, in: Rect(x: body.x, y: top, width: body.width, height: body.maxY - top))
        case .list:
            let listHeight = min(tileArea, count)
            for (index, id) in state.principles.enumerated() where index < listHeight {
                listLine(
                    &grid, state, id, y: body.y + index, width: body.width,
                    selected: interactive && index == state.selection)
            }
            let top = body.y + listHeight
            alertStrip(&grid, state, in: Rect(x: body.x, y: top, width: body.width, height: body.maxY - top))
        case .compact:
            compact(&grid, state, in: body)
        }
    }

    /// The line that says which principles detection found nothing for (`not measured here: Kanban (no queues
    /// found) · andon doctor says what would`), or that it could not read the plant; nil when a profile was chosen
    /// or everything is measured.
    func detectionNotice(_ state: BoardState) -> (String, Role)? {
        guard let detection = state.config.detection else { return nil }
        if detection.pending { return ("detecting what this Prometheus exports …", .dim) }
        if let problem = detection.problem, detection.notMeasured.isEmpty {
            return ("profiles not detected: " + problem, .warn)
        }
        guard !detection.notMeasured.isEmpty else { return nil }
        let dot = unicode ? "·" : "|"
        let items = detection.notMeasured.map { "\($0.id.title) (\($0.reason))" }
        return ("not measured here: " + items.joined(separator: ", ") + " \(dot) andon doctor says what would", .dim)
    }

    /// The lines the alert strip wants: its title and up to 5 alerts on the board, every alert in a snapshot.
    func alertStripHeight(_ state: BoardState) -> Int {
        guard !state.alerts.isEmpty || state.alertsError != nil else { return 1 }
        return min(interactive ? 6 : 51, 1 + state.alerts.count)
    }

    /// A tile: title in the border, the value, the status in symbol and word, the culprit, how long in this
    /// status, and the trend.
    func tile(_ grid: inout Grid, _ state: BoardState, _ id: PrincipleID, in rect: Rect, selected: Bool) {
        let spec = state.config.spec(id)
        let shown = state.shown(id)
        let role = Widgets.role(shown.shown)
        let latched = state.latched[id] != nil
        let frame: Role = selected ? .selected : alarm(state, id, shown) ? .alarm : latched ? .latched : role
        let firstOut = state.firstOut == id ? " · FIRST OUT" : ""
        grid.box(
            rect, role: frame, title: "\(id.title) · \(spec.headline)\(firstOut)",
            titleRole: frame == .alarm ? .alarm : firstOut.isEmpty ? .title : .crit)
        let inner = rect.inset(1)
        guard inner.width > 2, inner.height > 0 else { return }
        let x = inner.x + 1
        let width = inner.width - 2
        let label = Widgets.label(shown.shown, unicode: unicode)
        let value = shown.value.map { NumberText.value($0, unit: spec.unit) } ?? (unicode ? "—" : "-")
        var y = inner.y
        let labelWidth = DisplayWidth.of(label)
        if let big = bigValue(shown, value: value, label: label, role: role, width: width, height: inner.height) {
            // Across a room: the value (and the status word, when it fits) in the block font.
            let drawn = grid.putBig(big.text, x: x, y: y, role: role)
            if !big.unit.isEmpty {
                grid.put(big.unit, x: x + drawn + 1, y: y + BigText.height - 1, role: .value)
            }
            if big.word {
                grid.putBig(
                    Widgets.bigWord(shown.shown), x: x + width - BigText.width(Widgets.bigWord(shown.shown)),
                    y: y, role: role)
            } else {
                grid.putRight(label, right: x + width, y: y, role: role)
            }
            y += BigText.height
        } else {
            grid.put(value, x: x, y: y, role: shown.value == nil ? .unknown : .value, limit: width - labelWidth - 1)
            grid.putRight(label, right: x + width, y: y, role: role)
            y += 1
        }
        let points = state.known[id]?.trend ?? []
        var lines: [(String, Role)] = []
        if let culprit = state.known[id]?.culprit, shown.value != nil { lines.append((culprit, .text)) }
        if let clock = state.statusClock(id), interactive || clock.fromHistory {
            let duration = (clock.atLeast ? ">" : "") + DurationText.coarse(clock.seconds)
            lines.append(("\(Widgets.word(clock.status)) for \(duration)", .dim))
        }
        lines.insert(contentsOf: Widgets.response(state, id), at: 0)
        // Why it is blind comes first, whole where the tile has the rows for it (leaving the last row for a
        // sparkline); under the figure and its lines, the trend: a chart where the tile still has the rows for one
        // (its line against the thresholds, over the range), else a sparkline on the last row.
        var wrapped: [(String, Role)] = []
        if let reason = shown.reason, shown.shown.effective == .unknown {
            let rows = max(1, inner.maxY - y - lines.count - (points.isEmpty ? 0 : 1))
            wrapped = DisplayWidth.wrap(reason, to: width, maxLines: rows).map { ($0, role) }
        }
        let chartRows = inner.maxY - y - lines.count - wrapped.count
        let window = state.trendWindow.map { (start: $0.start, end: $0.end) }
        let chart: Rect? =
            !points.isEmpty && window != nil && chartRows >= Self.chartMinimumRows
                && width >= Chart.minimumWidth
            ? Rect(x: x, y: inner.maxY - chartRows, width: width, height: chartRows) : nil
        let trendRow: Int? = chart == nil && !points.isEmpty && inner.maxY - 1 > inner.y ? inner.maxY - 1 : nil
        lines.insert(contentsOf: wrapped, at: 0)
        for (text, lineRole) in lines {
            guard y < (chart?.y ?? trendRow ?? inner.maxY) else { break }
            grid.put(text, x: x, y: y, role: lineRole, limit: width)
            y += 1
        }
        if let chart, let window {
            Chart(
                points: points, start: window.start, end: window.end, thresholds: spec.thresholds, unit: spec.unit,
                utcOffset: utcOffset
            ).draw(&grid, in: chart)
        }
        if let trendRow {
            let rangeLabel = " " + (state.trendRange ?? state.range).rawValue
            let sparkWidth = width - DisplayWidth.of(rangeLabel)
            let sparkRole: Role = role == .ok ? .dim : role
            grid.put(Widgets.sparkline(points, width: sparkWidth, unicode: unicode), x: x, y: trendRow, role: sparkRole)
            grid.put(rangeLabel, x: x + sparkWidth, y: trendRow, role: .dim)
        }
    }

    /// Kiosk mode: a red tile's frame is inverted (or flashes once a second), to be seen across a room; on any
    /// board, an escalated one.
    func alarm(_ state: BoardState, _ id: PrincipleID, _ shown: ShownReading) -> Bool {
        let escalated = (state.known[id]?.escalated ?? false)
        guard escalated || (state.kiosk != nil && shown.shown == .status(.red)) else { return false }
        switch state.config.kioskAlarm {
        case .invert: return true
        case .flash: return Int(state.now.rounded(.down)) % 2 == 0
        case .none: return false
        }
    }

    /// Tiles narrower than this keep their values in text. From a 120×40 terminal up (tiles 38 wide) the figure is
    /// in the block font: it is the first thing the eye looks for from across a room (the bytes per steady refresh
    /// stay within their target, docs/performance.md).
    static let bigDigitsMinimumWidth = 30

    /// A tile draws a chart under its figure when it has this many rows left for it (else a sparkline).
    static let chartMinimumRows = 5

    /// Whether a tile `width` × `height` (inside its frame) draws its value in the block font: there must be room
    /// for the digits, their unit and the status label beside them, and two lines below (culprit and trend).
    /// The status word is big too when that also fits.
    func bigValue(_ shown: ShownReading, value: String, label: String, role: Role, width: Int, height: Int)
        -> (text: String, unit: String, word: Bool)?
    {
        guard shown.value != nil, height >= BigText.height + 2, width >= Self.bigDigitsMinimumWidth else { return nil }
        let (text, unit) = BigText.split(value)
        guard !text.isEmpty, BigText.canRender(text) else { return nil }
        let valueWidth = BigText.width(text) + (unit.isEmpty ? 0 : 1 + DisplayWidth.of(unit))
        guard valueWidth + 2 + DisplayWidth.of(label) <= width else { return nil }
        let word = Widgets.bigWord(shown.shown)
        return (text, unit, BigText.canRender(word) && valueWidth + 3 + BigText.width(word) <= width)
    }

    /// One line per principle: name, value, status, culprit.
    func listLine(_ grid: inout Grid, _ state: BoardState, _ id: PrincipleID, y: Int, width: Int, selected: Bool) {
        let shown = state.shown(id)
        let spec = state.config.spec(id)
        let role = Widgets.role(shown.shown)
        let label = Widgets.label(shown.shown, unicode: unicode)
        let value = shown.value.map { NumberText.value($0, unit: spec.unit) } ?? "-"
        var x = grid.put(selected ? ">" : " ", x: 0, y: y, role: .selected)
        x += grid.put(DisplayWidth.pad(id.title, 9), x: x, y: y, role: .title)
        let labelWidth = DisplayWidth.of(label)
        x += grid.put(DisplayWidth.padLeft(value, 12), x: x, y: y, role: .value, limit: width - x - labelWidth - 1)
        x += 1
        x += grid.put(label, x: x, y: y, role: role)
        if state.firstOut == id { x += grid.put(" FIRST OUT", x: x, y: y, role: .crit, limit: width - x) }
        if state.latched[id] != nil {
            x += grid.put(" CLEARED, UNACKNOWLEDGED", x: x, y: y, role: .latched, limit: width - x)
        }
        let extra = shown.shown.effective == .unknown ? shown.reason : state.known[id]?.culprit
        if let extra { grid.put("  " + extra, x: x, y: y, role: .dim, limit: width - x) }
    }

    /// Tiny terminals: two or three principles per line, short names and symbols.
    func compact(_ grid: inout Grid, _ state: BoardState, in body: Rect) {
        let perLine = body.width >= 30 ? 3 : 2
        for (index, id) in state.principles.enumerated() {
            let line = index / perLine
            guard line < body.height else { break }
            let shown = state.shown(id)
            let symbol: String
            switch shown.shown {
            case .status(let status): symbol = unicode ? status.symbol : String(status.asciiLabel.dropFirst().prefix(1))
            case .stale: symbol = "S"
            }
            let cell = body.width / perLine
            let x = body.x + (index % perLine) * cell
            let name = String(id.title.prefix(3)).uppercased() + " "
            let written = grid.put(name, x: x, y: body.y + line, role: .title)
            grid.put(symbol, x: x + written, y: body.y + line, role: Widgets.role(shown.shown))
        }
    }

    /// Firing alerts first (by severity, then age), pending ones dimmer; new ones highlighted.
    func alertStrip(_ grid: inout Grid, _ state: BoardState, in rect: Rect) {
        guard rect.height > 0 else { return }
        let firing = state.alertFacts.firing
        let pending = state.alerts.count - firing
        var title = "Alerts: \(firing) firing, \(pending) pending"
        var titleRole: Role = firing > 0 ? .crit : .dim
        if let error = state.alertsError {
            title = "Alerts cannot be read: \(error)"
            titleRole = .unknown
        }
        grid.put(title, x: rect.x + 1, y: rect.y, role: titleRole, limit: rect.width - 2)
        for index in state.alerts.indices.prefix(max(0, rect.height - 1)) {
            let alert = state.alerts[index]
            let (line, role) = Widgets.alertLine(alert, state)
            grid.put(line, x: rect.x + 1, y: rect.y + 1 + index, role: role, limit: rect.width - 2)
        }
        if state.alerts.count > rect.height - 1, rect.height > 1 {
            let more =
                interactive && state.kiosk == nil ? "… a for all" : "… \(state.alerts.count - rect.height + 1) more"
            grid.putRight(more, right: rect.maxX - 1, y: rect.y, role: .dim)
        }
    }
}
