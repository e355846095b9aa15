import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Golden screens: the board rendered from recorded Prometheus answers, characters and roles, compared with
/// Tests/AndonCoreTests/Golden/*.txt. Re-record with `ANDON_RECORD=1 swift test --filter GoldenScreenTests`
/// and review the diff like code.
@Suite(
    "Golden screens",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "renders safe Swift on one thread: nothing a sanitizer watches (the walk alone is 10,000 renders)"))
struct GoldenScreenTests {
    static let sizes = [
        Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60),
        Size(width: 40, height: 12),
    ]
    static let panes: [(String, Pane)] =
        [("overview", .overview)] + PrincipleID.allCases.map { ($0.rawValue, .principle($0)) } + [("alerts", .alerts)]

    static func golden(_ grid: Grid) -> String {
        grid.text + "\n--- roles\n" + grid.roles + "\n"
    }

    static func compare(_ grid: Grid, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden.compare(golden(grid), name: name, sourceLocation: sourceLocation)
    }

    @Test(arguments: sizes)
    func everyPaneAtEverySize(size: Size) async throws {
        var state = await BoardRecording.state(size: size)
        for (name, pane) in Self.panes {
            await Task.yield()
            state.press(toShow: pane)
            let grid = BoardView(unicode: true, braille: true).render(state)
            try Self.compare(grid, name: "\(name)-\(size.width)x\(size.height)")
        }
    }

    /// Alertmanager's view of the recorded plant (escalation after 3 minutes): a critical Kanban alert
    /// acknowledged by ana 12 minutes ago, Andon's alerts nobody answered (red for 4 minutes: escalated), and a
    /// warning the critical one inhibits.
    struct Alertmanager: HTTPTransport {
        func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            let now = BoardRecording.now
            let alerts = """
                [{"labels":{"alertname":"KanbanNoAvailableWorkers","principle":"kanban","severity":"critical",
                  "queue_name":"orders"},"annotations":{"summary":"No worker is free for queue orders",
                  "action":"Scale the workers of orders"},"fingerprint":"k1","startsAt":"\(RFC3339.format(now - 900))",
                  "status":{"state":"suppressed","silencedBy":["s1"],"inhibitedBy":[]}},
                 {"labels":{"alertname":"AndonHighErrorRate","principle":"andon","severity":"critical"},
                  "annotations":{"summary":"Error rate is 1.3%","action":"Find the failing service"},"fingerprint":"a1",
                  "startsAt":"\(RFC3339.format(now - 600))","status":{"state":"active","silencedBy":[],"inhibitedBy":[]}},
                 {"labels":{"alertname":"AndonAlertSpam","principle":"andon","severity":"warning"},
                  "annotations":{"summary":"Many alerts at once"},"fingerprint":"a2",
                  "startsAt":"\(RFC3339.format(now - 300))","status":{"state":"suppressed","silencedBy":[],"inhibitedBy":["a1"]}}]
                """
            let silences = """
                [{"id":"s1","status":{"state":"active"},"comment":"ACK! draining orders","createdBy":"ana@wall-3",
                  "startsAt":"\(RFC3339.format(now - 720))","endsAt":"\(RFC3339.format(now + 2880))",
                  "matchers":[{"name":"alertname","value":"KanbanNoAvailableWorkers","isRegex":false,"isEqual":true},
                  {"name":"queue_name","value":"orders","isRegex":false,"isEqual":true}]}]
                """
            return requests.map { RecordedTransport.json($0.path.hasSuffix("silences") ? silences : alerts) }
        }
    }

    @Test func theResponseLoopOnTheBoard() async throws {
        var state = await BoardRecording.state(size: Size(width: 120, height: 40), alertmanager: Alertmanager())
        for (name, pane) in [("overview", Pane.overview), ("andon", .principle(.andon)), ("alerts", .alerts)] {
            state.press(toShow: pane)
            try Self.compare(BoardView().render(state), name: "response-\(name)-120x40")
        }
    }

    @Test func asciiOverview() async throws {
        let state = await BoardRecording.state(size: Size(width: 120, height: 40))
        let grid = BoardView(unicode: false, braille: false).render(state)
        #expect(grid.text.allSatisfy { $0.isASCII })
        try Self.compare(grid, name: "overview-ascii-120x40")
    }

    /// The charts without braille or colour (issue 20): the overview at 200×60 and the Andon drill-down (its
    /// headline chart and its two trend charts) at 120×40 and 200×60 in ASCII, and the same drill-down in the
    /// monochrome theme, where a chart's status must read from its characters alone.
    @Test func chartsInASCIIAndMonochrome() async throws {
        for size in [Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            var state = await BoardRecording.state(size: size)
            let ascii = BoardView(unicode: false, braille: false)
            if size.width == 200 {
                let grid = ascii.render(state)
                #expect(grid.text.allSatisfy { $0.isASCII })
                try Self.compare(grid, name: "overview-ascii-200x60")
            }
            state.press(toShow: .principle(.andon))
            let grid = ascii.render(state)
            #expect(grid.text.allSatisfy { $0.isASCII })
            try Self.compare(grid, name: "andon-ascii-\(size.width)x\(size.height)")
            let monochrome = TextOutput.render(BoardView().render(state), theme: .monochrome, colors: 16)
            #expect(!ANSI.hasColour(monochrome))
            try Golden.compare(monochrome, name: "andon-monochrome-\(size.width)x\(size.height)")
        }
    }

    /// Every size from 1×1 to 300×100 (a stride of 7 columns and 3 rows) renders without a crash, fills exactly its
    /// size, and keeps the status visible as text wherever anything fits: the overview and the alerts at every
    /// size, and two of the six drill-downs in turn (each drill-down at a third of the sizes, spread over all of
    /// them), in braille, blocks and ASCII in turn.
    /// In four shares of the widths, which run in parallel (one walk was the unit suite's longest test).
    @Test(arguments: 0..<4) func walkSizes(share: Int) async throws {
        var state = await BoardRecording.state(size: Size(width: 80, height: 24))
        let views = [BoardView(), BoardView(unicode: true, braille: false), BoardView(unicode: false, braille: false)]
        let drills = PrincipleID.allCases
        var turn = 0
        for (index, width) in stride(from: 1, through: 300, by: 7).enumerated() where index % 4 == share {
            // Thousands of renders: let the integration tests running beside this one have a thread now and then
            // (the concurrency pool has as many threads as cores).
            await Task.yield()
            for height in stride(from: 1, through: 100, by: 3) {
                let size = Size(width: width, height: height)
                _ = state.update(.resize(size))
                turn += 1
                let panes: [Pane] = [
                    .overview, .alerts, .principle(drills[(turn * 2) % 6]), .principle(drills[(turn * 2 + 1) % 6]),
                ]
                let view = views[(turn / 3) % views.count]
                for pane in panes {
                    state.press(toShow: pane)
                    let grid = view.render(state)
                    #expect(grid.size == size)
                    if width >= 20 && height >= 5 && pane == .overview {
                        #expect(!grid.text.contains("terminal too small"), "\(size)")
                    }
                }
            }
        }
    }

    @Test func unknownIsNeverGreenOnScreen() {
        var state = BoardState(config: Config(), now: 1000, size: Size(width: 120, height: 40))
        _ = state.update(.tick(1000))
        let grid = BoardView().render(state)
        #expect(!grid.roles.contains(Role.ok.code))
        #expect(grid.text.contains("? NO DATA"))
    }
}

