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
    .enabled(if: Sanitizers.normalPassOnly, "five processes on 2 cores starve the tmux tests under a sanitizer"))
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
        var lines: Double?
        _ = try await Wait.holds(timeout: 60, every: .milliseconds(500)) {
            lines = try await Oracle.value(stack.url, "count(count by (line) (tps_andon_requests_total))")
            guard lines == 2 else { return false }
            return try await Oracle.value(stack.url, "sum(rate(tps_andon_requests_total[1m])) > 0") != nil
        }
        #expect(lines == 2, "\(stack.logs())")
        // check against VictoriaMetrics: the values it computes itself, and vmalert's alert firing.
        var json: CheckJSON?
        _ = try await Wait.holds(timeout: 60, every: .seconds(1)) {
            let run = try await AndonProcess.run(["check", "--json", "--prometheus", stack.url])
            let answer = try CheckJSON(run.stdout)
            json = answer
            // vmalert's alert firing, and every series ingested: vmagent writes in batches, and a series newly
            // written may be searchable a moment after the others (a loaded machine showed Kanban and Tracing
            // without data for a refresh while the alert already fired).
            return answer.alerts.contains {
                $0["name"] as? String == "AndonHighErrorRate" && $0["state"] as? String == "firing"
            } && answer.statuses.allSatisfy { $0 != "unknown" }
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
        // The plant of two lines on the shared engine (profile tps-plant, each line its value of the line label):
        // north's outage is red, south's steady plant green, in check, snapshot and the board.
        let config = FileManager.default.temporaryDirectory.appendingPathComponent("andon-vm-plant-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: config) }
        try """
        title: VM works
        profile: tps-plant
        refresh: 1
        prometheus: {url: "\(stack.url)"}
        lines:
          - {name: north, variables: {line: north}}
          - {name: south, variables: {line: south}}
        """.write(to: config, atomically: true, encoding: .utf8)
        let plantCheck = try await AndonProcess.run(["check", "--json", "--config", config.path])
        #expect(plantCheck.status == 2, "\(plantCheck.stdout) \(plantCheck.stderr)")
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(plantCheck.stdout.utf8)) as? [String: Any])
        let lineReports = root["lines"] as? [[String: Any]] ?? []
        #expect(lineReports.map { $0["status"] as? String } == ["red", "green"], "\(plantCheck.stdout)")
        let southKanban =
            (lineReports.last?["principles"] as? [[String: Any]])?
            .first { $0["id"] as? String == "kanban" }?["value"] as? Double
        let southOracle = try await Oracle.value(stack.url, "max(tps_kanban_queue_depth{line=\"south\"})")
        #expect(
            southKanban != nil && southOracle != nil && abs(southKanban! - southOracle!) <= max(50, southOracle! * 0.5))
        // The same lines found from the label's values instead of written out.
        let discover = FileManager.default.temporaryDirectory.appendingPathComponent("andon-vm-find-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: discover) }
        try "profile: tps-plant\nprometheus: {url: \"\(stack.url)\"}\nlines:\n  - discover: line\n".write(
            to: discover, atomically: true, encoding: .utf8)
        let found = try await AndonProcess.run(["check", "--json", "--config", discover.path])
        let foundRoot = try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [String: Any]
        let foundLines = (foundRoot?["lines"] as? [[String: Any]] ?? []).map { $0["name"] as? String ?? "" }
        #expect(found.status == 2 && foundLines == ["north", "south"], "\(found.stdout) \(found.stderr)")
        let environment = ["LANG": "C.UTF-8", "COLUMNS": "120"]
        let snapshot = try await AndonProcess.run(["snapshot", "--config", config.path], environment: environment)
        let rows = snapshot.stdout.split(separator: "\n").map(String.init)
        let northRow = rows.first { $0.hasPrefix(" north") } ?? ""
        let southRow = rows.first { $0.hasPrefix(" south") } ?? ""
        #expect(northRow.contains("✗ CRIT") && southRow.contains("✓ OK"), "\(snapshot.stdout)")
        // The board asks both lines together (one request per refresh for their headlines) and shows the same.
        let session = try await TmuxSession(
            command: "\(AndonProcess.path) --config \(config.path); sleep 60",
            environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
        defer { session.kill() }
        let board = try await session.waitFor { $0.contains("1 of 2 lines not green") && $0.contains("✓ OK") }
        let boardRows = board.split(separator: "\n").map(String.init)
        #expect(boardRows.contains { $0.hasPrefix("▶north") && $0.contains("✗ CRIT") }, "\(board)")
        #expect(boardRows.contains { $0.hasPrefix(" south") && $0.contains("✓ OK") }, "\(board)")
        try await session.send("Enter")
        _ = try await session.waitFor { $0.contains("VM works · north") && $0.contains("Esc plant") }
        // One line's scenario switches alone.
        try sim.switchTo("surge", line: "south")
        let scenarios = try await CleanProcess.run(try executable("curl"), ["-sf", "\(sim.url)/scenario"], limit: 10)
        #expect(scenarios.stdout == "north outage\nsouth surge\n", "\(scenarios.stdout)")
    }
}
