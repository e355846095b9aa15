import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// `andon doctor` against a real Prometheus: all green on a healthy plant, and each fault it names found with the
/// right fix.
@Suite(
    "doctor",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct DoctorIntegrationTests {
    /// The doctor's JSON checks, failed ones by area.
    struct Report {
        var ok: Bool
        var checks: [[String: Any]]

        init(_ text: String) throws {
            guard let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                let ok = root["ok"] as? Bool, let checks = root["checks"] as? [[String: Any]]
            else { throw TestHarnessError("not the doctor's JSON: \(text.prefix(300))") }
            self.ok = ok
            self.checks = checks
        }

        /// The first failed check whose detail contains `text`.
        func failure(_ area: String, _ text: String) -> (detail: String, fix: String)? {
            for check in checks where check["area"] as? String == area && check["ok"] as? Bool == false {
                let detail = check["detail"] as? String ?? ""
                if detail.contains(text) { return (detail, check["fix"] as? String ?? "") }
            }
            return nil
        }

        func passed(_ area: String, _ text: String) -> Bool {
            checks.contains {
                $0["area"] as? String == area && $0["ok"] as? Bool == true
                    && ($0["detail"] as? String ?? "").contains(text)
            }
        }
    }

    @Test func aHealthyPlantPassesEveryCheck() async throws {
        try await withSimulatedPlant("steady") { prometheus, _ in
            // A counter with labels exists only from its first increment: wait until the plant has had an error.
            // A rate needs two samples: wait until every panel has something to show, as on a plant that runs.
            for metric in MetricContract.metrics { try await prometheus.waitForData(metric.seriesName) }
            for id in PrincipleID.allCases {
                for panel in Profile.standard.panels(id) where panel.kind != .trend {
                    try await prometheus.waitForData(panel.query)
                }
            }
            let text = try await AndonProcess.run(
                ["doctor", "--prometheus", prometheus.url], environment: ["LANG": "C.UTF-8"])
            #expect(text.status == 0, "\(text.stdout)")
            #expect(text.stdout.contains("All ") && text.stdout.contains(" checks pass."), "\(text.stdout)")
            #expect(!text.stdout.contains("✗"))
            let json = try await AndonProcess.run(["doctor", "--json", "--prometheus", prometheus.url])
            let report = try Report(json.stdout)
            #expect(report.ok && json.status == 0)
            for metric in MetricContract.metrics {
                #expect(report.passed("metric", metric.seriesName + ": "), "\(metric.seriesName)")
            }
            #expect(report.passed("targets", "1 of 1 up"))
            #expect(report.passed("clock", "agree"))
            #expect(report.passed("rules", "all healthy"))
            #expect(report.passed("query", "kanban headline: 1 series, newest sample"))
        }
    }

    @Test func eachFaultIsFoundWithItsFix() async throws {
        // A plant that breaks the contract: Kanban's depth only, and Tracing in milliseconds as the reference
        // design had it.
        var plant = Plant(gauges: [
            .init("tps_kanban_queue_depth", ["queue_name": "orders"], 10),
            .init("tps_kanban_queue_depth", ["queue_name": "mail"], 20),
        ])
        plant.histogram(
            "tps_tracing_duration_ms", ["component": "api"], buckets: [(100, 5), (1000, 9)], total: 10, sum: 3000)
        let exporter = try await TestExporter.start(plant)
        defer { Task { await exporter.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-doctor-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A rule whose evaluation fails: one-to-one matching on no labels, with two series on each side.
        let rules = directory.appendingPathComponent("broken-rules.yml")
        try """
        groups:
          - name: broken
            rules:
              - alert: QueueDepthDoubled
                expr: tps_kanban_queue_depth + on() tps_kanban_queue_depth > 0
        """.write(to: rules, atomically: true, encoding: .utf8)
        let deadPort = try RefusingPort()
        defer { deadPort.close() }
        let prometheus = try await PrometheusServer.start(
            targets: [exporter.target, "127.0.0.1:\(deadPort.port)"], ruleFiles: [rules.path])
        defer { prometheus.stop() }
        try await prometheus.waitForData("tps_kanban_queue_depth")
        // A configuration whose Kanban headline does not parse.
        let config = directory.appendingPathComponent("andon.yaml")
        try "principles:\n  kanban:\n    query: max(tps_kanban_queue_depth\n".write(
            to: config, atomically: true, encoding: .utf8)

        // The rule fails at its first evaluation; wait for the doctor to see it.
        var report = try Report("{\"ok\": true, \"checks\": []}")
        var status: Int32 = 0
        _ = try await Wait.holds(timeout: 20, every: .milliseconds(500)) {
            let run = try await AndonProcess.run([
                "doctor", "--json", "--config", config.path, "--prometheus", prometheus.url,
            ])
            (report, status) = (try Report(run.stdout), run.status)
            return report.failure("rule", "QueueDepthDoubled") != nil && report.failure("target", "down") != nil
        }
        #expect(status == 1 && !report.ok)

        let down = try #require(report.failure("target", "is down"))
        #expect(
            down.detail.contains("127.0.0.1:\(deadPort.port)")
                && down.fix.contains("http://127.0.0.1:\(deadPort.port)/metrics"))
        #expect(report.failure("targets", "1 of 2 up") != nil)

        #expect(report.passed("metric", "tps_kanban_queue_depth: 2 series"))
        let missing = try #require(report.failure("metric", "tps_andon_requests_total: missing"))
        #expect(missing.fix.contains("the exporter must expose tps_andon_requests_total (a counter, labels service)"))

        let milliseconds = try #require(report.failure("milliseconds", "tps_tracing_duration_ms_bucket"))
        #expect(
            milliseconds.fix.contains(
                "query: histogram_quantile(0.99, sum by (le) (rate(tps_tracing_duration_ms_bucket[5m]))) / 1000"))

        let badQuery = try #require(report.failure("query", "kanban headline"))
        #expect(badQuery.detail.contains("parse error"), "\(badQuery.detail)")
        #expect(badQuery.fix.hasPrefix("correct principles.kanban.query in \(config.path)"))
        let empty = try #require(report.failure("query", "andon headline: no data"))
        #expect(empty.detail.contains("tps_andon_requests_total"))

        let rule = try #require(report.failure("rule", "QueueDepthDoubled in group broken"))
        #expect(rule.detail.contains("found duplicate series for the match group"), "\(rule.detail)")
        #expect(rule.fix.contains("promtool check rules"))
        // No alerting rule of ours is loaded, but one is: the count is right, and the broken one is named.
        #expect(report.failure("rules", "1 alerting and 0 recording rules loaded, 1 failing") != nil)

        // A clock ten minutes ahead: found, and the queries evaluated at this machine's time come back empty.
        let skewed = try Report(
            try await AndonProcess.run([
                "doctor", "--json", "--clock-skew", "600", "--prometheus", prometheus.url,
            ]).stdout)
        let clock = try #require(skewed.failure("clock", "10m ahead of Prometheus'"))
        #expect(clock.fix.contains("NTP"))
        #expect(skewed.failure("query", "kanban headline: no data") != nil)
        #expect(report.passed("clock", "agree"))

        // The text form: ✗ lines with the fix under them, and the summary.
        let text = try await AndonProcess.run(
            ["doctor", "--config", config.path, "--prometheus", prometheus.url], environment: ["LANG": "C.UTF-8"])
        #expect(text.stdout.contains("✗ target") && text.stdout.contains("    fix: check the exporter at"))
        #expect(text.stdout.contains("checks failed."))
    }

    @Test func noPrometheusAndRefusedCredentials() async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let refused = try await AndonProcess.run(["doctor", "--json", "--prometheus", refusing.url])
        let report = try Report(refused.stdout)
        #expect(refused.status == 1)
        let connection = try #require(report.failure("connection", "connection refused"))
        #expect(connection.fix.contains("is Prometheus running"))

        let server = try await FaultServer.start()
        defer { server.stop() }
        try await server.fault("401")
        let denied = try Report(try await AndonProcess.run(["doctor", "--json", "--prometheus", server.url]).stdout)
        let auth = try #require(denied.failure("authentication", "HTTP 401"))
        #expect(auth.fix.contains("basic_auth") && auth.fix.contains("bearer_token_file"))
    }
}
