import AndonCore
import AndonRuntime
import AndonTestSupport
import Foundation
import Testing

/// `andon snapshot` output from recorded Prometheus answers against golden files (plain and with colour), and
/// the plugin line of `check` for the same answers.
@Suite(
    "Golden snapshots", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches")
)
struct SnapshotGoldenTests {
    static func config() -> Config {
        var config = Config()
        config.title = "Line 3 · Final assembly"
        config.prometheus.url = "http://prometheus:9090"
        return config
    }

    static func snapshot(width: Int, pane: Pane = .overview, unicode: Bool = true) async -> (BoardState, BoardView) {
        let config = config()
        let view = BoardView(unicode: unicode, braille: unicode, interactive: false)
        let fetcher = BoardFetcher(client: PrometheusClient(transport: BoardRecording.transport), config: config)
        let state = await OneShot.state(
            config: config, runner: EffectRunner(fetcher: fetcher, clock: { BoardRecording.now }), pane: pane,
            width: width, view: view)
        return (state, view)
    }

    @Test(arguments: [60, 100, 160])
    func overviewAtWidth(width: Int) async throws {
        let (state, view) = await Self.snapshot(width: width)
        let text = TextOutput.render(view.render(state), theme: .standard, colors: 0)
        #expect(!text.contains("\u{1B}"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(lines.count == state.size.height)
        #expect(lines.allSatisfy { $0.count <= width })
        // Everything is there without scrolling: six tiles, every alert, the time it was taken.
        for id in PrincipleID.allCases { #expect(text.contains(id.title)) }
        let alertLines = lines.filter { $0.hasPrefix(" FIRING ") || $0.hasPrefix(" pending ") }
        #expect(alertLines.count == state.alerts.count && state.alerts.count > 5)
        #expect(!text.contains("a for all"))
        #expect(text.contains("snapshot as of " + RFC3339.format(BoardRecording.now)))
        #expect(state.trends.count == 6 && state.trends.values.allSatisfy { !$0.isEmpty })
        try Golden.compare(text, name: "snapshot-\(width)")
    }

    /// `snapshot --json`: `check --json`'s members from the board's own answers, its status the exit status; with
    /// a drill-down, the panels and their rows as the text shows them.
    @Test func theSnapshotAsJSON() async throws {
        let (state, _) = await Self.snapshot(width: 100)
        let overview = try #require(
            try JSONSerialization.jsonObject(with: Data(state.json().serialized().utf8)) as? [String: Any])
        #expect(overview["status"] as? String == state.overall.rawValue)
        let principles = try #require(overview["principles"] as? [[String: Any]])
        #expect(principles.map { $0["id"] as? String } == PrincipleID.allCases.map(\.rawValue))
        for (principle, id) in zip(principles, PrincipleID.allCases) {
            #expect(principle["status"] as? String == state.shown(id).shown.effective.rawValue)
            // As written (the shortest digits that read back the same), within what JSONSerialization reads back.
            let value = try #require(principle["value"] as? Double)
            #expect(abs(value - (state.shown(id).value ?? .nan)) <= 1e-12 * max(1, abs(value)))
        }
        #expect((overview["alerts"] as? [Any])?.count == state.alerts.count)
        #expect(overview["drill"] == nil)
        // The same members as `check --json` of the same answers.
        let check = try #require(
            try JSONSerialization.jsonObject(
                with: Data(CheckReport(evaluation: state.evaluation, config: state.config).json().serialized().utf8))
                as? [String: Any])
        #expect(Set(check.keys) == Set(overview.keys))

        let (drilled, view) = await Self.snapshot(width: 100, pane: .principle(.kanban))
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(drilled.json().serialized().utf8)) as? [String: Any])
        let drill = try #require(json["drill"] as? [String: Any])
        #expect(drill["principle"] as? String == "kanban")
        let panels = try #require(drill["panels"] as? [[String: Any]])
        #expect(panels.map { $0["title"] as? String } == Config().profile.panels(.kanban).map(\.title))
        let text = TextOutput.render(view.render(drilled), theme: .standard, colors: 0)
        let depth = try #require(panels.first { ($0["title"] as? String) == "Depth by queue" })
        let rows = try #require(depth["rows"] as? [[String: Any]])
        #expect(!rows.isEmpty)
        for row in rows { #expect(text.contains(try #require(row["label"] as? String))) }
    }

    @Test func colourFollowsTheTheme() async throws {
        let (state, view) = await Self.snapshot(width: 100)
        let colored = TextOutput.render(view.render(state), theme: .standard, colors: 16)
        let plain = TextOutput.render(view.render(state), theme: .standard, colors: 0)
        // The same characters, with SGR sequences added and reset on every line.
        let stripped = colored.replacing(/\x1B\[[0-9;]*m/, with: "")
        #expect(
            stripped.split(separator: "\n").map { $0.trimmingSuffix() }
                == plain.split(separator: "\n").map { $0.trimmingSuffix() })
        #expect(colored.split(separator: "\n").allSatisfy { $0.hasSuffix("\u{1B}[0m") })
        // CRIT tiles are red (31), the header white on blue (97;44).
        #expect(colored.contains("\u{1B}[0;1;31m✗ CRIT"))
        #expect(colored.contains(";97;44m"))
        try Golden.compare(colored, name: "snapshot-100-color")
    }

    @Test func drillDownAtWidth() async throws {
        for width in [60, 160] {
            let (state, view) = await Self.snapshot(width: width, pane: .principle(.kanban))
            let text = TextOutput.render(view.render(state), theme: .standard, colors: 0)
            #expect(text.contains("Depth by queue"))
            #expect(!text.contains("↓ more"))
            try Golden.compare(text, name: "snapshot-kanban-\(width)")
        }
    }

    @Test func asciiSnapshotIsASCII() async throws {
        let (state, view) = await Self.snapshot(width: 100, unicode: false)
        let text = TextOutput.render(view.render(state), theme: .standard, colors: 0)
        #expect(text.allSatisfy { $0.isASCII })
    }
}

extension Substring {
    func trimmingSuffix() -> Substring {
        var copy = self
        while copy.hasSuffix(" ") { copy.removeLast() }
        return copy
    }
}
