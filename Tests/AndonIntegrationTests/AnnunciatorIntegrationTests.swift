import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The annunciator on a board in tmux over a real Prometheus: a cascade with one first out (on the screen and in
/// the event log), a red that flickered and cleared latched until `A`, and the ringback's hook once per principle.
@Suite(
    "first-out, latch and ringback on a real Prometheus",
    .enabled(if: Sanitizers.normalPassOnly, "the terminal through tmux; the core is unit-tested"))
struct AnnunciatorIntegrationTests {
    @Test func aCascadeALatchAndTheRingback() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-alarms-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let record = directory.appendingPathComponent("events.jsonl").path
        let script = directory.appendingPathComponent("record.py").path
        try HookTests.recorder.write(toFile: script, atomically: true, encoding: .utf8)
        let eventLog = directory.appendingPathComponent("board.log").path
        let green = Plants.green
        // Kanban first; a moment later Heijunka and Jidoka (the gauges among the headlines, which follow at once).
        var kanban = green
        kanban.deepestQueue = 1001
        var cascade = kanban
        cascade.poolUtilization = Plants.red.poolUtilization
        cascade.openCircuits = Plants.red.openCircuits
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        try await withPlant(Plants.plant(green), readyQueries: CheckIntegrationTests.ready) { prometheus, exporter in
            let config = directory.appendingPathComponent("andon.yaml").path
            try """
            title: Line 3
            refresh: 1
            stale_after: 60
            log: \(eventLog)
            prometheus: {url: "\(prometheus.url)"}
            alertmanager: {url: "\(alertmanager.url)", allow_ack: true, ack_by: ana@wall-3}
            escalation: off
            alarms: {first_out: 2s}
            hooks:
              - {name: recorder, command: [python3, \(script), \(record)], on: [alarm]}
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) --config \(config); sleep 60",
                environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
            defer { session.kill() }
            _ = try await session.waitFor { $0.contains("499 items") }
            // Calm for longer than first_out: the next red is a first out. (A wait that only grows under load.)
            try await Task.sleep(for: .seconds(3))
            exporter.serve(Plants.plant(kanban))
            _ = try await session.waitFor { $0.contains("Kanban · deepest queue · FIRST OUT") }
            // The rest of the cascade a step of check's history later (15 s), as a cascade unfolds: check tells
            // the first out apart from the history alone. (A wait that only grows under load.)
            try await Task.sleep(for: .seconds(16))
            exporter.serve(Plants.plant(cascade))
            // Three tiles red (and the header): Kanban, Jidoka, Heijunka.
            let all = try await session.waitFor { $0.components(separatedBy: "✗ CRIT").count == 5 }
            #expect(all.components(separatedBy: "FIRST OUT").count == 2, "\(all)")
            #expect(all.contains("Kanban · deepest queue · FIRST OUT"), "\(all)")
            // check, a process of its own with no memory of the board's: Kanban first out, from the history.
            let check = try await AndonProcess.run(["check", "--json", "--config", config])
            #expect(check.status == 2, "\(check.stderr)")
            let firstOut = try CheckJSON(check.stdout).principles.filter { $0["first_out"] as? Bool == true }
            #expect(firstOut.map { $0["id"] as? String } == ["kanban"], "\(check.stdout)")

            // Jidoka clears unacknowledged: latched until `andon ack --cleared` from a shell.
            var jidokaCleared = cascade
            jidokaCleared.openCircuits = 0
            exporter.serve(Plants.plant(jidokaCleared))
            _ = try await session.waitFor { $0.contains("CLEARED, UNACKNOWLEDGED") }
            let ack = try await AndonProcess.run(["ack", "--cleared", "--principle", "jidoka", "--config", config])
            #expect(ack.status == 0 && ack.stdout.contains("acknowledged the cleared reds of Jidoka"), "\(ack.stderr)")
            _ = try await session.waitFor {
                $0.contains("Jidoka: the cleared red is acknowledged by ana@wall-3")
                    && !$0.contains("CLEARED, UNACKNOWLEDGED")
            }
            // A silence no alert can match (no alert has the andon_latch label), a minute long.
            let holds = try await alertmanager.amtool(["silence", "query", "-o", "json"])
            #expect(
                holds.stdout.contains("\"andon_latch\"") && holds.stdout.contains("\"jidoka\""), "\(holds.stdout)")

            // All green: Kanban and Heijunka ring back, once each.
            exporter.serve(Plants.plant(green))
            _ = try await session.waitFor { !$0.contains("✗ CRIT") && $0.contains("orders: 499 items") }
            let events = try await HookTests.events(record, count: 6).map {
                "\($0["ANDON_ALARM"] ?? "") \($0["ANDON_PRINCIPLE"] ?? "")"
            }
            #expect(events.filter { $0 == "first_out kanban" }.count == 1, "\(events)")
            #expect(events.filter { $0.hasPrefix("first_out") }.count == 1, "\(events)")
            #expect(events.contains("latched jidoka") && events.contains("latch_acknowledged jidoka"), "\(events)")
            #expect(events.filter { $0 == "ringback kanban" }.count == 1, "\(events)")
            #expect(events.filter { $0 == "ringback heijunka" }.count == 1, "\(events)")
            let log = (try? String(contentsOfFile: eventLog, encoding: .utf8)) ?? ""
            let firstOuts = log.split(separator: "\n").filter { $0.contains("alarm=first_out") }
            #expect(firstOuts.count == 1 && firstOuts.first?.contains("principle=Kanban") == true, "\(log)")
        }
    }

    /// A plant's cascade in a known past (backfilled): north's deepest queue red ten minutes before the instant
    /// asked, south's five, east green. `check --json --at` on the plant marks north alone as the first out, from
    /// the lines' histories; and in its text.
    @Test func aPlantsCheckMarksTheFirstOutLine() async throws {
        let at = Int(Date().timeIntervalSince1970) - 60
        let redFrom = ["north": at - 600, "south": at - 300]
        var samples: [String] = []
        for line in ["south", "north", "east"] {
            for time in stride(from: at - 7200, through: at, by: 15) {
                let depth = redFrom[line].map { time >= $0 } == true ? 2000 : 10
                samples.append("tps_kanban_queue_depth{line=\"\(line)\",queue_name=\"orders\"} \(depth) \(time)")
            }
        }
        let prometheus = try await PrometheusServer.start(
            config: "global:\n  scrape_interval: 15s\n",
            backfill: (["# TYPE tps_kanban_queue_depth gauge"] + samples).joined(separator: "\n") + "\n# EOF\n")
        defer { prometheus.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-plant-first-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("andon.yaml").path
        try """
        title: Works
        profile: tps-plant
        prometheus: {url: "\(prometheus.url)"}
        lines:
          - {name: south, variables: {line: south}}
          - {name: north, variables: {line: north}}
          - {name: east, variables: {line: east}}

        """.write(toFile: config, atomically: true, encoding: .utf8)
        let check = try await AndonProcess.run(["check", "--json", "--at", String(at), "--config", config])
        #expect(check.status == 2, "\(check.stderr)")
        let root = try #require(
            try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stdout)")
        let lines = try #require(root["lines"] as? [[String: Any]], "\(check.stdout)")
        #expect(lines.map { $0["name"] as? String } == ["south", "north", "east"])
        #expect(lines.map { $0["status"] as? String } == ["red", "red", "unknown"], "\(check.stdout)")
        #expect(lines.map { $0["first_out"] as? Bool } == [false, true, false], "\(check.stdout)")
        let text = try await AndonProcess.run(["check", "--at", String(at), "--config", config])
        let marked = text.stdout.split(separator: "\n").filter { $0.contains("FIRST OUT") }
        #expect(marked.count == 1 && marked[0].hasPrefix("Line north: "), "\(text.stdout)")
    }
}
