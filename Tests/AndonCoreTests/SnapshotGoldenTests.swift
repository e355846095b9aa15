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
