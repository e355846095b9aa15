/// The alerts pane: every firing and pending alert with its annotations, firing first.
struct AlertsView: PaneView {
    let look: Look

    /// Every firing and pending alert with all its labels and annotations, scrollable.
    func draw(_ grid: inout Grid, _ state: BoardState, in body: Rect) {
        // Only the alerts that can be in view become lines: a hundred thousand alerts cost a screen's worth. Around
        // the selected one (a screen's height of alerts either side), or from the top as far as the scroll reaches.
        let count = state.alerts.count
        let window =
            interactive
            ? max(0, state.alertCursor - body.height)..<min(count, state.alertCursor + body.height + 1)
            : 0..<count
        var lines = alertLines(
            state, width: body.width, alerts: window, budget: interactive ? nil : state.scroll + body.height + 1)
        if window.lowerBound > 0 {
            lines.insert(("… \(NumberText.grouped(Double(window.lowerBound))) alerts above", .dim), at: 1)
        }
        let after = count - window.upperBound
        // The selected alert stays in view: scrolled so that its first line shows (with the line above it).
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

    /// The alerts pane's lines: a title, then each alert of `alerts` (by index; all by default) with its
    /// annotations and labels, stopping once there are `budget` lines.
    func alertLines(_ state: BoardState, width: Int, alerts range: Range<Int>? = nil, budget: Int? = nil) -> [(
        String, Role
    )] {
        var lines: [(String, Role)] = []
        let firing = state.alerts.filter { $0.state == .firing }.count
        lines.append(("Alerts: \(firing) firing, \(state.alerts.count - firing) pending", .title))
        if let error = state.alertsError { lines.append(("cannot read alerts: \(error)", .unknown)) }
        if state.alerts.isEmpty && state.alertsError == nil { lines.append(("no alert is firing or pending", .dim)) }
        let firstFired = state.firstFired?.fingerprint
        for index in range ?? state.alerts.indices {
            if let budget, lines.count >= budget { break }
            let alert = state.alerts[index]
            let new = state.highlighted[alert.fingerprint] != nil
            let role: Role = alert.state == .pending ? .alertPending : (new ? .highlight : .alertFiring)
            let since =
                alert.activeAt.map {
                    "active since \(TimeOfDay.clock($0, offset: utcOffset)) (\(DurationText.short(state.now - $0)))"
                } ?? ""
            lines.append(("", .text))
            let stateWord: String = alert.state == .firing ? "FIRING" : "pending"
            let cursor = interactive && state.kiosk == nil && index == state.alertCursor ? "> " : "  "
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
}
