/// A principle's drill-down: its headline with the chart and status timeline, then its panels in a grid.
struct DrillView: PaneView {
    let look: Look

    /// A principle's deep-dive: its headline, then its panels (two columns when wide), scrollable.
    func draw(_ grid: inout Grid, _ state: BoardState, _ id: PrincipleID, in body: Rect) {
        let spec = state.config.spec(id)
        let shown = state.shown(id)
        let label = Widgets.label(shown.shown, unicode: unicode)
        let value = shown.value.map { NumberText.value($0, unit: spec.unit) } ?? "-"
        var x = grid.put(" \(id.title) · \(spec.headline): ", x: body.x, y: body.y, role: .title)
        x += grid.put(value + " ", x: body.x + x, y: body.y, role: .value)
        x += grid.put(label, x: body.x + x, y: body.y, role: Widgets.role(shown.shown))
        if let culprit = state.known[id]?.culprit {
            grid.put("  " + culprit, x: body.x + x, y: body.y, role: .dim, limit: body.width - x)
        }
        let panels = state.config.profile.panels(id)
        let data = state.known[id]?.drill
        let area = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        guard area.height > 0 else { return }
        // Lay the panels out on a tall canvas, then show the scrolled window of it.
        let (placements, canvasHeight) = drillLayout(state, id, width: area.width)
        var canvas = Grid(size: Size(width: area.width, height: canvasHeight), unicode: unicode, braille: braille)
        let alertsHeight = alertsBoxHeight(state, id)
        if alertsHeight > 0 {
            alertsBox(&canvas, state, id, in: Rect(x: 0, y: 0, width: area.width, height: alertsHeight))
        }
        let chartHeight = headlineChartHeight(state, id)
        if chartHeight > 0 {
            headlineChart(
                &canvas, state, id, in: Rect(x: 0, y: alertsHeight, width: area.width, height: chartHeight))
        }
        for (index, panel) in panels.enumerated() {
            panelBox(
                &canvas, panel, data?.panels[safe: index], waiting: data == nil, window: drillWindow(state, data),
                in: placements[index])
        }
        let scroll = max(0, min(state.scroll, canvasHeight - area.height))
        for row in 0..<min(area.height, canvasHeight - scroll) {
            for column in 0..<area.width {
                grid[area.x + column, area.y + row] = canvas[column, scroll + row]
            }
        }
        if canvasHeight > area.height {
            let more = scroll + area.height < canvasHeight ? (unicode ? "↓ more" : "v more") : ""
            grid.putRight(more, right: area.maxX - 1, y: area.maxY - 1, role: .dim)
        }
    }

    /// The time a drill-down's trends span: the range it was asked for, ending at its instant.
    func drillWindow(_ state: BoardState, _ data: DrillData?) -> (start: Double, end: Double)? {
        guard let data else { return nil }
        let end = data.asOf ?? data.at
        return (end - state.range.seconds, end)
    }

    /// Where each panel of a drill-down goes on a canvas `width` wide, and the canvas' height. When wide, panels of
    /// rows go two by two; a trend takes the whole width, so that it lines up column for column with the headline
    /// chart and the trends next to it (error rate over throughput: one time axis); a panel of rows followed by a
    /// trend takes the whole width too. A panel shows up to 12 rows, the top ones when sorted by value.
    func drillLayout(_ state: BoardState, _ id: PrincipleID, width: Int) -> (placements: [Rect], height: Int) {
        let panels = state.config.profile.panels(id)
        let data = state.known[id]?.drill
        let wide = width >= 100
        func height(_ index: Int, width: Int) -> Int {
            let result = data?.panels[safe: index]
            switch panels[index].kind {
            case .trend:
                // Its legend and a chart (a sparkline per series where the panel is too narrow for one).
                return (width - 4 >= Chart.minimumWidth ? Self.trendPanelRows : 2) + 2
            case .bars, .circuitStates:
                let rows = max(1, min(result?.rows.count ?? 1, Panel.maxRows))
                // A states panel with timelines has their time axis under its rows.
                return rows + 2 + (result?.timelines.isEmpty == false ? 1 : 0)
            }
        }
        var canvasHeight = alertsBoxHeight(state, id) + headlineChartHeight(state, id)
        var placements: [Rect] = []
        var index = 0
        while index < panels.count {
            let paired =
                wide && panels[index].kind != .trend && index + 1 < panels.count && panels[index + 1].kind != .trend
            if paired {
                let half = width / 2
                let rowHeight = max(height(index, width: half), height(index + 1, width: width - half))
                placements.append(Rect(x: 0, y: canvasHeight, width: half, height: rowHeight))
                placements.append(Rect(x: half, y: canvasHeight, width: width - half, height: rowHeight))
                canvasHeight += rowHeight
                index += 2
            } else {
                let rowHeight = height(index, width: width)
                placements.append(Rect(x: 0, y: canvasHeight, width: width, height: rowHeight))
                canvasHeight += rowHeight
                index += 1
            }
        }
        return (placements, canvasHeight)
    }

