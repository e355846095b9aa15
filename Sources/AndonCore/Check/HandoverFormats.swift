/// The handover digest written out: text for a terminal, Markdown for a ticket or a chat, JSON for a program; the
/// same facts in each. Times are in the board's time zone (`utcOffset`), with seconds when the window is under an
/// hour; JSON has RFC 3339 times and durations in seconds.
extension String {
    /// Without the blanks at its end.
    func trimmingTrailingBlanks() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension Handover {
    /// A time of the window, as the digest shows it.
    func time(_ t: Double, _ offset: Int) -> String {
        TimeOfDay.clock(t, offset: offset, seconds: span < 3600)
    }

    /// The window: `2026-11-30 06:00 → 14:00 (8h)`, in the time zone, named.
    func window(_ offset: Int, zone: String) -> String {
        let day = String(RFC3339.format(from + Double(offset)).prefix(10))
        return "\(day) \(time(from, offset)) → \(time(to, offset)) \(zone) (\(DurationText.short(span)))"
    }

    static func statusWord(_ status: Status) -> String {
        switch status {
        case .green: "green"
        case .yellow: "yellow"
        case .red: "red"
        case .unknown: "unknown"
        }
    }

    /// One red period in words: `09:10 → 09:28 (18m), acknowledged after 3m, green after 18m`.
    func redText(_ red: RedPeriod, _ offset: Int) -> String {
        var text = "\(time(red.from, offset)) → " + (red.open ? "end" : time(red.to, offset))
        text += " (\(DurationText.short(red.to - red.from)))"
        text += red.ackAfter.map { ", acknowledged after \(DurationText.short($0))" } ?? ", not acknowledged"
        if let green = red.greenAfter { text += ", green after \(DurationText.short(green))" }
        return text
    }

    func alertText(_ alert: AlertFacts, _ offset: Int) -> String {
        let name = TextSanitizer.inert(alert.name, limit: 80)
        let detail = alert.detail.isEmpty ? "" : "{\(TextSanitizer.inert(alert.detail, limit: 120))}"
        var text = "\(name)\(detail) (\(TextSanitizer.inert(alert.severity, limit: 12))"
        text += alert.principle.map { ", \($0.title))" } ?? ")"
        text +=
            ": fired \(alert.firings) time\(alert.firings == 1 ? "" : "s"), \(DurationText.short(alert.seconds)) in all"
        if alert.flapped { text += ", flapped" }
        if let since = alert.since { text += ", firing since \(time(since, offset))" }
        return text
    }

    func ackText(_ ack: Ack, _ offset: Int, ending: Bool = false) -> String {
        let when = ending ? "until \(time(ack.until, offset))" : time(ack.at, offset)
        let note = ack.note.isEmpty ? "" : ": \"\(TextSanitizer.inert(ack.note, limit: 120))\""
        return "\(when) \(TextSanitizer.inert(ack.who, limit: 40)) \(TextSanitizer.inert(ack.what, limit: 160))\(note)"
    }

    /// What is still open at the end of a line's window, one item a line ("nothing" when all is answered).
    func openItems(_ line: LineFacts, _ offset: Int) -> [String] {
        var items: [String] = []
        for alert in line.alerts {
            guard let since = alert.since else { continue }
            let detail = alert.detail.isEmpty ? "" : "{\(TextSanitizer.inert(alert.detail, limit: 120))}"
            items.append(
                "firing: \(TextSanitizer.inert(alert.name, limit: 80))\(detail) ("
                    + TextSanitizer.inert(alert.severity, limit: 12) + (alert.principle.map { ", \($0.title)" } ?? "")
                    + ") since \(time(since, offset))")
        }
        for red in line.unansweredReds {
            let since = red.reds.last.map { " since \(time($0.from, offset))" } ?? ""
            items.append("red, not acknowledged: \(red.id.title)\(since)")
        }
        for silence in line.expiring { items.append("silence ending: " + ackText(silence, offset, ending: true)) }
        return items
    }

    // MARK: text

    public func text(utcOffset offset: Int, zone: String) -> String {
        var out = "andon report · \(TextSanitizer.inert(title, limit: 80)) · \(window(offset, zone: zone))"
        out += " · \(TextSanitizer.inert(prometheus, limit: 120))\n"
        for line in lines {
            out += "\n"
            if let name = line.name { out += "Line \(TextSanitizer.inert(name, limit: 40))\n" }
            let rows = line.principles.map { facts -> [String] in
                [facts.id.title, facts.headline]
                    + [Status.green, .yellow, .red, .unknown].map { DurationText.short(facts.seconds[$0] ?? 0) }
                    + [
                        facts.worst.map {
                            NumberText.value($0.value, unit: facts.unit) + " at " + time($0.timestamp, offset)
                        }
                            ?? (facts.problem.map { "(\(TextSanitizer.inert($0, limit: 80)))" } ?? "-")
                    ]
            }
            let header = ["", "", "green", "yellow", "red", "unknown", "worst"]
            let widths = header.indices.map { column in
                ([header[column]] + rows.map { $0[column] }).map { DisplayWidth.of($0) }.max() ?? 0
            }
            for row in [header] + rows {
                out +=
                    "  "
                    + row.enumerated().map { column, cell in
                        column >= 2 && column <= 5
                            ? DisplayWidth.padLeft(cell, widths[column]) : DisplayWidth.pad(cell, widths[column])
                    }.joined(separator: "  ").trimmingTrailingBlanks() + "\n"
            }
            let reds = line.principles.flatMap { facts in facts.reds.map { (facts.id, $0) } }
            out += "Red\n"
            if reds.isEmpty { out += "  none\n" }
            for (id, red) in reds { out += "  \(DisplayWidth.pad(id.title, 8)) \(redText(red, offset))\n" }
            out += "Alerts\n"
            if let problem = line.alertsProblem {
                out += "  cannot be read: \(TextSanitizer.inert(problem, limit: 200))\n"
            } else if line.alerts.isEmpty {
                out += "  none fired\n"
            }
            for alert in line.alerts { out += "  " + alertText(alert, offset) + "\n" }
            out += "Acknowledgements\n"
            if !line.managed {
                out += "  \(AlertSourceConfig.absent)\n"
            } else if let problem = line.silencesProblem {
                out += "  cannot be read: \(TextSanitizer.inert(problem, limit: 200))\n"
            } else if line.acks.isEmpty {
                out += "  none\n"
            }
            for ack in line.acks { out += "  " + ackText(ack, offset) + "\n" }
            out += "Still open at \(time(to, offset))\n"
            let open = openItems(line, offset)
            out += open.isEmpty ? "  nothing\n" : open.map { "  " + $0 + "\n" }.joined()
        }
        if let calls {
            out += "\nCalls" + callSources(calls) + "\n"
            if let problem = calls.problem { out += "  cannot be read: \(TextSanitizer.inert(problem, limit: 200))\n" }
            if calls.groups.isEmpty { out += "  none raised\n" }
            let rows = calls.groups.map(callRow)
            let header = ["type", "line", "raised", "arrived", "median", "worst", "closed", "median", "worst", "tier"]
            if !rows.isEmpty {
                let widths = header.indices.map { column in
                    ([header[column]] + rows.map { $0[column] }).map { DisplayWidth.of($0) }.max() ?? 0
                }
                for row in [header] + rows {
                    out +=
                        "  "
                        + row.enumerated().map { column, cell in
                            column >= 2
                                ? DisplayWidth.padLeft(cell, widths[column]) : DisplayWidth.pad(cell, widths[column])
                        }.joined(separator: "  ").trimmingTrailingBlanks() + "\n"
                }
                out += "  (median and worst: from raised to arrived, and to closed)\n"
            }
            if !calls.reasons.isEmpty {
                out += "Reasons\n"
                for reason in calls.reasons {
                    out += "  \(reason.count)× \(TextSanitizer.inert(reason.note, limit: 120))\n"
                }
            }
            out += "Calls open at \(time(to, offset))\n"
            out += calls.open.isEmpty ? "  none\n" : calls.open.map { "  " + openCall($0, offset) + "\n" }.joined()
        }
        if let health = alarmHealth {
            out += "\nAlarm health (EEMUA 191)\n"
            out += health.lines().map { "  " + $0 + "\n" }.joined()
            out += "  verdict         " + health.verdictLine() + "\n"
        }
        return out
    }

    /// Where the calls were read from: ` (from /var/log/andon/board.log and the alert source)`.
    func callSources(_ calls: CallFacts) -> String {
        calls.sources.isEmpty
            ? ""
            : " (from " + calls.sources.map { TextSanitizer.inert($0, limit: 120) }.joined(separator: " and ") + ")"
    }

    /// A group's row: type, line, raised, arrived, to arrive (median, worst), closed, to close, highest tier.
    func callRow(_ group: CallFacts.Group) -> [String] {
        func spans(_ values: [Double]) -> [String] {
            [CallFacts.median(values).map(DurationText.exact) ?? "-", values.max().map(DurationText.exact) ?? "-"]
        }
        return [
            TextSanitizer.inert(group.type, limit: 30), TextSanitizer.inert(group.line ?? "-", limit: 30),
            String(group.raised), String(group.toArrive.count),
        ] + spans(group.toArrive)
            + [String(group.toClose.count)] + spans(group.toClose) + [group.tier >= 0 ? String(group.tier + 1) : "-"]
    }

    /// An open call: `k3f9qa2m material at 3, raised 13:02 by ana@wall, tier 2, arrived bo@floor at 13:05`.
    func openCall(_ call: CallFacts.Record, _ offset: Int) -> String {
        var text = "\(call.id) \(call.type)" + (call.line.map { " at \($0)" } ?? "")
        text += ", raised \(time(call.raisedAt, offset))" + (call.raisedBy.isEmpty ? "" : " by \(call.raisedBy)")
        if call.tier >= 0 { text += ", tier \(call.tier + 1)" }
        if let at = call.arrivedAt { text += ", arrived \(call.arrivedBy ?? "?") at \(time(at, offset))" }
        if !call.note.isEmpty { text += ": \"\(call.note)\"" }
        return TextSanitizer.inert(text, limit: 240)
    }

    // MARK: Markdown

    /// Markdown for a ticket or a chat: a heading, a table of the principles, lists of the rest. Table cells
    /// escape `|`.
    public func markdown(utcOffset offset: Int, zone: String) -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
        var out = "## andon report · \(cell(TextSanitizer.inert(title, limit: 80)))\n\n"
        out += "\(window(offset, zone: zone)) · \(cell(TextSanitizer.inert(prometheus, limit: 120)))\n"
        for line in lines {
            if let name = line.name { out += "\n### Line \(cell(TextSanitizer.inert(name, limit: 40)))\n" }
            out += "\n| principle | headline | green | yellow | red | unknown | worst |\n"
            out += "|---|---|--:|--:|--:|--:|---|\n"
            for facts in line.principles {
                let worst =
                    facts.worst.map {
                        NumberText.value($0.value, unit: facts.unit) + " at " + time($0.timestamp, offset)
                    }
                    ?? (facts.problem.map { "(\(TextSanitizer.inert($0, limit: 80)))" } ?? "-")
                out +=
                    "| \(facts.id.title) | \(cell(facts.headline)) | "
                    + [Status.green, .yellow, .red, .unknown].map { DurationText.short(facts.seconds[$0] ?? 0) }
                    .joined(separator: " | ") + " | \(cell(worst)) |\n"
            }
            let reds = line.principles.flatMap { facts in facts.reds.map { (facts.id, $0) } }
            out += "\n**Red**\n\n"
            out += reds.isEmpty ? "- none\n" : reds.map { "- \($0.0.title): \(redText($0.1, offset))\n" }.joined()
            out += "\n**Alerts**\n\n"
            if let problem = line.alertsProblem {
                out += "- cannot be read: \(TextSanitizer.inert(problem, limit: 200))\n"
            } else {
                out +=
                    line.alerts.isEmpty
                    ? "- none fired\n" : line.alerts.map { "- " + alertText($0, offset) + "\n" }.joined()
            }
            out += "\n**Acknowledgements**\n\n"
            if !line.managed {
                out += "- \(AlertSourceConfig.absent)\n"
            } else if let problem = line.silencesProblem {
                out += "- cannot be read: \(TextSanitizer.inert(problem, limit: 200))\n"
            } else {
                out += line.acks.isEmpty ? "- none\n" : line.acks.map { "- " + ackText($0, offset) + "\n" }.joined()
            }
            out += "\n**Still open at \(time(to, offset))**\n\n"
            let open = openItems(line, offset)
            out += open.isEmpty ? "- nothing\n" : open.map { "- " + $0 + "\n" }.joined()
        }
        if let calls {
            out += "\n### Calls\(cell(callSources(calls)))\n\n"
            if let problem = calls.problem {
                out += "- cannot be read: \(cell(TextSanitizer.inert(problem, limit: 200)))\n\n"
            }
            if calls.groups.isEmpty {
                out += "- none raised\n"
            } else {
                out +=
                    "| type | line | raised | arrived | to arrive, median | worst | closed | to close, median | worst | tier |\n"
                out += "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n"
                for group in calls.groups { out += "| " + callRow(group).map(cell).joined(separator: " | ") + " |\n" }
            }
            if !calls.reasons.isEmpty {
                out += "\n**Reasons**\n\n"
                for reason in calls.reasons {
                    out += "- \(reason.count)× \(TextSanitizer.inert(reason.note, limit: 120))\n"
                }
            }
            out += "\n**Calls open at \(time(to, offset))**\n\n"
            out += calls.open.isEmpty ? "- none\n" : calls.open.map { "- " + openCall($0, offset) + "\n" }.joined()
        }
        if let health = alarmHealth {
            out += "\n### Alarm health (EEMUA 191)\n\n"
            // Each figure an item; an alert under a figure an item within it.
            out +=
                health.lines().map { ($0.hasPrefix("  ") ? "  - " : "- ") + cell($0.trimmingBlanks()) + "\n" }
                .joined() + "\n"
            out += "**Verdict:** " + cell(health.verdictLine()) + "\n"
        }
        return out
    }

