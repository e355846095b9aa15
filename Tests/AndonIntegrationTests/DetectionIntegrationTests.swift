import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Day one on a Prometheus as most people run one: it scrapes itself and node_exporter, and andon is given
/// nothing but its URL. Detection composes the profiles that fit, the board's figures are Prometheus' own answers
/// to the queries `andon queries --json` lists, and the Alertmanager Prometheus sends to is found without
/// configuration. All real programs on free loopback ports.
@Suite(
    "detection against a real Prometheus",
    .enabled(if: Sanitizers.cover(.address), "the detection request and its answer through the decoders"))
struct DetectionIntegrationTests {
    /// A Prometheus scraping itself, node_exporter and a station that is down (a port nobody listens on), with an
    /// alerting rule group so that it has rules, and `alerting` when an Alertmanager is given.
    static func prometheus(node: ExporterProcess, down: UInt16, alertmanager: String? = nil) async throws
        -> PrometheusServer
    {
        let rules = FileManager.default.temporaryDirectory.appendingPathComponent("andon-detect-\(UUID()).yml")
        try """
        groups:
          - name: plant
            rules:
              - alert: StationDown
                expr: up == 0
                labels: {severity: critical}
        """.write(to: rules, atomically: true, encoding: .utf8)
        return try await PrometheusServer.start(
            config: """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files: ['\(rules.path)']
                scrape_configs:
                  - job_name: prometheus
                    static_configs: [{targets: ['{{self}}']}]
                  - job_name: node
                    static_configs: [{targets: ['\(node.target)', '127.0.0.1:\(down)']}]
                """
                    + (alertmanager.map {
                        "\nalerting:\n  alertmanagers:\n    - static_configs: [{targets: ['\($0.dropFirst("http://".count))']}]\n"
                    } ?? ""),
            extraFlags: ["--rules.alert.resend-delay=1s"])
    }

    /// Three principles or more measured with nothing but `--prometheus`, each headline the value Prometheus gives
    /// its query at the same instant; the down station makes the board red and is the culprit; the principles
    /// nothing measures are listed with what would measure them.
    @Test func prometheusAndNodeExporterWithNothingButTheURL() async throws {
        let node = try await ExporterProcess.node()
        defer { node.stop() }
        let down = try freePort()
        let prometheus = try await Self.prometheus(node: node, down: down)
        defer { prometheus.stop() }
        try await prometheus.waitForData(#"rate(node_cpu_seconds_total{mode="idle"}[5m])"#)
        try await prometheus.waitForData(#"rate(prometheus_http_request_duration_seconds_bucket[5m])"#)
        try await prometheus.waitForData(#"up{job="node"} == 0"#)
        try await prometheus.waitForData("prometheus_rule_group_rules")
        let at = try await HeadlineOracle.settledInstant(prometheus)
        let outcome = try await AndonProcess.run(["check", "--json", "--at", at, "--prometheus", prometheus.url])
        let json = try CheckJSON(outcome.stdout)
        #expect(json.root["profiles"] as? [String] == ["prometheus-targets", "prometheus", "node"], "\(json.root)")
        #expect(json.ids == ["jidoka", "andon", "heijunka", "tracing"])
        let missing = (json.root["not_measured"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(missing == ["kanban", "kaizen"])
        #expect(json.status == "red", "\(outcome.stdout) \(outcome.stderr)")
        #expect(outcome.status == 2)
        let jidoka = try #require(json.principles.first)
        #expect(jidoka["profile"] as? String == "prometheus-targets")
        #expect(jidoka["culprit"] as? String == "down: node 127.0.0.1:\(down)", "\(jidoka)")
        #expect(jidoka["status"] as? String == "red")

        // The same instant through `andon queries --json` and curl: the board's figures are Prometheus' answers.
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)
        // The board says what it does not measure; doctor says it principle by principle, and fails on nothing
        // but the down station.
        let doctor = try await AndonProcess.run(["doctor", "--prometheus", prometheus.url])
        #expect(doctor.stdout.contains("– kanban          not measured here: no queues found"), "\(doctor.stdout)")
        #expect(doctor.stdout.contains("✓ heijunka        measured by the profile node"))
        #expect(!doctor.stdout.contains("tps_"), "\(doctor.stdout)")

        // `andon init` writes a configuration that gives the same board; it keeps a file that exists.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-init-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let written = try await AndonProcess.run(["init", "--prometheus", prometheus.url, "--output", file.path])
        #expect(written.status == 0, "\(written.stderr)")
        let kept = try await AndonProcess.run(["init", "--prometheus", prometheus.url, "--output", file.path])
        #expect(kept.status == 73, "\(kept.stderr)")
        let fromFile = try await AndonProcess.run(["check", "--json", "--at", at, "--config", file.path])
        let same = try CheckJSON(fromFile.stdout)
        #expect(same.root["profiles"] as? [String] == json.root["profiles"] as? [String], "\(fromFile.stdout)")
        #expect(same.ids == json.ids)
        #expect(same.statuses == json.statuses)
        #expect(same.values == json.values)
        // The same culprits, up to a tie: `topk(1, ...)` between two members with the same figure (two handlers'
        // P99 both in the top bucket) may name either, at the same instant.
        let figure = { (culprit: String?) in culprit.map { $0.components(separatedBy: ": ").last ?? $0 } }
        #expect(
            same.principles.map { figure($0["culprit"] as? String) }
                == json.principles.map { figure($0["culprit"] as? String) }, "\(same.principles) \(json.principles)")
    }

    /// No Alertmanager configured: the one Prometheus sends to is read (its alerts' silences show), and
    /// acknowledging still needs a configuration that allows it.
    @Test func theAlertmanagerIsFoundThroughPrometheus() async throws {
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let node = try await ExporterProcess.node()
        defer { node.stop() }
        let prometheus = try await Self.prometheus(node: node, down: try freePort(), alertmanager: alertmanager.url)
        defer { prometheus.stop() }
        try await Wait.until("Prometheus to send to the Alertmanager", timeout: 60) {
            let answer = try await CleanProcess.run(
                try executable("curl"), ["-sf", "--max-time", "2", "\(prometheus.url)/api/v1/alertmanagers"], limit: 5)
            return answer.stdout.contains(alertmanager.url)
        }
        try await Wait.until("the alert to reach the Alertmanager", timeout: 90) {
            let answer = try await alertmanager.amtool(["alert", "query", "StationDown"])
            return answer.stdout.contains("StationDown")
        }
        let silence = try await alertmanager.amtool([
            "silence", "add", "alertname=StationDown", "--comment=being replaced", "--author=ana", "--duration=1h",
        ])
        #expect(silence.status == 0, "\(silence.stderr)")
        let json = try await Wait.until("the silence to show", timeout: 60) { () -> Wait.Probe<CheckJSON> in
            let outcome = try await AndonProcess.run(["check", "--json", "--prometheus", prometheus.url])
            let json = try CheckJSON(outcome.stdout)
            let silenced = json.alerts.contains { ($0["silence"] as? [String: Any])?["by"] as? String == "ana" }
            return silenced ? .done(json) : .notYet(outcome.stdout)
        }
        #expect(json.root["alertmanager"] as? String == alertmanager.url)
        let ack = try await AndonProcess.run(["ack", "--prometheus", prometheus.url, "StationDown"])
        #expect(ack.status == 78, "\(ack.stdout) \(ack.stderr)")
        #expect(ack.stderr.contains("no Alertmanager is configured"))
    }
}