    /// The alerts that belong to the principle, as the alert strip lists them.
    func alertsBox(_ grid: inout Grid, _ state: BoardState, _ id: PrincipleID, in rect: Rect) {
        let alerts = state.alerts.filter { $0.principle == id }
        grid.box(rect, title: "Alerts · \(id.title) (\(alerts.count))")
        let lines = alertsBoxLines(state, id)
        for (index, line) in lines.prefix(rect.height - 2).enumerated() {
            grid.put(line.text, x: rect.x + 2, y: rect.y + 1 + index, role: line.role, limit: rect.width - 4)
        }
        if lines.count > rect.height - 2 {
            grid.putRight(
                "… \(lines.count - rect.height + 2) more lines · a for all", right: rect.maxX - 2,
                y: rect.maxY - 1, role: .dim)
        }
    }

    /// The principle's alerts (by the profile's matchers), firing and pending, each with what to do about it
    /// (its `action` annotation): at the top of the drill-down, so that whoever opens it sees them first.
    func alertsBoxLines(_ state: BoardState, _ id: PrincipleID) -> [(text: String, role: Role)] {
        var lines: [(text: String, role: Role)] = []
        for alert in state.alerts where alert.principle == id {
            lines.append(Widgets.alertLine(alert, state))
            if let action = alert.annotations["action"], !action.isEmpty {
                lines.append(("  action: " + action, .text))
            }
        }
        return lines
    }

    /// The alerts box's rows: its lines, at most `Panel.maxRows` of them, and its frame; none without alerts.
    func alertsBoxHeight(_ state: BoardState, _ id: PrincipleID) -> Int {
        let lines = alertsBoxLines(state, id).count
        return lines == 0 ? 0 : min(lines, Panel.maxRows) + 2
    }

    /// The headline's trend over the board's range, as a line chart four rows high, and under it the status
    /// history (a timeline coloured by status, and its latest periods), above the panels.
    func headlineChartHeight(_ state: BoardState, _ id: PrincipleID) -> Int {
        let chart = (state.known[id]?.trend?.count ?? 0) >= 2 ? Self.chartRows : 0
        let timeline = state.hasHistory(id) ? Self.timelineRows : 0
        return chart + timeline > 0 ? 2 + chart + timeline : 0
    }

    /// A trend panel's rows: a legend, then a chart of five (its plot and its time axis).
    static let trendPanelRows = 6

    /// The chart's rows: its plot and its time axis.
    static let chartRows = 6
    static let timelineRows = 2

    func headlineChart(_ grid: inout Grid, _ state: BoardState, _ id: PrincipleID, in rect: Rect) {
        let spec = state.config.spec(id)
        let points = state.known[id]?.trend ?? []
        let range = (state.trendRange ?? state.range).rawValue
        grid.box(rect, title: "\(spec.headline) · \(range)")
        var inner = rect.inset(1)
        inner.x += 1
        inner.width -= 2
        let chart = state.trendWindow.map {
            Chart(
                points: points, start: $0.start, end: $0.end, thresholds: spec.thresholds, unit: spec.unit,
                utcOffset: utcOffset, labelWidth: Chart.axisWidth)
        }
        var chartRect = inner
        if let history = state.history(id), inner.height >= Self.timelineRows {
            chartRect.height -= Self.timelineRows
            // The timeline under the chart's plot, column for column: the same time at the same column.
            let mode: Chart.Mode = braille ? .braille : unicode ? .blocks : .ascii
            let columns = chart?.plotColumns(in: chartRect, mode: mode)
            statusTimeline(
                &grid, history,
                in: Rect(
                    x: inner.x - 1, y: inner.maxY - Self.timelineRows, width: inner.width + 2, height: Self.timelineRows
                ),
                plot: columns)
        }
        if let chart, points.count >= 2 { chart.draw(&grid, in: chartRect) }
    }

