import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Pulling the cord from a shell: a call raised, listed, answered and closed through a real Alertmanager, which
/// holds it as an alert other tools see (amtool).
@Suite(
    "calls from the shell",
    .enabled(if: Sanitizers.normalPassOnly, "the command line over a real Alertmanager; the core is unit-tested"))
struct CallsIntegrationTests {
    static func config(alertmanager: String, allow: Bool = true) throws -> URL {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-calls-\(UUID()).yaml")
        try """
        alertmanager: {url: "\(alertmanager)", ack_by: ana@wall-3}
        calls:
          allow: \(allow)
          types:
            material: {principle: kanban, respond_within: 5m, ladder: [{after: 0m, notify: line}, {after: 5m, notify: line}]}
          notify:
            line: {hook: /bin/true}

        """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    static func calls(_ config: URL) async throws -> [[String: Any]] {
        let list = try await AndonProcess.run(["call", "--list", "--json", "--config", config.path])
        #expect(list.status == 0, "\(list.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(list.stdout.utf8)) as? [String: Any])
        return try #require(root["calls"] as? [[String: Any]])
    }

    @Test func aCallIsRaisedAnsweredAndClosed() async throws {
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let config = try Self.config(alertmanager: alertmanager.url)
        defer { try? FileManager.default.removeItem(at: config) }
        // A note with quotes, a command substitution and an escape sequence: data all the way.
        let note = "pallet \"jam\"; $(touch /tmp/andon-pwned) \u{1B}[2J"
        let raised = try await AndonProcess.run(["call", "material", "--note", note, "--config", config.path])
        #expect(raised.status == 0, "\(raised.stderr)")
        let id = try #require(raised.stdout.firstMatch(of: /call (\w+): material, raised by ana@wall-3/)?.output.1)
        #expect(!FileManager.default.fileExists(atPath: "/tmp/andon-pwned"))

        // Alertmanager holds it as an alert, with its labels; amtool sees it.
        let query = try await alertmanager.amtool(["alert", "query", "alertname=AndonCall", "-o", "json"])
        #expect(
            query.stdout.contains("\"call_id\":\"\(id)\"") && query.stdout.contains("\"principle\":\"kanban\""),
            "\(query.stdout)")
        var open = try await Self.calls(config)
        #expect(open.count == 1 && open[0]["id"] as? String == String(id), "\(open)")
        #expect(open[0]["note"] as? String == TextSanitizer.inert(note, limit: 200))
        #expect(open[0]["tier"] as? Double == 1 && open[0]["overdue"] as? Bool == false)
        #expect(open[0]["arrived_by"] is NSNull)

        // A responder arrives: the call says who; then it is closed and gone from the open calls.
        let arrived = try await AndonProcess.run(["arrive", String(id), "--config", config.path])
        #expect(arrived.status == 0 && arrived.stdout.contains("ana@wall-3 at the station"), "\(arrived.stderr)")
        open = try await Self.calls(config)
        #expect(open.first?["arrived_by"] as? String == "ana@wall-3" && open.first?["arrived_at"] is String)
        let closed = try await AndonProcess.run(["close", String(id), "--note", "cleared", "--config", config.path])
        #expect(closed.status == 0, "\(closed.stderr)")
        _ = try await Wait.holds(timeout: 10, every: .milliseconds(200)) { try await Self.calls(config).isEmpty }
        #expect(try await Self.calls(config).isEmpty)
        // An id that is not open.
        let again = try await AndonProcess.run(["arrive", String(id), "--config", config.path])
        #expect(again.status == 1 && again.stderr.contains("no open call"), "\(again.stderr)")
    }

