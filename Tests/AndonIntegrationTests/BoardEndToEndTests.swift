import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The board in a real terminal (tmux) against a real Prometheus scraping a test exporter.
@Suite("the board in tmux")
struct BoardEndToEndTests {
    /// Two alert rules for the end-to-end plants: a critical one that fires at once, a warning that stays
    /// pending (`for: 1h`). Returns the path of a temporary file.
    static func rules() throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-e2e-rules-\(UUID()).yml")
        try """
        groups:
          - name: e2e
            rules:
              - alert: KanbanQueueDepthCritical
                expr: max by (queue_name) (tps_kanban_queue_depth) > 1000
                labels: {severity: critical, principle: kanban}
                annotations: {summary: "Queue {{ $labels.queue_name }} is deep", action: "Add workers"}
              - alert: KaizenSLOWarning
                expr: min(tps_kaizen_slo_attainment) < 0.95
                for: 1h
                labels: {severity: warning, principle: kaizen}
                annotations: {summary: "SLO below target"}
        """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func overviewDrillDownsAlertsQuitAndBlindness() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-e2e-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rules = URL(fileURLWithPath: try Self.rules())
        defer { try? FileManager.default.removeItem(at: rules) }
        let config = directory.appendingPathComponent("config.yaml")
        try "refresh: 1\nstale_after: 3\nunknown_after: 6\ntitle: E2E line\n".write(
            to: config, atomically: true, encoding: .utf8)
        let marker = directory.appendingPathComponent("exit")

        try await withPlant(
            Plants.plant(Plants.red), ruleFiles: [rules.path], readyQueries: CheckIntegrationTests.ready
        ) { prometheus, _ in
            try await prometheus.waitForData("ALERTS{alertstate=\"pending\"}")
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) --config \(config.path) --prometheus \(prometheus.url); "
                    + "echo EXIT=$? > \(marker.path); sleep 60",
                // Tiles small enough that the values are text, not the block font (see BigDigitTests).
                width: 100, height: 30,
                environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
            defer { session.kill() }

            // The six tiles with their values and statuses, a firing and a pending alert.
            let overview = try await session.waitFor { $0.contains("1,001 items") && $0.contains("pending") }
            for title in ["Jidoka", "Kanban", "Andon", "Kaizen", "Heijunka", "Tracing"] {
                #expect(overview.contains(title), "no \(title) tile")
            }
            for value in ["40.0 %", "1,001 items", "1.10 %", "89.9 %", "85.1 %", "7.50 s"] {
                #expect(overview.contains(value), "no \(value) on the overview:\n\(overview)")
            }
            #expect(overview.components(separatedBy: "✗ CRIT").count - 1 >= 6)
            #expect(overview.contains("FIRING critical KanbanQueueDepthCritical"))
            #expect(overview.contains("pending warning  KaizenSLOWarning"))

            // Each drill-down by its key, with its per-member rows.
            let expectations: [(String, [String])] = [
                ("1", ["Circuit state by component", "c0", "c3", "OPEN", "half-open", "closed"]),
                ("2", ["Depth by queue", "orders", "billing", "1,001 items", "3 items"]),
                ("3", ["Error rate by service", "api", "web"]),
                ("4", ["Attainment by SLO", "checkout", "search", "89.9 %"]),
                ("5", ["Utilization by pool", "a ", "b "]),
                ("6", ["P99 latency by component", "db"]),
            ]
            for (key, texts) in expectations {
                try await session.send(key)
                let screen = try await session.waitFor { screen in texts.allSatisfy { screen.contains($0) } }
                #expect(!screen.isEmpty)
            }
            try await session.send("a")
            let alerts = try await session.waitFor { $0.contains("action: Add workers") }
            #expect(alerts.contains("KaizenSLOWarning"))
            try await session.send("0")
            try await session.waitFor { $0.contains("Alerts: 1 firing, 1 pending") }

            // Prometheus goes away: the values turn STALE, then NO DATA, never a colour.
            await prometheus.stopAsync()
            let blind = try await session.waitFor(timeout: 30) { $0.components(separatedBy: "NO DATA").count - 1 >= 6 }
            #expect(blind.contains("connection refused"))
            #expect(!blind.contains("✓ OK"))

            try await session.send("q")
            let after = try await session.waitFor { _ in FileManager.default.fileExists(atPath: marker.path) }
            #expect(
                try String(contentsOf: marker, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                    == "EXIT=0")
            _ = after
        }
    }
}

