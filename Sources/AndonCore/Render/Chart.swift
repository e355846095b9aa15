/// A series over time drawn into a rectangle of the grid: the line against the yellow and red
/// thresholds, a y-axis with a few labels in the series' unit, x-axis ticks in the board's time zone, gaps where
/// there was no data (never drawn as zero), and the latest value marked. Braille (2×4 dots a cell) where the
/// terminal has it, block elements otherwise, ASCII on an ASCII terminal.
///
/// Its status reads without colour: where the series is red, the chart is filled between the line and the red
/// threshold (a patterned band), so a monochrome screen still shows where and how far the line crossed; the
/// threshold lines are dotted and in the threshold role, the series solid in its status's.
struct Chart {
    var points: [Point]
    /// The time the chart spans (the trend's window), seconds since the epoch.
    var start: Double
    var end: Double
    var thresholds: Thresholds?
    var unit: Unit
    /// The board's time zone, for the x-axis.
    var utcOffset: Int
    /// Series to compare with (a week earlier, a second service), drawn dotted and dim behind `points`, on the
    /// same scale.
    var others: [[Point]] = []
    /// The y-axis' width at least (labels and their space): charts stacked with the same width put the same time
    /// at the same column (a drill-down's charts share one time axis).
    var labelWidth = 0

    /// The smallest rectangle a chart needs: below it, the caller draws a sparkline.
    static let minimumWidth = 16
    /// A y-axis wide enough for any label (`label` keeps them to 7 columns) and its space: the width that lines up
    /// a drill-down's charts.
    static let axisWidth = 8
    static let minimumHeight = 3

    /// The values the y-axis spans: the data and both thresholds (so the scale does not jump with every refresh
    /// and a threshold is always on the chart), with a tenth of room above and below; from zero when every
    /// value is positive and zero is near. Nil without a finite value and without thresholds.
    var scale: (low: Double, high: Double)? {
        var values = (points + others.flatMap { $0 }).map(\.value).filter(\.isFinite)
        if let thresholds {
            values += [thresholds.warnBound, thresholds.critBound].filter(\.isFinite)
        }
        guard var low = values.min(), var high = values.max() else { return nil }
        if high == low {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            return (low - pad, high + pad)
        }
        let room = (high - low) * 0.1
        if low >= 0 && low <= (high - low) {
            low = 0
        } else {
            low -= room
        }
        high += room
        // Percentages that stay within 0-100 keep the page's edges.
        if unit == .percent, values.allSatisfy({ $0 <= 100 }) { high = min(high, 100) }
        return (low, high)
    }

    /// Draws the chart into `rect`; false (nothing drawn) when the rectangle is too small for one.
    @discardableResult
    func draw(_ grid: inout Grid, in rect: Rect) -> Bool {
        guard rect.width >= Self.minimumWidth, rect.height >= Self.minimumHeight, end > start else { return false }
        guard let (low, high) = scale, (points + others.flatMap { $0 }).contains(where: { $0.value.isFinite }) else {
            let text = "no data"
            grid.put(
                text, x: rect.x + max(0, (rect.width - text.count) / 2), y: rect.y + (rect.height - 1) / 2,
                role: .unknown)
            return true
        }
        // The y-axis labels on the left, the x-axis ticks on the bottom row, the plot in between.
        let mode: Mode = grid.braille ? .braille : grid.unicode ? .blocks : .ascii
        let labels = axisLabels(low: low, high: high, rows: rect.height - 1, mode: mode)
        guard let plot = plot(in: rect, labels: labels) else { return false }
        let labelWidth = plot.x - rect.x
        for label in labels {
            grid.putRight(label.text, right: rect.x + labelWidth - 1, y: plot.y + label.row, role: label.role)
        }
        let canvas = Canvas(chart: self, plot: plot, low: low, high: high, mode: mode)
        canvas.draw(&grid)
        ticks(&grid, plot: plot, y: rect.maxY - 1)
        return true
    }

