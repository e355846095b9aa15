/// The plant overview: a row per line, a column per principle, then the line's firing alerts and its
/// status; each cell the status symbol and the value. Worst first, or as configured (`s`); the selected row is
/// the line Enter opens. Where the lines do not fit, it scrolls with the selection and says how many are hidden.
public struct PlantView: Sendable {
    public var look: Look

    public var unicode: Bool { look.unicode }
    public var interactive: Bool { look.interactive }

    public init(unicode: Bool = true, utcOffset: Int = 0, interactive: Bool = true) {
        look = Look(unicode: unicode, braille: unicode, utcOffset: utcOffset, interactive: interactive)
    }

    /// The principles of the plant's columns, in board order: those of any line.
    func principles(_ plant: PlantState) -> [PrincipleID] {
        PrincipleID.allCases.filter { id in plant.lines.contains { $0.board.principles.contains(id) } }
    }

    public func render(_ plant: PlantState) -> Grid {
        var grid = Grid(size: plant.size, unicode: unicode, braille: unicode)
        let (width, height) = (plant.size.width, plant.size.height)
        guard width >= BoardView.minimumSize.width, height >= BoardView.minimumSize.height else {
            grid.put("terminal too small", x: 0, y: 0, role: .unknown, limit: width)
            return grid
        }
        // Each line's status once: it is judged over its principles' freshness, and the header, the order and
        // the rows all need it.
        let statuses = plant.lines.map(\.board.overall)
        header(&grid, plant, statuses)
        let columns = principles(plant)
        let layout = Layout(width: width, principles: columns.count, names: plant.lines.map(\.name))
        columnHeader(&grid, columns, layout, y: 1)
        let rows = max(0, height - 3)
        let order = plant.rowOrder(statuses: statuses)
        var first = max(0, min(plant.scroll, order.count - rows))
        if interactive {
            // The selected line stays in view.
            first = min(max(first, plant.selection - rows + 1), plant.selection)
        }
        first = max(0, min(first, max(0, order.count - rows)))
        for (row, index) in order.dropFirst(first).prefix(rows).enumerated() {
            line(
                &grid, plant.lines[index], overall: statuses[index], columns, layout, y: 2 + row,
                selected: interactive && first + row == plant.selection,
                firstOut: plant.firstOutLine == plant.lines[index].name)
        }
        let hidden = order.count - first - min(rows, order.count - first)
        statusLine(&grid, plant, above: first, below: hidden)
        return grid
    }

    /// The widths of the name, each principle's cell, the alerts and the status columns at `width`.
    struct Layout {
        var name: Int
        var cell: Int
        var alerts = 7
        var status: Int
        /// Cells hold the symbol only (a narrow terminal with many columns).
        var symbolsOnly: Bool

        init(width: Int, principles: Int, names: [String]) {
            status = width >= 100 ? 10 : 7
            let longest = names.map { DisplayWidth.of($0) }.max() ?? 4
            name = max(6, min(longest + 2, width >= 120 ? 24 : 14))
            let left = width - name - alerts - status - 1
            cell = principles == 0 ? 0 : left / principles
            symbolsOnly = cell < 7
            if symbolsOnly {
                // Room for the symbol and a blank; the name gets what is left.
                cell = max(2, min(cell, 3))
                name = max(4, width - cell * principles - alerts - status - 1)
            }
        }
    }

