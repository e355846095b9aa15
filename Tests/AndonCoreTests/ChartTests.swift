import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The chart widget (issue 20): a series over time against its thresholds, in braille, block elements and
/// ASCII, with its golden screens (characters and roles).
@Suite("the chart", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct ChartTests {
    static let start = 1_795_910_400.0  // 2026-11-29T00:00:00Z
    static let end = start + 3600
    static let kanban = Thresholds(green: Condition(.less, 500), red: Condition(.greater, 1000))

    static func series(_ value: (Double) -> Double?, every step: Double = 60) -> [Point] {
        stride(from: start, through: end, by: step).compactMap { time in
            value((time - start) / 3600).map { Point(timestamp: time, value: $0) }
        }
    }

    static func render(
        _ points: [Point], thresholds: Thresholds? = kanban, unit: AndonCore.Unit = .items,
        size: Size = Size(width: 48, height: 10),
        unicode: Bool = true, braille: Bool = true
    ) -> Grid {
        var grid = Grid(size: size, unicode: unicode, braille: braille)
        let chart = Chart(points: points, start: start, end: end, thresholds: thresholds, unit: unit, utcOffset: 0)
        #expect(chart.draw(&grid, in: grid.bounds))
        return grid
    }

    /// The plot's columns (after the y-axis labels) that hold a cell of the series' status roles.
    static func seriesColumns(_ grid: Grid, roles: Set<Role> = [.ok, .warn, .crit]) -> [Int] {
        (0..<grid.size.width).filter { x in
            (0..<(grid.size.height - 1)).contains { y in
                let cell = grid[x, y]
                return roles.contains(cell.role) && !"0123456789,.%skMGT".contains(cell.character)
            }
        }
    }

    static func golden(_ grid: Grid, _ name: String) throws {
        try Golden.compare(grid.text + "\n--- roles\n" + grid.roles + "\n", name: "chart-" + name)
    }

    @Test func aConstantSeriesIsOneFlatLine() throws {
        let grid = Self.render(Self.series { _ in 42 })
        // One row holds the whole line (the latest point marked on it).
        let rows = (0..<9).filter { y in (8..<48).contains { grid[$0, y].role == .ok } }
        #expect(rows.count == 1, "\(grid.text)")
        // The scale runs from zero and shows both thresholds, labelled in their colours.
        #expect(grid.text.contains("1,000") && grid.text.contains("500") && grid.text.contains(" 0"), "\(grid.text)")
        try Self.golden(grid, "constant")
    }

    @Test func aGapStaysAGap() throws {
        // Data for the first and last twenty minutes only.
        let grid = Self.render(Self.series { $0 < 1 / 3 || $0 > 2 / 3 ? 200 : nil })
        let columns = Self.seriesColumns(grid)
        let plot = 48 - 6
        let middle = (6 + plot * 2 / 5)..<(6 + plot * 3 / 5)
        #expect(!columns.isEmpty && middle.allSatisfy { !columns.contains($0) }, "\(grid.text)")
        // Never drawn as zero: the bottom row of the plot has no series cell.
        #expect(!(6..<48).contains { grid[$0, 8].role == .ok }, "\(grid.text)")
        try Self.golden(grid, "gap")
    }

    @Test(arguments: [("braille", true, true), ("blocks", true, false), ("ascii", false, false)])
    func aSeriesCrossingBothThresholds(mode: String, unicode: Bool, braille: Bool) throws {
        // 0 to 2,000 over the hour: yellow from 500, red from 1,000 (a quarter and a half of the way).
        let grid = Self.render(Self.series { $0 * 2000 }, unicode: unicode, braille: braille)
        let ok = Self.seriesColumns(grid, roles: [.ok])
        let warn = Self.seriesColumns(grid, roles: [.warn])
        let crit = Self.seriesColumns(grid, roles: [.crit])
        #expect(!ok.isEmpty && !warn.isEmpty && !crit.isEmpty, "\(grid.text)")
        if let firstCrit = crit.first, let lastOK = ok.last {
            #expect(lastOK < firstCrit, "\(grid.text)")
        }
        // Red reads without colour: filled between the line and the red threshold, so the last column holds
        // several red cells one above the other.
        let lastColumn = crit.last ?? 0
        let redCells = (0..<9).filter { grid[lastColumn, $0].role == .crit }.count
        #expect(redCells >= 3, "\(grid.text)")
        if !unicode { #expect(grid.text.contains("#") && grid.text.allSatisfy(\.isASCII), "\(grid.text)") }
        try Self.golden(grid, "crossing-" + mode)
    }

    @Test func negativeHugeAndNotFiniteValues() throws {
        let points = Self.series { fraction in
            fraction < 0.2 ? -5e9 : fraction < 0.4 ? .nan : fraction < 0.6 ? .infinity : 3e12 * fraction
        }
        let grid = Self.render(points, thresholds: nil, unit: .none)
        #expect(!Self.seriesColumns(grid).isEmpty, "\(grid.text)")
        // Labels stay short: thousands of billions, not thirteen digits.
        #expect(grid.text.contains("3.3T") && !grid.text.contains("000,000"), "\(grid.text)")
        try Self.golden(grid, "huge")
    }

    @Test func onePointIsMarked() throws {
        let grid = Self.render([Point(timestamp: Self.end - 30, value: 700)])
        #expect(grid.text.contains("●"), "\(grid.text)")
        #expect(!grid.text.contains("no data"))
        try Self.golden(grid, "one-point")
    }

    @Test func anEmptySeriesSaysNoData() throws {
        for points in [[], [Point(timestamp: Self.start, value: .nan)]] {
            let grid = Self.render(points)
            #expect(grid.text.contains("no data"), "\(grid.text)")
            // Never a flat line at zero.
            #expect(Self.seriesColumns(grid, roles: [.ok, .warn, .crit]).isEmpty, "\(grid.text)")
        }
    }

    @Test func theTimeAxisIsInTheBoardsTimeZone() {
        var grid = Grid(size: Size(width: 60, height: 6))
        let chart = Chart(
            points: Self.series { _ in 1 }, start: Self.start, end: Self.end, thresholds: nil, unit: .none,
            utcOffset: 3600)
        #expect(chart.draw(&grid, in: grid.bounds))
        let axis = grid.text.split(separator: "\n").last.map(String.init) ?? ""
        // 00:00 UTC is 01:00 an hour east.
        #expect(axis.contains("01:00") && !axis.contains("00:00"), "\(axis)")
        #expect(
            TimeOfDay.day(Self.start, offset: 0) == "Sun 29" && TimeOfDay.day(Self.start + 86400, offset: 0) == "Mon 30"
        )
    }

    /// A comparison (a week earlier): dotted and dim behind the series, on one scale that holds both.
    @Test func aSeriesComparedWithAnother() throws {
        var grid = Grid(size: Size(width: 48, height: 10))
        let chart = Chart(
            points: Self.series { _ in 300 }, start: Self.start, end: Self.end, thresholds: Self.kanban, unit: .items,
            utcOffset: 0, others: [Self.series { _ in 2400 }])
        #expect(chart.draw(&grid, in: grid.bounds))
        let dim = (0..<9).flatMap { y in (6..<48).filter { grid[$0, y].role == .dim && grid[$0, y].character != " " } }
        let ok = (0..<9).flatMap { y in (6..<48).filter { grid[$0, y].role == .ok } }
        #expect(dim.count >= 10 && ok.count >= 10, "\(grid.text)")
        // The scale holds the other series (2,400), not only the thresholds and the series.
        #expect(grid.text.contains("2,610"), "\(grid.text)")
        try Self.golden(grid, "compared")
    }

    @Test func tooSmallDrawsNothing() {
        var grid = Grid(size: Size(width: 10, height: 2))
        let chart = Chart(
            points: Self.series { _ in 1 }, start: Self.start, end: Self.end, thresholds: nil, unit: .none, utcOffset: 0
        )
        #expect(!chart.draw(&grid, in: grid.bounds))
    }
}