    /// Where the plot goes in `rect`: right of the y-axis labels, above the time axis.
    func plot(in rect: Rect, labels: [(text: String, row: Int, role: Role)]) -> Rect? {
        let labelWidth = max(self.labelWidth, (labels.map { DisplayWidth.of($0.text) }.max() ?? 0) + 1)
        let plot = Rect(x: rect.x + labelWidth, y: rect.y, width: rect.width - labelWidth, height: rect.height - 1)
        return plot.width >= 8 ? plot : nil
    }

    /// The columns the plot takes in `rect` (what a status timeline under it aligns with); nil when no chart fits.
    func plotColumns(in rect: Rect, mode: Mode) -> (x: Int, width: Int)? {
        guard rect.width >= Self.minimumWidth, rect.height >= Self.minimumHeight, let (low, high) = scale,
            points.contains(where: { $0.value.isFinite })
        else { return nil }
        return plot(in: rect, labels: axisLabels(low: low, high: high, rows: rect.height - 1, mode: mode))
            .map { ($0.x, $0.width) }
    }

    enum Mode {
        case braille
        case blocks
        case ascii

        /// Dots per cell across and down.
        var across: Int { self == .braille ? 2 : 1 }
        var down: Int {
            switch self {
            case .braille: 4
            case .blocks: 8
            case .ascii: 1
            }
        }
    }

    /// A value's dot row on a plot of `rows` dot rows between `low` and `high`, 0 at the top.
    static func dotRow(_ value: Double, low: Double, high: Double, rows: Int) -> Int {
        let fraction = (high - value) / (high - low)
        return max(0, min(rows - 1, Int((fraction * Double(rows - 1)).rounded())))
    }

    /// A label of the y-axis: the board's short form, in thousands, millions or more where it is long.
    func label(_ value: Double) -> String {
        if value == 0 { return unit == .percent ? "0%" : "0" }
        let text = Widgets.compact(value, unit: unit)
        return DisplayWidth.of(text) <= 7 ? text : Widgets.short(value, unit: unit)
    }

    /// Labels at the top and bottom of the scale and at each threshold's row (the row its line is drawn on),
    /// where they do not collide.
    func axisLabels(low: Double, high: Double, rows: Int, mode: Mode) -> [(text: String, row: Int, role: Role)] {
        guard rows > 0 else { return [] }
        func row(_ value: Double) -> Int {
            Self.dotRow(value, low: low, high: high, rows: rows * mode.down) / mode.down
        }
        var labels: [(text: String, row: Int, role: Role)] = [
            (label(high), 0, .dim), (label(low), rows - 1, .dim),
        ]
        if let thresholds {
            for (bound, role) in [(thresholds.critBound, Role.crit), (thresholds.warnBound, Role.warn)]
            where bound.isFinite && bound > low && bound < high {
                let at = row(bound)
                labels.removeAll { $0.row == at && $0.role == .dim }
                guard !labels.contains(where: { $0.row == at }) else { continue }
                labels.append((label(bound), at, role))
            }
        }
        return labels
    }

    /// Time ticks on the bottom row: at round times in the board's time zone, a label every ten columns or more.
    func ticks(_ grid: inout Grid, plot: Rect, y: Int) {
        let span = end - start
        let steps: [Double] = [60, 300, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172_800]
        let step = steps.first { span / $0 * 10 <= Double(plot.width) } ?? steps[steps.count - 1]
        let offset = Double(utcOffset)
        var tick = ((start + offset) / step).rounded(.up) * step - offset
        var free = plot.x
        while tick <= end {
            let column = plot.x + Int((tick - start) / span * Double(plot.width - 1))
            let label =
                step >= 86400
                ? TimeOfDay.day(tick, offset: utcOffset) : TimeOfDay.clock(tick, offset: utcOffset, seconds: false)
            if column >= free, column + DisplayWidth.of(label) <= plot.maxX {
                grid.put(grid.unicode ? "╵" : "'", x: column, y: y, role: .dim)
                if column + 1 + DisplayWidth.of(label) <= plot.maxX {
                    grid.put(label, x: column + 1, y: y, role: .dim)
                }
                free = column + DisplayWidth.of(label) + 2
            }
            tick += step
        }
    }