@Suite("big digits", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct BigDigitTests {
    @Test func bigWhereThereIsRoomNormalTextWhereNot() async {
        let large = BoardView().render(await BoardRecording.state(size: Size(width: 200, height: 60))).text
        // Andon's 79.7 % in the block font: the top row of "7", "9", ".", "7", "%".
        #expect(large.contains(BigText.rows("79.7%", unicode: true)[0]), "\(large)")
        #expect(large.contains(BigText.rows("CRIT", unicode: true)[2]))
        #expect(!large.contains("│ 79.7 %"))
        let small = BoardView().render(await BoardRecording.state(size: Size(width: 80, height: 24))).text
        #expect(small.contains("│ 79.7 %"))
        #expect(!small.contains(BigText.rows("79.7%", unicode: true)[0]))
    }

    @Test func asciiBigDigitsUseHashes() {
        #expect(BigText.rows("10", unicode: false) == [" #   ## ", "##  #  #", " #  #  #", " #  #  #", "###  ## "])
        #expect(BigText.split("2,264 items") == ("2,264", "items"))
        #expect(BigText.split("28.7 %") == ("28.7%", ""))
        #expect(BigText.split("225 ms") == ("225", "ms"))
        #expect(BigText.width("0") == 4 && BigText.width("10") == 8)
    }
}

extension GoldenScreenTests {
    /// Kiosk mode on a wall display: the big clock band, big digits, red frames inverted, no key hints.
    @Test func kioskOverview() async throws {
        let state = await BoardRecording.state(size: Size(width: 160, height: 48), kiosk: true)
        let grid = BoardView(unicode: true, braille: true).render(state)
        #expect(grid.roles.contains("A"))
        try Self.compare(grid, name: "kiosk-160x48")
    }
}

extension GoldenScreenTests {
    /// The help screen, written from the board's keymap: every key with what it does, the ack's note, no `v`
    /// where the profile declares no variable.
    @Test func helpScreen() async throws {
        var state = await BoardRecording.state(size: Size(width: 100, height: 30))
        state.press(toShow: .help)
        try Self.compare(BoardView().render(state), name: "help-100x30")
    }
}
