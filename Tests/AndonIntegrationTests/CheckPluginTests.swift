import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// `andon check` as a monitoring plugin against a real Prometheus: the first line and its performance data,
/// exactly, for each status; `--principle`, `--ignore-pending`, `--timeout`.
@Suite(
    "check as a monitoring plugin",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct CheckPluginTests {
    static let cases: [(Plants.Figures?, Int32, String)] = [
        (
            Plants.red, 2,
            "ANDON CRITICAL - jidoka 40.0% > 30%, kanban 1001 > 1000, andon 1.10% > 1%, kaizen 89.9% < 90%, "
                + "heijunka 85.1% > 85%, tracing 7.50s > 5s | jidoka=40%;0;30 kanban=1001;500;1000 andon=1.1%;0.5;1 "
                + "kaizen=89.9%;95:;90: heijunka=85.1%;70;85 tracing=7.5s;3;5"
        ),
        (
            Plants.yellowLow, 1,
            "ANDON WARNING - jidoka 30.0% != 0%, kanban 500 >= 500, andon 0.50% >= 0.5%, kaizen 95.0% <= 95%, "
                + "heijunka 70.0% >= 70%, tracing 3.00s >= 3s | jidoka=30%;0;30 kanban=500;500;1000 andon=0.5%;0.5;1 "
                + "kaizen=95%;95:;90: heijunka=70%;70;85 tracing=3s;3;5"
        ),
        (
            Plants.green, 0,
            "ANDON OK - all 6 principles green | jidoka=0%;0;30 kanban=499;500;1000 andon=0.49%;0.5;1 "
                + "kaizen=95.1%;95:;90: heijunka=69.9%;70;85 tracing=2.5s;3;5"
        ),
        (
            nil, 3,
            "ANDON UNKNOWN - jidoka, kanban, andon, kaizen, heijunka and tracing no data (no data: the query "
                + "returned no series) | jidoka=U;0;30 kanban=U;500;1000 andon=U;0.5;1 kaizen=U;95:;90: "
                + "heijunka=U;70;85 tracing=U;3;5"
        ),
    ]

    @Test(arguments: cases)
    func pluginLineAndExitCode(figures: Plants.Figures?, exit: Int32, line: String) async throws {
        let plant = figures.map(Plants.plant) ?? Plant()
        try await withPlant(plant, readyQueries: figures == nil ? [] : CheckIntegrationTests.ready) { prometheus, _ in
            // The metric contract's plugin line: named, since with nothing of it exported detection would read
            // what else Prometheus has (`DetectionIntegrationTests`).
            let outcome = try await AndonProcess.run(["check", "--profile", "tps", "--prometheus", prometheus.url])
            #expect(outcome.status == exit, "\(outcome.stdout)\(outcome.stderr)")
            let lines = outcome.stdout.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(lines.first.map(String.init) == line)
            // The rest of the summary follows: six principles, the alerts, where and when.
            let expectedLines = 10  // plugin line, six principles, alerts, "Read from", the final newline
            #expect(lines.count == expectedLines, "\(outcome.stdout)")
        }
    }

    @Test func onlyThePrinciplesAskedFor() async throws {
        try await withPlant(Plants.plant(Plants.yellowLow), readyQueries: CheckIntegrationTests.ready) {
            prometheus, _ in
            let two = try await AndonProcess.run(
                ["check", "--principle", "kanban", "--principle", "TRACING", "--prometheus", prometheus.url])
            #expect(two.status == 1)
            #expect(
                two.stdout.split(separator: "\n").first
                    == "ANDON WARNING - kanban 500 >= 500, tracing 3.00s >= 3s | kanban=500;500;1000 tracing=3s;3;5")
            #expect(!two.stdout.contains("Jidoka"))
            let json = try await AndonProcess.run(
                ["check", "--json", "--principle", "andon", "--prometheus", prometheus.url])
            #expect(try CheckJSON(json.stdout).ids == ["andon"])
            let bad = try await AndonProcess.run(["check", "--principle", "muda", "--prometheus", prometheus.url])
            #expect(bad.status == 64)
            #expect(bad.stderr.contains("unknown principle 'muda'"))
        }
    }

    @Test func ignorePendingLeavesPendingAlertsOut() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-rules-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("rules.yml")
        try """
        groups:
          - name: plugin
            rules:
              - alert: KanbanQueueDepthCritical
                expr: max by (queue_name) (tps_kanban_queue_depth) > 1000
                labels: {severity: critical, principle: kanban}
                annotations: {summary: "Queue is deep"}
              - alert: KaizenSLOWarning
                expr: min(tps_kaizen_slo_attainment) < 0.95
                for: 1h
                labels: {severity: warning, principle: kaizen}
                annotations: {summary: "SLO below target"}
        """.write(to: rules, atomically: true, encoding: .utf8)
        try await withPlant(
            Plants.plant(Plants.red), ruleFiles: [rules.path], readyQueries: CheckIntegrationTests.ready
        ) { prometheus, _ in
            try await prometheus.waitForData("ALERTS{alertstate=\"pending\"}")
            try await prometheus.waitForData("ALERTS{alertstate=\"firing\"}")
            let all = try await AndonProcess.run(["check", "--prometheus", prometheus.url])
            #expect(all.stdout.contains("Alerts: 1 firing, 1 pending"))
            #expect(all.stdout.contains("KaizenSLOWarning"))
            let firing = try await AndonProcess.run(["check", "--ignore-pending", "--prometheus", prometheus.url])
            #expect(firing.stdout.contains("Alerts: 1 firing, 0 pending"))
            #expect(!firing.stdout.contains("KaizenSLOWarning"))
            #expect(firing.stdout.contains("KanbanQueueDepthCritical"))
            // With --principle, only that principle's alerts.
            let kaizen = try await AndonProcess.run(["check", "--principle", "kaizen", "--prometheus", prometheus.url])
            #expect(kaizen.stdout.contains("Alerts: 0 firing, 1 pending"))
        }
    }

    /// A server that takes the connection and never answers: UNKNOWN after the timeout, not a hang.
    @Test func timeoutAgainstAServerThatNeverAnswers() async throws {
        let server = try SilentServer()
        defer { server.stop() }
        // bash's `time` measures the process itself, whatever the test machine's scheduler does to this test.
        let outcome = try await AndonProcess.run(
            ["check", "--timeout", "1", "--prometheus", server.url], limit: 30, timed: true)
        let elapsed = try #require(outcome.seconds)
        #expect(outcome.status == 3)
        let first = String(outcome.stdout.split(separator: "\n").first ?? "")
        #expect(first.hasPrefix("ANDON UNKNOWN - jidoka, kanban, andon, kaizen, heijunka, tracing and alerts no data"))
        #expect(first.contains("timed out") || first.contains("timeout"), "\(first)")
        // One second per request, all at once, plus what a check takes anyway: far below a hang.
        let bound = try await AndonProcess.checkBound(timeout: 1)
        #expect(elapsed < bound, "check took \(elapsed) s of \(bound)")
    }

    /// An Alertmanager that takes the connection and never answers, with `--timeout 1`: check ends within the
    /// bound (the timeout is Alertmanager's too) and keeps every value it read from Prometheus; the alerts are
    /// unknown, with why.
    @Test func aHangingAlertmanagerCostsNoMoreThanTheTimeout() async throws {
        let alertmanager = try SilentServer()
        defer { alertmanager.stop() }
        try await withPlant(Plants.plant(Plants.green), readyQueries: CheckIntegrationTests.ready) { prometheus, _ in
            let outcome = try await AndonProcess.run(
                [
                    "check", "--json", "--timeout", "1", "--profile", "tps", "--alertmanager", alertmanager.url,
                    "--prometheus", prometheus.url,
                ], limit: 60, timed: true)
            let elapsed = try #require(outcome.seconds)
            let json = try CheckJSON(outcome.stdout)
            #expect(json.values.allSatisfy { $0 != nil }, "\(outcome.stdout)")
            #expect(outcome.status == 3, "the alerts cannot be read: \(outcome.stdout)")
            let bound = try await AndonProcess.checkBound(timeout: 1)
            #expect(elapsed < bound, "check took \(elapsed) s of \(bound)")
        }
    }
}
