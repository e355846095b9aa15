/// A replay's time line under the board: where each principle was red over the window (a row each when the
/// screen is tall, one row of the worst otherwise), the cursor's column marked in every row, and a bar with the
/// frame's time, the speed, playing or paused, and the keys.
struct ReplayView {
    let look: Look
    var unicode: Bool { look.unicode }

    /// The rows the time line takes at `size`.
    static func height(_ state: BoardState) -> Int {
        guard state.replay != nil else { return 0 }
        return (state.size.height >= 40 ? state.principles.count : 1) + 1
    }

    static let labelWidth = 10

    func draw(_ grid: inout Grid, _ state: BoardState, in rect: Rect) {
        guard let replay = state.replay, rect.height >= 2, rect.width > Self.labelWidth + 10 else { return }
        grid.fill(rect, role: .background)
        let statuses = replay.statuses(state.config)
        let width = rect.width - Self.labelWidth - 1
        let span = replay.to - replay.from
        let cursorColumn =
            span > 0 ? min(width - 1, Int((replay.frame(replay.cursor) - replay.from) / span * Double(width))) : 0
        let rows: [(String, [Status])]
        if rect.height - 1 >= state.principles.count && rect.height > 2 {
            rows = state.principles.map { id in
                (id.title, statuses[id].map { Widgets.timeline($0, width: width) } ?? [])
            }
        } else {
            let each = state.principles.compactMap { statuses[$0].map { Widgets.timeline($0, width: width) } }
            rows = [("all", (0..<width).map { column in Status.worst(each.compactMap { $0[safe: column] }) })]
        }
        for (index, row) in rows.enumerated() where index < rect.height - 1 {
            let y = rect.y + index
            grid.put(" " + row.0, x: rect.x, y: y, role: .dim, limit: Self.labelWidth)
            for (column, status) in row.1.enumerated() {
                let x = rect.x + Self.labelWidth + column
                let glyph =
                    column == cursorColumn ? (unicode ? "┃" : "|") : Widgets.timelineGlyph(status, unicode: unicode)
                grid.put(glyph, x: x, y: y, role: column == cursorColumn ? .title : Role.status(status))
            }
        }
        // The bar: the frame's time over the track, the speed and the keys.
        let y = rect.maxY - 1
        let time = TimeOfDay.clock(replay.frame(replay.cursor), offset: look.utcOffset, seconds: span < 6 * 3600)
        let state = replay.playing ? (unicode ? "▶" : ">") : (unicode ? "⏸" : "||")
        var x = grid.put(" \(state) REPLAY ", x: rect.x, y: y, role: .banner)
        x += grid.put(" \(time) ×\(NumberText.plain(replay.speed)) ", x: rect.x + x, y: y, role: .title)
        let from = TimeOfDay.clock(replay.from, offset: look.utcOffset, seconds: false)
        let to = TimeOfDay.clock(replay.to, offset: look.utcOffset, seconds: false)
        let keys = " \(from)–\(to) · space pause · +/- speed · ,/. step · n/N next change · q quit"
        grid.put(keys, x: rect.x + x, y: y, role: .dim, limit: rect.width - x)
    }
}