    // MARK: JSON

    public func json() -> JSONValue {
        func at(_ t: Double?) -> JSONValue { t.map { .string(RFC3339.format($0)) } ?? .null }
        func ack(_ a: Ack) -> JSONValue {
            .object([
                ("at", at(a.at)), ("until", at(a.until)), ("by", .string(a.who)), ("note", .string(a.note)),
                ("matchers", .string(a.what)), ("principle", a.principle.map { .string($0.rawValue) } ?? .null),
            ])
        }
        let lines: [JSONValue] = self.lines.map { line in
            let principles: [JSONValue] = line.principles.map { facts in
                .object([
                    ("principle", .string(facts.id.rawValue)), ("headline", .string(facts.headline)),
                    ("unit", .string(facts.unit.rawValue)),
                    (
                        "seconds",
                        .object(
                            [Status.green, .yellow, .red, .unknown].map {
                                (Self.statusWord($0), .number(facts.seconds[$0] ?? 0))
                            })
                    ),
                    (
                        "worst",
                        facts.worst.map { .object([("value", .number($0.value)), ("at", at($0.timestamp))]) } ?? .null
                    ),
                    (
                        "red",
                        .array(
                            facts.reds.map { red in
                                .object([
                                    ("from", at(red.from)), ("to", at(red.to)), ("open", .bool(red.open)),
                                    ("seconds", .number(red.to - red.from)),
                                    ("acknowledged_after_seconds", .number(red.ackAfter)),
                                    ("green_after_seconds", .number(red.greenAfter)),
                                ])
                            })
                    ),
                    ("status_at_end", .string(Self.statusWord(facts.last))),
                    ("problem", facts.problem.map { .string($0) } ?? .null),
                ])
            }
            let alerts: [JSONValue] = line.alerts.map { alert in
                .object([
                    ("alertname", .string(alert.name)), ("severity", .string(alert.severity)),
                    ("principle", alert.principle.map { .string($0.rawValue) } ?? .null),
                    ("labels", .string(alert.detail)), ("firings", .number(Double(alert.firings))),
                    ("firing_seconds", .number(alert.seconds)), ("flapped", .bool(alert.flapped)),
                    ("firing_since", at(alert.since)),
                ])
            }
            return .object([
                ("line", line.name.map { .string($0) } ?? .null),
                ("principles", .array(principles)),
                ("alerts", line.alertsProblem == nil ? .array(alerts) : .null),
                ("alerts_problem", line.alertsProblem.map { .string($0) } ?? .null),
                ("acknowledgements", line.managed && line.silencesProblem == nil ? .array(line.acks.map(ack)) : .null),
                ("silences_problem", line.silencesProblem.map { .string($0) } ?? .null),
                (
                    "open",
                    .object([
                        (
                            "firing",
                            .array(
                                line.alerts.filter { $0.since != nil }.map {
                                    .object([
                                        ("alertname", .string($0.name)), ("labels", .string($0.detail)),
                                        ("since", at($0.since)),
                                    ])
                                })
                        ),
                        (
                            "unanswered_red",
                            .array(
                                line.unansweredReds.map { facts in
                                    .object([
                                        ("principle", .string(facts.id.rawValue)), ("since", at(facts.reds.last?.from)),
                                    ])
                                })
                        ),
                        ("silences_ending", .array(line.expiring.map(ack))),
                    ])
                ),
            ])
        }
        return .object([
            ("title", .string(title)), ("prometheus", .string(prometheus)), ("from", at(from)), ("to", at(to)),
            ("step_seconds", .number(step)), ("lines", .array(lines)),
            ("calls", calls.map(callsJSON) ?? .null),
            ("alarm_health", alarmHealth?.json() ?? .null),
        ])
    }

