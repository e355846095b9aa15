import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// `andon report` (issue 21) over a window of a real Prometheus in which Kanban goes red, is acknowledged in a real
/// Alertmanager, turns green and goes red again: the time in each status agrees with Prometheus' own samples, the
/// alert that fired is there with its duration, the still-open items are named, and the three formats carry the
/// same numbers.
@Suite(
    "the handover digest against a real Prometheus and Alertmanager", .serialized,
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct ReportIntegrationTests {
    static let green = Plant(gauges: [.init("tps_kanban_queue_depth", ["queue_name": "orders"], 300)])
    static let red = Plant(gauges: [.init("tps_kanban_queue_depth", ["queue_name": "orders"], 1500)])

    @Test func theDigestOfAWindowAgreesWithPrometheus() async throws {
        let exporter = try await TestExporter.start(Self.green)
        defer { Task { await exporter.stop() } }
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-report-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("andon-rules.yml")
        let generated = try await AndonProcess.run(["rules", "--for", "0s"])
        try generated.stdout.write(to: rules, atomically: true, encoding: .utf8)
        let prometheus = try await PrometheusServer.start(
            targets: [exporter.target], ruleFiles: [rules.path])
        defer { prometheus.stop() }
        let config = directory.appendingPathComponent("andon.yaml")
        try """
        title: Line 3
        timezone: UTC
        prometheus:
          url: \(prometheus.url)
        alertmanager:
          url: \(alertmanager.url)
        """.write(to: config, atomically: true, encoding: .utf8)

        try await prometheus.waitForData("tps_kanban_queue_depth")
        let start = Date().timeIntervalSince1970.rounded(.up) + 1
        // Green, red (acknowledged a few seconds in, for 20 s), green, red again until the end. Each period lasts
        // a number of Prometheus' scrapes (each at least a second apart), however slow the machine.
        try await prometheus.waitForScrapes(8)
        exporter.serve(Self.red)
        try await prometheus.waitForData("ALERTS{alertname=\"AndonKanbanRed\",alertstate=\"firing\"}")
        let acked = try await alertmanager.amtool([
            "silence", "add", "alertname=AndonKanbanRed", "--author", "ana@wall-3", "--comment", "ACK! on it",
            "--duration", "20s",
        ])
        #expect(acked.status == 0, "\(acked.stderr)")
        let ackTime = Date().timeIntervalSince1970
        try await prometheus.waitForScrapes(12)
        exporter.serve(Self.green)
        // Green until the acknowledgement has ended: the second red is unanswered.
        try await prometheus.waitForScrapes(12)
        try await Wait.until("the acknowledgement's end", timeout: 60, every: .milliseconds(500)) {
            // amtool lists the silences in force: none once the acknowledgement has expired.
            let active = try await alertmanager.amtool(["silence", "query", "--quiet"])
            return active.status == 0 && active.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        exporter.serve(Self.red)
        try await prometheus.waitForData("ALERTS{alertname=\"AndonKanbanRed\",alertstate=\"firing\"}")
        try await prometheus.waitForScrapes(6)
        // A silence that ends within the next shift (a window as long as this one).
        let silenced = try await alertmanager.amtool([
            "silence", "add", "alertname=AndonKanbanYellow", "--author", "bo", "--comment", "maintenance",
            "--duration", "25s",
        ])
        #expect(silenced.status == 0, "\(silenced.stderr)")
        // The window ends on a whole second after the silence began.
        let silenceStart = Date().timeIntervalSince1970
        try await Wait.until("a second after the silence", timeout: 30, every: .milliseconds(100)) {
            Date().timeIntervalSince1970.rounded(.down) > silenceStart
        }
        let end = Date().timeIntervalSince1970.rounded(.down)

        // The truth: Prometheus' own samples of the window, each held until the next (as a query at any instant
        // sees it), judged by the board's thresholds.
        let raw = await prometheus.client.send([
            PrometheusClient.instant(
                "tps_kanban_queue_depth{queue_name=\"orders\"}[\(Int(end - start) + 30)s]", at: end)
        ])[0].decoded(ResponseDecoder.query)
        guard case .success(let response) = raw, case .matrix(let matrix) = response.result else {
            Issue.record("no raw samples: \(raw)")
            return
        }
        let samples = try #require(matrix.first?.points)
        var truth: [Status: Double] = [.green: 0, .yellow: 0, .red: 0, .unknown: 0]
        let thresholds = Config().spec(.kanban).thresholds
        for (index, sample) in samples.enumerated() {
            let next = index + 1 < samples.count ? samples[index + 1].timestamp : end
            let from = max(sample.timestamp, start)
            let to = min(next, end)
            if to > from { truth[thresholds.status(for: sample.value), default: 0] += to - from }
        }

        let arguments = [
            "report", "--config", config.path, "--from", String(Int(start)), "--to", String(Int(end)), "--step",
            "250ms",
        ]
        let json = try await AndonProcess.run(arguments + ["--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let line = try #require((root["lines"] as? [[String: Any]])?.first)
        let kanban = try #require(
            (line["principles"] as? [[String: Any]])?.first { $0["principle"] as? String == "kanban" })
        let seconds = try #require(kanban["seconds"] as? [String: Double])
        // Within one scrape interval (1 s) of the truth.
        for status in [Status.green, .yellow, .red] {
            let word = status.rawValue
            #expect(abs((seconds[word] ?? -1) - (truth[status] ?? 0)) <= 1, "\(word): \(seconds) against \(truth)")
        }
        #expect((seconds["red"] ?? 0) > 15 && (seconds["green"] ?? 0) > 15, "\(seconds)")
        let reds = try #require(kanban["red"] as? [[String: Any]])
        #expect(reds.count == 2, "\(reds)")
        #expect(reds.first?["open"] as? Bool == false && reds.last?["open"] as? Bool == true)
        // Acknowledged a few seconds after it turned red; green again about 12 s after.
        let ackAfter = try #require(reds.first?["acknowledged_after_seconds"] as? Double, "\(json.stdout)")
        let fromText = reds.first?["from"] as? String ?? ""
        let redFrom = try #require(RFC3339.parse(fromText), "\(fromText)")
        #expect(abs(ackAfter - (ackTime - redFrom)) <= 2, "\(ackAfter) against \(ackTime - redFrom)")
        // Green again when Prometheus' samples say (the test's own sleeps stretch on a loaded machine).
        let firstRed = try #require(samples.first { thresholds.status(for: $0.value) == .red && $0.timestamp >= start })
        let greenAgain = try #require(
            samples.first { thresholds.status(for: $0.value) == .green && $0.timestamp > firstRed.timestamp })
        let greenAfter = try #require(reds.first?["green_after_seconds"] as? Double, "\(reds)")
        #expect(abs(greenAfter - (greenAgain.timestamp - firstRed.timestamp)) <= 1, "\(reds) against \(samples)")

        // The alert that fired twice, with its duration; still firing at the end.
        let alert = try #require(
            (line["alerts"] as? [[String: Any]])?.first { $0["alertname"] as? String == "AndonKanbanRed" },
            "\(json.stdout)")
        #expect(alert["firings"] as? Double == 2, "\(alert)")
        #expect(abs((alert["firing_seconds"] as? Double ?? 0) - (seconds["red"] ?? 0)) <= 2, "\(alert)")
        #expect(alert["firing_since"] is String)
        // Still open: the alert, the second red (its ack expired), the silence that ends within the next shift.
        let open = try #require(line["open"] as? [String: Any])
        #expect(
            (open["firing"] as? [[String: Any]])?.contains { $0["alertname"] as? String == "AndonKanbanRed" } == true)
        #expect((open["unanswered_red"] as? [[String: Any]])?.map { $0["principle"] as? String } == ["kanban"])
        let ending = try #require(open["silences_ending"] as? [[String: Any]])
        #expect(ending.count == 1 && ending.first?["by"] as? String == "bo", "\(ending)")

        // The same numbers in the text and the Markdown.
        let text = try await AndonProcess.run(arguments, environment: ["LANG": "C.UTF-8"])
        let markdown = try await AndonProcess.run(arguments + ["--markdown"], environment: ["LANG": "C.UTF-8"])
        let cells = [Status.green, .yellow, .red, .unknown].map { DurationText.short(seconds[$0.rawValue] ?? 0) }
        let textRow = try #require(text.stdout.components(separatedBy: "\n").first { $0.contains("Kanban    deepest") })
        #expect(textRow.split(separator: " ").map(String.init).dropFirst(3).prefix(4) == cells[...], "\(textRow)")
        #expect(markdown.stdout.contains("| Kanban | deepest queue | " + cells.joined(separator: " | ") + " |"))
        for output in [text.stdout, markdown.stdout] {
            #expect(output.contains("AndonKanbanRed (critical, Kanban): fired 2 times"), "\(output)")
            #expect(output.contains("acknowledged after \(DurationText.short(ackAfter))"), "\(output)")
            #expect(output.contains("red, not acknowledged: Kanban since"), "\(output)")
            #expect(output.contains("silence ending: until"), "\(output)")
            #expect(output.contains(" UTC (\(DurationText.short(end - start)))"), "\(output)")
        }
    }
}
