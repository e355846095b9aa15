import AndonCore
import AndonTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Reload without restart and the event log (issue 22), in tmux against a real Prometheus scraping a plant whose
/// figures the test sets.
@Suite("reload and the event log against a real Prometheus", .serialized)
struct ReloadAndLogTests {
    static func config(_ prometheus: PrometheusServer, kanban: String = "") -> String {
        """
        title: Reload
        refresh: 1
        stale_after: 60
        prometheus:
          url: \(prometheus.url)
        """ + kanban
    }

    /// Thresholds under which 499 items is red and 300 yellow (the profile's: green under 500).
    static let tight = """

        principles:
          kanban:
            green: "< 100"
            red: "> 400"
        """

    static func braille(_ screen: String) -> Int {
        screen.unicodeScalars.filter { (0x2801...0x28FF).contains($0.value) }.count
    }

    /// SIGUSR1 rereads the configuration: the tile changes status at once and its trend is still drawn; an
    /// invalid configuration leaves the board on the old one, saying why (file, line, key), and still refreshing;
    /// `R` reloads too.
    @Test func aSignalReloadsAndABadConfigurationKeepsTheOld() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-reload-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("andon.yaml").path
        try await withPlant(Plants.plant(Plants.green), readyQueries: CheckIntegrationTests.ready) {
            prometheus, exporter in
            // With a log, rotated as logrotate does (moved away, then the board reloaded): the reload's line is
            // in a new file, the start's in the old one.
            let log = directory.appendingPathComponent("board.log").path
            try (Self.config(prometheus) + "\nlog: board.log\n").write(toFile: file, atomically: true, encoding: .utf8)
            let session = try await TmuxSession(
                command: "exec \(AndonProcess.path) --config \(file) --range 1h", width: 160, height: 40,
                environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"])
            defer { session.kill() }
            let green = try await session.waitFor {
                $0.contains("499 items") && !$0.contains("CRIT") && !$0.contains("WARN") && Self.braille($0) > 20
            }
            let pid = try await session.panePID()

            try (Self.config(prometheus) + Self.tight).write(toFile: file, atomically: true, encoding: .utf8)
            try FileManager.default.moveItem(atPath: log, toPath: log + ".1")
            kill(pid, SIGUSR1)
            let red = try await session.waitFor(timeout: 10) {
                $0.contains("configuration reloaded") && $0.contains("CRIT") && $0.contains("499 items")
            }
            // The trends were kept: as much of the chart is drawn as before.
            #expect(Self.braille(red) >= Self.braille(green) / 2, "\(red)")
            let rotated = try String(contentsOfFile: log + ".1", encoding: .utf8)
            #expect(rotated.contains(" start version=") && !rotated.contains(" reload "), "\(rotated)")
            let fresh = try String(contentsOfFile: log, encoding: .utf8)
            #expect(fresh.contains(" reload outcome=ok config=\(file)"), "\(fresh)")
            #expect(fresh.contains(" status principle=Kanban from=green to=red"), "\(fresh)")

            // An invalid file: the old (tight) thresholds go on, and the board says why.
            try Self.config(prometheus).replacingOccurrences(of: "refresh: 1", with: "refresh: often")
                .write(toFile: file, atomically: true, encoding: .utf8)
            kill(pid, SIGUSR1)
            let refused = try await session.waitFor(timeout: 10) {
                $0.contains("reload failed, old configuration kept")
            }
            #expect(refused.contains("andon.yaml") && refused.contains("refresh"), "\(refused)")
            // Still refreshing, with the tight thresholds: 300 items is yellow (it would be green by the file's).
            var figures = Plants.green
            figures.deepestQueue = 300
            exporter.serve(Plants.plant(figures))
            _ = try await session.waitFor { $0.contains("300 items") && $0.contains("WARN") }

            // Fixed, and reloaded with the key: green again by the profile's thresholds.
            try Self.config(prometheus).write(toFile: file, atomically: true, encoding: .utf8)
            try await session.send("R")
            _ = try await session.waitFor(timeout: 10) {
                $0.contains("configuration reloaded") && $0.contains("300 items") && !$0.contains("WARN")
            }
        }
    }

    /// A log that cannot be written (a full disk: /dev/full answers every write with ENOSPC) is said on the
    /// board, with how many lines were lost; the board goes on.
    @Test func aLogThatCannotBeWrittenIsSaid() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-full-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("andon.yaml").path
        try await withPlant(Plants.plant(Plants.green), readyQueries: CheckIntegrationTests.ready) { prometheus, _ in
            try (Self.config(prometheus) + "\nlog: /dev/full\n").write(toFile: file, atomically: true, encoding: .utf8)
            let session = try await TmuxSession(
                command: "exec \(AndonProcess.path) --config \(file)", width: 160, height: 40,
                environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color"])
            defer { session.kill() }
            let screen = try await session.waitFor {
                $0.contains("event log: cannot write: No space left on device") && $0.contains("499 items")
            }
            #expect(screen.contains("lost)"), "\(screen)")
        }
    }

