import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// A drill-down's comparisons (issue 20): week over week as two curves, and a "no data" for the week without
/// history; circuit state per component as a timeline; charts that share one time axis.
@Suite(
    "drill-down charts",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct DrillChartTests {
    static let now = 1_795_914_000.0  // 2026-11-29T01:00:00Z
    static let start = now - 3600

    /// A range answer: one series per label value, a point every 15 s of the last hour from `value(minute)`.
    static func matrix(_ label: String, _ series: [(String, (Double) -> Double?)]) -> String {
        let results = series.map { name, value in
            let points = stride(from: start, through: now, by: 15).compactMap { time -> String? in
                value((time - start) / 60).map { "[\(Int(time)),\"\($0)\"]" }
            }
            return #"{"metric":{"\#(label)":"\#(name)"},"values":[\#(points.joined(separator: ","))]}"#
        }
        return #"{"status":"success","data":{"resultType":"matrix","result":["# + results.joined(separator: ",")
            + "]}}"
    }

    static func vector(_ label: String, _ rows: [(String, Double)]) -> String {
        let results = rows.map { #"{"metric":{"\#(label)":"\#($0.0)"},"value":[\#(Int(now)),"\#($0.1)"]}"# }
        return #"{"status":"success","data":{"resultType":"vector","result":["# + results.joined(separator: ",")
            + "]}}"
    }

    /// A board on `id`'s drill-down over the last hour, its panels answered by `answers` (request key → body).
    static func drill(
        _ id: PrincipleID, _ answers: [String: String], size: Size = Size(width: 120, height: 40),
        unicode: Bool = true
    ) async -> (BoardState, DrillData) {
        var config = Config()
        config.title = "Line 3"
        let transport = RecordedTransport(answers: answers.mapValues { RecordedTransport.json($0) })
        let fetcher = BoardFetcher(client: PrometheusClient(transport: transport), config: config)
        let data = await fetcher.drill(id, range: .hour1, points: 40, now: now)
        var state = BoardState(
            config: config, now: now, size: size, range: .hour1, pane: .principle(id))
        _ = state.update(.drilled(data))
        return (state, data)
    }

    static func render(_ state: BoardState, unicode: Bool = true) -> Grid {
        BoardView(unicode: unicode, braille: unicode).render(state)
    }

    /// The golden of one panel: `rows` of the grid, `columns` wide (characters, then roles).
    static func golden(_ grid: Grid, rows: Range<Int>, columns: Int, _ name: String) throws {
        func crop(_ text: String) -> String {
            text.components(separatedBy: "\n")[rows].map { String(Array($0).prefix(columns)) }.joined(
                separator: "\n")
        }
        try Golden.compare(crop(grid.text) + "\n--- roles\n" + crop(grid.roles) + "\n", name: name)
    }

    // MARK: week over week

    static let weekPanel = Profile.standard.panels(.kaizen).first { $0.title == "Week-over-week P99 latency" }!

    @Test func weekOverWeekIsATrendOfTwoNamedSeries() {
        #expect(Self.weekPanel.kind == .trend)
        #expect(Self.weekPanel.series == ["this week", "a week earlier"])
        #expect(Self.weekPanel.query.contains("offset 1w"))
    }

    /// `series:` names a trend's series; on a panel of rows it is an error that says where.
    @Test func seriesBelongToATrend() throws {
        var yaml = try String(contentsOf: Repository.file("profiles/tps.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(
            of: "        kind: states\n", with: "        kind: states\n        series: [a, b]\n")
        #expect {
            _ = try ProfileParser.parse(yaml: yaml, file: "tps.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("tps.yaml:") && text.contains("principles.jidoka.panels[0].series")
                && text.contains("kind: trend")
        }
    }

    /// Without a week of history Prometheus answers only "this week": the panel keeps "a week earlier" and says
    /// it has no data, instead of dropping it.
    @Test func aWeekWithoutHistorySaysNoData() async {
        let key = "/api/v1/query_range?" + Self.weekPanel.query
        let (state, data) = await Self.drill(
            .kaizen, [key: Self.matrix("window", [("this week", { 2 + $0 / 30 })])], size: Size(width: 200, height: 60))
        let index = Profile.standard.panels(.kaizen).firstIndex(of: Self.weekPanel) ?? -1
        let result = data.panels[index]
        #expect(result.series.map(\.label) == ["this week", "a week earlier"])
        #expect(result.series[1].points.isEmpty && result.series[0].points.count == 241)
        let grid = Self.render(state)
        let screen = grid.text
        #expect(screen.contains("━ this week 4.00 s"), "\(screen)")
        let legend = screen.components(separatedBy: "\n").first { $0.contains("┄ a week earlier no data") }
        #expect(legend != nil, "\(screen)")
    }

    /// With a week of history both curves are drawn on one scale: this week solid in its status, the week before
    /// dotted and dim behind it.
    @Test func bothWeeksAreTwoCurves() async throws {
        let key = "/api/v1/query_range?" + Self.weekPanel.query
        let answer = Self.matrix("window", [("a week earlier", { _ in 1.5 }), ("this week", { 2 + $0 / 10 })])
        let (state, data) = await Self.drill(.kaizen, [key: answer])
        let index = Profile.standard.panels(.kaizen).firstIndex(of: Self.weekPanel) ?? -1
        #expect(data.panels[index].series.map(\.label) == ["this week", "a week earlier"], "declared order")
        let grid = Self.render(state)
        let rows = grid.text.components(separatedBy: "\n")
        let top = rows.firstIndex { $0.contains("Week-over-week P99 latency") } ?? -1
        try #require(top >= 0, "\(grid.text)")
        #expect(rows[top + 1].contains("━ this week 8.00 s") && rows[top + 1].contains("┄ a week earlier 1.50 s"))
        // This week crosses 3 s and 5 s (yellow, then red); the week before is a dim line of its own.
        let plot = (top + 2)..<(top + 6)  // under the legend, above the time axis
        let roles = Set(plot.flatMap { y in (0..<grid.size.width).map { grid[$0, y].role } })
        #expect(roles.isSuperset(of: [.ok, .warn, .crit, .dim]), "\(roles)")
        let dimRows = plot.filter { y in
            (10..<110).contains { x in grid[x, y].role == .dim && grid[x, y].character != " " }
        }
        #expect(dimRows.count == 1, "the week before is flat: one row of dim dots")
        try Self.golden(grid, rows: top..<(top + 8), columns: 120, "drill-week-over-week")
    }

    // MARK: circuit state timeline

    static let statesPanel = Profile.standard.panels(.jidoka)[0]

    /// `search` flaps: closed for 20 minutes, open for 10, half-open for 5, closed for 15, open again for the last
    /// 10; `auth` stays closed; `db` has no samples for its first half hour.
    static let flapping: [String: String] = [
        "/api/v1/query?" + statesPanel.fetchQuery: vector("component", [("auth", 0), ("db", 0), ("search", 1)]),
        "/api/v1/query_range?" + statesPanel.query: matrix(
            "component",
            [
                ("auth", { _ in 0 }),
                ("db", { $0 < 30 ? nil : 0 }),
                ("search", { $0 < 20 ? 0 : $0 < 30 ? 1 : $0 < 35 ? 2 : $0 < 50 ? 0 : 1 }),
            ]),
    ]

    /// The cells of `name`'s timeline: in its row of the states panel, the status cells after its label.
    static func timeline(_ grid: Grid, _ name: String) -> (cells: [Character], roles: [Role]) {
        for y in 0..<grid.size.height {
            let row = (0..<grid.size.width).map { grid[$0, y] }
            let text = String(row.map(\.character))
            guard let range = text.range(of: "│ " + name + " ") ?? text.range(of: "| " + name + " ") else {
                continue
            }
            let from = text.distance(from: text.startIndex, to: range.upperBound)
            let skipped = row[from...].prefix { $0.character == " " }.count
            let cells = row[(from + skipped)...].prefix { [.ok, .warn, .crit, .unknown].contains($0.role) }
            return (cells.map(\.character), cells.map(\.role))
        }
        return ([], [])
    }

    @Test func aFlappingBreakerShowsInItsTimeline() async throws {
        let (state, data) = await Self.drill(.jidoka, Self.flapping)
        #expect(data.panels[0].rows.map(\.label) == ["auth", "db", "search"])
        #expect(Set(data.panels[0].timelines.keys) == ["auth", "db", "search"])
        let grid = Self.render(state)
        let search = Self.timeline(grid, "search")
        let width = search.cells.count
        try #require(width >= 30, "\(grid.text)")
        // Minute m of the hour is at column m / 60 * width; each run of states where the scenario put it.
        func at(_ minute: Double) -> Int { Int(minute / 60 * Double(width)) }
        #expect(search.roles[at(2)..<at(18)].allSatisfy { $0 == .ok }, "\(search)")
        #expect(search.roles[at(22)..<at(28)].allSatisfy { $0 == .crit }, "\(search)")
        #expect(search.roles[at(31)..<at(34)].allSatisfy { $0 == .warn }, "\(search)")
        #expect(search.roles[at(37)..<at(48)].allSatisfy { $0 == .ok }, "\(search)")
        #expect(search.roles[at(52)...].allSatisfy { $0 == .crit }, "\(search)")
        // Readable without colour: the taller, the worse.
        #expect(search.cells[at(25)] == "█" && search.cells[at(32)] == "▄" && search.cells[at(10)] == "▁")
        let auth = Self.timeline(grid, "auth")
        #expect(auth.cells.count == width && auth.roles.allSatisfy { $0 == .ok })
        // No samples is unknown, never closed.
        let db = Self.timeline(grid, "db")
        #expect(db.roles[..<at(28)].allSatisfy { $0 == .unknown } && db.roles[at(32)...].allSatisfy { $0 == .ok })
        // The timelines' time axis under the rows.
        #expect(grid.text.contains("╵00:15") && grid.text.contains("╵00:30") && grid.text.contains("╵00:45"))
        try Self.golden(grid, rows: 2..<8, columns: 60, "drill-circuit-timeline")

        let ascii = Self.timeline(Self.render(state, unicode: false), "search")
        try #require(ascii.cells.count == width)
        #expect(ascii.cells[at(25)] == "#" && ascii.cells[at(32)] == "=" && ascii.cells[at(10)] == "_")
    }

    /// The states panel's range is asked with the drill-down, in the same batch, at the status history's step.
    @Test func theTimelineIsFetchedWithTheDrillDown() async {
        let counting = OverviewQueryTests.Counting(
            RecordedTransport(answers: Self.flapping.mapValues { RecordedTransport.json($0) }))
        let fetcher = BoardFetcher(client: PrometheusClient(transport: counting), config: Config())
        _ = await fetcher.drill(.jidoka, range: .hours24, points: 40, now: Self.now)
        let panels = Profile.standard.panels(.jidoka)
        #expect(counting.batches.count == 1 && counting.batches[0].count == panels.count + 1)
        #expect(counting.batches[0].last == "/api/v1/query_range?" + Self.statesPanel.query)
        #expect(BoardFetcher.historyStep(.hours24) == 120)
    }

    /// A failed range query leaves the rows as they are, without timelines.
    @Test func withoutTheRangeTheRowsStay() async {
        var answers = Self.flapping
        answers["/api/v1/query_range?" + Self.statesPanel.query] = nil
        let (state, data) = await Self.drill(.jidoka, answers)
        #expect(data.panels[0].rows.count == 3 && data.panels[0].timelines.isEmpty)
        let screen = Self.render(state).text
        #expect(screen.contains("OPEN") && !screen.contains("╵00:30"), "\(screen)")
    }

    // MARK: one time axis

    /// The headline chart, its status timeline and the trend panels take the whole width with one y-axis width:
    /// the same time falls in the same column of each (error rate over throughput).
    @Test(arguments: [Size(width: 120, height: 40), Size(width: 200, height: 60)])
    func theDrillDownsChartsShareOneTimeAxis(size: Size) async {
        var state = await BoardRecording.state(size: size)
        _ = state.update(.key(.character("3")))
        state.scroll = 0
        var ticks: [[Int]] = []
        var screen = ""
        for scroll in stride(from: 0, through: 80, by: 10) {
            state.scroll = scroll
            let grid = Self.render(state)
            screen += grid.text + "\n"
            for y in 0..<grid.size.height {
                let columns = (0..<grid.size.width).filter { grid[$0, y].character == "╵" }
                if columns.count >= 2 && !ticks.contains(columns) { ticks.append(columns) }
            }
        }
        // The headline chart's axis and the two trend panels' axes, all the same.
        #expect(ticks.count == 1, "\(ticks)\n\(screen)")
        #expect(screen.contains("Error rate (%) against throughput (/s)") && screen.contains("Throughput (/s)"))
    }
}
