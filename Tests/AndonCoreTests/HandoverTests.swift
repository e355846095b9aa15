import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The handover digest (issue 21) from a known shift: the facts, and their text and Markdown golden files.
@Suite(
    "the handover digest",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct HandoverTests {
    static let from = 1_795_910_400.0  // 2026-11-29T00:00:00Z
    static let to = from + 8 * 3600
    static let step = 60.0

    /// A series a minute from `from` to `to`, by minute of the shift (nil: no sample).
    static func series(_ value: (Int) -> Double?) -> [Point] {
        (0...480).compactMap { minute in value(minute).map { Point(timestamp: from + Double(minute) * 60, value: $0) } }
    }

    static func alert(_ name: String, _ labels: Labels, _ principle: PrincipleID, firing: [ClosedRange<Int>])
        -> (labels: Labels, principle: PrincipleID?, points: [Point])
    {
        var all = labels
        all["alertname"] = name
        all["alertstate"] = "firing"
        all["__name__"] = "ALERTS"
        return (all, principle, series { minute in firing.contains { $0.contains(minute) } ? 1 : nil })
    }

    static func silence(
        _ alertname: String, by: String, _ comment: String, from start: Int, minutes: Int
    ) -> Silence {
        Silence(
            id: alertname, matchers: [.init(name: "alertname", value: alertname)], createdBy: by, comment: comment,
            startsAt: from + Double(start) * 60, endsAt: from + Double(start + minutes) * 60, state: .active)
    }

    /// The shift: Kanban red from 02:00 to 02:40 (acknowledged at 02:05) and again from 07:30 to the end; Andon
    /// yellow for an hour; Heijunka without data for its first hour; Kaizen unreadable.
    static func inputs(managed: Bool = true) -> HandoverInputs {
        let config = Config()
        let series: [PrincipleID: Result<[Point], PrometheusError>] = [
            .jidoka: .success(Self.series { _ in 0 }),
            .kanban: .success(Self.series { ($0 >= 120 && $0 < 160) || $0 >= 450 ? 1500 + Double($0) : 300 }),
            .andon: .success(Self.series { $0 >= 300 && $0 < 360 ? 0.7 : 0.1 }),
            .kaizen: .failure(.transport(TransportError(.connectionRefused, "127.0.0.1:9090"))),
            .heijunka: .success(Self.series { $0 < 60 ? nil : 50 }),
            .tracing: .success(Self.series { _ in 1.2 }),
        ]
        return HandoverInputs(
            headlines: config.principles.map { ($0, series[$0.id]!) },
            alerts: .success([
                alert(
                    "AndonKanbanRed", ["severity": "critical", "principle": "kanban"], .kanban,
                    firing: [121...159, 451...480]),
                alert(
                    "KanbanQueueDepthCritical",
                    ["severity": "warning", "principle": "kanban", "queue_name": "orders"],
                    .kanban, firing: [125...130, 140...145, 455...470]),
                alert("AndonAndonYellow", ["severity": "warning", "principle": "andon"], .andon, firing: [301...359]),
            ]),
            silences: managed
                ? .success([
                    silence("AndonKanbanRed", by: "ana@wall-3", "ACK! on it", from: 125, minutes: 60),
                    silence("AndonHeijunkaYellow", by: "bo", "pool resize", from: 400, minutes: 200),
                ]) : nil)
    }

    static func report(managed: Bool = true) -> Handover {
        var report = Handover(
            title: "Line 3", prometheus: "http://prometheus:9090", from: from, to: to, step: step,
            lines: [Handover.line(nil, inputs(managed: managed), from: from, to: to, step: step)])
        report.calls = calls()
        report.alarmHealth = alarmHealth()
        return report
    }

    /// The shift's alarm health: the two alerts of the shift raised as they fired, AndonKanbanRed acknowledged at
    /// 02:05.
    static func alarmHealth() -> AlarmHealthReport {
        func at(_ minutes: [Int]) -> [Double] { minutes.map { from + Double($0) * 60 } }
        let health = AlarmHealth.of(
            [
                .init(
                    labels: ["alertname": "AndonKanbanRed", "severity": "critical", "principle": "kanban"],
                    raises: at([121, 451]), firingSince: at([451])[0]),
                .init(
                    labels: ["alertname": "KanbanQueueDepthCritical", "severity": "critical", "queue": "orders"],
                    raises: at([125, 140, 455])),
                .init(
                    labels: ["alertname": "AndonAndonYellow", "severity": "warning", "principle": "andon"],
                    raises: at([301])),
            ], acks: [silence("AndonKanbanRed", by: "ana@wall-3", "ACK! on it", from: 125, minutes: 60)], from: from,
            to: to)
        return AlarmHealthReport(.success(health), targets: AlarmHealthTargets(), from: from, to: to)
    }

    /// The calls of the shift as the event log has them (written and read back as text): two material calls at
    /// line 3, answered in 3m20s and 7m30s, closed in 20m05s and 40m; a quality call still open; a call of the
    /// day before, closed in this shift, that is not this shift's.
    static let callLog: [String] = {
        func call(_ id: String, _ type: String, by: String, at minute: Double, note: String) -> Call {
            Call(
                id: id, type: type, line: "3", principle: type == "material" ? .kanban : .andon, raisedBy: by,
                raisedAt: from + minute * 60, note: note)
        }
        var lines: [String] = []
        func log(_ call: Call, _ step: CallStep, seen: Double) {
            let entry = LogEntry(time: seen, event: "call", fields: EventLog.callFields(call, step, seen: seen))
            lines.append(EventLogFormat.line(entry, format: lines.count % 2 == 0 ? .text : .json))
        }
        var a = call("a2345678", "material", by: "ana@wall-3", at: 60, note: "pallet jam at station 4")
        log(a, .raised, seen: a.raisedAt)
        a.tier = 0
        log(a, .tier, seen: a.raisedAt + 1)
        a.arrivedAt = a.raisedAt + 200
        a.arrivedBy = "bo@floor"
        log(a, .arrived, seen: a.arrivedAt! + 1)
        a.closedAt = a.raisedAt + 1205
        a.closedNote = "cleared"
        log(a, .closed, seen: a.closedAt!)
        var b = call("b2345678", "material", by: "ana@wall-3", at: 180, note: "Pallet jam  at station 4")
        log(b, .raised, seen: b.raisedAt + 2)
        b.tier = 1
        log(b, .tier, seen: b.raisedAt + 300)
        b.arrivedAt = b.raisedAt + 450
        b.arrivedBy = "cy"
        log(b, .arrived, seen: b.arrivedAt!)
        // The same arrival as another board saw it a refresh later: the first time counts.
        log(b, .arrived, seen: b.arrivedAt! + 1)
        b.closedAt = b.raisedAt + 2400
        log(b, .closed, seen: b.closedAt!)
        var c = call("c2345678", "quality", by: "dee", at: 470, note: "scratches on lid")
        log(c, .raised, seen: c.raisedAt)
        c.tier = 0
        log(c, .tier, seen: c.raisedAt + 1)
        var d = call("d2345678", "material", by: "ana@wall-3", at: -60, note: "yesterday's")
        log(d, .raised, seen: d.raisedAt)
        d.closedAt = from + 600
        log(d, .closed, seen: d.closedAt!)
        // After the window: not known at its end.
        var late = c
        late.closedAt = to + 60
        log(late, .closed, seen: to + 60)
        return lines
    }()

    static func calls() -> CallFacts {
        let entries = callLog.compactMap { EventLogFormat.parse($0[...]) }
        return CallFacts.of(
            entries: entries, open: nil, from: from, to: to, sources: ["/var/log/andon/board.log"])
    }

    @Test func theFactsOfTheShift() throws {
        let line = Self.report().lines[0]
        let kanban = try #require(line.principles.first { $0.id == .kanban })
        #expect(kanban.seconds[.red] == 40 * 60 + 30 * 60 && kanban.seconds[.green] == 410 * 60)
        #expect(kanban.reds.count == 2)
        #expect(kanban.reds[0].ackAfter == 5 * 60 && kanban.reds[0].greenAfter == 40 * 60 && !kanban.reds[0].open)
        #expect(kanban.reds[1].open && kanban.reds[1].ackAfter == nil)
        #expect(kanban.worst == Point(timestamp: Self.to, value: 1980))
        let heijunka = try #require(line.principles.first { $0.id == .heijunka })
        #expect(heijunka.seconds[.unknown] == 3600 && heijunka.seconds[.green] == 7 * 3600)
        let kaizen = try #require(line.principles.first { $0.id == .kaizen })
        #expect(kaizen.seconds[.unknown] == 8 * 3600 && kaizen.problem?.contains("connection refused") == true)
        let flapping = try #require(line.alerts.first { $0.name == "KanbanQueueDepthCritical" })
        #expect(flapping.firings == 3 && flapping.flapped && flapping.seconds == (6 + 6 + 16) * 60)
        #expect(flapping.detail == "queue_name=\"orders\"" && flapping.since == nil, "resolved at 07:50")
        #expect(line.acks.map(\.who) == ["ana"] && line.acks[0].principle == .kanban)
        // The ack expired at 03:05: the second red is unanswered; bo's silence ends at 10:00, within the next shift.
        #expect(line.unansweredReds.map(\.id) == [.kanban])
        #expect(line.expiring.map(\.who) == ["bo"])
    }

    /// The calls' figures, to the second, from lines of both formats.
    @Test func theCallsOfTheShift() throws {
        #expect(Self.callLog.allSatisfy { EventLogFormat.parse($0[...])?.event == "call" })
        let calls = Self.calls()
        #expect(calls.raised.map(\.id) == ["a2345678", "b2345678", "c2345678"])
        let material = try #require(calls.groups.first { $0.type == "material" })
        #expect(material.line == "3" && material.raised == 2 && material.tier == 1)
        #expect(material.toArrive == [200, 450] && CallFacts.median(material.toArrive) == 325)
        #expect(material.toClose == [1205, 2400] && CallFacts.median(material.toClose) == 1802.5)
        let quality = try #require(calls.groups.first { $0.type == "quality" })
        #expect(quality.raised == 1 && quality.toArrive.isEmpty && quality.toClose.isEmpty && quality.tier == 0)
        #expect(calls.open.map(\.id) == ["c2345678"])
        #expect(calls.raised[1].arrivedBy == "cy" && calls.raised[1].arrivedAt == Self.from + 180 * 60 + 450)
        #expect(
            calls.reasons == [
                .init(note: "pallet jam at station 4", count: 2), .init(note: "scratches on lid", count: 1),
            ])
        // Open in the source now: a call the log never saw counts, and a call the log thinks open but the source
        // has not is not open.
        let elsewhere = Call(
            id: "e2345678", type: "help", line: nil, principle: nil, raisedBy: "eve", raisedAt: Self.to - 100, note: "")
        let live = CallFacts.of(
            entries: Self.callLog.compactMap { EventLogFormat.parse($0[...]) }, open: [elsewhere], from: Self.from,
            to: Self.to)
        #expect(live.open.map(\.id) == ["e2345678"] && live.groups.map(\.type) == ["help", "material", "quality"])
    }

    /// A log line read back is the line written, in both formats, whatever its values hold; a line that is not
    /// one is nothing.
    @Test func logLinesReadBack() {
        let hostile = "jam \"x\" a=b \\ \u{1B}[2J\nforged"
        let entry = LogEntry(
            time: Self.from, event: "call", fields: [.init("call", "k3"), .init("note", hostile), .init("by", "")])
        for format in [LogFormat.text, .json] {
            let read = EventLogFormat.parse(EventLogFormat.line(entry, format: format)[...])
            #expect(read?.time == Self.from && read?.event == "call")
            #expect(read?.fields.map(\.key) == ["call", "note", "by"])
            #expect(read?.fields[1].value == TextSanitizer.inert(hostile, limit: 512))
        }
        for junk in ["", "garbage", "2026-11-29T00:00:00Z", "2026-11-29T00:00:00Z call note=\"open", "{\"time\": 1}"] {
            #expect(EventLogFormat.parse(junk[...]) == nil, "\(junk)")
        }
    }

    @Test func theDigestAsTextAndMarkdown() throws {
        let report = Self.report()
        try Golden.compare(report.text(utcOffset: 0, zone: "UTC"), name: "report-text")
        try Golden.compare(report.markdown(utcOffset: 0, zone: "UTC"), name: "report-markdown")
        // The JSON, pretty-printed for the documentation (`andon report --json | jq .` shows the same).
        let object = try JSONSerialization.jsonObject(with: Data(report.json().serialized().utf8))
        let pretty = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        try Golden.compare(String(decoding: pretty, as: UTF8.self) + "\n", name: "report-json")
    }

    /// The three formats carry the same numbers.
    @Test func theFormatsAgree() throws {
        let report = Self.report()
        let text = report.text(utcOffset: 0, zone: "UTC")
        let markdown = report.markdown(utcOffset: 0, zone: "UTC")
        let json = report.json()
        let line = try #require(json["lines"]?.arrayValue?.first)
        for facts in try #require(line["principles"]?.arrayValue) {
            let seconds = try #require(facts["seconds"])
            let cells = ["green", "yellow", "red", "unknown"].map { DurationText.short(seconds[$0]?.numberValue ?? -1) }
            let title = PrincipleID(rawValue: facts["principle"]?.stringValue ?? "")!.title
            #expect(
                markdown.contains(
                    "| \(title) | \(facts["headline"]?.stringValue ?? "") | " + cells.joined(separator: " | ")))
            let row = try #require(text.components(separatedBy: "\n").first { $0.hasPrefix("  \(title) ") })
            #expect(
                Array(row.split(separator: " ").map(String.init).suffix(from: 1).drop { !$0.first!.isNumber }.prefix(4))
                    == cells, "\(row)")
        }
        for alert in try #require(line["alerts"]?.arrayValue) {
            let firings = Int(alert["firings"]?.numberValue ?? 0)
            let name = alert["alertname"]?.stringValue ?? ""
            let phrase =
                "fired \(firings) time\(firings == 1 ? "" : "s"), "
                + DurationText.short(alert["firing_seconds"]?.numberValue ?? 0) + " in all"
            #expect(text.contains(phrase) && markdown.contains(phrase), "\(name): \(phrase)")
        }
    }

    /// Without Alertmanager the digest says so, instead of "none".
    @Test func withoutAlertmanager() {
        let report = Self.report(managed: false)
        #expect(report.text(utcOffset: 0, zone: "UTC").contains("Acknowledgements\n  no Alertmanager configured\n"))
        #expect(report.json()["lines"]?.arrayValue?.first?["acknowledgements"] == .null)
        // Then every red at the end is unanswered.
        #expect(report.lines[0].unansweredReds.map(\.id) == [.kanban])
    }

    /// A point outside the window (a server's, at the epoch) is no fact of the shift: not the worst value, not a
    /// firing.
    @Test func pointsOutsideTheWindowDoNotCount() throws {
        var inputs = Self.inputs()
        var jidoka = try inputs.headlines[0].1.get()
        jidoka.insert(Point(timestamp: 0, value: 90), at: 0)
        inputs.headlines[0].1 = .success(jidoka)
        var alert = Self.alert("Old", ["severity": "critical"], .jidoka, firing: [])
        alert.points = [Point(timestamp: 0, value: 1)]
        inputs.alerts = .success([alert])
        let facts = Handover.line(nil, inputs, from: Self.from, to: Self.to, step: Self.step)
        #expect(facts.principles[0].worst?.value == 0, "\(String(describing: facts.principles[0].worst))")
        #expect(facts.alerts.isEmpty, "\(facts.alerts)")
    }

    /// Label values from outside are inert in every format: no terminal control, no Markdown table broken.
    @Test func hostileLabelsAreInert() {
        var inputs = Self.inputs()
        inputs.alerts = .success([
            Self.alert(
                "Evil\u{1b}[2J|x", ["severity": "critical", "queue_name": "a|b\u{7}"], .kanban, firing: [470...480])
        ])
        let report = Handover(
            title: "Line\u{1b}]0;pwned\u{7}", prometheus: "http://p", from: Self.from, to: Self.to, step: Self.step,
            lines: [Handover.line(nil, inputs, from: Self.from, to: Self.to, step: Self.step)])
        for output in [report.text(utcOffset: 0, zone: "UTC"), report.markdown(utcOffset: 0, zone: "UTC")] {
            #expect(!output.contains("\u{1b}") && !output.contains("\u{7}"), "\(output)")
        }
        #expect(!report.markdown(utcOffset: 0, zone: "UTC").contains("Evil?[2J|x"))
    }
}

/// `timezone:` (issue 21): UTC or the machine's; anything else names its place.
@Suite(
    "the time zone setting",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct TimeZoneSettingTests {
    @Test func utcOrLocal() throws {
        #expect(try ConfigParser.parse(yaml: "timezone: UTC\n", file: "c.yaml").utc)
        #expect(try !ConfigParser.parse(yaml: "timezone: local\n", file: "c.yaml").utc)
        #expect(try !ConfigParser.parse(yaml: "title: x\n", file: "c.yaml").utc)
        #expect {
            _ = try ConfigParser.parse(yaml: "title: x\ntimezone: Mars/Olympus\n", file: "c.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("c.yaml:2:") && text.contains("timezone") && text.contains("expected UTC or local")
        }
    }
}
