import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The Andon response loop against a real Alertmanager (Debian's `prometheus-alertmanager`) fed by a real
/// Prometheus with the shipped rules (their `for:` shortened) over the simulated plant in its outage: alerts shown
/// with what Alertmanager says of them, acknowledged from the shell and from the board, refused where writing is
/// not allowed, inhibited alerts, and an Alertmanager that stops answering.
@Suite(
    "the response loop against a real Alertmanager", .serialized,
    .enabled(
        if: Sanitizers.cover(.thread),
        "writes as effects on the loop's tasks; their bytes are the decoders' the unit suites cover"))
struct ResponseLoopTests {
    /// A configuration file for `prometheus` and `alertmanager`, acknowledging allowed or not.
    func configFile(_ prometheus: PrometheusServer, _ alertmanager: AlertmanagerServer, allowAck: Bool) throws
        -> String
    {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-ack-\(UUID()).yaml").path
        // The profile is named: with none, the board detects one as a reload right after its first paint, and the
        // reload's notice ("profiles: tps") would replace a notice a key had just shown.
        try """
        title: Line 3
        refresh: 1
        profile: tps
        prometheus:
          url: \(prometheus.url)
        alertmanager:
          url: \(alertmanager.url)
          allow_ack: \(allowAck)
        """.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Polls `andon check --json` until `done` holds.
    func check(_ arguments: [String], timeout: Double = 60, until done: (CheckJSON) -> Bool) async throws -> CheckJSON {
        var last: CheckJSON?
        _ = try await Wait.holds(timeout: timeout, every: .seconds(1)) {
            let outcome = try await AndonProcess.run(["check", "--json"] + arguments)
            let json = try CheckJSON(outcome.stdout)
            last = json
            return done(json)
        }
        return try #require(last)
    }

    func alert(_ json: CheckJSON, _ name: String) -> [String: Any]? {
        json.alerts.first { $0["name"] as? String == name && $0["state"] as? String == "firing" }
    }

    /// The silences in force, as amtool lists them (JSON).
    func silences(_ alertmanager: AlertmanagerServer) async throws -> [[String: Any]] {
        let query = try await alertmanager.amtool(["silence", "query", "-o", "json"])
        #expect(query.status == 0, "\(query.stderr)")
        return try JSONSerialization.jsonObject(with: Data(query.stdout.utf8)) as? [[String: Any]] ?? []
    }

    static let environment = ["USER": "ana"]

    @Test func ackFromTheShellIsASilenceEveryReaderShows() async throws {
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        try await withSimulatedPlant("outage", alertmanager: alertmanager) { prometheus, _ in
            let config = try configFile(prometheus, alertmanager, allowAck: true)
            defer { try? FileManager.default.removeItem(atPath: config) }
            // Firing, and active in Alertmanager: it notifies.
            let firing = try await check(["--config", config]) {
                alert($0, "AndonHighErrorRate")?["alertmanager"] as? String == "active"
            }
            #expect(alert(firing, "AndonHighErrorRate")?["ack"] == nil, "\(firing.root)")
            let ack = try await AndonProcess.run(
                ["ack", "AndonHighErrorRate", "--for", "30m", "--comment", "on it", "--config", config],
                environment: Self.environment)
            #expect(ack.status == 0, "\(ack.stderr)")
            #expect(ack.stdout.contains("acknowledged AndonHighErrorRate"), "\(ack.stdout)")
            // amtool lists it: exact matchers of the alert, by ana@host, the comment marked as an ack, 30 minutes.
            let listed = try await silences(alertmanager)
            #expect(listed.count == 1, "\(listed)")
            let silence = try #require(listed.first)
            #expect((silence["createdBy"] as? String)?.hasPrefix("ana@") == true, "\(silence)")
            #expect(silence["comment"] as? String == "ACK! on it", "\(silence)")
            let matchers = (silence["matchers"] as? [[String: Any]] ?? []).map {
                "\($0["name"] as? String ?? "")=\($0["value"] as? String ?? "")"
                    + ($0["isRegex"] as? Bool == true ? " regex" : "") + ($0["isEqual"] as? Bool == false ? " not" : "")
            }
            #expect(
                matchers.contains("alertname=AndonHighErrorRate") && matchers.contains("principle=andon")
                    && matchers.contains("severity=critical"), "\(matchers)")
            #expect(!matchers.contains { $0.hasSuffix(" regex") || $0.hasSuffix(" not") }, "\(matchers)")
            let starts = (silence["startsAt"] as? String).flatMap(RFC3339.parse) ?? 0
            let ends = (silence["endsAt"] as? String).flatMap(RFC3339.parse) ?? 0
            #expect(abs(ends - starts - 1800) < 5, "\(silence)")
            // check --json shows it acknowledged, with who, the comment, since and until.
            let acked = try await check(["--config", config]) { alert($0, "AndonHighErrorRate")?["ack"] != nil }
            let ackObject = try #require(alert(acked, "AndonHighErrorRate")?["ack"] as? [String: Any], "\(acked.root)")
            #expect((ackObject["by"] as? String)?.hasPrefix("ana@") == true, "\(ackObject)")
            #expect(ackObject["comment"] as? String == "on it")
            #expect(ackObject["since"] is String && ackObject["until"] is String)
            // snapshot shows it on the alert and on the Andon tile.
            let snapshot = try await AndonProcess.run(
                ["snapshot", "--config", config], environment: ["COLUMNS": "160", "LANG": "C.UTF-8"])
            #expect(snapshot.stdout.contains("ACK ana"), "\(snapshot.stdout)")
            // The board in tmux: on the alert, and on the Andon tile.
            do {
                let session = try await TmuxSession(
                    command: "\(AndonProcess.path) --config \(config); sleep 60",
                    environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
                defer { session.kill() }
                try await session.send("a")
                let pane = try await session.waitFor { $0.contains("acknowledged by ana@") }
                #expect(pane.contains("\"on it\""), "\(pane)")
                try await session.send("0")
                _ = try await session.waitFor { $0.contains("ACK ana") }
            }
            // --list names it; unack expires it; then no reader shows it.
            let list = try await AndonProcess.run(["ack", "--list", "--config", config])
            #expect(
                list.status == 0 && list.stdout.contains("AndonHighErrorRate") && list.stdout.contains("on it"),
                "\(list.stdout) \(list.stderr)")
            let unack = try await AndonProcess.run(["unack", "AndonHighErrorRate", "--config", config])
            #expect(unack.status == 0, "\(unack.stderr)")
            #expect(try await silences(alertmanager).isEmpty)
            let after = try await check(["--config", config]) { alert($0, "AndonHighErrorRate")?["ack"] == nil }
            #expect(alert(after, "AndonHighErrorRate")?["ack"] == nil, "\(after.root)")
            // A selection that matches nothing acknowledges nothing, and says so.
            let none = try await AndonProcess.run(["ack", "NoSuchAlert", "--config", config])
            #expect(none.status == 1 && none.stderr.contains("no firing alert matches"), "\(none.stderr)")
            #expect(try await silences(alertmanager).isEmpty)
        }
    }

    @Test func ackFromTheBoardOnlyWhereWritingIsAllowed() async throws {
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        try await withSimulatedPlant("outage", alertmanager: alertmanager) { prometheus, _ in
            let allowed = try configFile(prometheus, alertmanager, allowAck: true)
            let forbidden = try configFile(prometheus, alertmanager, allowAck: false)
            defer {
                try? FileManager.default.removeItem(atPath: allowed)
                try? FileManager.default.removeItem(atPath: forbidden)
            }
            _ = try await check(["--config", allowed]) { alert($0, "AndonHighErrorRate")?["alertmanager"] != nil }
            let environment = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent", "USER": "ana"]
            // allow_ack off: refused, with the reason; no silence.
            do {
                let session = try await TmuxSession(
                    command: "\(AndonProcess.path) --config \(forbidden); sleep 60", environment: environment)
                defer { session.kill() }
                _ = try await session.waitFor { $0.contains("FIRING") }
                try await session.send("3")
                try await session.send("A")
                let refused = try await session.waitFor { $0.contains("allow_ack is off") }
                #expect(!refused.contains("ACK ana"))
            }
            // A kiosk never writes, whatever the configuration allows.
            do {
                let session = try await TmuxSession(
                    command: "\(AndonProcess.path) --kiosk --config \(allowed); sleep 60", environment: environment)
                defer { session.kill() }
                _ = try await session.waitFor { $0.contains("Andon") }
                try await session.send("A")
                _ = try await session.waitFor { $0.contains("a kiosk never writes") }
                try await session.send("y")
            }
            // allow_ack on: the Andon drill-down's alerts, acknowledged by key, once confirmed.
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) --config \(allowed); sleep 60", environment: environment)
            defer { session.kill() }
            _ = try await session.waitFor { $0.contains("FIRING") }
            // By this board's first answer, the boards above have long ended: nothing they did was written.
            #expect(try await silences(alertmanager).isEmpty, "a silence was made where writing is not allowed")
            try await session.send("3")
            try await session.send("A")
            _ = try await session.waitFor { $0.contains("Acknowledge") && $0.contains("y: yes") }
            try await session.send("y")
            let acked = try await session.waitFor { $0.contains("AndonHighErrorRate") && $0.contains("ACK ana") }
            #expect(acked.contains("acknowledged"), "\(acked)")
            let listed = try await silences(alertmanager)
            #expect(!listed.isEmpty && listed.allSatisfy { ($0["createdBy"] as? String)?.hasPrefix("ana@") == true })
            #expect(listed.allSatisfy { ($0["comment"] as? String)?.hasPrefix("ACK!") == true }, "\(listed)")
        }
    }

    @Test func inhibitedAlertsAndAnAlertmanagerThatStops() async throws {
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        try await withSimulatedPlant("outage", alertmanager: alertmanager) { prometheus, _ in
            let config = try configFile(prometheus, alertmanager, allowAck: false)
            defer { try? FileManager.default.removeItem(atPath: config) }
            // Alertmanager's own rule: a critical alert inhibits the warnings of its principle.
            let inhibited = try await check(["--config", config]) { json in
                json.alerts.contains { ($0["inhibited_by"] as? [String])?.isEmpty == false }
            }
            let target = try #require(
                inhibited.alerts.first { ($0["inhibited_by"] as? [String])?.isEmpty == false }, "\(inhibited.root)")
            #expect(target["severity"] as? String == "warning", "\(target)")
            let by = target["inhibited_by"] as? [String] ?? []
            let principle = (target["labels"] as? [String: String])?["principle"]
            #expect(
                by.allSatisfy { name in
                    inhibited.alerts.contains {
                        $0["name"] as? String == name && ($0["labels"] as? [String: String])?["principle"] == principle
                    }
                }, "\(by)")
            let snapshot = try await AndonProcess.run(
                ["snapshot", "--config", config], environment: ["COLUMNS": "200", "LANG": "C.UTF-8"])
            #expect(snapshot.stdout.contains("INHIBITED by"), "\(snapshot.stdout)")
            let doctor = try await AndonProcess.run(["doctor", "--config", config])
            #expect(
                doctor.stdout.contains("alertmanager") && doctor.stdout.contains("Alertmanager 0."), "\(doctor.stdout)")
            #expect(doctor.stdout.contains("acknowledging off"), "\(doctor.stdout)")
            // Alertmanager stopped: the alerts are unknown, with the reason; never green.
            alertmanager.stop()
            let sick = try await AndonProcess.run(["doctor", "--json", "--config", config])
            #expect(sick.status != 0 && sick.stdout.contains("start Alertmanager"), "\(sick.stdout)")
            let blind = try await AndonProcess.run(["check", "--json", "--config", config])
            let json = try CheckJSON(blind.stdout)
            #expect(json.status != "green")
            #expect((json.root["alerts_error"] as? String)?.contains("Alertmanager") == true, "\(json.root)")
            let text = try await AndonProcess.run(["check", "--config", config])
            #expect(text.stdout.contains("Alertmanager"), "\(text.stdout)")
        }
    }
}
