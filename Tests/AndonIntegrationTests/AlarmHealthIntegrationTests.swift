import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The alarm-health figures of a known window: `ALERTS` and `ALERTS_FOR_STATE` backfilled into a real Prometheus
/// with promtool, an acknowledgement made on a real Alertmanager, and every figure `check --alarm-health` and
/// `report` give compared with the counts worked out here by hand.
@Suite(
    "alarm health against a backfilled Prometheus", .serialized,
    .enabled(if: Sanitizers.normalPassOnly, "the figures are unit-tested; this is the reading of the real series"))
struct AlarmHealthIntegrationTests {
    /// An alert of the past: its labels, and each raise (seconds from the window's start) with how long it fired.
    struct Past {
        var labels: [String: String]
        var raises: [(at: Int, firing: Int)]
        /// Raised this long before the window, and firing through it (a standing alert).
        var standingFor: Int? = nil
    }

    static func labels(_ name: String, _ severity: String, _ principle: String) -> [String: String] {
        ["alertname": name, "severity": severity, "principle": principle]
    }

    static let past: [Past] = [
        // Three raises within 40 s (chattering), then one more that fires for 100 s.
        Past(
            labels: labels("KanbanDeep", "critical", "kanban"),
            raises: [(600, 0), (620, 0), (640, 0), (4000, 100)]),
        Past(labels: labels("AndonErrors", "warning", "andon"), raises: [(700, 0), (1300, 30)]),
        // Twelve in the fourth ten minutes, 40 s apart: a flood.
        Past(labels: labels("Slow", "info", "tracing"), raises: (0..<12).map { (1800 + $0 * 40, 0) }),
        // Raised a day and an hour before the window, firing through it: standing, never raised within it.
        Past(labels: labels("Standing", "warning", "heijunka"), raises: [], standingFor: 90000),
    ]

    /// The past as OpenMetrics: for each raise, `ALERTS{alertstate="firing"}` and `ALERTS_FOR_STATE` (its value the
    /// raise's time) every 15 s while it fires; the standing alert every minute up to `last`.
    static func openMetrics(from: Int, last: Int) -> String {
        func selector(_ name: String, _ labels: [String: String]) -> String {
            name + "{" + labels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
                + "}"
        }
        var alerts: [String] = []
        var forState: [String] = []
        for one in past {
            var samples: [(time: Int, activeAt: Int)] = []
            for raise in one.raises {
                for offset in stride(from: 0, through: raise.firing, by: 15) {
                    samples.append((from + raise.at + offset, from + raise.at))
                }
            }
            if let standing = one.standingFor {
                samples += stride(from: 0, through: last, by: 60).map { (from + $0, from - standing) }
            }
            var firing = one.labels
            firing["alertstate"] = "firing"
            for sample in samples.sorted(by: { $0.time < $1.time }) {
                alerts.append("\(selector("ALERTS", firing)) 1 \(sample.time)")
                forState.append("\(selector("ALERTS_FOR_STATE", one.labels)) \(sample.activeAt) \(sample.time)")
            }
        }
        return (["# TYPE ALERTS gauge"] + alerts + ["# TYPE ALERTS_FOR_STATE gauge"] + forState)
            .joined(separator: "\n") + "\n# EOF\n"
    }

    @Test func everyFigureOfAKnownWindow() async throws {
        // KanbanDeep acknowledged first (Alertmanager starts a silence now, whatever it is asked): each of its four
        // raises, the time since it was raised.
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let added = try await alertmanager.amtool([
            "silence", "add", "alertname=KanbanDeep", "--comment", Silence.ackMarker + " on it", "--author", "ana",
            "--duration", "1h",
        ])
        #expect(added.status == 0, "\(added.stderr)")
        let silences = try await alertmanager.amtool(["silence", "query", "-o", "json"])
        let listed = try #require(
            try JSONSerialization.jsonObject(with: Data(silences.stdout.utf8)) as? [[String: Any]])
        let startsAt = try #require(listed.first?["startsAt"] as? String, "\(silences.stdout)")
        let acked = try #require(RFC3339.parse(startsAt))
        // The window: two hours ending just after the acknowledgement (and before the checks, which see no later
        // than now); the past ends two hundred seconds before its end.
        let to = Int(acked.rounded(.up)) + 1
        let from = to - 7200
        let prometheus = try await PrometheusServer.start(
            config: "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n",
            backfill: Self.openMetrics(from: from, last: 7000))
        defer { prometheus.stop() }
        while Date().timeIntervalSince1970 <= Double(to) { try await Task.sleep(for: .milliseconds(100)) }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-health-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("andon.yaml")
        try """
        prometheus: {url: "\(prometheus.url)"}
        alertmanager: {url: "\(alertmanager.url)"}

        """.write(to: config, atomically: true, encoding: .utf8)