    func header(_ grid: inout Grid, _ plant: PlantState, _ statuses: [Status]) {
        let width = grid.size.width
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), role: .header)
        let overall = Status.worst(statuses)
        let status = unicode ? "\(overall.symbol) \(overall.word)" : overall.asciiLabel
        let clock = TimeOfDay.clock(plant.now, offset: look.utcOffset, seconds: false)
        let notGreen = statuses.filter { $0 != .green }.count
        var right = " \(notGreen) of \(plant.lines.count) lines not green  \(status)  \(clock) "
        if DisplayWidth.of(right) > width / 2 { right = " \(status) \(clock) " }
        let rightWidth = DisplayWidth.of(right)
        grid.put(" " + plant.title, x: 0, y: 0, role: .header, limit: width - rightWidth - 1)
        grid.put(right, x: width - rightWidth, y: 0, role: .header)
        let statusX = width - rightWidth + DisplayWidth.of(right) - DisplayWidth.of(" \(status)  \(clock) ")
        if right.hasSuffix("  \(clock) ") {
            grid.put(" \(status) ", x: statusX, y: 0, role: Role.status(overall), limit: DisplayWidth.of(status) + 2)
        } else {
            grid.put(" \(status) ", x: width - rightWidth, y: 0, role: Role.status(overall))
        }
    }

    func columnHeader(_ grid: inout Grid, _ columns: [PrincipleID], _ layout: Layout, y: Int) {
        var x = 1
        grid.put("LINE", x: x, y: y, role: .title, limit: layout.name - 1)
        x += layout.name
        for id in columns {
            var title = layout.symbolsOnly ? String(id.title.prefix(2)) : id.title.uppercased()
            if title.count > layout.cell - 1 { title = String(title.prefix(max(1, layout.cell - 2))) + "." }
            grid.put(title, x: x, y: y, role: .title, limit: layout.cell - 1)
            x += layout.cell
        }
        grid.put("ALERTS", x: x, y: y, role: .title, limit: layout.alerts - 1)
        x += layout.alerts
        grid.put("STATUS", x: x, y: y, role: .title, limit: layout.status)
    }

    func line(
        _ grid: inout Grid, _ line: PlantLine, overall: Status, _ columns: [PrincipleID], _ layout: Layout, y: Int,
        selected: Bool, firstOut: Bool = false
    ) {
        let board = line.board
        if selected { grid.put(unicode ? "▶" : ">", x: 0, y: y, role: .selected) }
        grid.put(line.name, x: 1, y: y, role: selected ? .selected : .text, limit: layout.name - 1)
        var x = 1 + layout.name
        let shown = columns.map { board.principles.contains($0) ? board.shown($0) : nil }
        let reasons = Set(shown.compactMap { $0?.shown.effective == .unknown ? ($0?.reason ?? "") : nil })
        if !layout.symbolsOnly, shown.allSatisfy({ $0?.shown.effective == .unknown }), let reason = reasons.first,
            reasons.count == 1
        {
            // A blind line: one reason across its cells, on its own row.
            // Cut with an ellipsis where it does not fit, so that a reason cut short reads as cut.
            let text = (unicode ? "? NO DATA" : "[??] NO DATA") + (reason.isEmpty ? "" : " · " + reason)
            let room = layout.cell * columns.count - 1
            grid.put(
                DisplayWidth.truncate(text, to: room, ellipsis: unicode ? "…" : "..."), x: x, y: y, role: .unknown,
                limit: room)
            x += layout.cell * columns.count
        } else {
            for (id, reading) in zip(columns, shown) {
                if let reading {
                    let spec = board.config.spec(id)
                    let text = cell(reading, unit: spec.unit, width: layout.cell - 1, symbolsOnly: layout.symbolsOnly)
                    grid.put(text, x: x, y: y, role: Widgets.role(reading.shown), limit: layout.cell - 1)
                } else {
                    grid.put(unicode ? "·" : "-", x: x, y: y, role: .dim)
                }
                x += layout.cell
            }
        }
        if board.alertsError != nil {
            grid.put("?", x: x, y: y, role: .unknown)
        } else {
            let firing = board.alertFacts.firing
            grid.put("\(firing)", x: x, y: y, role: firing > 0 ? .crit : .dim, limit: layout.alerts - 1)
        }
        x += layout.alerts
        // The line that went red first out of a calm plant says so where its status is.
        let first = unicode ? "✗ FIRST" : "[1ST]"
        let label =
            firstOut && overall == .red
            ? first
            : layout.status >= 9 ? Widgets.label(.status(overall), unicode: unicode) : symbol(.status(overall))
        grid.put(label, x: x, y: y, role: Role.status(overall), limit: layout.status)
    }

    /// A cell: the status symbol and the value in few characters ("✗ 2,264", "⚠ 4.96s", "? NO DATA").
    func cell(_ reading: ShownReading, unit: Unit, width: Int, symbolsOnly: Bool) -> String {
        let mark = symbol(reading.shown)
        guard !symbolsOnly else { return mark }
        guard let value = reading.value else {
            return reading.shown.effective == .unknown && width >= 9 ? mark + " NO DATA" : mark
        }
        // The board's own words where a column has room for them (the same form all down a column), else fewer
        // characters.
        var text = width - 2 >= 11 ? NumberText.value(value, unit: unit) : Widgets.compact(value, unit: unit)
        if DisplayWidth.of(text) > width - 2 { text = Widgets.short(value, unit: unit) }
        return mark + " " + text
    }

    func symbol(_ shown: ShownStatus) -> String {
        switch shown {
        case .status(let status): unicode ? status.symbol : String(status.asciiLabel.dropFirst().prefix(1))
        case .stale: unicode ? "~" : "S"
        }
    }

    func statusLine(_ grid: inout Grid, _ plant: PlantState, above: Int, below: Int) {
        let y = grid.size.height - 1
        grid.fill(Rect(x: 0, y: y, width: grid.size.width, height: 1), role: .dim)
        // How many rows are below the screen, at the right; the hints never cover it.
        let more = below > 0 ? (unicode ? "↓ " : "v ") + "\(below) more " : ""
        grid.putRight(more, right: grid.size.width, y: y, role: .dim)
        let room = grid.size.width - DisplayWidth.of(more) - (more.isEmpty ? 0 : 1)
        guard interactive else {
            grid.put(" snapshot as of " + RFC3339.format(plant.now), x: 0, y: y, role: .dim, limit: room)
            return
        }
        // What a reload did (the same notice is on every line's board).
        if let notice = plant.notice, notice.until > plant.now {
            grid.put(" " + notice.text, x: 0, y: y, role: notice.problem ? .crit : .text, limit: room)
            return
        }
        if let kiosk = plant.kiosk {
            let typed = kiosk.typing.typed.isEmpty ? "" : " · typed: \(kiosk.typing.typed)"
            grid.put(
                " kiosk · every line that is not green in turn · type quit to leave" + typed, x: 0, y: y, role: .dim,
                limit: room)
            return
        }
        // Reload is named where it fits whole; the others always are.
        for keys: [KeyBinding<PlantState>.Name] in [
            [.move, .open, .order, .refresh, .reload, .quit], [.move, .open, .order, .refresh, .quit],
        ] {
            var hints = Keymaps.plant.hints(keys, in: plant)
            if !unicode {
                hints = hints.replacingOccurrences(of: "↑↓", with: "jk").replacingOccurrences(of: "⏎", with: "Enter")
                    .replacingOccurrences(of: "·", with: "|")
            }
            if above > 0 { hints = " \(unicode ? "↑" : "^") \(above) more ·" + hints.dropFirst() }
            if !keys.contains(.reload) || DisplayWidth.of(hints) <= room {
                grid.put(hints, x: 0, y: y, role: .dim, limit: room)
                return
            }
        }
    }
}
