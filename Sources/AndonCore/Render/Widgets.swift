/// Small drawing pieces shared by the views.
public enum Widgets {
    /// One alert as the alert strip and a drill-down list it: state, severity, name, principle, age, summary.
    static func alertLine(_ alert: Alert, _ state: BoardState) -> (text: String, role: Role) {
        let new = state.highlighted[alert.fingerprint] != nil
        let role: Role = alert.state == .pending ? .alertPending : (new ? .highlight : .alertFiring)
        let since = alert.activeAt.map { DurationText.coarse(state.now - $0) } ?? "?"
        let principle = alert.principle.map { $0.title } ?? "-"
        let stateWord: String = alert.state == .firing ? (new ? "NEW FIRING " : "FIRING ") : "pending "
        let summary: String = alert.summary.isEmpty ? "" : " · \(alert.summary)"
        let escalated = state.escalated(alert) ? "ESCALATED " : ""
        let answer = suppression(alert, state).map { " · " + $0 } ?? ""
        return (
            "\(escalated)\(stateWord)\(DisplayWidth.pad(alert.severity, 8)) \(alert.name) · \(principle) · \(since)\(answer)\(summary)",
            escalated.isEmpty ? role : .alarm
        )
    }

    /// Who answers an alert, short: "ACK ana · 12m", "SILENCED by bob until 14:05", "INHIBITED by TargetDown".
    static func suppression(_ alert: Alert, _ state: BoardState) -> String? {
        switch alert.suppression {
        case nil: return nil
        case .silenced(let silences):
            if let ack = alert.ack { return ackText(ack, now: state.now) }
            let silence = silences[0]
            return "SILENCED by \(silence.who) for \(DurationText.coarse(silence.endsAt - state.now))"
        case .inhibited(let names):
            return "INHIBITED by " + names.joined(separator: ", ")
        }
    }

    /// A principle's answer on its tile: each open call of it with its timer ("CALL material · 3m of 5m",
    /// "CALL material · OVERDUE 7m of 5m", "CALL material · bo here · 9m"), the takt timer ("unanswered 3m of 5m")
    /// while it calls for an answer, "ESCALATED · unanswered 7m" past it, and "ACK ana · 12m" for the latest
    /// acknowledgement of its alerts.
    static func response(_ state: BoardState, _ id: PrincipleID) -> [(String, Role)] {
        var lines: [(String, Role)] = []
        if let cleared = state.latched[id] {
            lines.append(("CLEARED, UNACKNOWLEDGED · \(DurationText.coarse(state.now - cleared)) ago", .latched))
        }
        for call in state.calls where call.principle == id {
            lines.append(callLine(call, state.config.calls?.type(call.type), now: state.at ?? state.now))
        }
        if let open = state.unanswered(id), let escalation = state.config.escalation, state.at == nil {
            let waited = DurationText.coarse(state.now - open.since)
            lines.append(
                (state.known[id]?.escalated ?? false)
                    ? ("ESCALATED · unanswered \(waited)", .alarm)
                    : ("unanswered \(waited) of \(DurationText.coarse(escalation.after))", .warn))
        }
        if let latest = state.alertFacts[id].latestAck {
            lines.append((ackText(latest, now: state.now), .text))
        }
        return lines
    }

    /// An open call and its timer against its type's deadline.
    static func callLine(_ call: Call, _ type: CallType?, now: Double) -> (String, Role) {
        let waited = DurationText.coarse(now - call.raisedAt)
        let head = "CALL \(call.type)"
        if let by = call.arrivedBy, call.arrivedAt != nil {
            return ("\(head) · \(by) here · \(waited)", .text)
        }
        guard let type else { return ("\(head) · \(waited)", .warn) }
        let deadline = DurationText.coarse(type.respondWithin)
        if Ladder.overdue(call, type, now: now) { return ("\(head) · OVERDUE \(waited) of \(deadline)", .alarm) }
        return ("\(head) · \(waited) of \(deadline)", .warn)
    }

    /// "ACK ana · 12m": who acknowledged, and how long ago.
    static func ackText(_ ack: Silence, now: Double) -> String {
        "ACK \(ack.who) · \(DurationText.coarse(now - ack.startsAt))"
    }

    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiLevels: [Character] = ["_", ".", "-", "~", "=", "+", "*", "#"]