        let check = try await AndonProcess.run([
            "check", "--alarm-health", "--json", "--since", "2h", "--at", String(to), "--config", config.path,
        ])
        // EEMUA's targets: 1.5 raised per 10 minutes is past the target, 8.3 % of the time in flood past the limit.
        #expect(check.status == 2, "\(check.stdout) \(check.stderr)")
        let figures = try #require(
            try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any], "\(check.stdout)")
        #expect(figures["status"] as? String == "critical")
        // By hand: 600, 620, 640, 700 in the second ten minutes; 1300 in the third; twelve in the fourth; 4000 in
        // the seventh.
        #expect(figures["raised"] as? Double == 18, "\(figures)")
        #expect(figures["per_10_minutes"] as? [Double] == [0, 4, 1, 12, 0, 0, 1, 0, 0, 0, 0, 0], "\(figures)")
        #expect(figures["average_per_10_minutes"] as? Double == 1.5)
        #expect(figures["worst_per_10_minutes"] as? Double == 12)
        #expect(figures["flood_share"] as? Double == 1.0 / 12)
        // The first hour holds seventeen; the minute from 600 holds three.
        #expect(figures["peak_per_hour"] as? Double == 17 && figures["peak_per_minute"] as? Double == 3, "\(figures)")
        let chattering = try #require(figures["chattering"] as? [[String: Any]])
        #expect(
            chattering.map { $0["alertname"] as? String } == ["KanbanDeep"] && chattering[0]["raised"] as? Double == 4)
        let standing = try #require(figures["standing"] as? [[String: Any]])
        #expect(standing.map { $0["alertname"] as? String } == ["Standing"], "\(standing)")
        #expect(standing.first?["since"] as? String == RFC3339.format(Double(from - 90000)))
        #expect(figures["mix"] as? [String: Double] == ["critical": 4, "warning": 2, "info": 12])
        let top = try #require(figures["top"] as? [[String: Any]])
        #expect(top.map { $0["alertname"] as? String } == ["Slow", "KanbanDeep", "AndonErrors"])
        #expect(top.map { $0["raised"] as? Double } == [12, 4, 2])
        let ackSeconds = try #require(figures["ack_seconds"] as? [Double])
        let expected = [4000, 640, 620, 600].map { acked - Double(from + $0) }
        #expect(ackSeconds.count == 4, "\(ackSeconds)")
        for (seen, hand) in zip(ackSeconds, expected) { #expect(abs(seen - hand) < 0.01, "\(ackSeconds) \(expected)") }
        #expect(figures["unacknowledged"] as? Double == 14)
        #expect(
            figures["reasons"] as? [String] == [
                "1.5 raised per 10 minutes on average (target 1.0)", "in flood 8.3 % of the time (limit 5.0 %)",
                "1 chattering: KanbanDeep", "1 standing over a day: Standing",
                "22.2 % of raises critical (target 5.0 %)",
            ])

        // The plugin line, and targets from the configuration: a wall allowed this much passes.
        let text = try await AndonProcess.run([
            "check", "--alarm-health", "--since", "2h", "--at", String(to), "--config", config.path,
        ])
        #expect(text.stdout.hasPrefix("ALARM HEALTH CRITICAL - 1.5 raised per 10 minutes"), "\(text.stdout)")
        #expect(text.stdout.contains("| raised=18 average=1.5;1;2 worst=12;;10"), "\(text.stdout)")
        try """
        prometheus: {url: "\(prometheus.url)"}
        alertmanager: {url: "\(alertmanager.url)"}
        alarms:
          health: {steady: 2, flood: 12, critical_percent: 25%}

        """.write(to: config, atomically: true, encoding: .utf8)
        let lenient = try await AndonProcess.run([
            "check", "--alarm-health", "--since", "2h", "--at", String(to), "--config", config.path,
        ])
        // Still chattering and standing: a warning, not critical.
        #expect(lenient.status == 1, "\(lenient.stdout) \(lenient.stderr)")
        #expect(lenient.stdout.hasPrefix("ALARM HEALTH WARNING - 1 chattering: KanbanDeep"), "\(lenient.stdout)")

        // The report's section holds the same figures.
        let report = try await AndonProcess.run([
            "report", "--json", "--from", String(from), "--to", String(to), "--config", config.path,
        ])
        #expect(report.status == 0, "\(report.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(report.stdout.utf8)) as? [String: Any])
        let section = try #require(root["alarm_health"] as? [String: Any], "\(report.stdout)")
        #expect(section["raised"] as? Double == 18 && section["status"] as? String == "warning")
        #expect(section["per_10_minutes"] as? [Double] == figures["per_10_minutes"] as? [Double])
        let markdown = try await AndonProcess.run([
            "report", "--markdown", "--from", String(from), "--to", String(to), "--config", config.path,
        ])
        #expect(markdown.stdout.contains("### Alarm health (EEMUA 191)"), "\(markdown.stdout)")
        #expect(markdown.stdout.contains("- raised most"), "\(markdown.stdout)")
    }

    /// A Prometheus that cannot be asked: unknown (3), with why, in the plugin line and in JSON.
    @Test func unreadableAlertsAreUnknown() async throws {
        let check = try await AndonProcess.run([
            "check", "--alarm-health", "--json", "--prometheus", "http://127.0.0.1:9", "--timeout", "2",
        ])
        #expect(check.status == 3, "\(check.stdout) \(check.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [String: Any])
        #expect(root["status"] as? String == "unknown" && root["problem"] is String, "\(root)")
    }
}
