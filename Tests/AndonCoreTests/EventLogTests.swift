import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The event log (issue 22): what a board saw, as the difference each step made, in order; the text and JSON
/// lines with the same fields; hostile values inert.
@Suite(
    "the event log",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct EventLogTests {
    static let now = ReloadTests.now

    static func alert(_ name: String, severity: String = "critical", ack: Silence? = nil) -> Alert {
        var alert = Alert(
            labels: ["alertname": name, "severity": severity, "principle": "kanban"], annotations: [:], state: .firing,
            activeAt: now)
        alert.principle = .kanban
        if let ack { alert.suppression = .silenced([ack]) }
        return alert
    }

    /// One step: the answer (Kanban at `kanban`, these alerts) applied at `time`; the entries it made.
    static func step(_ state: inout BoardState, at time: Double, kanban: Double, alerts: [Alert] = []) -> [LogEntry] {
        let before = state
        _ = state.update(.tick(time))
        var data = ReloadTests.answer(state, kanban: kanban)
        data.evaluation = Evaluation(
            evaluatedAt: time, prometheus: "http://p", readings: data.evaluation.readings, alerts: .success(alerts))
        data.at = time
        _ = state.update(.refreshed(data))
        return EventLog.changes(from: before, to: state, line: nil)
    }

    static func summary(_ entries: [LogEntry]) -> [String] {
        entries.map { entry in ([entry.event] + entry.fields.map { "\($0.key)=\($0.value)" }).joined(separator: " ") }
    }

    @Test func aLineThatGoesRedAndBack() {
        var state = BoardState(config: Config(), now: Self.now, size: Size(width: 120, height: 40))
        let first = Self.summary(Self.step(&state, at: Self.now, kanban: 100))
        // The first answer: every principle's status, as the board first saw it.
        #expect(first.count == 6 && first.contains("status principle=Kanban to=green value=100 items"), "\(first)")
        #expect(Self.summary(Self.step(&state, at: Self.now + 15, kanban: 120)).isEmpty)
        let red = Self.summary(Self.step(&state, at: Self.now + 30, kanban: 1500, alerts: [Self.alert("KanbanDeep")]))
        #expect(
            red == [
                "status principle=Kanban from=green to=red value=1,500 items",
                "alert alert=KanbanDeep severity=critical principle=Kanban state=firing",
            ], "\(red)")
        let ack = Silence(
            id: "s1", matchers: [], createdBy: "ops@wall", comment: Silence.ackMarker + " on it", startsAt: Self.now,
            endsAt: Self.now + 3600, state: .active)
        let acked = Self.summary(
            Self.step(&state, at: Self.now + 45, kanban: 1500, alerts: [Self.alert("KanbanDeep", ack: ack)]))
        #expect(
            acked == [
                "ack alert=KanbanDeep severity=critical principle=Kanban by=ops@wall until=2026-11-29T01:00:00Z"
            ], "\(acked)")
        let green = Self.summary(Self.step(&state, at: Self.now + 60, kanban: 100))
        #expect(
            green == [
                "status principle=Kanban from=red to=green value=100 items",
                "alarm principle=Kanban alarm=ringback",
                "alert alert=KanbanDeep severity=critical principle=Kanban state=resolved",
            ], "\(green)")
    }

    @Test func aSourceLostAndBackAndStaleValues() {
        var state = BoardState(config: Config(), now: Self.now, size: Size(width: 120, height: 40))
        _ = Self.step(&state, at: Self.now, kanban: 100)
        // Nothing answers: the source is lost; the values go stale, then unknown, each logged once.
        var before = state
        _ = state.update(.tick(Self.now + 15))
        let failed = state.config.principles.map {
            Reading(id: $0.id, value: nil, status: .unknown, reason: "connection refused", answered: false)
        }
        _ = state.update(
            .refreshed(
                OverviewData(
                    evaluation: Evaluation(
                        evaluatedAt: Self.now + 15, prometheus: "http://p", readings: failed,
                        alerts: .failure(.transport(TransportError(.connectionRefused, "connection refused")))),
                    culprits: [:], at: Self.now + 15)))
        let lost = Self.summary(EventLog.changes(from: before, to: state, line: "north"))
        #expect(
            lost.contains("source line=north source=prometheus state=unreachable reason=connection refused"), "\(lost)")
        #expect(lost.contains { $0.hasPrefix("source line=north source=alerts state=unreadable") }, "\(lost)")
        before = state
        _ = state.update(.tick(Self.now + 60))
        let stale = Self.summary(EventLog.changes(from: before, to: state, line: nil))
        #expect(
            stale.contains(
                "status principle=Kanban from=green to=stale value=100 items reason=stale 1m: connection refused"),
            "\(stale)")
        let back = Self.summary(Self.step(&state, at: Self.now + 75, kanban: 100))
        #expect(
            back.contains("source source=prometheus state=reachable")
                && back.contains("source source=alerts state=readable"), "\(back)")
        #expect(back.contains("status principle=Kanban from=stale to=green value=100 items"), "\(back)")
    }

    @Test func historyIsNotNews() {
        var state = BoardState(
            config: Config(), now: Self.now, size: Size(width: 120, height: 40), at: Self.now - 3600)
        let before = state
        _ = state.update(.refreshed(ReloadTests.answer(state, kanban: 1500)))
        #expect(EventLog.changes(from: before, to: state, line: nil).isEmpty)
    }

    /// The two formats carry the same fields in the same order; a hostile value (escape sequences, a newline
    /// that would forge a line, quotes, a bidi override) comes out inert in both.
    @Test func textAndJSONLinesWithAHostileValue() throws {
        let hostile = "crit\u{1B}]0;pwned\u{07}\nstatus principle=Kanban to=green \"x\" \u{202E}evil"
        let entry = LogEntry(
            time: Self.now + 0.75, event: "alert",
            fields: [.init("alert", "KanbanDeep"), .init("severity", hostile), .init("state", "firing")])
        let text = EventLogFormat.line(entry, format: .text)
        #expect(
            text == "2026-11-29T00:00:00Z alert alert=KanbanDeep"
                + " severity=\"crit\u{FFFD}]0;pwned\u{FFFD} status principle=Kanban to=green \\\"x\\\" \u{FFFD}evil\""
                + " state=firing", "\(text)")
        let json = EventLogFormat.line(entry, format: .json)
        #expect(!json.contains("\n") && !json.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x202E })
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String], "\(json)")
        #expect(object["time"] == "2026-11-29T00:00:00Z" && object["event"] == "alert" && object["state"] == "firing")
        #expect(
            object["severity"] == "crit\u{FFFD}]0;pwned\u{FFFD} status principle=Kanban to=green \"x\" \u{FFFD}evil")
        #expect(json.hasPrefix(#"{"time": "2026-11-29T00:00:00Z", "event": "alert", "alert": "KanbanDeep""#), "\(json)")
    }
}
