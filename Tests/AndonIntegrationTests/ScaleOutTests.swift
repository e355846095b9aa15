import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The board on a scale-out engine (issue 19, begun): the simulated plant as two lines from one process,
/// scraped by vmagent into VictoriaMetrics, the shipped alert rules evaluated by vmalert (their `for:`
/// shortened) and sent to a real Alertmanager; `check` reads VictoriaMetrics' Prometheus-compatible API and
/// vmalert's alerts through it.
///
/// Not run under a sanitizer: its five processes (one of them the instrumented simulator) on 2 cores starved the
/// tmux tests running beside it in CI's thread-sanitized pass; the code it exercises is `check`'s, which the
/// sanitized passes cover against Prometheus (docs/reliability.md).
@Suite(
    "a scale-out engine: VictoriaMetrics, vmagent, vmalert",
    .disabled(if: Patience.sanitized, "five processes on 2 cores starve the tmux tests under a sanitizer"))
struct ScaleOutTests {
    @Test func checkReadsVictoriaMetricsAndVmalertsAlerts() async throws {
        let sim = try await SimProcess.start(scenario: "steady", lines: ["north=outage", "south"])
        defer { sim.stop() }
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("andon-vm-rules-\(UUID()).yml")
        defer { try? FileManager.default.removeItem(at: rules) }
        let shipped = try String(contentsOf: Repository.file("prometheus/alert-rules.yml"), encoding: .utf8)
        try shipped.replacing(/for: \d+m/, with: "for: 4s").write(to: rules, atomically: true, encoding: .utf8)
        let stack = try await VictoriaMetricsStack.start(
            targets: [sim.target], ruleFiles: [rules.path], alertmanager: alertmanager.url)
        defer { stack.stop() }
        // Both lines' series arrive, each with its line label.
        let deadline = Date().addingTimeInterval(Patience.seconds(60))
        var lines: Double?
        while Date() < deadline {
            lines = try await Oracle.value(stack.url, "count(count by (line) (tps_andon_requests_total))")
            if lines == 2, try await Oracle.value(stack.url, "sum(rate(tps_andon_requests_total[1m])) > 0") != nil {
                break
            }
            try await Task.sleep(for: .milliseconds(500))
        }
        #expect(lines == 2, "\(stack.logs())")
        // check against VictoriaMetrics: the values it computes itself, and vmalert's alert firing.
        var json: CheckJSON?
        while Date() < deadline {
            let run = try await AndonProcess.run(["check", "--json", "--prometheus", stack.url])
            json = try CheckJSON(run.stdout)
            if json!.alerts.contains(where: {
                $0["name"] as? String == "AndonHighErrorRate" && $0["state"] as? String == "firing"
            }) {
                break
            }
            try await Task.sleep(for: .seconds(1))
        }
        let last = try #require(json)
        #expect(
            last.alerts.contains {
                $0["name"] as? String == "AndonHighErrorRate" && $0["state"] as? String == "firing"
            },
            "\(last.root) \(stack.logs())")
        #expect(last.statuses.allSatisfy { $0 != "unknown" }, "\(last.root)")
        let andon = try #require(last.principles.first { $0["id"] as? String == "andon" }?["value"] as? Double)
        let oracle = try #require(try await Oracle.value(stack.url, PrincipleSpec.standard(.andon).query))
        // Read a moment apart, from a plant that moves: close, not equal.
        #expect(abs(andon - oracle) <= max(1, oracle * 0.5), "check \(andon), VictoriaMetrics \(oracle)")
        #expect(last.status == "red", "\(last.root)")
        // One line's scenario switches alone.
        try sim.switchTo("surge", line: "south")
        let scenarios = try await CleanProcess.run(try executable("curl"), ["-sf", "\(sim.url)/scenario"], limit: 10)
        #expect(scenarios.stdout == "north outage\nsouth surge\n", "\(scenarios.stdout)")
    }
}