/// The board as a job of an interactive shell in a real terminal: suspend and resume, resize, signals, and the
/// terminal as the shell gets it back.
@Suite("the board under a shell in tmux")
struct BoardJobControlTests {
    /// A shell in tmux with the board started from it against a Prometheus that is not there.
    static func shellWithBoard(width: Int = 100, height: Int = 30) async throws -> TmuxSession {
        let session = try await TmuxSession(
            command: "export PS1='$ '; exec bash --norc --noprofile -i", width: width, height: height,
            environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
        try await session.waitFor(timeout: 10) { $0.contains("$") }
        try await session.send(
            "\(AndonProcess.path) --prometheus http://127.0.0.1:\(try freePort()) --refresh 1", "Enter")
        try await session.waitFor(timeout: 20) { $0.contains("Tracing · P99 latency") }
        return session
    }

    @Test func suspendAndResumeGiveTheScreenBackWhole() async throws {
        let session = try await Self.shellWithBoard()
        defer { session.kill() }
        try await session.send("C-z")
        let shell = try await session.waitFor(timeout: 10) { $0.contains("Stopped") }
        #expect(!shell.contains("Jidoka"), "the board is still on the screen after Ctrl-Z:\n\(shell)")
        try await session.send("stty -a | tr ' ' '\\n' | grep -x -e echo -e icanon", "Enter")
        let modes = try await session.waitFor(timeout: 10) { $0.contains("\nicanon") && $0.contains("\necho") }
        #expect(!modes.isEmpty)
        try await session.send("clear; fg", "Enter")
        let back = try await session.waitFor(timeout: 10) { screen in
            ["Jidoka", "Kanban", "Andon ·", "Kaizen", "Heijunka", "Tracing", "Prometheus:"].allSatisfy {
                screen.contains($0)
            }
        }
        // Whole: every tile frame is closed and nothing of the shell shows through.
        #expect(back.components(separatedBy: "└").count - 1 == 6, "\(back)")
        #expect(!back.contains("Stopped") && !back.contains("$ "), "\(back)")
        try await session.send("q")
        try await session.waitFor(timeout: 10) { $0.contains("$") && !$0.contains("Jidoka") }
    }

    @Test func resizeReLaysOutAtOnceAtEverySize() async throws {
        let session = try await Self.shellWithBoard(width: 130, height: 40)
        defer { session.kill() }
        try await session.waitFor(timeout: 10) {
            $0.split(separator: "\n").contains { $0.contains("Jidoka") && $0.contains("Andon ·") }
        }
        // Narrow: the tiles stack, no line is wider than the window and no stale cell is left at the right edge.
        for (width, height) in [(60, 40), (50, 16), (20, 5), (200, 60), (80, 24)] {
            try await session.resize(width: width, height: height)
            let screen = try await session.waitFor(timeout: 10) { screen in
                let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
                return lines.count >= height && lines.allSatisfy { $0.count <= width }
                    && screen.contains(height <= 5 ? "JID" : "Jidoka")
            }
            #expect(!screen.contains("�"), "\(width)×\(height):\n\(screen)")
        }
        // Down to nothing, and a storm of resizes without waiting for a frame: it survives and lays out again.
        for (width, height) in [(1, 1), (2, 1), (1, 3), (7, 2)] {
            try await session.resize(width: width, height: height)
            try await Task.sleep(for: .milliseconds(150))
        }
        for step in 0..<40 {
            try await session.resize(width: 20 + (step * 37) % 180, height: 5 + (step * 11) % 50)
        }
        try await session.resize(width: 100, height: 30)
        let after = try await session.waitFor(timeout: 10) { $0.contains("Tracing · P99 latency") }
        #expect(!after.contains("$ "), "the board is gone after the resizes:\n\(after)")
        try await session.send("q")
        try await session.waitFor(timeout: 10) { $0.contains("$") && !$0.contains("Jidoka") }
    }

    @Test(arguments: [("TERM", 143), ("HUP", 129), ("INT", 130)])
    func signalsRestoreTheTerminalAndExit(signal: String, status: Int) async throws {
        let session = try await Self.shellWithBoard()
        defer { session.kill() }
        // The board is the shell's only child.
        let shell = try await session.panePID()
        try await CleanProcess(try executable("pkill"), ["-\(signal)", "-P", "\(shell)"]).wait(limit: 10, what: "pkill")
        let after = try await session.waitFor(timeout: 10) { $0.contains("$") && !$0.contains("Jidoka") }
        #expect(!after.contains("Kanban"))
        try await session.send("echo status=$?", "Enter")
        try await session.waitFor(timeout: 10) { $0.contains("status=\(status)") }
    }
}