    /// Resamples `points` to `width` values (the last value of each slot), nil where a slot has no point.
    static func resample(_ points: [Point], width: Int) -> [Double?] {
        guard width > 0, let first = points.first?.timestamp, let last = points.last?.timestamp else {
            return Array(repeating: nil, count: max(0, width))
        }
        var slots = [Double?](repeating: nil, count: width)
        let span = max(last - first, 1e-9)
        func column(_ time: Double) -> Int { min(width - 1, Int((time - first) / span * Double(width - 1) + 0.5)) }
        // Fewer points than columns: a point holds until the next one, unless the two are further apart than
        // the series' usual step (then it is a real gap, and stays blank).
        let gaps = zip(points, points.dropFirst()).map { $1.timestamp - $0.timestamp }.sorted()
        let step = gaps.isEmpty ? 0 : gaps[gaps.count / 2]
        for (index, point) in points.enumerated() where point.value.isFinite {
            let start = column(point.timestamp)
            var end = start
            if index + 1 < points.count, points[index + 1].timestamp - point.timestamp <= step * 1.5 {
                end = max(start, column(points[index + 1].timestamp) - 1)
            }
            for slot in start...end where slots[slot] == nil || slot == start { slots[slot] = point.value }
        }
        return slots
    }

    /// A line chart `width` × `height` cells of `points` between `low` and `high`: braille dots (2×4 per cell)
    /// where the terminal has them, else a filled area in block elements, else in ASCII.
    static func lineChart(
        _ points: [Point], width: Int, height: Int, low: Double, high: Double, unicode: Bool, braille: Bool
    ) -> [String] {
        guard width > 0, height > 0 else { return [] }
        let span = high > low ? high - low : 1
        func level(_ value: Double, steps: Int) -> Int {
            let fraction = high > low ? (value - low) / span : 0.5
            return max(0, min(steps - 1, Int((fraction * Double(steps - 1)).rounded())))
        }
        if unicode && braille {
            // Dot rows from the bottom: 0 ... 4*height-1; two dot columns per cell.
            let samples = resample(points, width: width * 2)
            var cells = [[UInt32]](repeating: [UInt32](repeating: 0, count: width), count: height)
            let bits: [[UInt32]] = [[0x40, 0x04, 0x02, 0x01], [0x80, 0x20, 0x10, 0x08]]  // [column][row from bottom]
            var previous: Int?
            for (x, sample) in samples.enumerated() {
                guard let sample else {
                    previous = nil
                    continue
                }
                let y = level(sample, steps: height * 4)
                // Join to the previous dot so that steep changes stay one line.
                let from = previous.map { min($0, y) } ?? y
                let to = previous.map { max($0, y) } ?? y
                for dot in from...to {
                    let row = height - 1 - dot / 4
                    cells[row][x / 2] |= bits[x % 2][dot % 4]
                }
                previous = y
            }
            return cells.map { row in
                String(row.map { $0 == 0 ? " " : Character(Unicode.Scalar(0x2800 + $0)!) })
            }
        }
        // An area: each column filled up to its value, the top cell partial.
        let samples = resample(points, width: width)
        let steps = height * 8
        var rows = [String](repeating: "", count: height)
        for sample in samples {
            let filled = sample.map { level($0, steps: steps) + 1 } ?? 0
            for row in 0..<height {
                let base = (height - 1 - row) * 8
                let eighths = max(0, min(8, filled - base))
                if eighths == 0 {
                    rows[row].append(" ")
                } else if unicode {
                    rows[row].append(eighths == 8 ? "█" : blocks[eighths - 1])
                } else {
                    rows[row].append(eighths >= 4 ? "#" : ".")
                }
            }
        }
        return rows
    }

    /// The worst status of each of `width` equal slots of a status history's range.
    static func timeline(_ history: StatusHistory, width: Int) -> [Status] {
        let span = history.end - history.start
        guard width > 0, span > 0 else { return [] }
        // The periods are in order and the columns too: each column looks only at the periods from the first one
        // that has not ended before it.
        let periods = history.periods
        var first = 0
        var out: [Status] = []
        out.reserveCapacity(width)
        for column in 0..<width {
            let from = history.start + span * Double(column) / Double(width)
            let to = history.start + span * Double(column + 1) / Double(width)
            while first < periods.count, periods[first].to <= from, periods[first].from < from { first += 1 }
            var worst: Status?
            var index = first
            while index < periods.count, periods[index].from < to {
                let period = periods[index]
                if period.to > from || period.from == from { worst = max(worst ?? period.status, period.status) }
                index += 1
            }
            out.append(worst ?? .unknown)
        }
        return out
    }

