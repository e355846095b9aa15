import AndonCore
import Foundation

/// A scale-out engine from Debian's `victoria-metrics` package on free loopback ports with throwaway data:
/// `vmagent` scrapes the targets and writes to VictoriaMetrics, `vmalert` evaluates rule files against it and
/// sends its alerts to an Alertmanager, and VictoriaMetrics serves vmalert's alerts on its own
/// `/api/v1/alerts` (`-vmalert.proxyURL`), as the board reads them from Prometheus. `stop()` ends all three.
public final class VictoriaMetricsStack: @unchecked Sendable {
    public let port: UInt16
    let directory: URL
    let processes: [CleanProcess]
    private let stopped = Locked(false)

    /// VictoriaMetrics' Prometheus-compatible API.
    public var url: String { "http://127.0.0.1:\(port)" }

    init(port: UInt16, directory: URL, processes: [CleanProcess]) {
        self.port = port
        self.directory = directory
        self.processes = processes
    }

    deinit { stop() }

    /// Starts the three, scraping `targets` every second (job `tps`) and evaluating `ruleFiles` every second,
    /// and waits until VictoriaMetrics answers.
    public static func start(targets: [String], ruleFiles: [String], alertmanager: String) async throws
        -> VictoriaMetricsStack
    {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-vm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let interval = PrometheusServer.testScrapeInterval
        try """
        global:
          scrape_interval: \(interval)
          scrape_timeout: \(interval)
        scrape_configs:
          - job_name: tps
            static_configs:
              - targets: [\(targets.map { "'\($0)'" }.joined(separator: ", "))]
        """.write(to: directory.appendingPathComponent("scrape.yml"), atomically: true, encoding: .utf8)
        let (vm, agent, alert) = (try freePort(), try freePort(), try freePort())
        let log = { (name: String) in directory.appendingPathComponent(name + ".log").path }
        var processes: [CleanProcess] = []
        do {
            processes.append(
                try CleanProcess(
                    try executable("victoria-metrics"),
                    [
                        "-storageDataPath=\(directory.path)/data", "-httpListenAddr=127.0.0.1:\(vm)",
                        "-retentionPeriod=1d", "-search.latencyOffset=1s", "-search.disableCache",
                        "-vmalert.proxyURL=http://127.0.0.1:\(alert)",
                    ], stderr: log("victoria-metrics")))
            processes.append(
                try CleanProcess(
                    try executable("vmagent"),
                    [
                        "-promscrape.config=\(directory.path)/scrape.yml", "-httpListenAddr=127.0.0.1:\(agent)",
                        "-remoteWrite.url=http://127.0.0.1:\(vm)/api/v1/write",
                        "-remoteWrite.tmpDataPath=\(directory.path)/vmagent", "-remoteWrite.flushInterval=200ms",
                    ], stderr: log("vmagent")))
            processes.append(
                try CleanProcess(
                    try executable("vmalert"),
                    ruleFiles.map { "-rule=\($0)" } + [
                        "-datasource.url=http://127.0.0.1:\(vm)", "-remoteWrite.url=http://127.0.0.1:\(vm)",
                        "-notifier.url=\(alertmanager)", "-evaluationInterval=1s", "-httpListenAddr=127.0.0.1:\(alert)",
                    ], stderr: log("vmalert")))
        } catch {
            for process in processes { process.terminate(grace: 5) }
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        let stack = VictoriaMetricsStack(port: vm, directory: directory, processes: processes)
        var ended: Int?
        let ready =
            (try? await Wait.until("VictoriaMetrics, vmagent and vmalert to be healthy", timeout: 30) {
                ended = processes.firstIndex(where: { $0.poll() != nil })
                guard ended == nil else { throw TestHarnessError("a VictoriaMetrics process ended") }
                let answer = try await CleanProcess.run(
                    try executable("curl"), ["-sf", "--max-time", "2", "\(stack.url)/-/healthy"], limit: 5)
                let rules = try await CleanProcess.run(
                    try executable("curl"), ["-sf", "--max-time", "2", "http://127.0.0.1:\(alert)/-/healthy"], limit: 5)
                return answer.status == 0 && rules.status == 0
            }) != nil
        if ready { return stack }
        if let ended {
            let logs = stack.logs()
            stack.stop()
            throw TestHarnessError("a VictoriaMetrics process (\(ended)) ended: \(logs)")
        }
        let logs = stack.logs()
        stack.stop()
        throw TestHarnessError("VictoriaMetrics did not start: \(logs)")
    }

    /// The last lines of each process's log.
    public func logs() -> String {
        ["victoria-metrics", "vmagent", "vmalert"].map { name in
            let text = (try? String(contentsOf: directory.appendingPathComponent(name + ".log"), encoding: .utf8)) ?? ""
            return "\(name): \(text.suffix(600))"
        }.joined(separator: "\n")
    }

    /// Ends the three (SIGTERM, then SIGKILL after 5 s) and removes their data.
    public func stop() {
        stopped.withLock { stopped in
            guard !stopped else { return }
            stopped = true
            for process in processes.reversed() { process.terminate(grace: 5) }
            try? FileManager.default.removeItem(at: directory)
        }
    }
}