    /// The calls: `groups` (per type and line, the seconds to arrive and to close of each call, their median and
    /// worst), `open`, `reasons`, each call raised.
    func callsJSON(_ calls: CallFacts) -> JSONValue {
        func at(_ t: Double?) -> JSONValue { t.map { .string(RFC3339.format($0)) } ?? .null }
        func spans(_ values: [Double]) -> JSONValue {
            .object([
                ("count", .number(Double(values.count))), ("median_seconds", .number(CallFacts.median(values))),
                ("worst_seconds", .number(values.max())),
            ])
        }
        func record(_ call: CallFacts.Record) -> JSONValue {
            .object([
                ("id", .string(call.id)), ("type", .string(call.type)),
                ("line", call.line.map { .string($0) } ?? .null),
                ("raised_by", .string(call.raisedBy)), ("raised_at", at(call.raisedAt)), ("note", .string(call.note)),
                ("tier", call.tier >= 0 ? .number(Double(call.tier + 1)) : .null),
                ("arrived_by", call.arrivedBy.map { .string($0) } ?? .null), ("arrived_at", at(call.arrivedAt)),
                ("closed_at", at(call.closedAt)),
            ])
        }
        return .object([
            ("sources", .array(calls.sources.map { .string($0) })),
            ("problem", calls.problem.map { .string($0) } ?? .null),
            (
                "groups",
                .array(
                    calls.groups.map { group in
                        .object([
                            ("type", .string(group.type)), ("line", group.line.map { .string($0) } ?? .null),
                            ("raised", .number(Double(group.raised))), ("to_arrive", spans(group.toArrive)),
                            ("to_close", spans(group.toClose)),
                            ("highest_tier", group.tier >= 0 ? .number(Double(group.tier + 1)) : .null),
                        ])
                    })
            ),
            ("raised", .array(calls.raised.map(record))), ("open", .array(calls.open.map(record))),
            (
                "reasons",
                .array(
                    calls.reasons.map { .object([("note", .string($0.note)), ("count", .number(Double($0.count)))]) })
            ),
        ])
    }
}
