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
        return out
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
        ])
    }
}
