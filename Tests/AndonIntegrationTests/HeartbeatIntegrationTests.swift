import AndonCore
import AndonTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The board's own heartbeat, scraped by a real Prometheus that loads the shipped rules: a board stopped with
/// SIGSTOP (its frame ages, its scrapes fail) makes `AndonBoardStale` fire within three periods and the rule's
/// `for:`; and the service manager's watchdog hears the loop while it runs, and nothing once it stops.
@Suite(
    "the board's heartbeat and watchdog", .serialized,
    .enabled(if: Sanitizers.normalPassOnly, "a board in tmux and a real Prometheus; the figures are unit-tested"))
struct HeartbeatIntegrationTests {
    /// The shipped rule's `for:`, the board's refresh period and Prometheus' scrape interval (and timeout) here, in
    /// seconds: a scrape of two seconds, so that a machine loaded by the other suites still answers within it.
    static let ruleFor = 30.0
    static let period = 1.0
    static let scrape = 2.0

    static func config(_ directory: URL, prometheus: String) throws -> String {
        let path = directory.appendingPathComponent("andon.yaml").path
        try """
        title: Line 3
        profile: tps
        refresh: \(Int(period))
        prometheus: {url: "\(prometheus)"}

        """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The board's process: the one whose command line is andon's with `config` (tmux starts it under shells).
    static func board(_ config: String) async throws -> pid_t {
        try await Wait.value("the board's process") { () -> pid_t? in
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            for entry in entries {
                guard let pid = pid_t(entry),
                    let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline")
                else { continue }
                let arguments = data.split(separator: 0).map { String(decoding: $0, as: UTF8.self) }
                if arguments.first?.hasSuffix("andon") == true && arguments.contains(config) { return pid }
            }
            return nil
        }
    }

    /// Prometheus' alerts of `name` in `state`.
    static func alerts(_ prometheus: PrometheusServer, _ name: String, state: String = "firing") async -> Int? {
        guard
            case .success(let response) = await prometheus.client.query(
                "ALERTS{alertname=\"\(name)\",alertstate=\"\(state)\"}"),
            case .vector(let samples) = response.result
        else { return nil }
        return samples.count
    }

    @Test func aStoppedBoardMakesAndonBoardStaleFire() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-heartbeat-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = try freePort()
        // Prometheus scrapes the board every two seconds and evaluates the shipped rules every second; the board
        // reads the same Prometheus with the TPS profile named (its principles have no data: its refreshes still
        // answer; detected, the profile would be the one of the `up` series Prometheus has by then, which leaves
        // Kanban out).
        let prometheus = try await PrometheusServer.start(
            config: """
                global:
                  scrape_interval: \(Int(Self.scrape))s
                  scrape_timeout: \(Int(Self.scrape))s
                  evaluation_interval: 1s
                rule_files:
                  - '\(Repository.file("prometheus/board-rules.yml").path)'
                scrape_configs:
                  - job_name: andon
                    static_configs:
                      - targets: ['127.0.0.1:\(port)']
                """)
        defer { prometheus.stop() }
        let config = try Self.config(directory, prometheus: prometheus.url)
        let session = try await TmuxSession(
            command: "\(AndonProcess.path) --config \(config) --heartbeat 127.0.0.1:\(port)",
            environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
        defer { session.kill() }
        _ = try await session.waitFor { $0.contains("Line 3") && $0.contains("Kanban") }
        let pid = try await Self.board(config)
        defer { kill(pid, SIGCONT) }

        // It answers itself, then Prometheus has scraped it: its figures are there, and the frame is fresh.
        let direct = try await Wait.value("the board's heartbeat", timeout: 60) { () -> String? in
            let fetched = try? await CleanProcess.run(
                try executable("curl"), ["-sf", "--max-time", "5", "http://127.0.0.1:\(port)/metrics"], limit: 10)
            return fetched.flatMap { $0.stdout.contains(#"andon_board_status{line="Line 3""#) ? $0.stdout : nil }
        }
        #expect(direct.contains("andon_board_last_frame_timestamp_seconds "))
        do {
            try await prometheus.waitForData(
                #"andon_board_status{job="andon",line="Line 3",principle="kanban"}"#, timeout: 60)
        } catch {
            let targets = await prometheus.client.send([
                HTTPRequest(path: "/api/v1/targets", parameters: [])
            ])[0]
            let body = (try? targets.get()).map { String(decoding: $0.body, as: UTF8.self) } ?? ""
            Issue.record("Prometheus never had the board's figures; its targets: \(body.prefix(1500))")
            throw error
        }
        try await prometheus.waitForData(#"time() - andon_board_last_frame_timestamp_seconds < 3"#)
        try await prometheus.waitForData(#"andon_board_refresh_interval_seconds{line="Line 3"} == 1"#)
        try await prometheus.waitForScrapes(5)
        // A running board pages nobody. (It may be pending a moment: on a machine loaded by the other suites a
        // refresh can take longer than three periods, the blip the rule's `for:` is there to absorb.)
        #expect(await Self.alerts(prometheus, "AndonBoardStale") == 0)

        // Stopped: within three periods and the rule's for: (and a scrape and an evaluation on each side, and five
        // seconds of a loaded machine).
        let stopped = Date()
        #expect(kill(pid, SIGSTOP) == 0)
        try await Wait.until("AndonBoardStale firing", timeout: 120, every: .milliseconds(250)) {
            await Self.alerts(prometheus, "AndonBoardStale") ?? 0 > 0
        }
        let after = Date().timeIntervalSince(stopped)
        let bound = 3 * Self.period + Self.ruleFor + 2 * (Self.scrape + 1) + 5
        #expect(after >= Self.ruleFor && after <= bound, "fired \(after) s after the stop (bound \(bound) s)")
        // Its scrapes fail too: AndonBoardDown fires within the same bound (a scrape's timeout and its own for:).
        try await Wait.until("AndonBoardDown firing", timeout: 120, every: .milliseconds(250)) {
            await Self.alerts(prometheus, "AndonBoardDown") ?? 0 > 0
        }
        let down = Date().timeIntervalSince(stopped)
        #expect(down <= bound, "AndonBoardDown fired \(down) s after the stop (bound \(bound) s)")

        // Running again: the frame is fresh and the alert resolves.
        #expect(kill(pid, SIGCONT) == 0)
        try await Wait.until("AndonBoardStale resolved", timeout: 60, every: .milliseconds(250)) {
            await Self.alerts(prometheus, "AndonBoardStale") == 0
        }
    }

    /// The service manager's side, played here: a datagram socket as NOTIFY_SOCKET, a two-second watchdog.
    @Test func theWatchdogHearsTheLoopUntilItStops() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-notify-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let socketPath = directory.appendingPathComponent("notify").path
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        #expect(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in socketPath.utf8.enumerated() { raw[index] = byte }
        }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        #expect(bound == 0)
        /// Every message waiting now.
        func received() -> [String] {
            var out: [String] = []
            var buffer = [UInt8](repeating: 0, count: 512)
            while true {
                let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                guard count > 0 else { return out }
                out.append(String(decoding: buffer[..<count], as: UTF8.self))
            }
        }

        let config = try Self.config(directory, prometheus: "http://127.0.0.1:9")
        let session = try await TmuxSession(
            command: "\(AndonProcess.path) --config \(config)",
            environment: [
                "LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent", "NOTIFY_SOCKET": socketPath,
                "WATCHDOG_USEC": "2000000",
            ])
        defer { session.kill() }
        var messages: [String] = []
        try await Wait.until("READY=1 and three pings") {
            messages += received()
            return messages.first?.hasPrefix("READY=1") == true && messages.count { $0 == "WATCHDOG=1" } >= 3
        }
        let pid = try await Self.board(config)
        defer { kill(pid, SIGCONT) }

        // Stopped: nothing for longer than the watchdog's two seconds (the service manager would kill it). A
        // window in which nothing must happen.
        #expect(kill(pid, SIGSTOP) == 0)
        try await Task.sleep(for: .milliseconds(300))
        _ = received()
        try await Task.sleep(for: .seconds(3))
        #expect(received().isEmpty)

        // Running again: the pings come back.
        #expect(kill(pid, SIGCONT) == 0)
        try await Wait.until("a ping after SIGCONT") { received().contains("WATCHDOG=1") }
        try await session.send("q")
        try await Wait.until("STOPPING=1 as the board ends") {
            messages = received()
            return messages.contains("STOPPING=1")
        }
    }

    /// The shipped kiosk unit under a real systemd (a user manager started here, the board drawing in a tmux pane):
    /// a board whose loop stops (SIGSTOP) is killed by the watchdog and started again, and draws again.
    @Test(.enabled(if: getuid() == 0, "marks the machine as booted with systemd for a user manager: root only"))
    func theServiceManagerRestartsABoardWhoseLoopStops() async throws {
        let shipped = try String(
            contentsOf: Repository.file("packaging/systemd/andon-kiosk@.service"), encoding: .utf8)
        for line in ["Type=notify", "NotifyAccess=main", "WatchdogSec=30", "TimeoutAbortSec=10", "Restart=always"] {
            #expect(shipped.split(separator: "\n").contains { $0 == line }, "the kiosk unit lacks \(line)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-watchdog-\(UUID())")
        let runtime = directory.appendingPathComponent("runtime")
        let units = directory.appendingPathComponent("config/systemd/user")
        try FileManager.default.createDirectory(at: units, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: runtime, withIntermediateDirectories: true)
        #expect(chmod(runtime.path, 0o700) == 0)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try Self.config(directory, prometheus: "http://127.0.0.1:9")
        let log = directory.appendingPathComponent("board.log").path

        // The pane the board draws in; its own program only sleeps (and gives up the terminal to the board).
        let session = try await TmuxSession(command: "exec sleep 100000")
        defer { session.kill() }
        let tty = try await session.paneTTY()
        // Without its terminal, the sleep would not hear the pane close.
        let sleeper = try await session.panePID()
        defer { kill(sleeper, SIGKILL) }

        // The shipped unit with this machine's paths and short times; without what only a system manager on a
        // console does (a dynamic user, the sandbox, hanging up and deallocating the virtual terminal, which
        // would close tmux's pane) and with `tty-force`, as the pane's shell holds the terminal a console's
        // getty would have given up.
        let seconds = (watchdog: 4.0, abort: 2.0, restart: 1.0)
        let dropped: Set<String> = [
            "DynamicUser", "SupplementaryGroups", "ProtectSystem", "ProtectHome", "PrivateTmp", "LogsDirectory",
            "TTYVHangup", "TTYVTDisallocate", "Conflicts", "After", "Wants",
        ]
        let replaced = [
            "WatchdogSec": "\(Int(seconds.watchdog))", "TimeoutAbortSec": "\(Int(seconds.abort))",
            "RestartSec": "\(Int(seconds.restart))", "TTYPath": tty, "StandardInput": "tty-force",
            "StandardError": "append:\(log)",
            "ExecStart":
                "\(AndonProcess.path) --kiosk --config \(config) --log stderr --heartbeat 127.0.0.1:\(try freePort())",
        ]
        var unit: [String] = []
        for line in shipped.split(separator: "\n", omittingEmptySubsequences: false) {
            let key = String(line.prefix { $0 != "=" })
            if dropped.contains(key) { continue }
            unit.append(replaced[key].map { "\(key)=\($0)" } ?? String(line))
        }
        #expect(unit.contains("ExecStart=\(replaced["ExecStart"]!)"))
        try unit.joined(separator: "\n").write(
            to: units.appendingPathComponent("andon-kiosk@.service"), atomically: true, encoding: .utf8)

        // A user manager refuses to run unless the machine was booted with systemd: the mark it looks for.
        let booted = "/run/systemd/system"
        let marked = !FileManager.default.fileExists(atPath: booted)
        if marked { try FileManager.default.createDirectory(atPath: booted, withIntermediateDirectories: true) }
        defer { if marked { try? FileManager.default.removeItem(atPath: booted) } }
        let environment = [
            "XDG_RUNTIME_DIR": runtime.path, "XDG_CONFIG_HOME": directory.appendingPathComponent("config").path,
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": directory.path,
        ]
        let manager = try CleanProcess(
            "/lib/systemd/systemd", ["--user"], stdout: directory.appendingPathComponent("manager.log").path,
            stderr: directory.appendingPathComponent("manager.err").path, environment: environment)
        defer {
            // Its units with it: the manager stops them as it exits.
            manager.terminate(grace: 30)
        }
        func systemctl(_ arguments: String...) async throws -> String {
            let result = try await CleanProcess.run(
                "/usr/bin/systemctl", ["--user"] + arguments, environment: environment, limit: 30)
            #expect(result.status == 0, "systemctl \(arguments.joined(separator: " ")): \(result.stderr)")
            return result.stdout
        }
        func property(_ name: String) async throws -> String {
            try await systemctl("show", "--value", "-p", name, "andon-kiosk@wall.service")
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        try await Wait.until("the user manager to answer", timeout: 30) {
            FileManager.default.fileExists(atPath: runtime.appendingPathComponent("systemd/private").path)
        }
        _ = try await systemctl("start", "andon-kiosk@wall.service")  // returns once the board said READY=1
        try await session.waitFor { $0.contains("Line 3") && $0.contains("NO DATA") }
        let first = try #require(pid_t(try await property("MainPID")))
        #expect(first > 0)
        #expect(try await property("NRestarts") == "0")

        // The loop stops: the watchdog hears nothing, aborts it, kills it after TimeoutAbortSec (a stopped process
        // cannot act on SIGABRT), and the unit starts it again after RestartSec.
        #expect(kill(first, SIGSTOP) == 0)
        // The stopped board's last frame is wiped off the pane, so that only a new board can draw it again.
        let terminal = open(tty, O_WRONLY | O_NOCTTY)
        #expect(terminal >= 0)
        _ = "\u{1B}[H\u{1B}[2J".withCString { write(terminal, $0, strlen($0)) }
        close(terminal)
        #expect(try await !session.capture().contains("Line 3"))
        let stopped = Date()
        try await Wait.until("the watchdog's restart", timeout: 60, every: .milliseconds(200)) {
            let main = pid_t(try await property("MainPID")) ?? 0
            guard main > 0 && main != first else { return false }
            return try await property("ActiveState") == "active"
        }
        let restarted = Date().timeIntervalSince(stopped)
        #expect(try await property("NRestarts") == "1")
        #expect(kill(first, 0) == -1, "the stopped board is gone")
        let bound = seconds.watchdog + seconds.abort + seconds.restart + 10
        #expect(restarted <= bound, "restarted \(restarted) s after the stop (bound \(bound) s)")
        #expect(try String(contentsOfFile: log, encoding: .utf8).components(separatedBy: " start version=").count == 3)
        // The new board draws.
        try await session.waitFor { $0.contains("Line 3") && $0.contains("NO DATA") }
        _ = try await systemctl("stop", "andon-kiosk@wall.service")
    }
}
