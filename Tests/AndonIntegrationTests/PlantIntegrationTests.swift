import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The simulator and a real Prometheus with the shipped configuration and rules (with `for:` shortened in a
/// test-only copy of the alert rules; the expressions are the shipped ones).
@Suite("the simulated plant through Prometheus")
struct PlantIntegrationTests {
    /// Polls `andon check --json` until `done` holds, returning the last result.
    func check(_ prometheus: PrometheusServer, timeout: Double = 90, until done: (CheckJSON) -> Bool)
        async throws -> CheckJSON
    {
        let deadline = Date().addingTimeInterval(timeout)
        var last: CheckJSON?
        while Date() < deadline {
            let outcome = try await AndonProcess.run(["check", "--json", "--prometheus", prometheus.url])
            let json = try CheckJSON(outcome.stdout)
            last = json
            if done(json) { return json }
            try await Task.sleep(for: .seconds(1))
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
            // Watch the alerts from the start: each expected one must be seen pending first, then firing.
            let client = prometheus.client
            let watcher = Task { () -> (pending: Set<String>, firing: Set<String>, early: Set<String>) in
                var pending: Set<String> = []
                var firing: Set<String> = []
                var early: Set<String> = []
                let deadline = Date().addingTimeInterval(120)
                while !Task.isCancelled && Date() < deadline && firing.count < alerts.count {
                    if case .success(let response) = await client.send([PrometheusClient.alerts])[0],
                        let current = try? ResponseDecoder.alerts(response)
                    {
                        for alert in current where alerts.contains(alert.name) {
                            if alert.state == .pending { pending.insert(alert.name) }
                            if alert.state == .firing {
                                if !pending.contains(alert.name) { early.insert(alert.name) }
                                firing.insert(alert.name)
                            }
                        }
                    }
                    try? await Task.sleep(for: .milliseconds(200))
                }
                return (pending, firing, early)
            }
            func matches(_ json: CheckJSON) -> Bool {
                expected.allSatisfy { id, allowed in
                    allowed.contains(json.statuses[PrincipleID.allCases.firstIndex(of: id)!])
                }
            }
            let json = try await check(prometheus, until: matches)
            #expect(matches(json), "\(scenario): \(json.statuses)")
            #expect(json.status == "red")
            let seen = await watcher.value
            #expect(seen.firing == Set(alerts), "\(scenario): firing \(seen.firing), expected \(alerts)")
            #expect(seen.early.isEmpty, "\(scenario): never seen pending: \(seen.early)")
            // andon check reports them as firing, with their principle.
            let after = try await check(prometheus, timeout: 5) { _ in true }
            let names = Set(
                after.alerts.filter { $0["state"] as? String == "firing" }.compactMap { $0["name"] as? String })
            #expect(names.isSuperset(of: alerts), "\(scenario): check shows \(names)")
        }
    }
}
