import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Text from Prometheus can contain anything. On the board, in `snapshot` and in `check`'s text it is inert and cut
/// by display width; in `--json` it is escaped and round-trips exactly.
@Suite(
    "hostile text",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct HostileTextTests {
    static let hostile: [String] = [
        "clear\u{1B}[2J\u{1B}[H", "title\u{1B}]0;pwned\u{07}", "clip\u{1B}]52;c;ZXZpbA==\u{07}", "c1\u{9B}31mred",
        "cr\rover", "bs\u{08}\u{08}x", "bidi\u{202E}gnp.exe", "zero\u{200B}width", "wide漢字漢字", "nul\u{0}byte",
        String(repeating: "long-", count: 2000),
    ]

    static func state(size: Size) -> BoardState {
        var state = BoardState(config: Config(), now: 1000, size: size)
        _ = state.update(.tick(1000))
        let readings = PrincipleID.allCases.map { id in
            Reading(id: id, value: 1, status: PrincipleSpec.standard(id).thresholds.status(for: 1))
        }
        let alerts = hostile.enumerated().map { index, text in
            Alert(
                labels: ["alertname": "Alert\(text)", "severity": "critical", "principle": "kanban", "queue": text],
                annotations: ["summary": text, "description": text, "action": text],
                state: index % 2 == 0 ? .firing : .pending,
                activeAt: 900)
        }
        var culprits: [PrincipleID: String] = [:]
        for (index, id) in PrincipleID.allCases.enumerated() { culprits[id] = hostile[index] + ": 7" }
        let evaluation = Evaluation(
            evaluatedAt: 1000, prometheus: "http://p", readings: readings, alerts: .success(alerts))
        _ = state.update(.refreshed(OverviewData(evaluation: evaluation, culprits: culprits, at: 1000)))
        let rows = hostile.map { PanelResult.Row(label: $0, value: 3) }
        let panels = Profile.standard.panels(.kanban).map { _ in PanelResult(rows: rows) }
        _ = state.update(.drilled(DrillData(principle: .kanban, panels: panels, at: 1000)))
        return state
    }

    /// Nothing that acts on a terminal: C0/C1 controls, DEL, bidi overrides, zero-width characters.
    static func isInert(_ text: String, allowingNewlines: Bool = true) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            if allowingNewlines && scalar == "\n" { return true }
            switch scalar.value {
            case 0x00...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF: return false
            default: return true
            }
        }
    }

    @Test(arguments: [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 40, height: 12)])
    func theBoardShowsItInert(size: Size) {
        var state = Self.state(size: size)
        for pane in [Pane.overview, .principle(.kanban), .alerts] {
            state.press(toShow: pane)
            let grid = BoardView().render(state)
            #expect(Self.isInert(grid.text), "\(pane) at \(size)")
            // Cut by display width: every row fits its columns (double-width characters included).
            for line in grid.text.split(separator: "\n", omittingEmptySubsequences: false) {
                #expect(DisplayWidth.of(String(line)) <= size.width, "\(pane) at \(size): \(line)")
            }
            #expect(!grid.text.contains("pwned\u{07}"))
        }
    }

    @Test func snapshotTextIsInertWithAndWithoutColour() {
        var state = Self.state(size: Size(width: 100, height: 24))
        let view = BoardView(interactive: false)
        _ = state.update(.resize(Size(width: 100, height: view.naturalHeight(state))))
        let plain = TextOutput.render(view.render(state), theme: .standard, colors: 0)
        #expect(Self.isInert(plain))
        let colored = TextOutput.render(view.render(state), theme: .standard, colors: 256)
        // The only escapes are the theme's own SGR sequences.
        #expect(Self.isInert(colored.replacing(/\x1B\[[0-9;]*m/, with: "")))
    }

    @Test func checkTextIsInertAndJSONRoundTrips() throws {
        let alerts = Self.hostile.map { text in
            Alert(
                labels: ["alertname": "A", "severity": "warning", "queue": text], annotations: ["summary": text],
                state: .firing, activeAt: 900)
        }
        let readings = PrincipleID.allCases.map { id in
            Reading(
                id: id, value: nil, status: .unknown, reason: Self.hostile[PrincipleID.allCases.firstIndex(of: id)!])
        }
        let report = CheckReport(
            evaluation: Evaluation(
                evaluatedAt: 1000, prometheus: "http://p", readings: readings, alerts: .success(alerts)),
            config: Config())
        let text = report.text(ascii: false)
        #expect(Self.isInert(text))
        #expect(report.pluginLine().components(separatedBy: "|").count == 2)
        let json = report.json().serialized()
        #expect(Self.isInert(json, allowingNewlines: false))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let queues = (parsed["alerts"] as? [[String: Any]])?.compactMap {
            ($0["labels"] as? [String: String])?["queue"]
        }
        #expect(queues == Self.hostile, "label values must round-trip exactly through --json")
    }
}