    /// The series resampled to `slots` equal slots of the window: a slot without a point of its own takes the
    /// line between its neighbours when they are no further apart than the series' usual step, else it is a
    /// gap (nil).
    func samples(_ slots: Int) -> [Double?] {
        let finite = points.filter { $0.value.isFinite && $0.timestamp >= start && $0.timestamp <= end }
        guard slots > 0, !finite.isEmpty else { return Array(repeating: nil, count: max(0, slots)) }
        let spacing = zip(finite, finite.dropFirst()).map { $1.timestamp - $0.timestamp }.sorted()
        let usual = spacing.isEmpty ? 0 : spacing[spacing.count / 2]
        let width = (end - start) / Double(slots)
        var out = [Double?](repeating: nil, count: slots)
        var next = 0
        for slot in 0..<slots {
            let time = start + (Double(slot) + 0.5) * width
            while next < finite.count && finite[next].timestamp <= time { next += 1 }
            let before = next > 0 ? finite[next - 1] : nil
            let after = next < finite.count ? finite[next] : nil
            switch (before, after) {
            case (let a?, let b?):
                guard b.timestamp - a.timestamp <= max(usual * 1.5, width) else {
                    // A gap between two points: each point still holds its own slot.
                    if time - a.timestamp <= width / 2 + 1e-9 { out[slot] = a.value }
                    if b.timestamp - time < width / 2 { out[slot] = b.value }
                    continue
                }
                let fraction = (time - a.timestamp) / max(b.timestamp - a.timestamp, 1e-9)
                out[slot] = a.value + (b.value - a.value) * fraction
            case (let a?, nil):
                if time - a.timestamp <= max(usual, width) { out[slot] = a.value }
            case (nil, let b?):
                if b.timestamp - time <= max(usual, width) / 2 { out[slot] = b.value }
            case (nil, nil):
                break
            }
        }
        return out
    }
}

/// The plot of one chart: dots (or blocks, or ASCII marks) per cell, each cell in the role of the worst status
/// drawn in it.
private struct Canvas {
    let chart: Chart
    let plot: Rect
    let low: Double
    let high: Double
    let mode: Chart.Mode

    var across: Int { mode.across }
    var down: Int { mode.down }

    /// A value's dot row, 0 at the top.
    func dotRow(_ value: Double) -> Int { Chart.dotRow(value, low: low, high: high, rows: plot.height * down) }