    /// The status history in two rows: one cell per slot of the range in the worst status of the slot (its
    /// glyph differs by status too, for monochrome screens), then the latest periods, newest first.
    func statusTimeline(_ grid: inout Grid, _ history: StatusHistory, in rect: Rect, plot: (x: Int, width: Int)? = nil)
    {
        let label = "status "
        // Under a chart: in the plot's columns, the label right-aligned before them.
        let start = plot?.x ?? rect.x + 1 + label.count
        let width = plot?.width ?? rect.width - 2 - label.count
        guard width > 4 else { return }
        grid.putRight(plot == nil ? label : "status", right: start - (plot == nil ? 0 : 1), y: rect.y, role: .dim)
        for (column, status) in Widgets.timeline(history, width: width).enumerated() {
            grid.put(
                Widgets.timelineGlyph(status, unicode: unicode), x: start + column, y: rect.y,
                role: Role.status(status))
        }
        var x = rect.x + 1
        let limit = rect.maxX - 1
        let separator = unicode ? " · " : " | "
        for (index, period) in history.periods.reversed().enumerated() {
            let since = TimeOfDay.clock(period.from, offset: utcOffset, seconds: false)
            let lasted = DurationText.coarse(period.duration)
            // A period that began before the range did lasted longer than it shows, and began on another day.
            let text =
                period.from <= history.start
                ? "\(period.status.word) >\(lasted)" : "\(period.status.word) \(lasted) from \(since)"
            let needed = DisplayWidth.of(text) + (index == 0 ? 0 : separator.count)
            guard x + needed <= limit else { break }
            if index > 0 { x += grid.put(separator, x: x, y: rect.y + 1, role: .dim) }
            x += grid.put(text, x: x, y: rect.y + 1, role: Role.status(period.status))
        }
    }

    /// One panel: rows with bars and their own status, a trend, or why there is nothing to show.
    /// A trend panel as a chart: the first series solid against the panel's thresholds, the others dotted and dim
    /// on the same scale and time axis (this week against a week earlier), a legend above with each one's latest
    /// value; a series without data says so there instead of disappearing.
    func trendChart(
        _ grid: inout Grid, _ panel: Panel, _ result: PanelResult, window: (start: Double, end: Double)?, in inner: Rect
    ) {
        let all = result.series
        guard let first = all.first else { return }
        var x = inner.x + 1
        for (index, series) in all.enumerated() {
            let mark = index == 0 ? (unicode ? "━ " : "- ") : (unicode ? "┄ " : ". ")
            let last = series.points.last(where: { $0.value.isFinite }).map {
                NumberText.value($0.value, unit: panel.unit)
            }
            let text = mark + (series.label.isEmpty ? panel.title : series.label) + " " + (last ?? "no data")
            let width = DisplayWidth.of(text)
            guard x + width <= inner.maxX - 1 else { break }
            grid.put(text, x: x, y: inner.y, role: index == 0 ? .value : last == nil ? .unknown : .dim)
            x += width + 3
        }
        let times = all.flatMap(\.points).map(\.timestamp)
        guard let start = window?.start ?? times.min(), let end = window?.end ?? times.max(), end > start else {
            return
        }
        Chart(
            points: first.points, start: start, end: end, thresholds: panel.thresholds, unit: panel.unit,
            utcOffset: utcOffset, others: all.dropFirst().map(\.points), labelWidth: Chart.axisWidth
        ).draw(&grid, in: Rect(x: inner.x + 1, y: inner.y + 1, width: inner.width - 2, height: inner.height - 1))
    }