    /// A timeline cell: the taller, the worse; unknown is shaded (ASCII: `_ = # ?`).
    static func timelineGlyph(_ status: Status, unicode: Bool) -> String {
        switch status {
        case .green: unicode ? "▁" : "_"
        case .yellow: unicode ? "▄" : "="
        case .red: unicode ? "█" : "#"
        case .unknown: unicode ? "░" : "?"
        }
    }

    /// A one-line sparkline of `points` in `width` columns, scaled between their minimum and maximum
    /// (or `floor`…`ceiling` when given). Gaps stay blank.
    static func sparkline(_ points: [Point], width: Int, unicode: Bool, floor: Double? = nil, ceiling: Double? = nil)
        -> String
    {
        let values = resample(points, width: width)
        let known = values.compactMap { $0 }
        guard let low = floor ?? known.min(), let high = ceiling ?? known.max() else {
            return String(repeating: " ", count: max(0, width))
        }
        let levels = unicode ? blocks : asciiLevels
        return String(
            values.map { value -> Character in
                guard let value else { return " " }
                let fraction = high > low ? (value - low) / (high - low) : 0.5
                return levels[max(0, min(levels.count - 1, Int(fraction * Double(levels.count - 1) + 0.5)))]
            })
    }

    /// Draws a horizontal bar for `value` on a scale of 0…`scale` into `width` columns at (x, y), with
    /// threshold marks at `marks`; the bar takes `role`.
    static func bar(
        _ grid: inout Grid, x: Int, y: Int, width: Int, value: Double, scale: Double, marks: [Double], role: Role
    ) {
        guard width > 0, scale > 0 else { return }
        let eighths = value.isFinite ? Int((max(0, min(value, scale)) / scale * Double(width * 8)).rounded()) : 0
        let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        for column in 0..<width {
            let filled = eighths - column * 8
            var character: Character = " "
            if filled >= 8 {
                character = grid.unicode ? "█" : "#"
            } else if filled > 0 {
                character = grid.unicode ? partials[filled - 1] : "#"
            }
            if character != " " { grid.plot(character, x: x + column, y: y, role: role) }
        }
        for mark in marks where mark > 0 && mark < scale {
            let column = min(width - 1, Int(mark / scale * Double(width)))
            let covered = column * 8 < eighths
            if !covered { grid.plot(grid.unicode ? "┊" : ":", x: x + column, y: y, role: .threshold) }
        }
    }

    /// The status label of a shown status, e.g. `✗ CRIT`, `[CRIT]`, `STALE ✗`.
    static func label(_ shown: ShownStatus, unicode: Bool) -> String {
        switch shown {
        case .status(let status): unicode ? "\(status.symbol) \(status.word)" : status.asciiLabel
        case .stale(let status): unicode ? "STALE \(status.symbol)" : "[STALE]"
        }
    }

    static func role(_ shown: ShownStatus) -> Role {
        switch shown {
        case .status(let status): Role.status(status)
        case .stale: .stale
        }
    }

    /// The status word for the block font: `OK`, `WARN`, `CRIT`, `NO DATA`, `STALE`.
    static func bigWord(_ shown: ShownStatus) -> String {
        switch shown {
        case .status(let status): status.word
        case .stale: "STALE"
        }
    }

    /// The name of a status for "red for 12m".
    static func word(_ shown: ShownStatus) -> String {
        switch shown {
        case .status(let status): status == .unknown ? "no data" : status.rawValue
        case .stale: "stale"
        }
    }

    /// The board's value without the blanks and the word "items": `28.7%`, `2,264`, `4.96s`, `250ms`, `44.1/s`.
    static func compact(_ value: Double, unit: Unit) -> String {
        Literal.replacing(Literal.replacing(NumberText.value(value, unit: unit), " items", with: ""), " ", with: "")
    }

    /// Shorter still, for narrow cells: thousands as `k`, millions as `M`, no decimals.
    static func short(_ value: Double, unit: Unit) -> String {
        let magnitude = abs(value)
        let suffix = unit == .items || unit == .none ? "" : unit.rawValue
        if magnitude >= 1e12 { return NumberText.fixed(value / 1e12, decimals: 1) + "T" + suffix }
        if magnitude >= 1e9 { return NumberText.fixed(value / 1e9, decimals: 1) + "G" + suffix }
        if magnitude >= 1_000_000 { return NumberText.fixed(value / 1_000_000, decimals: 1) + "M" + suffix }
        if magnitude >= 1000 { return NumberText.fixed(value / 1000, decimals: 0) + "k" + suffix }
        return NumberText.fixed(value, decimals: 0) + suffix
    }
}
