/// The alerts pane: every firing and pending alert with its annotations, firing first.
struct AlertsView: PaneView {
    let look: Look

    /// Every firing and pending alert with all its labels and annotations, scrollable; alerts of one name and
    /// principle as one row with their counts until Enter opens it.
    func draw(_ grid: inout Grid, _ state: BoardState, in body: Rect) {
        // Only the rows that can be in view become lines: a hundred thousand alerts cost a screen's worth. Around
        // the selected one (a screen's height of rows either side), or from the top as far as the scroll reaches.
        let count = state.alertRows.rows.count
        let window =
            interactive
            ? max(0, state.alertCursor - body.height)..<min(count, state.alertCursor + body.height + 1)
            : 0..<count
        var lines = alertLines(
            state, width: body.width, rows: window, budget: interactive ? nil : state.scroll + body.height + 1)
        if window.lowerBound > 0 {
            lines.insert(("… \(NumberText.grouped(Double(window.lowerBound))) rows above", .dim), at: 1)
        }
        let after = count - window.upperBound
        // The selected row stays in view: scrolled so that its first line shows (with the line above it).
        var scroll = state.scroll
        if interactive, let selected = lines.firstIndex(where: { $0.0.hasPrefix(">") }) {
            // Its first lines in view: not above the line before it, not so far down that four of its lines miss.
            scroll = min(max(scroll, selected + 4 - body.height), selected - 1)
        }
        scroll = max(0, min(scroll, lines.count - body.height))
        for (row, line) in lines.dropFirst(scroll).prefix(body.height).enumerated() {
            grid.put(line.0, x: body.x + 1, y: body.y + row, role: line.1, limit: body.width - 2)
        }
        if lines.count - scroll > body.height || (interactive && after > 0) {
            grid.putRight(unicode ? "↓ more" : "v more", right: body.maxX - 1, y: body.maxY - 1, role: .dim)
        }
    }

    /// The alerts pane's lines: a title, then each row of `rows` (by index; all by default), a group as one line
    /// with its counts, an alert with its annotations and labels, stopping once there are `budget` lines.
    func alertLines(_ state: BoardState, width: Int, rows range: Range<Int>? = nil, budget: Int? = nil) -> [(
        String, Role
    )] {
        var lines: [(String, Role)] = []
        let firing = state.alertFacts.firing
        lines.append(("Alerts: \(firing) firing, \(state.alerts.count - firing) pending", .title))
        if let error = state.alertsError { lines.append(("cannot read alerts: \(error)", .unknown)) }
        if state.alerts.isEmpty && state.alertsError == nil { lines.append(("no alert is firing or pending", .dim)) }
        let firstFired = state.firstFired?.fingerprint
        let rows = state.alertRows.rows
        for number in range ?? rows.indices {
            if let budget, lines.count >= budget { break }
            let selected = interactive && state.kiosk == nil && number == state.alertCursor
            let index: Int
            let member: Bool
            switch rows[number] {
            case .group(let group, let expanded):
                lines.append(("", .text))
                lines.append(groupLine(state.alertRows.groups[group], expanded: expanded, selected: selected, state))
                continue
            case .alert(let alert, let inGroup): (index, member) = (alert, inGroup)
            }
            let alert = state.alerts[index]
            let new = state.highlighted[alert.fingerprint] != nil
            let role: Role = alert.state == .pending ? .alertPending : (new ? .highlight : .alertFiring)
            let since =
                alert.activeAt.map {
                    "active since \(TimeOfDay.clock($0, offset: utcOffset)) (\(DurationText.short(state.now - $0)))"
                } ?? ""
            if !member { lines.append(("", .text)) }
            let stateWord: String = alert.state == .firing ? "FIRING" : "pending"
            let cursor = (selected ? "> " : "  ") + (member ? "  " : "")
            let escalated = state.escalated(alert)
            lines.append(
                (
                    "\(cursor)\(escalated ? "ESCALATED " : "")\(alert.fingerprint == firstFired ? "FIRST OUT " : "")"
                        + "\(stateWord) \(alert.severity)  \(alert.name)  \(since)",
                    escalated ? .alarm : role
                ))
            switch alert.suppression {
            case nil: break
            case .silenced(let silences):
                for silence in silences {
                    let kind = silence.isAck ? "acknowledged" : "silenced"
                    let since = DurationText.coarse(state.now - silence.startsAt)
                    let until = TimeOfDay.clock(silence.endsAt, offset: utcOffset, seconds: false)
                    let note = silence.note.isEmpty ? "" : " · \"\(silence.note)\""
                    lines.append(("  \(kind) by \(silence.createdBy) \(since) ago, until \(until)\(note)", .text))
                }
            case .inhibited(let names):
                lines.append(("  inhibited by \(names.joined(separator: ", "))", .text))
            }
            for key in ["summary", "description", "action"] where alert.annotations[key] != nil {
                lines.append(("  \(key): \(alert.annotations[key]!)", .text))
            }
            for (key, value) in alert.annotations.sorted(by: { $0.key < $1.key })
            where !["summary", "description", "action"].contains(key) {
                lines.append(("  \(key): \(value)", .dim))
            }
            let labels = alert.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
            lines.append(("  labels: " + labels, .dim))
        }
        return lines
    }

    /// A group's row: `▸ 1,204× KanbanQueueDepthCritical [kanban]  1,204 firing · critical · oldest since 10:02
    /// (3h) · 12 answered`; `▾` once open.
    func groupLine(_ group: AlertRows.Group, expanded: Bool, selected: Bool, _ state: BoardState) -> (String, Role) {
        let count = group.indices.count
        let pending = count - group.firing
        var parts = [
            NumberText.grouped(Double(group.firing)) + " firing"
                + (pending > 0 ? ", " + NumberText.grouped(Double(pending)) + " pending" : ""),
            group.severity,
        ]
        if let since = group.since {
            parts.append(
                "oldest since \(TimeOfDay.clock(since, offset: utcOffset)) (\(DurationText.short(state.now - since)))")
        }
        if group.answered > 0 { parts.append(NumberText.grouped(Double(group.answered)) + " answered") }
        let mark = expanded ? (unicode ? "▾" : "v") : (unicode ? "▸" : ">")
        let principle = group.key.principle.map { " [\($0.rawValue)]" } ?? ""
        let text =
            (selected ? "> " : "  ") + mark + " " + NumberText.grouped(Double(count)) + "× " + group.key.name
            + principle + "  " + parts.joined(separator: " · ")
        return (text, group.firing > 0 ? .alertFiring : .alertPending)
    }
}
