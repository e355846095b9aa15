/// The chooser of the variables' values (`v`): which line the board shows.
struct VariablesView: PaneView {
    let look: Look

    /// The chooser's lines: what each row says and its role (the cursor's row is selected).
    func lines(_ state: BoardState) -> [(text: String, role: Role)] {
        guard let chooser = state.chooser else { return [] }
        var lines: [(String, Role)] = [("Show which values? ↑↓ choose · ⏎ show · Esc keep", .dim)]
        if chooser.loading { lines.append(("asking Prometheus for the values…", .dim)) }
        for problem in chooser.problems { lines.append((problem, .crit)) }
        var name = ""
        for (index, row) in chooser.rows.enumerated() {
            if row.name != name {
                name = row.name
                lines.append(("$" + name, .title))
            }
            let marker = index == chooser.cursor ? (unicode ? "▸ " : "> ") : "  "
            lines.append(
                (marker + row.text + (row.current ? "  (shown now)" : ""), index == chooser.cursor ? .selected : .text))
        }
        if !chooser.loading, chooser.rows.isEmpty, chooser.problems.isEmpty {
            lines.append(("Prometheus lists no values", .unknown))
        }
        return lines.map { line in
            unicode
                ? line
                : (
                    line.0.replacingOccurrences(of: "↑↓", with: "jk")
                        .replacingOccurrences(of: "⏎", with: "Enter").replacingOccurrences(of: "·", with: "|")
                        .replacingOccurrences(of: "…", with: "..."), line.1
                )
        }
    }

    func draw(_ grid: inout Grid, _ state: BoardState, in rect: Rect) {
        grid.box(rect, title: "Line")
        let all = lines(state)
        let room = max(0, rect.height - 2)
        // Keep the cursor's row in sight.
        let cursorLine = all.firstIndex { $0.role == .selected } ?? 0
        let first = max(0, min(cursorLine - room / 2, all.count - room))
        for (offset, line) in all.dropFirst(first).prefix(room).enumerated() {
            grid.put(line.text, x: rect.x + 2, y: rect.y + 1 + offset, role: line.role, limit: rect.width - 4)
        }
    }
}
