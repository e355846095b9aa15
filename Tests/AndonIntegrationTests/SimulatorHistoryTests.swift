import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// What the demo opens on: the simulator's past written by `andon-sim --history`, turned into Prometheus blocks
/// by the real promtool, read by a real Prometheus that then scrapes the same simulator's present.
@Suite(
    "the simulator's past in Prometheus",
    .enabled(if: Sanitizers.normalPassOnly, "the simulator and programs of others; andon's part is check's"))
struct SimulatorHistoryTests {
    @Test func aBoardOpensOnHoursOfHistory() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-past-\(UUID()).om")
        defer { try? FileManager.default.removeItem(at: file) }
        let sim = try await SimProcess.start(
            scenario: "steady", arguments: ["--history", "3h", "--history-file", file.path])
        defer { sim.stop() }
        let past = try String(contentsOf: file, encoding: .utf8)
        let prometheus = try await PrometheusServer.start(
            config: """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: tps
                    static_configs: [{targets: ['\(sim.target)']}]
                """, backfill: past)
        defer { prometheus.stop() }
        try await prometheus.waitForScrapes(3)
        // Every principle had a value two hours ago: the past is there, at a sample a minute.
        let then = try await AndonProcess.run(["check", "--json", "--at", "-2h", "--prometheus", prometheus.url])
        let json = try CheckJSON(then.stdout)
        #expect(json.principles.count == 6 && json.statuses.allSatisfy { $0 != "unknown" }, "\(then.stdout)")
        let samples = try await Oracle.value(
            prometheus.url, "count_over_time(tps_kanban_queue_depth{queue_name=\"orders\"}[3h])")
        #expect((samples ?? 0) >= 170, "\(String(describing: samples))")
        // The present goes on from where the past ended: the request counters never reset at the seam.
        let resets = try await Oracle.value(prometheus.url, "max(resets(tps_andon_requests_total[4h]))")
        #expect(resets == 0)
        // The board's status history reaches back hours, not seconds.
        let snapshot = try await AndonProcess.run(
            ["snapshot", "--prometheus", prometheus.url, "--range", "6h"],
            environment: ["COLUMNS": "120", "LANG": "C.UTF-8"])
        let spans = snapshot.stdout.matches(of: /(?:green|yellow|red) for (\d+)h/).map { Int($0.output.1)! }
        #expect(spans.contains { $0 >= 1 }, "\(snapshot.stdout)")
    }
}
