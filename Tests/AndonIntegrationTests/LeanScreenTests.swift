import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The board over a slow link: the bytes it writes per refresh, keys while the network hangs, Escape without
/// delay, and a clear refusal where a full-screen board cannot work.
@Suite(
    "a lean screen",
    .enabled(
        if: Sanitizers.cover(.thread), "keys while every request hangs: the loop's threads against the transport's"))
struct LeanScreenTests {
    static let environment = ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"]

    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
    }

    /// 120×40 against the simulator (whose values move every refresh): after the first paint, each refresh
    /// writes under 2 KiB and under 5 % of a full repaint (Ctrl-L) of the same screen.
    @Test func bytesPerRefreshAfterTheFirstPaint() async throws {
        try await withSimulatedPlant("steady") { prometheus, _ in
            let bytes = FileManager.default.temporaryDirectory.appendingPathComponent("andon-bytes-\(UUID())").path
            defer { try? FileManager.default.removeItem(atPath: bytes) }
            let session = try await TmuxSession(
                command: TmuxSession.gated(
                    gate: bytes + ".go", "\(AndonProcess.path) --prometheus \(prometheus.url) --refresh 2; sleep 60"),
                width: 120, height: 40, environment: Self.environment)
            defer { session.kill() }
            try await session.recordOutput(to: bytes, thenOpen: bytes + ".go")
            // The first paint with values and trends, then let it settle.
            try await session.waitFor { $0.contains(" items ") && $0.contains("P99 latency") && $0.contains("24h") }
            try await Task.sleep(for: .seconds(4))
            let before = Self.fileSize(bytes)
            let seconds = 20.0
            try await Task.sleep(for: .seconds(seconds))
            let steady = Self.fileSize(bytes) - before
            let refreshes = seconds / 2
            let perRefresh = Double(steady) / refreshes
            // A full repaint of the same screen, for the ratio.
            let beforeRepaint = Self.fileSize(bytes)
            try await session.send("C-l")
            try await Task.sleep(for: .milliseconds(400))
            let full = Self.fileSize(bytes) - beforeRepaint
            let ratio = perRefresh / Double(max(full, 1))
            print(
                "lean screen 120x40: \(Int(perRefresh)) bytes per refresh (\(steady) bytes in \(Int(seconds)) s, "
                    + "\(Int(refreshes)) refreshes and the clock), full repaint \(full) bytes, ratio "
                    + NumberText.fixed(ratio * 100, decimals: 2) + " %")
            #expect(full > 4000, "a full repaint of 120x40 wrote only \(full) bytes")
            #expect(perRefresh > 0, "nothing was written in \(seconds) s: the screen is not live")
            #expect(perRefresh < 2048, "\(perRefresh) bytes per refresh")
            #expect(ratio < 0.05, "\(perRefresh) bytes per refresh against \(full) for a full repaint")
        }
    }

    /// Prometheus takes the connection and never answers: the board still answers keys at once, and Escape
    /// is not held back a second. "At once" is measured against a baseline in the same run: the same board whose
    /// requests fail at once (nothing listens), keys sent to both in turn, so that both see the same machine load.
    /// A board whose input waited for the network would take the whole 60 s timeout.
    @Test func keysAnswerWhileTheNetworkHangs() async throws {
        let server = try SilentServer()
        defer { server.stop() }
        let hanging = try await TmuxSession(
            command: "\(AndonProcess.path) --prometheus \(server.url) --timeout 60; sleep 60", width: 100, height: 30,
            environment: Self.environment)
        defer { hanging.kill() }
        let refused = try await TmuxSession(
            command: "\(AndonProcess.path) --prometheus http://127.0.0.1:9 --timeout 60; sleep 60", width: 100,
            height: 30, environment: Self.environment)
        defer { refused.kill() }
        try await hanging.waitFor(timeout: 10) { $0.contains("waiting for the first answer") }
        try await refused.waitFor(timeout: 10) { $0.contains("refused") }
        let keys = [("2", "Depth by queue"), ("Escape", "Tracing · P99 latency"), ("?", "Keys"), ("Escape", "Tracing")]
        var times: (hanging: [Double], refused: [Double]) = ([], [])
        for _ in 0..<3 {
            for (key, text) in keys {
                let baseline = try #require(
                    try await refused.secondsUntil(key: key, shows: text), "\(key) never showed")
                let elapsed = try #require(try await hanging.secondsUntil(key: key, shows: text), "\(key) never showed")
                times.refused.append(baseline)
                times.hanging.append(elapsed)
                #expect(elapsed < 5, "\(key) took \(elapsed) s to show \(text) while every request hangs")
            }
        }
        let median = { (values: [Double]) in values.sorted()[values.count / 2] }
        let (slow, quick) = (median(times.hanging), median(times.refused))
        print(
            "keys while every request hangs: median \(Int(slow * 1000)) ms, max \(Int(times.hanging.max()! * 1000)) ms; "
                + "baseline (requests fail at once): median \(Int(quick * 1000)) ms")
        // The same as a board that is not waiting for anything, give or take the noise of a loaded machine.
        #expect(slow <= 2 * quick + 0.2, "median \(slow) s against \(quick) s for the baseline")
    }

    /// TERM=dumb on a real terminal, and standard output to a file: a clear message, a non-zero status, and not
    /// one escape sequence.
    @Test func dumbTerminalAndRedirectedOutput() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-dumb-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bytes = directory.appendingPathComponent("bytes").path
        let session = try await TmuxSession(
            command: TmuxSession.gated(
                gate: bytes + ".go", "\(AndonProcess.path) --prometheus http://127.0.0.1:9; echo EXIT=$?; sleep 60"),
            width: 100, height: 30, environment: ["LANG": "C.UTF-8", "TERM": "dumb", "HOME": "/nonexistent"])
        defer { session.kill() }
        try await session.recordOutput(to: bytes, thenOpen: bytes + ".go")
        let screen = try await session.waitFor(timeout: 10) { $0.contains("EXIT=") }
        #expect(screen.contains("TERM=dumb"))
        #expect(screen.contains("andon snapshot"))
        #expect(screen.contains("EXIT=69"))
        let written = try Data(contentsOf: URL(fileURLWithPath: bytes))
        #expect(!written.isEmpty)
        #expect(!written.contains(0x1B), "escape sequences on a dumb terminal")

        let outcome = try await AndonProcess.run(["--prometheus", "http://127.0.0.1:9"])
        #expect(outcome.status == 69)
        #expect(outcome.stderr.contains("standard output is not a terminal"))
        #expect(outcome.stderr.contains("andon snapshot"))
        #expect(outcome.stdout.isEmpty)
        #expect(!outcome.stderr.contains("\u{1B}"))
    }
}
