import AndonCore
import AndonCurl
import AndonTestSupport
import Foundation
import Testing

/// The simulator and a real Prometheus with the shipped configuration and rules (with `for:` shortened in a
/// test-only copy of the alert rules; the expressions are the shipped ones).
@Suite(
    "the simulated plant through Prometheus",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct PlantIntegrationTests {
    /// Polls `andon check --json` until `done` holds, returning the last result.
    func check(_ prometheus: PrometheusServer, timeout: Double = 90, until done: (CheckJSON) -> Bool)
        async throws -> CheckJSON
    {
        var last: CheckJSON?
        _ = try await Wait.holds(timeout: timeout, every: .seconds(1)) {
            let outcome = try await AndonProcess.run(["check", "--json", "--prometheus", prometheus.url])
            let json = try CheckJSON(outcome.stdout)
            last = json
            return done(json)
        }
        return try #require(last)
    }

    @Test func everyContractMetricIsScraped() async throws {
        try await withSimulatedPlant("outage") { prometheus, _ in
            try await prometheus.waitForData("tps_andon_errors_total")
            for metric in MetricContract.metrics {
                let count = try await Oracle.value(prometheus.url, "count({__name__=\"\(metric.seriesName)\"})")
                #expect((count ?? 0) > 0, "\(metric.name) is not scraped")
            }
            for id in PrincipleID.allCases {
                let value = try await Oracle.value(prometheus.url, PrincipleSpec.standard(id).query)
                #expect(value != nil && !value!.isNaN, "\(id) headline has no value")
            }
        }
    }

    @Test func steadyIsAllGreenWithNoAlertFiring() async throws {
        try await withSimulatedPlant("steady") { prometheus, _ in
            try await Task.sleep(for: .seconds(8))  // long enough for any `for: 4s` alert to fire
            let json = try await check(prometheus, timeout: 5) { $0.status == "green" }
            #expect(json.statuses == Array(repeating: "green", count: 6), "\(json.root)")
            #expect(json.values.allSatisfy { $0 != nil })
            let firing = json.alerts.filter { $0["state"] as? String == "firing" }.map { $0["name"] as? String ?? "" }
            #expect(firing.isEmpty, "firing in steady: \(firing)")
        }
    }

    /// The board's overview as one joined query (`OverviewQuery`) and `check`'s one request per headline, at the
    /// same instant of a real Prometheus: the same values and statuses; the culprits as their own query gives them.
    /// With one headline that does not parse, the board asks again one by one, and the other five still read.
    @Test func theJoinedOverviewAgreesWithOneQueryEach() async throws {
        try await withSimulatedPlant("outage") { prometheus, _ in
            try await prometheus.waitForData("tps_andon_errors_total")
            try await Task.sleep(for: .seconds(6))  // rates over a few scrapes
            var config = Config()
            config.prometheus.url = prometheus.url
            let client = PrometheusClient(transport: CurlTransport(options: .init(config: config.prometheus)))
            defer { client.transport.close() }
            let at = Date().timeIntervalSince1970 - 1
            let joined = await BoardFetcher(client: client, config: config, at: at).overview(now: at)
            let separate = await BoardFetcher(client: client, config: config, at: at).evaluation(now: at)
            #expect(joined.evaluation.readings == separate.readings)
            #expect(Set(joined.evaluation.readings.map(\.status)).isSubset(of: [.green, .yellow, .red]))
            #expect(joined.evaluation.readings.contains { $0.status == .red }, "the outage shows")
            let culprits = Culprits.lines(
                await client.send([PrometheusClient.instant(Profile.standard.culpritsQuery!, at: at)])[0])
            #expect(joined.culprits == culprits && culprits[.jidoka]?.hasPrefix("open: ") == true, "\(culprits)")

            var broken = config
            broken.principles[1].query = "max(tps_kanban_queue_depth"
            let asked = await BoardFetcher(client: client, config: broken, at: at).overview(now: at)
            #expect(asked.evaluation.readings[1].reason?.contains("Prometheus bad_data") == true)
            for index in [0, 2, 3, 4, 5] {
                #expect(asked.evaluation.readings[index] == separate.readings[index])
            }
            #expect(asked.culprits == culprits)
        }
    }

    static let scenarios: [(String, [PrincipleID: Set<String>], [String])] = [
        ("surge", [.kanban: ["red"], .heijunka: ["red"]], ["KanbanQueueDepthCritical", "HeijunkaPoolBottleneck"]),
        (
            "outage", [.jidoka: ["yellow", "red"], .andon: ["red"], .kaizen: ["red"]],
            ["AndonHighErrorRate", "JidokaCircuitOpenCritical", "KaizenSLOMiss"]
        ),
        ("slow", [.tracing: ["red"], .kaizen: ["red"]], ["TracingHighP99Latency", "KaizenSLOMiss"]),
    ]

    @Test(arguments: scenarios)
    func scenarioTurnsItsPrinciples(scenario: String, expected: [PrincipleID: Set<String>], alerts: [String])
        async throws
    {
        try await withSimulatedPlant(scenario) { prometheus, _ in
            func matches(_ json: CheckJSON) -> Bool {
                expected.allSatisfy { id, allowed in
                    allowed.contains(json.statuses[PrincipleID.allCases.firstIndex(of: id)!])
                }
            }
            let json = try await check(prometheus, until: matches)
            #expect(matches(json), "\(scenario): \(json.statuses)")
            #expect(json.status == "red")
            // Every expected alert fires ...
            let client = prometheus.client
            var firing: Set<String> = []
            _ = await Wait.holds(timeout: 120, every: .milliseconds(500)) {
                if case .success(let response) = await client.send([PrometheusClient.alerts])[0],
                    let current = try? ResponseDecoder.alerts(response)
                {
                    firing = Set(current.filter { $0.state == .firing }.map(\.name))
                }
                return firing.isSuperset(of: alerts)
            }
            #expect(firing.isSuperset(of: alerts), "\(scenario): firing \(firing), expected \(alerts)")
            // ... and was pending first, for its `for:`: Prometheus' own record of every evaluation (the ALERTS
            // series), not a poll that a loaded machine could make miss the pending window.
            let pattern = alerts.joined(separator: "|")
            guard case .success(let history) = await client.query("ALERTS{alertname=~\"\(pattern)\"}[15m]"),
                case .matrix(let series) = history.result
            else {
                Issue.record("\(scenario): no ALERTS history")
                return
            }
            for name in alerts {
                let first = { (state: String) in
                    series.filter { $0.labels["alertname"] == name && $0.labels["alertstate"] == state }
                        .compactMap { $0.points.first?.timestamp }.min()
                }
                let (pending, fired) = (first("pending"), first("firing"))
                #expect(pending != nil && fired != nil, "\(scenario): \(name) pending at \(pending ?? -1)")
                #expect((pending ?? .infinity) < (fired ?? 0), "\(scenario): \(name) fired without pending first")
            }
            // andon check reports them as firing, with their principle.
            let after = try await check(prometheus, timeout: 5) { _ in true }
            let names = Set(
                after.alerts.filter { $0["state"] as? String == "firing" }.compactMap { $0["name"] as? String })
            #expect(names.isSuperset(of: alerts), "\(scenario): check shows \(names)")
        }
    }
}
