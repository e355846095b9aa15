import AndonTestSupport
import Foundation
import Testing

/// Hansei (issue 21): a real Prometheus loaded with alert rules whose Kanban threshold differs from the board's.
/// The board shows the drift marker, `doctor` names the principle, both thresholds and the fix; with rules
/// generated from the board's own thresholds there is neither.
@Suite(
    "drift between the board and the alert rules", .serialized,
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct DriftIntegrationTests {
    /// Runs `body` with a Prometheus scraping a deepest queue of 300 (green on the board: green is < 500) and
    /// evaluating `andon rules` generated from `config` (YAML; empty: the board's own), with no `for:`.
    static func withRules(
        _ config: String, _ body: (PrometheusServer, URL) async throws -> Void
    ) async throws {
        let exporter = try await TestExporter.start(
            Plant(gauges: [.init("tps_kanban_queue_depth", ["queue_name": "orders"], 300)]))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-drift-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let configFile = directory.appendingPathComponent("rules-from.yaml")
        try config.write(to: configFile, atomically: true, encoding: .utf8)
        let generated = try await AndonProcess.run(["rules", "--for", "0s", "--config", configFile.path])
        #expect(generated.status == 0, "\(generated.stderr)")
        let rules = directory.appendingPathComponent("andon-rules.yml")
        try generated.stdout.write(to: rules, atomically: true, encoding: .utf8)
        let prometheus = try await PrometheusServer.start(targets: [exporter.target], ruleFiles: [rules.path])
        do {
            try await prometheus.waitForData("tps_kanban_queue_depth")
            try await body(prometheus, rules)
        } catch {
            prometheus.stop()
            await exporter.stop()
            throw error
        }
        prometheus.stop()
        await exporter.stop()
    }

    @Test func rulesWithAnotherThresholdAreADrift() async throws {
        // The rules were generated with Kanban red above 200: their critical alert fires at 300, which the board
        // shows green.
        try await Self.withRules("principles:\n  kanban: {red: \"> 200\", green: \"< 100\"}\n") { prometheus, rules in
            try await prometheus.waitForData("ALERTS{alertname=\"AndonKanbanRed\",alertstate=\"firing\"}")
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) --prometheus \(prometheus.url) --refresh 1",
                width: 160, height: 48, environment: ["LANG": "C.UTF-8"])
            defer { session.kill() }
            // The rules' `for:` is read with the trends; the marker needs only the alert and the green tile.
            let screen = try await session.waitFor(timeout: 30) { $0.contains("≠ DRIFT Kanban") }
            let header = screen.components(separatedBy: "\n").first ?? ""
            #expect(header.contains("≠ DRIFT Kanban"), "\(screen)")

            let run = try await AndonProcess.run(["doctor", "--json", "--prometheus", prometheus.url])
            let report = try DoctorIntegrationTests.Report(run.stdout)
            let drift = try #require(report.failure("drift", "AndonKanbanRed"), "\(run.stdout)")
            #expect(drift.detail.contains("the board's red is > 1000"), "\(drift.detail)")
            #expect(drift.detail.contains("Kanban: ") && drift.detail.contains("> 200"), "\(drift.detail)")
            #expect(drift.detail.contains(rules.path), "names the file: \(drift.detail)")
            #expect(
                drift.fix.contains("andon rules > FILE") && drift.fix.contains("principles.kanban.red"), "\(drift.fix)")
            #expect(run.status == 1)
            // The warning rule disagrees on green too; only Kanban was changed.
            #expect(report.failure("drift", "Tracing") == nil && report.failure("drift", "Jidoka") == nil)
        }
    }

    @Test func rulesFromTheBoardAreNoDrift() async throws {
        try await Self.withRules("") { prometheus, _ in
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) --prometheus \(prometheus.url) --refresh 1",
                width: 160, height: 48, environment: ["LANG": "C.UTF-8"])
            defer { session.kill() }
            // Wait for a refresh after the trends (the rules' `for:` known) and an evaluation of the rules.
            try await prometheus.waitForData("ALERTS_FOR_STATE or vector(1)")
            let screen = try await session.waitFor(timeout: 30) { $0.contains("green for") && $0.contains("data ") }
            try await Task.sleep(for: .seconds(3))
            let later = try await session.capture()
            #expect(!screen.contains("DRIFT") && !later.contains("DRIFT"), "\(later)")

            let run = try await AndonProcess.run(["doctor", "--json", "--prometheus", prometheus.url])
            let report = try DoctorIntegrationTests.Report(run.stdout)
            #expect(report.passed("drift", "12 alerting rules on the headlines agree"), "\(run.stdout)")
            #expect(report.failure("drift", "") == nil)
        }
    }
}
