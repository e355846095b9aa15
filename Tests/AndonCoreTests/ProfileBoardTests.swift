import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// What a profile changes on the board: principles left out, alerts scoped and routed by label matchers, and the
/// variables' chooser (`v`) that switches the line.
@Suite(
    "profiles on the board",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct ProfileBoardTests {
    @Test func principlesLeftOutAreNotOnTheBoard() async throws {
        var state = await BoardRecording.state(size: Size(width: 120, height: 40), leavingOut: [.jidoka, .heijunka])
        #expect(state.principles == [.kanban, .andon, .kaizen, .tracing])
        let grid = BoardView().render(state)
        // No tile of theirs (their alerts still show in the strip, by name).
        #expect(!grid.text.contains("┌ Jidoka") && !grid.text.contains("┌ Heijunka"), "\(grid.text)")
        try GoldenScreenTests.compare(grid, name: "overview-four-principles-120x40")
        // A principle keeps its number: 1 (Jidoka) opens nothing, 2 opens Kanban.
        _ = state.update(.key(.character("1")))
        #expect(state.pane == .overview)
        _ = state.update(.key(.character("2")))
        #expect(state.pane == .principle(.kanban))
        // Tab goes through the four and the alerts.
        _ = state.update(.key(.character("0")))
        var seen: [Pane] = []
        for _ in 0..<6 {
            _ = state.update(.key(.tab))
            seen.append(state.pane)
        }
        #expect(
            seen == [
                .principle(.kanban), .principle(.andon), .principle(.kaizen), .principle(.tracing), .alerts, .overview,
            ])
        // The selection stops at the last tile.
        _ = state.update(.key(.end))
        _ = state.update(.key(.enter))
        #expect(state.pane == .principle(.tracing))
        _ = state.update(.resize(Size(width: 80, height: 24)))
        _ = state.update(.key(.character("0")))
        try GoldenScreenTests.compare(BoardView().render(state), name: "overview-four-principles-80x24")
    }

    /// Detection that measured four principles: the other two are not tiles (not measured is neither green nor
    /// blind), and a line under the tiles names them; a detection that could not read the plant says so there.
    @Test func whatDetectionCannotMeasureIsSaidUnderTheTiles() async throws {
        let size = Size(width: 120, height: 40)
        let catalogue = Profile.detectable
        let detection = Detection(
            suppliers: [.jidoka: "tps", .andon: "tps", .heijunka: "tps", .tracing: "tps"],
            notMeasured: [
                ProfileDetection.notMeasured(.kanban, catalogue: catalogue),
                ProfileDetection.notMeasured(.kaizen, catalogue: catalogue),
            ])
        let state = await BoardRecording.state(size: size, leavingOut: [.kanban, .kaizen], detection: detection)
        let grid = BoardView().render(state)
        #expect(grid.text.contains("not measured here: Kanban (no queues found), Kaizen (no SLOs found)"))
        #expect(!grid.text.contains("┌ Kanban") && !grid.text.contains("┌ Kaizen"))
        try GoldenScreenTests.compare(grid, name: "overview-detected-120x40")
        let ascii = BoardView(unicode: false, braille: false).render(state)
        #expect(ascii.text.contains("| andon doctor says what would"))
        let refused = await BoardRecording.state(
            size: size, detection: Detection(problem: "cannot detect the profiles: connection refused"))
        #expect(
            BoardView().render(refused).text.contains(
                "profiles not detected: cannot detect the profiles: connection refused"))
        let chosen = await BoardRecording.state(size: size, leavingOut: [.kanban, .kaizen])
        #expect(!BoardView().render(chosen).text.contains("not measured"))
    }

    @Test func matchersParseAndMatchAsPromQLDoes() throws {
        let labels: Labels = ["alertname": "QueueDeep", "line": "2", "principle": "kanban", "note": "a \"b\""]
        #expect(try LabelMatcher(parsing: #"line="2""#).matches(labels))
        #expect(try !LabelMatcher(parsing: #"line="1""#).matches(labels))
        #expect(try LabelMatcher(parsing: #"line!="1""#).matches(labels))
        #expect(try LabelMatcher(parsing: #"line=~"1|2""#).matches(labels))
        // A regular expression matches the whole value, as in PromQL.
        #expect(try !LabelMatcher(parsing: #"alertname=~"Queue""#).matches(labels))
        #expect(try LabelMatcher(parsing: #"alertname!~"Queue""#).matches(labels))
        // A missing label is the empty value.
        #expect(try LabelMatcher(parsing: #"team="""#).matches(labels))
        #expect(try LabelMatcher(parsing: #"note="a \"b\"""#).matches(labels))
        #expect(try LabelMatcher(parsing: "line = '2'").matches(labels))
        for bad in ["line", "line=2", #"line="2"#, #"2line="2""#, #"line=~"(""#, #"line="a"b""#] {
            #expect(throws: LabelMatcher.Problem.self, "\(bad)") { try LabelMatcher(parsing: bad) }
        }
    }

    /// A value written into a matcher by a variable (escaped by QueryTemplate) is read back as exactly the value.
    @Test(arguments: [#"2"} or vector(1)"#, "a\\b", "line\nbreak", "it's"])
    func aVariableInAMatcherIsItsValue(value: String) throws {
        let matcher = try LabelMatcher(parsing: try QueryTemplate.expand(#"line="$line""#, ["line": .one(value)]))
        #expect(matcher.value == value)
        #expect(matcher.matches(["line": value]) && !matcher.matches(["line": "2"]))
        let several = try LabelMatcher(
            parsing: try QueryTemplate.expand(#"line=~"$line""#, ["line": .several([value, "x.y"])]))
        #expect(
            several.matches(["line": value]) && several.matches(["line": "x.y"]) && !several.matches(["line": "xzy"]))
    }

    @Test func alertsAreScopedAndRoutedByTheProfile() {
        var profile = Profile.standard
        profile.alertScope = [#"line="2""#]
        profile.principles[1].alertMatchers = [#"queue=~".+""#]  // Kanban: any alert about a queue
        let routing = AlertRouting(profile: profile)
        func alert(_ labels: Labels) -> Alert { Alert(labels: labels, annotations: [:], state: .firing, activeAt: nil) }
        let routed = routing.route([
            alert(["alertname": "A", "line": "1", "principle": "andon"]),
            alert(["alertname": "B", "line": "2", "principle": "andon"]),
            alert(["alertname": "C", "line": "2", "queue": "orders"]),
            alert(["alertname": "D", "line": "2"]),
        ])
        #expect(routed.map(\.name) == ["B", "C", "D"])
        #expect(routed.map(\.principle) == [.andon, .kanban, nil])
    }

    static let linesProfile = """
        name: lines
        variables:
          line: {values: 'label_values(plant_queue_ready, line)', all: true}
        alerts: {matchers: ['line=~"$line"']}
        principles:
          kanban:
            headline: deepest queue
            query: max(plant_queue_ready{line=~"$line"})
            green: "< 10"
            red: "> 20"
        """

    /// A plant's line whose profile declares a variable: its help names Esc (back to the plant) and `v`.
    @Test func theHelpOfAPlantsLineNamesEscAndTheChooser() throws {
        var config = Config()
        config.use(try ProfileParser.parse(yaml: Self.linesProfile, file: "lines.yaml"))
        config.variables["line"] = .one("1")
        try config.expandVariables()
        var state = BoardState(config: config, now: 1000, size: Size(width: 100, height: 30))
        _ = state.update(.tick(1000))
        // A line of a plant: hidden among the rows, then opened.
        _ = state.update(.placed(.hidden))
        _ = state.update(.placed(.shown(ownRefresh: false)))
        _ = state.update(.key(.character("?")))
        #expect(state.pane == .help && state.inPlant)
        try GoldenScreenTests.compare(BoardView().render(state), name: "help-line-100x30")
    }

    @Test func theChooserSwitchesTheLineAndDropsTheOldLinesAnswers() throws {
        var config = Config()
        config.use(try ProfileParser.parse(yaml: Self.linesProfile, file: "lines.yaml"))
        config.variables["line"] = .one("1")
        try config.expandVariables()
        #expect(config.spec(.kanban).query == #"max(plant_queue_ready{line=~"1"})"#)
        #expect(config.scopeText == "line 1")
        var state = BoardState(config: config, now: 1000, size: Size(width: 100, height: 30))
        _ = state.update(.tick(1000))
        #expect(state.update(.key(.character("v"))) == [.listVariables])
        #expect(state.pane == .variables)
        _ = state.update(.variableValues([VariableValues(name: "line", values: ["1", "2"])]))
        #expect(state.chooser?.rows.map(\.text) == ["1", "2", "all"])
        #expect(state.chooser?.cursor == 0)
        try GoldenScreenTests.compare(BoardView().render(state), name: "variables-100x30")
        _ = state.update(.key(.down))
        let effects = state.update(.key(.enter))
        #expect(effects.contains(.refresh))
        #expect(state.pane == .overview)
        #expect(state.config.variables["line"] == .one("2"))
        #expect(state.config.spec(.kanban).query == #"max(plant_queue_ready{line=~"2"})"#)
        #expect(state.config.profile.alertScope == [#"line=~"2""#])
        #expect(BoardView().render(state).text.contains("line 2"))
        // An answer asked for line 1 arrives after the switch: dropped.
        var old = OverviewData(
            evaluation: Evaluation(
                evaluatedAt: 1000, prometheus: "", readings: [Reading(id: .kanban, value: 5, status: .green)],
                alerts: .success([])),
            culprits: [:], at: 1000)
        old.variables = config.variables
        _ = state.update(.refreshed(old))
        #expect(state.readings.isEmpty)
        old.variables = state.config.variables
        _ = state.update(.refreshed(old))
        #expect(state.readings[.kanban] != nil)
        // Esc leaves the chooser without a change.
        _ = state.update(.key(.character("v")))
        _ = state.update(.key(.escape))
        #expect(state.pane == .overview && state.config.variables["line"] == .one("2"))
    }

    @Test func withoutDeclaredVariablesTheKeyDoesNothing() {
        var state = BoardState(config: Config(), now: 1000, size: Size(width: 100, height: 30))
        #expect(state.update(.key(.character("v"))).isEmpty)
        #expect(state.pane == .overview)
    }
}
