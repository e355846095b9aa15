import AndonCore
import AndonTestSupport
import Testing

@Suite(
    "Decoding Prometheus answers",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct DecodingTests {
    @Test func vector() throws {
        let response = try ResponseDecoder.query(Fixture.response("vector.json"))
        guard case .vector(let samples) = response.result else { Issue.record("not a vector"); return }
        #expect(samples.count == 1)
        #expect(samples[0].labels["job"] == "self")
        #expect(samples[0].value == 1)
        #expect(samples[0].timestamp == 1_795_915_987.037)
        #expect(response.warnings.isEmpty)
    }

    @Test func emptyVector() throws {
        let response = try ResponseDecoder.query(Fixture.response("empty-vector.json"))
        #expect(response.result == .vector([]))
    }

    @Test func matrix() throws {
        let response = try ResponseDecoder.query(Fixture.response("matrix.json"))
        guard case .matrix(let series) = response.result else { Issue.record("not a matrix"); return }
        #expect(series.count == 1)
        #expect(
            series[0].points == [Point(timestamp: 1_795_915_985, value: 1), Point(timestamp: 1_795_915_987, value: 1)])
    }

    @Test func scalar() throws {
        let response = try ResponseDecoder.query(Fixture.response("scalar.json"))
        #expect(response.result == .scalar(Point(timestamp: 1_795_915_987.076, value: 1)))
    }

    @Test func string() throws {
        let response = try ResponseDecoder.query(Fixture.response("string.json"))
        #expect(response.result == .string(timestamp: 1_795_915_987.093, value: "hello"))
    }

    @Test func nanAndInfinity() throws {
        let nan = try ResponseDecoder.query(Fixture.response("nan.json"))
        guard case .vector(let samples) = nan.result else { Issue.record("not a vector"); return }
        #expect(samples[0].value.isNaN)
        let inf = try ResponseDecoder.query(Fixture.response("inf.json"))
        guard case .vector(let infinite) = inf.result else { Issue.record("not a vector"); return }
        #expect(infinite[0].value == .infinity)
    }

    @Test func errorEnvelope() {
        #expect(
            throws: PrometheusError.api(
                errorType: "bad_data",
                message: "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis")
        ) { try ResponseDecoder.query(Fixture.response("error-bad-data.json", status: 400)) }
    }

    @Test func warningsAreKept() throws {
        let body = #"{"status":"success","warnings":["partial result"],"data":{"resultType":"vector","result":[]}}"#
        let response = try ResponseDecoder.query(Fixture.body(body))
        #expect(response.warnings == ["partial result"])
    }

    @Test(arguments: [
        ("1", 1.0), ("1e-07", 1e-07), ("+Inf", Double.infinity), ("-Inf", -Double.infinity), ("-2.5", -2.5),
        ("1.2e+03", 1200),
    ])
    func sampleValues(text: String, expected: Double) {
        #expect(SampleValue.parse(text) == expected)
    }

    @Test(arguments: ["", "abc", "0x10", "1,5", " 1", "inf", "infinity", "1e", "--1", "1-2"])
    func rejectedSampleValues(text: String) throws {
        #expect(SampleValue.parse(text) == nil)
        let body =
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"\#(text)"]}]}}"#
        #expect(throws: PrometheusError.self) { try ResponseDecoder.query(Fixture.body(body)) }
    }

    @Test func htmlErrorPage() {
        let page = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
        #expect(throws: PrometheusError.http(status: 502, detail: "HTML page \"502 Bad Gateway\"")) {
            try ResponseDecoder.query(Fixture.body(page, status: 502))
        }
    }

    @Test func plainTextUnavailable() {
        #expect(throws: PrometheusError.http(status: 503, detail: "Service Unavailable")) {
            try ResponseDecoder.query(Fixture.body("Service Unavailable\n", status: 503))
        }
    }

    @Test(arguments: [
        ("not json", "body is not JSON"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"#, "body is not JSON"),
        ("", "empty body"),
        (#"{"data":{}}"#, "without a \"status\""),
        (#"{"status":"success","data":{"resultType":"vector","result":{}}}"#, "not a list"),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1]}]}}"#, "pair"),
        (
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,2]}]}}"#,
            "not a string"
        ),
        (#"{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":["x","2"]}]}}"#, "time"),
        (
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"a":1},"value":[1,"2"]}]}}"#,
            "label"
        ),
        (#"{"status":"success","data":{"resultType":"histogram2","result":[]}}"#, "unknown resultType"),
        (#"{"status":"weird","data":{}}"#, "status"),
    ])
    func malformedBodies(body: String, mentions: String) {
        do {
            _ = try ResponseDecoder.query(Fixture.body(body))
            Issue.record("decoded a malformed body: \(body)")
        } catch {
            #expect(error.description.contains(mentions), "\(error.description)")
        }
    }

    @Test func alerts() throws {
        let alerts = try ResponseDecoder.alerts(Fixture.response("alerts.json"))
        #expect(alerts.count == 3)
        let kanban = try #require(alerts.first { $0.name == "KanbanQueueDepthCritical" })
        #expect(kanban.state == .firing)
        #expect(kanban.severity == "critical")
        #expect(kanban.principle == .kanban)
        #expect(kanban.annotations["action"] == "Add workers")
        #expect(kanban.activeAt.map { abs($0 - 1_795_915_993.976624) < 1e-3 } == true)
        let slo = try #require(alerts.first { $0.name == "KaizenSLOMiss" })
        #expect(slo.state == .pending)
    }

    /// Alerts are read straight from the bytes: escapes undone, an unknown state skipped (whatever its labels), and
    /// each malformed part named; the strings alerts share are held once.
    @Test func alertsStraightFromTheBytes() throws {
        func decode(_ alerts: String) throws(PrometheusError) -> [Alert] {
            try ResponseDecoder.alerts(Fixture.body(#"{"status":"success","data":{"alerts":"# + alerts + "}}"))
        }
        let two = try decode(
            #"""
            [{"labels":{"alertname":"Down","instance":"a\"b\u00e9"},"annotations":{"summary":"x\ny"},
              "state":"firing","activeAt":"2026-11-29T01:33:13Z","value":"1e+00","extra":[{"deep":[1,2]}]},
             {"labels":{"alertname":"Down","instance":"c"},"state":"inactive"},
             {"labels":7,"state":"unheard-of"},
             {"labels":{"alertname":"Down"},"annotations":{"summary":"x\ny"},"state":"pending","activeAt":12}]
            """#)
        #expect(two.map(\.state) == [.firing, .pending])
        #expect(two[0].labels == ["alertname": "Down", "instance": "a\"bé"] && two[0].annotations["summary"] == "x\ny")
        #expect(two[0].activeAt == 1_795_915_993 && two[0].value == "1e+00" && two[1].activeAt == nil)
        #expect(try decode("[]").isEmpty)
        for (body, mentions) in [
            (#"[{"labels":{"a":1},"state":"firing"}]"#, "label a is not a string"),
            (#"[{"annotations":[],"state":"firing"}]"#, "labels are not an object"),
            (#"[{"state":"firing"}, 3]"#, "an alert is not an object"),
            (#"{"a":[]}"#, "alerts data without an alerts list"),
        ] {
            #expect(throws: PrometheusError.self, "\(body)") { try decode(body) }
            do {
                _ = try decode(body)
            } catch {
                #expect(error.description.contains(mentions), "\(body): \(error.description)")
            }
        }
        #expect(throws: PrometheusError.self) { try decode(#"[{"state":"firing"}"#) }  // not JSON
    }

    @Test func alertOrder() throws {
        let sorted = try ResponseDecoder.alerts(Fixture.response("alerts.json")).sorted(by: Alert.boardOrder)
        #expect(sorted.map(\.name) == ["KanbanQueueDepthCritical", "BrokenRule", "KaizenSLOMiss"])
    }

    @Test func rules() throws {
        let groups = try ResponseDecoder.rules(Fixture.response("rules.json"))
        #expect(groups.map(\.name) == ["kanban", "recording"])
        #expect(groups[0].rules.map(\.name) == ["KanbanQueueDepthCritical", "KaizenSLOMiss", "BrokenRule"])
        #expect(groups[0].rules.allSatisfy { $0.type == "alerting" && $0.health == "ok" })
        #expect(groups[1].rules[0].type == "recording")
        #expect(try ResponseDecoder.rules(Fixture.response("rules-empty.json")).isEmpty)
    }

    @Test func buildInfo() throws {
        let info = try ResponseDecoder.buildInfo(Fixture.response("buildinfo.json"))
        #expect(info.version == "2.42.0+ds")
    }

    @Test func errorTextIsInert() {
        let body = #"{"status":"error","errorType":"bad_data","error":"evil\u001b]0;pwned\u0007\r\nline"}"#
        do {
            _ = try ResponseDecoder.query(Fixture.body(body, status: 400))
            Issue.record("no error")
        } catch {
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
        }
    }

    /// A board that quits cancels its fetches: a decode under way stops within a few thousand series instead of
    /// reading a large answer to the end (and the process does not exit in the middle of it). Not cancelled, the
    /// same answer decodes whole.
    @Test func aCancelledTaskStopsReadingALongAnswer() async throws {
        let series = (0..<20_000).map { #"{"metric":{"queue":"q\#($0)"},"value":[1,"\#($0)"]}"# }
        let body = Fixture.body(
            #"{"status":"success","data":{"resultType":"vector","result":["# + series.joined(separator: ",") + "]}}")
        let cancelled = Task { () -> Bool in
            withUnsafeCurrentTask { $0?.cancel() }
            return (try? ResponseDecoder.query(body)) == nil
        }
        #expect(await cancelled.value, "a cancelled task read 20,000 series to the end")
        let whole = try ResponseDecoder.query(body)
        guard case .vector(let samples) = whole.result else { Issue.record("not a vector"); return }
        #expect(samples.count == 20_000)
    }
}
