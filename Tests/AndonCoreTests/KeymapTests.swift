import AndonCore
import AndonTestSupport
import Testing

/// One keymap drives a board's keys, its hint line and its help screen: what one says, the others do.
@Suite("the keymap", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct KeymapTests {
    /// What each key asks of a board; a key the keymap does not name asks nothing.
    @Test func keysGiveTheirCommands() async {
        var state = await BoardRecording.state(size: Size(width: 120, height: 40))
        let expected: [(Key, Command?)] = [
            (.character("1"), .drill(.jidoka)), (.character("6"), .drill(.tracing)), (.character("7"), nil),
            (.character("0"), .overview), (.escape, .overview), (.character("a"), .alerts),
            (.character("A"), .acknowledge), (.character("v"), .chooseLine), (.character("?"), .help),
            (.character("q"), .quit), (.character("Q"), .quit), (.tab, .nextPane(forward: true)),
            (.backTab, .nextPane(forward: false)), (.character("R"), .reload), (.character("r"), .refresh),
            (.character("p"), .pause), (.character("["), .back), (.character("]"), .forward), (.character("."), .live),
            (.character("t"), .range), (.enter, .open), (.up, .move(.up)), (.character("l"), .move(.character("l"))),
            (.pageDown, .move(.pageDown)), (.character("x"), nil), (.character("s"), nil),
        ]
        for (key, command) in expected {
            #expect(Keymaps.board.command(for: key, in: state) == command, "\(key)")
        }
        // A plant's line: Esc on its overview goes back to the plant; elsewhere it is the overview.
        _ = state.update(.placed(.hidden))
        _ = state.update(.placed(.shown(ownRefresh: false)))
        #expect(Keymaps.board.command(for: .escape, in: state) == .close)
        state.press(toShow: .alerts)
        #expect(Keymaps.board.command(for: .escape, in: state) == .overview)
        // The help lists what the keys do, one line a binding, the keys in a column.
        let help = Keymaps.board.helpLines(in: state)
        #expect(help.contains("Esc        on the overview: back to the plant, a row per line"))
        #expect(help.contains("arrows hjkl  move the selection (overview) or scroll (other panes)"))
        #expect(!help.contains { $0.hasPrefix("v ") }, "no variables, no chooser: \(help)")
    }

    /// A pane's hint line names its keys in the pane's order, the ack only where acknowledging is allowed.
    @Test func eachPaneNamesItsKeys() async {
        var state = await BoardRecording.state(size: Size(width: 120, height: 40))
        #expect(
            Keymaps.hints(state)
                == " 1-6 drill · ←→↑↓ select · ⏎ open · a alerts · t 1h · p pause · r refresh · ? help · q quit")
        state.press(toShow: .principle(.kanban))
        #expect(Keymaps.hints(state) == " 0 overview · 1-6 drill · a alerts · ↑↓ scroll · Tab next · ? help · q quit")
        var config = state.config
        config.alertmanager = AlertmanagerConfig()
        config.alertmanager?.allowAck = true
        _ = state.reconfigure(config)
        state.press(toShow: .alerts)
        #expect(
            Keymaps.hints(state)
                == " 0 overview · 1-6 drill · ↑↓ select · s oldest first · A ack · Tab next · ? help · q quit")
        state.press(toShow: .help)
        #expect(Keymaps.hints(state) == " any key returns")
    }

    /// One cursor for every list: a step, a row of a grid, a page, the ends; never outside the list.
    @Test func theCursorStaysInItsList() {
        #expect(Cursor.moved(0, .up, count: 5) == 0)
        #expect(Cursor.moved(0, .down, count: 5) == 1)
        #expect(Cursor.moved(4, .character("j"), count: 5) == 4)
        #expect(Cursor.moved(2, .end, count: 5) == 4 && Cursor.moved(2, .home, count: 5) == 0)
        // A grid three wide: left and right step, up and down go a row.
        #expect(Cursor.moved(1, .down, count: 6, columns: 3) == 4)
        #expect(Cursor.moved(4, .character("k"), count: 6, columns: 3) == 1)
        #expect(Cursor.moved(4, .right, count: 6, columns: 3) == 5)
        // Not a grid: left and right do not move; no page without a page size.
        #expect(Cursor.moved(2, .left, count: 5) == 2 && Cursor.moved(2, .pageDown, count: 5) == 2)
        #expect(Cursor.moved(2, .pageDown, count: 50, page: 10) == 12)
        #expect(Cursor.moved(7, .up, count: 0) == 0)
    }
}