    /// A line that goes red and back, logged by two boards at once, as text and as JSON: the same events in the
    /// same order, every line with an RFC 3339 time, and an alert whose label is hostile (an escape sequence, a
    /// bell, a newline that would forge a line of its own) logged inert.
    @Test func aLineThatGoesRedAndBackIsLoggedInBothFormats() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-log-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = directory.appendingPathComponent("hostile.yml").path
        try """
        groups:
          - name: hostile
            interval: 1s
            rules:
              - alert: KanbanTooDeep
                expr: max(tps_kanban_queue_depth) > 1000
                labels:
                  principle: kanban
                  severity: "critical\\e]0;pwned\\a\\n2026-01-01T00:00:00Z status principle=Kanban to=green"
        """.write(toFile: rules, atomically: true, encoding: .utf8)
        let config = directory.appendingPathComponent("andon.yaml").path
        let text = directory.appendingPathComponent("board.log").path
        let json = directory.appendingPathComponent("board.jsonl").path
        try await withPlant(Plants.plant(Plants.green), ruleFiles: [rules], readyQueries: CheckIntegrationTests.ready) {
            prometheus, exporter in
            try (Self.config(prometheus) + "\nlog: board.log\n").write(
                toFile: config, atomically: true, encoding: .utf8)
            let boards = [
                try await TmuxSession(
                    command: "\(AndonProcess.path) --config \(config); echo BOARD-DONE; sleep 30",
                    environment: ["LANG": "C.UTF-8"]),
                try await TmuxSession(
                    command: "\(AndonProcess.path) --config \(config) --log \(json) --log-format json;"
                        + " echo BOARD-DONE; sleep 30",
                    environment: ["LANG": "C.UTF-8"]),
            ]
            defer { for board in boards { board.kill() } }
            for board in boards { _ = try await board.waitFor { $0.contains("499 items") } }
            var red = Plants.green
            red.deepestQueue = 1001
            exporter.serve(Plants.plant(red))
            for board in boards {
                _ = try await board.waitFor { $0.contains("1,001 items") && $0.contains("KanbanTooDeep") }
            }
            exporter.serve(Plants.plant(Plants.green))
            for board in boards {
                _ = try await board.waitFor { $0.contains("499 items") && !$0.contains("KanbanTooDeep") }
                try await board.send("q")
                _ = try await board.waitFor(timeout: 10) { $0.contains("BOARD-DONE") }
            }

            let textLines = try String(contentsOfFile: text, encoding: .utf8).split(separator: "\n").map(String.init)
            let jsonLines = try String(contentsOfFile: json, encoding: .utf8).split(separator: "\n").map(String.init)
            for raw in [textLines.joined(), jsonLines.joined()] {
                #expect(!raw.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 }, "\(raw)")
            }
            // Text: a time, the event, its fields; the hostile value in one quoted field of one line.
            let textEvents = textLines.map { line -> (time: Double?, summary: String) in
                let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                return (RFC3339.parse(parts[0]), parts.count > 1 ? parts[1] : "")
            }
            #expect(textEvents.allSatisfy { $0.time != nil }, "\(textLines)")
            let kanbanText = textEvents.map(\.summary).filter { $0.hasPrefix("status principle=Kanban") }
            #expect(
                kanbanText == [
                    "status principle=Kanban to=green value=\"499 items\"",
                    "status principle=Kanban from=green to=red value=\"1,001 items\"",
                    "status principle=Kanban from=red to=green value=\"499 items\"",
                ], "\(textLines)")
            let firing = try #require(
                textLines.firstIndex { $0.contains(" alert alert=KanbanTooDeep") && $0.hasSuffix("state=firing") },
                "\(textLines)")
            let resolved = try #require(
                textLines.firstIndex { $0.contains(" alert alert=KanbanTooDeep") && $0.hasSuffix("state=resolved") },
                "\(textLines)")
            #expect(firing < resolved)
            #expect(
                textLines[firing].contains(
                    "severity=\"critical\u{FFFD}]0;pwned\u{FFFD} 2026-01-01T00:00:00Z status principle=Kanban to=green\""
                ),
                "\(textLines[firing])")
            #expect(
                textLines.first?.contains(" start version=") == true
                    && textLines.last?.hasSuffix(" stop reason=quit") == true)

            // JSON: an object a line, the same events in the same order.
            let objects = try jsonLines.map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String], "\(line)")
            }
            #expect(objects.allSatisfy { RFC3339.parse($0["time"] ?? "") != nil })
            let kanbanJSON = objects.filter { $0["event"] == "status" && $0["principle"] == "Kanban" }
            #expect(
                kanbanJSON.map { "\($0["from"] ?? "")>\($0["to"] ?? "") \($0["value"] ?? "")" } == [
                    ">green 499 items", "green>red 1,001 items", "red>green 499 items",
                ])
            let alerts = objects.filter { $0["event"] == "alert" }
            #expect(alerts.map { $0["state"] ?? "" } == ["firing", "resolved"], "\(alerts)")
            #expect(alerts.first?["severity"]?.hasPrefix("critical\u{FFFD}]0;pwned\u{FFFD} 2026") == true)
            #expect(objects.map { $0["event"] ?? "" } == textEvents.map { String($0.summary.prefix { $0 != " " }) })
        }
    }
}
