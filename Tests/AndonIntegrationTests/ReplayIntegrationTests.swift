import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// `andon replay` (issue 21) over the known past of `HistoryIntegrationTests` (six plateaus of 15 minutes: green,
/// yellow, red, yellow, green, red), in tmux: the time line shows each principle red where the past was, `n`
/// jumps to the changes of status and the board shows each as it was, and the replay's asciicast plays in
/// asciinema.
@Suite(
    "replay of a backfilled Prometheus", .serialized,
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct ReplayIntegrationTests {
    @Test func theReplayShowsThePastOnItsTimeLine() async throws {
        try await HistoryIntegrationTests.withPast { prometheus, start in
            let end = start + Double(HistoryIntegrationTests.plateaus * HistoryIntegrationTests.plateauMinutes * 60)
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-replay-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let cast = directory.appendingPathComponent("replay.cast").path
            // Paused at once (speed 1: a second of the past a second), so that the test moves it with keys.
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) replay --prometheus \(prometheus.url) --from \(Int(start))"
                    + " --to \(Int(end)) --speed 1 --range 1h --record \(cast); echo REPLAY-DONE; sleep 30",
                width: 160, height: 48, environment: ["LANG": "C.UTF-8", "TZ": "UTC"])
            defer { session.kill() }
            _ = try await session.waitFor(timeout: 30) { $0.contains("REPLAY — as of ") && $0.contains(" Kanban   ") }
            try await session.send(" ")
            let first = try await session.waitFor(timeout: 30) { $0.contains("⏸ REPLAY") }

            // The time line: the Kanban row red in the third and sixth quarter-hours, nowhere else.
            let lines = first.components(separatedBy: "\n")
            let row = try #require(lines.first { $0.hasPrefix(" Kanban   ") }, "\(first)")
            let cells = Array(row.dropFirst(ReplayTestLayout.labelWidth))
            let track = cells.prefix { "▁▄█░┃".contains($0) }
            #expect(track.count >= 140, "\(row)")
            func status(_ plateau: Double) -> Character {
                track[Int(plateau / 6 * Double(track.count))]
            }
            #expect(status(0.5) == "▁" && status(1.5) == "▄" && status(2.5) == "█", "\(row)")
            #expect(status(3.5) == "▄" && status(4.5) == "▁" && status(5.5) == "█", "\(row)")
            let startCursor = track.firstIndex(of: "┃") ?? -1
            #expect(startCursor >= 0 && startCursor < track.count / 6, "the cursor near the start: \(row)")

            // `n`: the next change of status (the rates' principles first leave "no data" a minute in), then
            // the next: 15 minutes in, every principle yellow. Each press waits for the banner to name the new
            // frame (it names the frame whose answers are shown), so a slow answer never makes a press skip one.
            func banner(_ screen: String) -> String {
                screen.components(separatedBy: "\n").first { $0.contains("REPLAY — as of ") } ?? ""
            }
            func next() async throws -> String {
                let before = banner(try await session.capture())
                try await session.send("n")
                return try await session.waitFor(timeout: 30) { !banner($0).isEmpty && banner($0) != before }
            }
            var yellow = try await session.capture()
            for _ in 0..<6 where !yellow.contains("⚠ WARN") { yellow = try await next() }
            let shown = banner(yellow)
            let instant = RFC3339.parse(String(shown.split(separator: " ")[4])) ?? 0
            #expect(instant >= start + 15 * 60 && instant <= start + 16 * 60, "\(shown)")
            // Jump on to the red plateau: Kanban red, and its row's cursor in the third quarter-hour.
            var screen = yellow
            for _ in 0..<8 where !(screen.contains("deepest queue") && screen.contains("✗ CRIT")) {
                screen = try await next()
            }
            let red = try await session.waitFor(timeout: 30) { $0.contains("✗ CRIT") }
            let redRow = red.components(separatedBy: "\n").first { $0.hasPrefix(" Kanban   ") } ?? ""
            let cursor = Array(redRow.dropFirst(ReplayTestLayout.labelWidth)).firstIndex(of: "┃") ?? -1
            #expect(
                Double(cursor) / Double(track.count) >= 1.9 / 6 && Double(cursor) / Double(track.count) < 3.1 / 6,
                "\(redRow)")
            try await session.send("q")
            _ = try await session.waitFor(timeout: 10) { $0.contains("REPLAY-DONE") }

            // The recording plays: asciinema renders the replay's screens.
            let rendered = directory.appendingPathComponent("cat.txt").path
            let cat = try await TmuxSession(
                command: "timeout --foreground 60 asciinema cat \(cast) > \(rendered); echo CAT-DONE; sleep 30",
                width: 160,
                height: 48,
                environment: [
                    "LANG": "C.UTF-8", "ASCIINEMA_CONFIG_HOME": directory.appendingPathComponent("asciinema").path,
                ])
            defer { cat.kill() }
            _ = try await cat.waitFor(timeout: 90) { $0.contains("CAT-DONE") }
            let text = try String(contentsOfFile: rendered, encoding: .utf8)
            #expect(text.contains("REPLAY — as of") && text.contains("▶ REPLAY"), "\(text.suffix(500))")
        }
    }
}

extension ReplayIntegrationTests {
    /// A plant of two lines replays too: the plant's rows move through the past, and a line opened shows its own
    /// replay with its time line.
    @Test func aPlantReplays() async throws {
        try await HistoryIntegrationTests.withPast { prometheus, start in
            let end = start + Double(HistoryIntegrationTests.plateaus * HistoryIntegrationTests.plateauMinutes * 60)
            let config = FileManager.default.temporaryDirectory.appendingPathComponent("andon-replay-\(UUID()).yaml")
            try """
            title: Plant
            lines:
              - name: north
                prometheus: {url: "\(prometheus.url)"}
              - name: south
                prometheus: {url: "\(prometheus.url)"}
            """.write(to: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: config) }
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) replay --config \(config.path) --from \(Int(start)) --to \(Int(end))"
                    + " --speed 600 --range 1h; echo REPLAY-DONE; sleep 30",
                width: 160, height: 48, environment: ["LANG": "C.UTF-8", "TZ": "UTC"])
            defer { session.kill() }
            // At 600× the past's red plateau (minutes 30 to 45) comes within seconds: both rows go red.
            let plant = try await session.waitFor(timeout: 60) {
                $0.contains("north") && $0.contains("south") && $0.components(separatedBy: "CRIT").count >= 3
            }
            #expect(plant.contains("Plant"), "\(plant)")
            try await session.send("Enter")
            let line = try await session.waitFor(timeout: 30) {
                $0.contains("REPLAY — as of") && $0.contains(" Kanban   ")
            }
            #expect(line.contains("REPLAY"), "\(line)")
            try await session.send("q")
            _ = try await session.waitFor(timeout: 10) { $0.contains("REPLAY-DONE") }
        }
    }
}

/// Where the time line's cells begin (`ReplayView.labelWidth`).
enum ReplayTestLayout {
    static let labelWidth = 10
}
