import AndonCore
import AndonTestSupport
import Testing

@Suite(
    "Readings and the check report",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct ReadingTests {
    let kanban = PrincipleSpec.standard(.kanban)

    func vector(_ values: [Double]) -> Result<QueryResponse, PrometheusError> {
        .success(QueryResponse(result: .vector(values.map { Sample(labels: [:], timestamp: 0, value: $0) })))
    }

    @Test func value() {
        let reading = Reading.evaluate(kanban, vector([750]))
        #expect(reading == Reading(id: .kanban, value: 750, status: .yellow))
    }

    @Test func emptyIsUnknown() {
        let reading = Reading.evaluate(kanban, vector([]))
        #expect(reading.status == .unknown)
        #expect(reading.value == nil)
        #expect(reading.reason?.contains("no series") == true)
    }

    @Test func nanIsUnknown() {
        let reading = Reading.evaluate(kanban, vector([.nan]))
        #expect(reading.status == .unknown)
        #expect(reading.reason?.contains("NaN") == true)
    }

    @Test func errorIsUnknownWithItsReason() {
        let reading = Reading.evaluate(kanban, .failure(.api(errorType: "bad_data", message: "parse error")))
        #expect(reading.status == .unknown)
        #expect(reading.reason == "Prometheus bad_data: parse error")
    }

    @Test func wrongResultTypeIsUnknown() {
        let reading = Reading.evaluate(kanban, .success(QueryResponse(result: .string(timestamp: 0, value: "x"))))
        #expect(reading.status == .unknown)
    }

    @Test func scalar() {
        #expect(
            Reading.evaluate(kanban, .success(QueryResponse(result: .scalar(Point(timestamp: 0, value: 5))))).status
                == .green)
    }

    @Test func severalSeriesTakeTheWorst() {
        let reading = Reading.evaluate(kanban, vector([10, 1200, 600]))
        #expect(reading.value == 1200)
        #expect(reading.status == .red)
    }

    func evaluation(_ statuses: [Double?], alerts: Result<[Alert], PrometheusError> = .success([])) -> Evaluation {
        let readings = zip(PrincipleID.allCases, statuses).map { id, value in
            Reading.evaluate(.standard(id), value.map { vector([$0]) } ?? vector([]))
        }
        return Evaluation(evaluatedAt: 1_795_915_993, prometheus: "http://p:9090", readings: readings, alerts: alerts)
    }

    @Test func exitCodes() {
        let config = Config()
        let green: [Double?] = [0, 10, 0.1, 99, 50, 0.5]
        #expect(CheckReport(evaluation: evaluation(green), config: config).exitCode == 0)
        #expect(CheckReport(evaluation: evaluation([20, 10, 0.1, 99, 50, 0.5]), config: config).exitCode == 1)
        #expect(CheckReport(evaluation: evaluation([20, 10, 0.1, 99, 50, 9]), config: config).exitCode == 2)
        #expect(CheckReport(evaluation: evaluation([20, nil, 0.1, 99, 50, 0.5]), config: config).exitCode == 3)
        #expect(CheckReport(evaluation: evaluation([20, nil, 0.1, 99, 50, 9]), config: config).exitCode == 2)
        let blindToAlerts = evaluation(green, alerts: .failure(.transport(TransportError(.timeout, ""))))
        #expect(CheckReport(evaluation: blindToAlerts, config: config).exitCode == 3)
    }

    @Test func json() throws {
        let alert = Alert(
            labels: ["alertname": "KanbanQueueDepthCritical", "severity": "critical", "principle": "kanban"],
            annotations: ["summary": "Queue \"orders\" is 1200 deep\n"], state: .firing, activeAt: 1_795_915_000)
        let report = CheckReport(
            evaluation: evaluation([20, nil, 0.1, 99, 50, 9], alerts: .success([alert])), config: Config())
        let text = report.json().serialized()
        #expect(
            text.hasPrefix(
                #"{"status": "red", "evaluated_at": "2026-11-29T01:33:13Z", "prometheus": "http://p:9090", "principles": [{"id": "jidoka", "title": "Jidoka", "headline": "circuits open", "value": 20.0, "unit": "%", "status": "yellow", "first_out": false, "profile": "tps"}, {"id": "kanban", "title": "Kanban", "headline": "deepest queue", "value": null, "unit": "items", "status": "unknown", "reason": "no data: the query returned no series", "first_out": false, "profile": "tps"}"#
            ))
        #expect(text.contains(#""profiles": ["tps"], "alerts": ["#))
        #expect(
            text.contains(
                #""alerts": [{"name": "KanbanQueueDepthCritical", "state": "firing", "severity": "critical", "summary": "Queue \"orders\" is 1200 deep\n", "active_at": "2026-11-29T01:16:40Z", "labels": {"alertname": "KanbanQueueDepthCritical", "principle": "kanban", "severity": "critical"}}]}"#
            ))
    }

    /// `check`'s first out, from the histories read with it: Kanban red since 100 s before the instant, Tracing
    /// since 40 s, nothing red in the five minutes before Kanban: Kanban alone; a red older than the history, or a
    /// red within the quiet before it, marks nothing.
    @Test func theFirstOutFromTheHistories() {
        let end = 1_795_915_993.0
        let config = Config()
        func histories(_ redFrom: [PrincipleID: Double], start: Double = end - 3600) -> [(
            id: PrincipleID, history: StatusHistory
        )] {
            config.principles.map { spec in
                var periods = [StatusHistory.Period(status: .green, from: start, to: redFrom[spec.id] ?? end)]
                if let from = redFrom[spec.id] {
                    periods[0].to = from
                    periods.append(.init(status: .red, from: from, to: end))
                }
                return (spec.id, StatusHistory(start: start, end: end, periods: periods))
            }
        }
        let now = evaluation([0, 1500, 0.1, 99, 50, 9])
        let marked = now.markingFirstOut(histories([.kanban: end - 100, .tracing: end - 40]), quiet: 300)
        #expect(marked.firstOut == .kanban)
        let report = CheckReport(evaluation: marked, config: config)
        let rows = report.text(ascii: true).split(separator: "\n").filter { $0.contains("FIRST OUT") }
        #expect(rows.count == 1 && rows[0].hasPrefix("  Kanban "), "\(rows)")
        let json = report.json().serialized()
        #expect(json.components(separatedBy: #""first_out": true"#).count == 2)
        #expect(
            json.contains(#""deepest queue", "value": 1500.0, "unit": "items", "status": "red", "first_out": true"#),
            "\(json)")
        // Tracing red now but not yet in the history (it went red after the history's last step): still Kanban.
        #expect(now.markingFirstOut(histories([.kanban: end - 100]), quiet: 300).firstOut == .kanban)
        // Kanban's red began before the history: not known to be first.
        #expect(now.markingFirstOut(histories([.kanban: end - 3600, .tracing: end - 40]), quiet: 300).firstOut == nil)
        // Tracing red 200 s before Kanban, within the quiet, and green again: no calm, no first out.
        var before = histories([.kanban: end - 100, .tracing: end - 40])
        before[5].history.periods = [
            .init(status: .green, from: end - 3600, to: end - 300), .init(status: .red, from: end - 300, to: end - 250),
            .init(status: .green, from: end - 250, to: end - 40), .init(status: .red, from: end - 40, to: end),
        ]
        #expect(now.markingFirstOut(before, quiet: 300).firstOut == nil)
        // Off, or no history, or nothing red: nothing.
        #expect(now.markingFirstOut(histories([.kanban: end - 100]), quiet: nil).firstOut == nil)
        #expect(now.markingFirstOut(nil, quiet: 300).firstOut == nil)
        #expect(evaluation([0, 10, 0.1, 99, 50, 1]).markingFirstOut(histories([:]), quiet: 300).firstOut == nil)
    }

    /// A plant's first out: the line red first (any of its principles), with no line red in the quiet before it.
    /// North's Tracing red since 400 s, south's Kanban since 100 s, and north's Kanban red 250-200 s before the
    /// instant too (a line's reds are one red): north, in the text and the JSON; a red on south within the quiet
    /// before north's, nothing; a line whose histories were not read, nothing.
    @Test func thePlantsFirstOutFromTheLinesHistories() {
        let end = 1_795_915_993.0
        let start = end - 3900
        func history(_ reds: [(Double, Double)]) -> StatusHistory {
            var periods: [StatusHistory.Period] = []
            var at = start
            for (from, to) in reds {
                periods.append(.init(status: .green, from: at, to: from))
                periods.append(.init(status: .red, from: from, to: to))
                at = to
            }
            if at < end { periods.append(.init(status: .green, from: at, to: end)) }
            return StatusHistory(start: start, end: end, periods: periods)
        }
        func line(_ reds: [PrincipleID: [(Double, Double)]]) -> [(id: PrincipleID, history: StatusHistory)] {
            PrincipleID.allCases.map { ($0, history(reds[$0] ?? [])) }
        }
        let north = line([.tracing: [(end - 400, end)], .kanban: [(end - 250, end - 200)]])
        let south = line([.kanban: [(end - 100, end)]])
        let red = evaluation([0, 1500, 0.1, 99, 50, 9])
        let green = evaluation([0, 10, 0.1, 99, 50, 0.5])
        let both = [("south", red, south), ("north", red, north), ("east", green, line([:]))]
        #expect(FirstOut.line(both.map { ($0.0, $0.1, Optional($0.2)) }, quiet: 300) == "north")
        // The union of a line's reds: one red from 400 s before the instant, whatever its principles did.
        let union = StatusHistory.reds(of: north.map(\.history))
        #expect(union.periods.map(\.status) == [.green, .red] && union.periods[1].from == end - 400)
        let report = PlantReport(
            title: "Works", lines: both.map { ($0.0, CheckReport(evaluation: $0.1, config: Config())) },
            firstOutLine: "north")
        let rows = report.text(ascii: true).split(separator: "\n").filter { $0.contains("FIRST OUT") }
        #expect(rows == ["Line north: [CRIT]  FIRST OUT"], "\(rows)")
        let json = report.json().serialized()
        #expect(json.contains(#"{"name": "north", "first_out": true, "status": "red""#), "\(json)")
        #expect(json.components(separatedBy: #""first_out": true"#).count == 2, "\(json)")
        // South red 500-450 s before the instant, within the quiet before north's: no calm, no first out.
        let flicker = line([.kanban: [(end - 500, end - 450), (end - 100, end)]])
        #expect(FirstOut.line([("south", red, flicker), ("north", red, north)], quiet: 300) == nil)
        // A line whose histories did not come: nothing marked.
        #expect(FirstOut.line([("south", red, south), ("north", red, nil)], quiet: 300) == nil)
        // South red now, but not yet in its history: it began at the history's end, after north.
        #expect(FirstOut.line([("south", red, line([:])), ("north", red, north)], quiet: 300) == "north")
    }

    @Test func jsonEscapesTerminalControls() {
        let value = JSONValue.string("a\u{1B}]52;c;x\u{07}\u{202E}b")
        #expect(value.serialized() == #""a\u001b]52;c;x\u0007\u202eb""#)
    }

    @Test func text() {
        let report = CheckReport(evaluation: evaluation([20, 1204, 0.1, 99, 50, 0.25]), config: Config())
        let text = report.text(ascii: true)
        #expect(text.hasPrefix("ANDON CRITICAL - "))
        #expect(text.hasSuffix("Read from http://p:9090 at 2026-11-29T01:33:13Z\n"))
        #expect(text.contains("  Kanban    deepest queue              1,204 items  [CRIT]\n"))
        #expect(text.contains("  Jidoka    circuits open                   20.0 %  [WARN]\n"))
        #expect(text.contains("  Tracing   P99 latency                     250 ms  [OK]\n"))
        #expect(text.contains("Alerts: 0 firing, 0 pending\nRead from"))
        #expect(text.allSatisfy { $0.isASCII })
    }

    @Test func pluginLine() {
        let report = CheckReport(evaluation: evaluation([20, 1204, 0.1, 99, 50, 0.25]), config: Config())
        #expect(
            report.pluginLine()
                == "ANDON CRITICAL - kanban 1204 > 1000, jidoka 20.0% != 0% | jidoka=20%;0;30 kanban=1204;500;1000 "
                + "andon=0.1%;0.5;1 kaizen=99%;95:;90: heijunka=50%;70;85 tracing=0.25s;3;5")
        let green = CheckReport(evaluation: evaluation([0, 12, 0.1, 99, 50, 0.25]), config: Config())
        #expect(green.pluginLine().hasPrefix("ANDON OK - all 6 principles green | jidoka=0%;0;30 kanban=12;"))
        // A "|" in a reason would start the performance data early; it never reaches the first line.
        var blind = evaluation([0, 12, 0.1, 99, 50, 0.25])
        blind.readings[3] = Reading(id: .kaizen, value: nil, status: .unknown, reason: "a|b\nc")
        let line = CheckReport(evaluation: blind, config: Config()).pluginLine()
        #expect(line.hasPrefix("ANDON UNKNOWN - kaizen no data (a/b"))
        #expect(line.components(separatedBy: "|").count == 2)
        #expect(line.contains("kaizen=U;95:;90:"))
        // Only the principles asked for.
        let two = CheckReport(
            evaluation: evaluation([20, 1204, 0.1, 99, 50, 0.25]).restricted(
                to: [.tracing, .andon], ignoringPending: false),
            config: Config())
        #expect(two.pluginLine() == "ANDON OK - all 2 principles green | andon=0.1%;0.5;1 tracing=0.25s;3;5")
        #expect(two.exitCode == 0)
    }

    @Test func fetchUsesOneBatch() async {
        let vectorBody =
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"600"]}]}}"#
        var answers: [String: Result<HTTPResponse, TransportError>] = [:]
        answers["/api/v1/query?" + PrincipleSpec.standard(.kanban).query] = RecordedTransport.json(vectorBody)
        answers["/api/v1/alerts"] = RecordedTransport.json(#"{"status":"success","data":{"alerts":[]}}"#)
        let client = PrometheusClient(transport: RecordedTransport(answers: answers))
        let evaluation = await BoardFetcher(client: client, config: Config()).evaluation(now: 100)
        #expect(evaluation.readings.map(\.status) == [.unknown, .yellow, .unknown, .unknown, .unknown, .unknown])
        #expect(evaluation.readings[0].reason?.contains("connection refused") == true)
        #expect(evaluation.alerts == .success([]))
        #expect(evaluation.evaluatedAt == 100)
    }
}