    func panelBox(
        _ grid: inout Grid, _ panel: Panel, _ result: PanelResult?, waiting: Bool,
        window: (start: Double, end: Double)? = nil, in rect: Rect
    ) {
        grid.box(rect, title: panel.title)
        let inner = rect.inset(1)
        guard inner.width > 4, inner.height > 0 else { return }
        guard let result else {
            grid.put(waiting ? "loading…" : "no answer", x: inner.x + 1, y: inner.y, role: .dim)
            return
        }
        if let problem = result.problem {
            grid.put(problem, x: inner.x + 1, y: inner.y, role: .unknown, limit: inner.width - 2)
            return
        }
        switch panel.kind {
        case .trend where inner.height >= Self.trendPanelRows && inner.width - 2 >= Chart.minimumWidth:
            trendChart(&grid, panel, result, window: window, in: inner)
        case .trend:
            for (row, series) in result.series.prefix(inner.height).enumerated() {
                let last = series.points.last.map { NumberText.value($0.value, unit: panel.unit) } ?? "no data"
                let name = DisplayWidth.pad(series.label, 11)
                let nameWidth = grid.put(name + " ", x: inner.x + 1, y: inner.y + row, role: .text, limit: 12)
                let valueWidth = DisplayWidth.of(last) + 1
                let sparkWidth = max(0, inner.width - 2 - nameWidth - valueWidth)
                grid.put(
                    Widgets.sparkline(series.points, width: sparkWidth, unicode: unicode),
                    x: inner.x + 1 + nameWidth, y: inner.y + row, role: .value)
                grid.putRight(
                    last, right: inner.maxX - 1, y: inner.y + row, role: series.points.isEmpty ? .unknown : .value)
            }
        case .bars, .circuitStates:
            // Only the rows that fit are measured and formatted (a panel may hold 10,000); the scale is all of them.
            let rows = result.rows
            let axis = panel.kind == .circuitStates && !result.timelines.isEmpty && inner.height > 1 ? 1 : 0
            let visible = rows.prefix(inner.height - axis)
            let labelWidth = min(max(8, visible.map { DisplayWidth.of($0.label) }.max() ?? 0), inner.width / 3)
            let values = visible.map { row -> String in
                panel.kind == .circuitStates
                    ? Self.circuitWord(row.value) : NumberText.value(row.value, unit: panel.unit)
            }
            let valueWidth = values.map { DisplayWidth.of($0) }.max() ?? 0
            let barWidth = inner.width - 2 - labelWidth - valueWidth - 2
            let marks = panel.thresholds.map { [$0.green.bound, $0.red.bound] } ?? []
            let largest = rows.reduce(0.0) { $1.value.isFinite ? max($0, $1.value) : $0 }
            let scale = max(largest, (marks.max() ?? 0) * 1.2, 1e-9)
            // A states panel's timelines: each row's states over the range, in the columns a bar would take, and
            // their time axis under the rows.
            let timelined = axis == 1 && barWidth >= 8
            let window = result.timelines.values.first.map { (start: $0.start, end: $0.end) }
            for (index, row) in visible.enumerated() where timelined {
                guard let history = result.timelines[row.label] else { continue }
                for (column, status) in Widgets.timeline(history, width: barWidth).enumerated() {
                    grid.put(
                        Widgets.timelineGlyph(status, unicode: unicode), x: inner.x + 2 + labelWidth + column,
                        y: inner.y + index, role: Role.status(status))
                }
            }
            if timelined, let window {
                Chart(points: [], start: window.start, end: window.end, unit: panel.unit, utcOffset: utcOffset)
                    .ticks(
                        &grid, plot: Rect(x: inner.x + 2 + labelWidth, y: 0, width: barWidth, height: 1),
                        y: inner.maxY - 1)
            }
            for (index, row) in visible.enumerated() {
                let y = inner.y + index
                let role: Role
                if panel.kind == .circuitStates {
                    role = row.value == 0 ? .ok : row.value == 2 ? .warn : .crit
                } else {
                    role = panel.thresholds.map { Role.status($0.status(for: row.value)) } ?? .value
                }
                grid.put(row.label.isEmpty ? "(all)" : row.label, x: inner.x + 1, y: y, role: .text, limit: labelWidth)
                if barWidth >= 4 && panel.kind == .bars {
                    Widgets.bar(
                        &grid, x: inner.x + 2 + labelWidth, y: y, width: barWidth, value: row.value,
                        scale: scale, marks: marks, role: role)
                }
                grid.putRight(values[index], right: inner.maxX - 1, y: y, role: role)
            }
            if result.total > visible.count {
                grid.putRight("+\(result.total - visible.count)", right: inner.maxX, y: rect.maxY - 1, role: .dim)
            }
        }
    }

    static func circuitWord(_ value: Double) -> String {
        switch value {
        case 0: "closed"
        case 1: "OPEN"
        case 2: "half-open"
        default: NumberText.plain(value)
        }
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
