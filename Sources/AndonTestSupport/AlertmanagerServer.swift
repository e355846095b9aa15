import AndonCore
import Foundation

/// A real Alertmanager (Debian's `prometheus-alertmanager`) on a free loopback port, with throwaway storage, no
/// cluster, and no receiver (it groups and holds alerts; nobody is notified). A critical alert inhibits the
/// warnings of its principle, so that a test sees an inhibited alert. `amtool` answers against it.
public final class AlertmanagerServer: @unchecked Sendable {
    public let port: UInt16
    let directory: URL
    private let running: Locked<CleanProcess>
    private let stopped = Locked(false)

    var process: CleanProcess { running.withLock { $0 } }

    public var url: String { "http://127.0.0.1:\(port)" }

    init(port: UInt16, directory: URL, process: CleanProcess) {
        self.port = port
        self.directory = directory
        self.running = Locked(process)
    }

    deinit { stop() }

    public static func start() async throws -> AlertmanagerServer {
        var attempt = 0
        while true {
            attempt += 1
            // A folder per attempt: a failed attempt's server removes its own when it goes.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "andon-am-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try """
            route:
              receiver: nobody
              group_by: [alertname]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: nobody
            inhibit_rules:
              - source_matchers: [severity="critical"]
                target_matchers: [severity="warning"]
                equal: [principle]
            """.write(to: directory.appendingPathComponent("alertmanager.yml"), atomically: true, encoding: .utf8)
            let port = try freePort()
            let process = try launch(directory: directory, port: port)
            let server = AlertmanagerServer(port: port, directory: directory, process: process)
            if await server.ready() { return server }
            let log = server.log()
            if process.poll() != nil, log.contains("address already in use"), attempt < 5 {
                continue
            }
            server.stop()
            throw TestHarnessError("Alertmanager did not start: \(log)")
        }
    }

    static func launch(directory: URL, port: UInt16) throws -> CleanProcess {
        try CleanProcess(
            try executable("prometheus-alertmanager"),
            [
                "--config.file=\(directory.path)/alertmanager.yml", "--storage.path=\(directory.path)/data",
                "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=",
            ], stderr: directory.appendingPathComponent("alertmanager.log").path)
    }

    /// Whether it answers ready within 30 s (false: it exited, or never did).
    func ready() async -> Bool {
        (try? await Wait.until("Alertmanager to be ready", timeout: 30) {
            guard self.process.poll() == nil else { throw TestHarnessError("Alertmanager exited") }
            let answer = try await CleanProcess.run(
                try executable("curl"), ["-sf", "--max-time", "2", "\(self.url)/-/ready"], limit: 5)
            return answer.status == 0
        }) != nil
    }

    /// Stops it and starts it again on the same port and storage, as an upgrade or a crash and its restart do:
    /// silences are kept on disk, alerts (held in memory) are gone.
    public func restart() async throws {
        process.terminate(grace: 5)
        var attempt = 0
        while true {
            attempt += 1
            let fresh = try Self.launch(directory: directory, port: port)
            running.withLock { $0 = fresh }
            if await ready() { return }
            // The port can be taken between the two runs; a moment later it is free again, or the test fails.
            guard fresh.poll() != nil, log().contains("address already in use"), attempt < 5 else {
                throw TestHarnessError("Alertmanager did not start again: \(log())")
            }
        }
    }

    /// `amtool` against this Alertmanager, with `arguments` after the command's own.
    public func amtool(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await CleanProcess.run(
            try executable("amtool"), arguments + ["--alertmanager.url=\(url)"], limit: 20)
    }

    public func log() -> String {
        (try? String(contentsOf: directory.appendingPathComponent("alertmanager.log"), encoding: .utf8))
            .map { String($0.suffix(2000)) } ?? ""
    }

    /// Ends Alertmanager (SIGTERM, then SIGKILL after 5 s) and removes its storage.
    public func stop() {
        stopped.withLock { stopped in
            guard !stopped else { return }
            stopped = true
            process.terminate(grace: 5)
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