    @Test func refusedWithTheReason() async throws {
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let forbidden = try Self.config(alertmanager: alertmanager.url, allow: false)
        defer { try? FileManager.default.removeItem(at: forbidden) }
        let notAllowed = try await AndonProcess.run(["call", "material", "--config", forbidden.path])
        #expect(notAllowed.status == 77 && notAllowed.stderr.contains("calls.allow: true"), "\(notAllowed.stderr)")
        // Reading is not a write.
        #expect(try await AndonProcess.run(["call", "--list", "--config", forbidden.path]).status == 0)
        let allowed = try Self.config(alertmanager: alertmanager.url)
        defer { try? FileManager.default.removeItem(at: allowed) }
        let unknown = try await AndonProcess.run(["call", "materiel", "--config", allowed.path])
        #expect(unknown.status == 64 && unknown.stderr.contains("the types: material"), "\(unknown.stderr)")
        // Alertmanager down: said, and the status says the call was not raised.
        let down = try RefusingPort()
        defer { down.close() }
        let gone = try Self.config(alertmanager: down.url)
        defer { try? FileManager.default.removeItem(at: gone) }
        let unreachable = try await AndonProcess.run(["call", "material", "--config", gone.path])
        #expect(unreachable.status == 69 && unreachable.stderr.contains("Alertmanager"), "\(unreachable.stderr)")
    }