    func draw(_ grid: inout Grid) {
        let columns = plot.width * across
        let rows = plot.height * down
        // Dots by row then column, each row `columns` long: `dots[row * columns + column]`.
        var dots = [Bool](repeating: false, count: rows * columns)
        var status = [Status?](repeating: nil, count: plot.width * plot.height)
        var thresholdCells = [Bool](repeating: false, count: plot.width * plot.height)
        func cell(_ column: Int, _ row: Int) -> Int { (row / down) * plot.width + column / across }

        // The thresholds: a dotted line each (their values labelled in their colours on the axis).
        if let thresholds = chart.thresholds {
            for bound in [thresholds.warnBound, thresholds.critBound]
            where bound.isFinite && bound >= low && bound <= high {
                let row = dotRow(bound)
                for column in stride(from: 0, to: columns, by: mode == .braille ? 2 : 1) {
                    thresholdCells[cell(column, row)] = true
                    if mode == .braille { dots[row * columns + column] = true }
                }
            }
        }
        // The series compared with: a dot every other column, dim, under the series.
        var compared = [Bool](repeating: false, count: plot.width * plot.height)
        for other in chart.others {
            var copy = chart
            copy.points = other
            for (column, sample) in copy.samples(columns).enumerated() where column % 2 == 0 {
                guard let value = sample else { continue }
                let row = dotRow(value)
                if mode == .braille { dots[row * columns + column] = true }
                compared[cell(column, row)] = true
            }
        }
        // The series: joined from column to column; where red, filled to the red threshold.
        let samples = chart.samples(columns)
        let redRow = chart.thresholds.map { dotRow($0.critBound) }
        var previous: Int?
        var last: (column: Int, row: Int, status: Status)?
        var series = [Bool](repeating: false, count: rows * columns)
        for (column, sample) in samples.enumerated() {
            guard let value = sample else {
                previous = nil
                continue
            }
            let row = dotRow(value)
            let valueStatus = chart.thresholds?.status(for: value) ?? .green
            var from = previous.map { min($0, row) } ?? row
            var to = previous.map { max($0, row) } ?? row
            if valueStatus == .red, let redRow {
                from = min(from, redRow)
                to = max(to, redRow)
            }
            for dot in from...to {
                series[dot * columns + column] = true
                let index = cell(column, dot)
                status[index] = max(status[index] ?? .green, valueStatus)
            }
            previous = row
            last = (column, row, valueStatus)
        }
        for index in series.indices where series[index] { dots[index] = true }
        // Cells to characters.
        for y in 0..<plot.height {
            for x in 0..<plot.width {
                let index = y * plot.width + x
                let character: Character?
                let role: Role
                if let cellStatus = status[index] {
                    role = Role.status(cellStatus)
                    character = glyph(dots, series, x: x, y: y, status: cellStatus)
                } else if compared[index] {
                    role = .dim
                    character =
                        mode == .braille
                        ? glyph(dots, series, x: x, y: y, status: .green) : (mode == .blocks ? "·" : ".")
                } else if thresholdCells[index] {
                    role = .threshold
                    character =
                        mode == .braille
                        ? glyph(dots, series, x: x, y: y, status: .green) : (mode == .blocks ? "┄" : "-")
                } else {
                    continue
                }
                if let character { grid.plot(character, x: plot.x + x, y: plot.y + y, role: role) }
            }
        }
        // The latest value, marked.
        if let last, last.column >= columns - across * 3 {
            grid.plot(
                grid.unicode ? "●" : "@", x: plot.x + last.column / across, y: plot.y + last.row / down,
                role: Role.status(last.status))
        }
    }

    /// The bit of each braille dot, by column and row from the top.
    static let brailleBits: [UInt32] = [0x01, 0x02, 0x04, 0x40, 0x08, 0x10, 0x20, 0x80]

    /// One cell's character, nil where it is blank: braille from its dots; a block or ASCII mark from the series'
    /// rows in it.
    func glyph(_ dots: [Bool], _ series: [Bool], x: Int, y: Int, status: Status) -> Character? {
        let columns = plot.width * across
        switch mode {
        case .braille:
            var code: UInt32 = 0
            for dx in 0..<2 {
                for dy in 0..<4 where dots[(y * 4 + dy) * columns + x * 2 + dx] {
                    code |= Self.brailleBits[dx * 4 + dy]
                }
            }
            return code == 0 ? nil : Character(Unicode.Scalar(0x2800 + code)!)
        case .blocks:
            // The series' lowest and highest eighths in this cell: a bar from one to the other.
            var top: Int?
            var bottom: Int?
            for eighth in 0..<8 where series[(y * 8 + eighth) * columns + x] {
                top = top ?? eighth
                bottom = eighth
            }
            guard let top, let bottom else { return nil }
            if top == 0 && bottom == 7 { return status == .red ? "▓" : "█" }
            if bottom == 7 { return Widgets.blocks[max(0, min(7, 7 - top))] }
            return top < 4 ? "▀" : "▄"
        case .ascii:
            guard series[y * columns + x] else { return nil }
            switch status {
            case .red: return "#"
            case .yellow: return "+"
            default: return "*"
            }
        }
    }
}
