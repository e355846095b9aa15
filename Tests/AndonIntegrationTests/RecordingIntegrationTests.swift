import AndonTestSupport
import Foundation
import Testing

/// `andon --record FILE` (issue 21): the board in tmux, recorded as asciicast v2; the file is valid asciicast v2,
/// and the real `asciinema` renders it (`cat`) and plays it back (`play`) as the board was.
@Suite(
    "recording the board as asciicast",
    .enabled(
        if: Sanitizers.normalPassOnly, "asciinema plays the recording: the recording terminal is covered in memory"))
struct RecordingIntegrationTests {
    @Test func theRecordingPlaysInAsciinema() async throws {
        let exporter = try await TestExporter.start(
            Plant(gauges: [.init("tps_kanban_queue_depth", ["queue_name": "orders"], 1500)]))
        defer { Task { await exporter.stop() } }
        let prometheus = try await PrometheusServer.start(targets: [exporter.target])
        defer { prometheus.stop() }
        try await prometheus.waitForData("tps_kanban_queue_depth")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-cast-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cast = directory.appendingPathComponent("board.cast").path

        let session = try await TmuxSession(
            command:
                "\(AndonProcess.path) --prometheus \(prometheus.url) --refresh 1 --title 'Line 3' --record \(cast);"
                + " echo BOARD-EXITED; sleep 30",
            width: 120, height: 40, environment: ["LANG": "C.UTF-8"])
        defer { session.kill() }
        _ = try await session.waitFor(timeout: 30) { $0.contains("1,500") }
        try await session.send("2")
        _ = try await session.waitFor(timeout: 30) { $0.contains("Kanban · deepest queue: 1,500 items") }
        // The drill-down stays on the recorded screen for 3 s of the recording's own time, so that the playback
        // below shows it long enough for a capture to see it on a busy machine (a capture there can take a second).
        let shown = try await Wait.value("an event in the recording", timeout: 30) { Self.lastEventTime(cast) }
        try await Wait.until("3 s more of the recording", timeout: 60, every: .milliseconds(200)) {
            (Self.lastEventTime(cast) ?? 0) >= shown + 3
        }
        try await session.send("q")
        _ = try await session.waitFor(timeout: 10) { $0.contains("BOARD-EXITED") }

        // asciicast v2: a header object, then [time, "o", text] events in time order.
        let lines = try String(contentsOfFile: cast, encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == 120 && header["height"] as? Int == 40)
        #expect(header["title"] as? String == "Line 3" && header["timestamp"] is Int)
        #expect(lines.count >= 3, "\(lines.count) lines")
        var last = -1.0
        for line in lines.dropFirst() {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], "\(line)")
            let time = try #require(event[0] as? Double)
            #expect(event.count == 3 && event[1] as? String == "o" && event[2] is String && time >= last)
            last = time
        }

        // asciinema reads it: `cat` writes out what the board drew; `play` shows the drill-down again.
        let rendered = directory.appendingPathComponent("cat.txt").path
        // asciinema keeps its settings in a folder of its own: a throwaway one.
        let asciinema = [
            "LANG": "C.UTF-8", "ASCIINEMA_CONFIG_HOME": directory.appendingPathComponent("asciinema").path,
        ]
        let cat = try await TmuxSession(
            command: "timeout --foreground 60 asciinema cat \(cast) > \(rendered); echo CAT-DONE $?; sleep 30",
            width: 120,
            height: 40, environment: asciinema)
        defer { cat.kill() }
        let catDone = try await cat.waitFor(timeout: 90) { $0.contains("CAT-DONE") }
        #expect(catDone.contains("CAT-DONE 0"), "\(catDone)")
        let text = try String(contentsOfFile: rendered, encoding: .utf8)
        #expect(text.contains("Line 3") && text.contains("Kanban · deepest queue: 1,500 items"))
        let play = try await TmuxSession(
            command: "timeout --foreground 60 asciinema play -i 5 \(cast); echo PLAY-DONE $?; sleep 30", width: 120,
            height: 40,
            environment: asciinema)
        defer { play.kill() }
        let played = try await play.waitFor(timeout: 90) { $0.contains("Kanban · deepest queue: 1,500 items") }
        #expect(played.contains("✗ CRIT"), "\(played)")
    }

    /// The time of the last event an asciicast holds so far (its last whole line), or nil before the first.
    static func lastEventTime(_ cast: String) -> Double? {
        guard let text = try? String(contentsOfFile: cast, encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n").dropFirst().reversed() {
            if let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any],
                let time = event.first as? Double
            {
                return time
            }
        }
        return nil
    }
}