    /// The ladder end to end: a board in tmux shows a call raised from the shell within a refresh, runs the first
    /// tier's target at once and the second's at its deadline, each once, and the call leaves the board when
    /// it is closed.
    @Test func aBoardClimbsARealCallsLadder() async throws {
        let sim = try await SimProcess.start(scenario: "steady")
        defer { sim.stop() }
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let prometheus = try await PrometheusServer.start(targets: [sim.target])
        defer { prometheus.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("andon-ladder-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        // The targets and the `call` hook are one recorder (Tests/Fixtures/hooks/record), told apart by the target.
        let record = folder.appendingPathComponent("record.log")
        let recorder = Repository.file("Tests/Fixtures/hooks/record").path
        let eventLog = folder.appendingPathComponent("board.log")
        let config = folder.appendingPathComponent("andon.yaml")
        try """
        title: Line 3
        refresh: 1
        profile: tps
        log: \(eventLog.path)
        prometheus: {url: "\(prometheus.url)"}
        alertmanager: {url: "\(alertmanager.url)", ack_by: ana@wall-3}
        hooks:
          - {name: calls, command: [\(recorder)], on: [call], pass_environment: [ANDON_TEST_RECORD]}
        calls:
          allow: true
          types:
            material: {principle: kanban, respond_within: 8s, ladder: [{after: 0s, notify: line}, {after: 8s, notify: oncall}, {after: 1h, notify: manager}]}
          notify:
            line: {hook: \(recorder), pass_environment: [ANDON_TEST_RECORD]}
            oncall: {hook: \(recorder), pass_environment: [ANDON_TEST_RECORD]}
            manager: {hook: \(recorder), pass_environment: [ANDON_TEST_RECORD]}

        """.write(to: config, atomically: true, encoding: .utf8)
        let session = try await TmuxSession(
            command: "\(AndonProcess.path) --config \(config.path); sleep 60",
            environment: [
                "LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent",
                "ANDON_TEST_RECORD": record.path,
            ])
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("Kanban") }

        let raised = try await AndonProcess.run(["call", "material", "--note", "pallet jam", "--config", config.path])
        #expect(raised.status == 0, "\(raised.stderr)")
        let id = String(try #require(raised.stdout.firstMatch(of: /call (\w+):/)?.output.1))
        let raisedAt = try #require(
            (try await Self.calls(config)).first.flatMap { ($0["raised_at"] as? String).flatMap(RFC3339.parse) })
        let pane = try await session.waitFor { $0.contains("AndonCall") }
        #expect(pane.contains("Call: material by ana@wall-3"), "\(pane)")
        /// What the targets (`target=` a tier's) or the hook (`target=` empty) were told: `(event, line)`.
        func runs(targets: Bool) -> [String] {
            ((try? String(contentsOf: record, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
                .filter { $0.contains(" target= ") != targets }
        }
        _ = try await Wait.until("the second tier's target", timeout: 60, every: .milliseconds(200)) {
            runs(targets: true).contains { $0.hasPrefix("tier tier=2 target=oncall ") }
        }
        let tiers = runs(targets: true)
        #expect(tiers.count == 2, "\(tiers)")
        #expect(tiers.first?.hasPrefix("tier tier=1 target=line id=\(id) note=pallet jam ") == true, "\(tiers)")
        // The second tier at its deadline, 8 s after the call was raised, within a tick and a refresh.
        let second = try #require(tiers.last?.split(separator: "=").last.flatMap { Double($0) })
        #expect(second - raisedAt >= 8 && second - raisedAt < 8 + 3, "\(second - raisedAt) s")
        // The tier reached is in the call, for every other reader.
        let open = try await Self.calls(config)
        #expect(open.first?["id"] as? String == id)
        let query = try await alertmanager.amtool(["alert", "query", "alertname=AndonCall", "-o", "extended"])
        #expect(query.stdout.contains("tier=\"1\""), "\(query.stdout)")
        // Arrived and closed: the call leaves the board, and nothing more was run.
        #expect(try await AndonProcess.run(["arrive", id, "--config", config.path]).status == 0)
        let arrivedAt = try #require(
            (try await Self.calls(config)).first.flatMap { ($0["arrived_at"] as? String).flatMap(RFC3339.parse) })
        _ = try await Wait.until("the hook hears the arrival", timeout: 20, every: .milliseconds(200)) {
            runs(targets: false).contains { $0.hasPrefix("arrived ") }
        }
        let beforeClose = Date().timeIntervalSince1970.rounded(.down)
        #expect(try await AndonProcess.run(["close", id, "--config", config.path]).status == 0)
        let afterClose = Date().timeIntervalSince1970
        _ = try await session.waitFor { !$0.contains("AndonCall") }
        #expect(runs(targets: true).count == 2, "\(runs(targets: true))")
        // The hook heard the call's life once each, in order, as the board saw it.
        _ = try await Wait.until("the hook hears the call closed", timeout: 20, every: .milliseconds(200)) {
            runs(targets: false).contains { $0.hasPrefix("closed ") }
        }
        #expect(
            runs(targets: false).map { $0.prefix { $0 != " " } } == ["raised", "tier", "tier", "arrived", "closed"],
            "\(runs(targets: false))")

        // The handover counts the call to the second: raised and arrived as the source said, closed as the shell
        // said (within the seconds around the command).
        let report = try await AndonProcess.run(["report", "--since", "10m", "--json", "--config", config.path])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let calls = try #require(root["calls"] as? [String: Any], "\(report.stdout) \(report.stderr)")
        #expect(calls["problem"] is NSNull, "\(calls)")
        let group = try #require((calls["groups"] as? [[String: Any]])?.first, "\(calls)")
        #expect(group["type"] as? String == "material" && group["raised"] as? Double == 1, "\(group)")
        #expect(group["highest_tier"] as? Double == 2, "\(group)")
        let toArrive = try #require(group["to_arrive"] as? [String: Any])
        #expect(toArrive["median_seconds"] as? Double == arrivedAt - raisedAt, "\(toArrive)")
        #expect(toArrive["worst_seconds"] as? Double == arrivedAt - raisedAt, "\(toArrive)")
        let call = try #require((calls["raised"] as? [[String: Any]])?.first)
        let closedAt = try #require((call["closed_at"] as? String).flatMap(RFC3339.parse))
        #expect(closedAt >= beforeClose && closedAt <= afterClose, "\(closedAt) in \(beforeClose)…\(afterClose)")
        let toClose = try #require(group["to_close"] as? [String: Any])
        #expect(toClose["median_seconds"] as? Double == closedAt - raisedAt, "\(toClose)")
        #expect((calls["reasons"] as? [[String: Any]])?.first?["note"] as? String == "pallet jam")
        #expect((calls["open"] as? [Any])?.isEmpty == true, "\(calls)")
        let text = try await AndonProcess.run(["report", "--since", "10m", "--config", config.path])
        #expect(text.stdout.contains("Calls (from \(eventLog.path) and \(alertmanager.url))"), "\(text.stdout)")

        // The cord on the board: c, then the type's number.
        try await session.send("c")
        _ = try await session.waitFor { $0.contains("Call: 1 material?") }
        try await session.send("1")
        _ = try await session.waitFor { $0.contains("Call material, note:") }
        try await session.send("-l", "belt slips")
        try await session.send("Enter")
        let notice = try await session.waitFor { $0.contains(" raised") }
        let boardCall = try #require(notice.firstMatch(of: /call (\w+) raised/)?.output.1)
        let raisedOnBoard = try await Self.calls(config)
        #expect(raisedOnBoard.map { $0["id"] as? String } == [String(boardCall)], "\(raisedOnBoard)")
        #expect(raisedOnBoard.first?["type"] as? String == "material")
        #expect(raisedOnBoard.first?["note"] as? String == "belt slips")
        _ = try await session.waitFor { $0.contains("AndonCall") }
    }

    /// Alertmanager keeps alerts in memory only: restarted, it has forgotten the call. The board that showed it
    /// finds Alertmanager started after it last saw the call, writes it again, and says so; its hooks hear of no
    /// close. A real close afterwards is a close.
    @Test func aCallOutlivesARestartOfAlertmanager() async throws {
        let sim = try await SimProcess.start(scenario: "steady")
        defer { sim.stop() }
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let prometheus = try await PrometheusServer.start(targets: [sim.target])
        defer { prometheus.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("andon-restart-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let record = folder.appendingPathComponent("record.log")
        let config = folder.appendingPathComponent("andon.yaml")
        try """
        title: Line 3
        refresh: 1
        profile: tps
        prometheus: {url: "\(prometheus.url)"}
        alertmanager: {url: "\(alertmanager.url)", ack_by: ana@wall-3}
        hooks:
          - {name: calls, command: [\(Repository.file("Tests/Fixtures/hooks/record").path)], on: [call], pass_environment: [ANDON_TEST_RECORD]}
        calls:
          allow: true
          types:
            help: {principle: andon, respond_within: 1h}

        """.write(to: config, atomically: true, encoding: .utf8)
        let session = try await TmuxSession(
            command: "\(AndonProcess.path) --config \(config.path); sleep 60",
            environment: [
                "LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent", "ANDON_TEST_RECORD": record.path,
            ])
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("Kanban") }
        let raised = try await AndonProcess.run(["call", "help", "--note", "line stopped", "--config", config.path])
        let id = String(try #require(raised.stdout.firstMatch(of: /call (\w+):/)?.output.1, "\(raised.stderr)"))
        _ = try await session.waitFor { $0.contains("CALL help") }

        try await alertmanager.restart()
        let back = try await Wait.until("the call written again", timeout: 30, every: .milliseconds(250)) {
            () -> Wait.Probe<[String: Any]> in
            let open = try await Self.calls(config)
            if let call = open.first(where: { $0["id"] as? String == id }) { return .done(call) }
            return .notYet("\(open)")
        }
        #expect(back["note"] as? String == "line stopped" && back["raised_by"] as? String == "ana@wall-3")
        _ = try await session.waitFor { $0.contains("call \(id) written again") }
        func heard() -> [String] {
            ((try? String(contentsOf: record, encoding: .utf8)) ?? "").split(separator: "\n")
                .map { String($0.prefix { $0 != " " }) }
        }
        #expect(heard() == ["raised"], "\(heard())")

        // Closed for real: Alertmanager has run since the board last saw the call.
        #expect(try await AndonProcess.run(["close", id, "--config", config.path]).status == 0)
        _ = try await Wait.until("the hook hears the close", timeout: 20, every: .milliseconds(200)) {
            heard().contains("closed")
        }
        #expect(heard() == ["raised", "closed"], "\(heard())")
        #expect(try await Self.calls(config).isEmpty)
    }

    /// An alert from a real rule that the configuration gives a ladder: a board raises its call (the target of
    /// the first tier runs with it), and `andon ack` of the alert is the call's arrival.
    @Test func anAlertFromARuleClimbsItsLadder() async throws {
        let sim = try await SimProcess.start(scenario: "steady")
        defer { sim.stop() }
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("andon-rule-ladder-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let rules = folder.appendingPathComponent("rules.yml")
        try """
        groups:
          - name: ladder
            rules:
              - alert: KanbanDeep
                expr: vector(1)
                labels: {severity: critical, principle: kanban}
                annotations: {summary: orders is deep}

        """.write(to: rules, atomically: true, encoding: .utf8)
        let prometheus = try await PrometheusServer.start(
            config: """
                global: {scrape_interval: 1s, evaluation_interval: 1s}
                rule_files: ['\(rules.path)']
                scrape_configs:
                  - job_name: tps
                    static_configs: [{targets: ['\(sim.target)']}]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['\(alertmanager.url.dropFirst("http://".count))']}]
                """, extraFlags: ["--rules.alert.resend-delay=1s"])
        defer { prometheus.stop() }
        let record = folder.appendingPathComponent("record.log")
        let recorder = Repository.file("Tests/Fixtures/hooks/record").path
        let config = folder.appendingPathComponent("andon.yaml")
        try """
        title: Line 3
        refresh: 1
        profile: tps
        prometheus: {url: "\(prometheus.url)"}
        alertmanager: {url: "\(alertmanager.url)", ack_by: ana@wall-3, allow_ack: true}
        calls:
          allow: true
          types:
            material: {principle: kanban, respond_within: 5m, ladder: [{after: 0s, notify: line}, {after: 1h, notify: line}]}
          notify:
            line: {hook: \(recorder), pass_environment: [ANDON_TEST_RECORD]}
          alerts:
            - {match: {alertname: KanbanDeep}, ladder: material}

        """.write(to: config, atomically: true, encoding: .utf8)
        let session = try await TmuxSession(
            command: "\(AndonProcess.path) --config \(config.path); sleep 60",
            environment: [
                "LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent", "ANDON_TEST_RECORD": record.path,
            ])
        defer { session.kill() }
        let call = try await Wait.until("the alert's call", timeout: 60, every: .milliseconds(250)) {
            () -> Wait.Probe<[String: Any]> in
            let open = try await Self.calls(config)
            if let call = open.first(where: { $0["note"] as? String == "KanbanDeep: orders is deep" }) {
                return .done(call)
            }
            return .notYet("\(open)")
        }
        let id = try #require(call["id"] as? String)
        #expect(call["type"] as? String == "material" && call["principle"] as? String == "kanban", "\(call)")
        #expect(call["for_alert"] as? String == "KanbanDeep", "\(call)")
        _ = try await Wait.until("the first tier's target", timeout: 20, every: .milliseconds(200)) {
            ((try? String(contentsOf: record, encoding: .utf8)) ?? "").contains("target=line id=\(id) ")
        }
        _ = try await session.waitFor { $0.contains("CALL material") }
        // Acknowledged: the acknowledgement is the arrival.
        let ack = try await AndonProcess.run(["ack", "KanbanDeep", "--config", config.path])
        #expect(ack.status == 0, "\(ack.stderr)")
        let arrived = try await Wait.until("the arrival", timeout: 30, every: .milliseconds(250)) {
            () -> Wait.Probe<[String: Any]> in
            let open = try await Self.calls(config)
            if let call = open.first(where: { $0["id"] as? String == id }), call["arrived_by"] is String {
                return .done(call)
            }
            return .notYet("\(open)")
        }
        #expect(arrived["arrived_by"] as? String == "ana@wall-3", "\(arrived)")
        _ = try await session.waitFor { $0.contains("CALL material · ana@wall-3 here") }
    }
}
