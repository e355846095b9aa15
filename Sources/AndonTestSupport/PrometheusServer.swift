import AndonCore
import AndonCurl
import Foundation
import Glibc

/// A real Prometheus (the Debian package) on a free loopback port with a throwaway data directory.
/// `stop()` ends it and removes the directory; a test that starts one stops it.
public final class PrometheusServer: @unchecked Sendable {
    public let port: UInt16
    public let directory: URL
    let process: CleanProcess
    private let stopped = Locked(false)

    public var url: String { "http://127.0.0.1:\(port)" }

    /// How often the test exporter or the simulator is scraped, and the scrape's timeout: 1 s, or 3 s when the
    /// tests are built with a sanitizer (`scripts/sanitize` sets ANDON_SANITIZER). An instrumented exporter on a
    /// loaded machine can miss a 1 s timeout, and a failed scrape marks every series stale.
    public static var testScrapeInterval: String {
        Patience.sanitized ? "3s" : "1s"
    }

    /// Starts Prometheus scraping `targets` every `scrapeInterval` (rules evaluated every second), with
    /// `ruleFiles` loaded, and waits until it is ready.
    public static func start(
        targets: [String], ruleFiles: [String] = [], scrapeInterval: String = testScrapeInterval,
        extraFlags: [String] = []
    ) async throws -> PrometheusServer {
        let targetList = targets.map { "'\($0)'" }.joined(separator: ", ")
        let rules = ruleFiles.isEmpty ? "" : "rule_files:\n" + ruleFiles.map { "  - '\($0)'\n" }.joined()
        let config = """
            global:
              scrape_interval: \(scrapeInterval)
              scrape_timeout: \(scrapeInterval)
              evaluation_interval: 1s
            \(rules)
            scrape_configs:
              - job_name: tps
                static_configs:
                  - targets: [\(targetList)]
            """
        return try await start(config: config, extraFlags: extraFlags)
    }

    /// Starts Prometheus with the given configuration text and waits until it is ready. The port is chosen here
    /// and bound by Prometheus a moment later; when another process took it in between, Prometheus exits
    /// ("address already in use") and the start is retried on another port. Ready means: this process logged
    /// that it serves, and the port answers.
    /// With `backfill` (OpenMetrics text ending in `# EOF`), its samples are written into the empty TSDB first
    /// by `promtool tsdb create-blocks-from openmetrics`: a known past.
    public static func start(config: String, extraFlags: [String] = [], backfill: String? = nil) async throws
        -> PrometheusServer
    {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await startOnce(config: config, extraFlags: extraFlags, backfill: backfill)
            } catch let error as TestHarnessError where attempt < 5 && error.description.contains("already in use") {
                continue
            }
        }
    }

    static func startOnce(config: String, extraFlags: [String], backfill: String?) async throws -> PrometheusServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-prom-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        if let backfill {
            do {
                let input = directory.appendingPathComponent("backfill.om")
                try backfill.write(to: input, atomically: true, encoding: .utf8)
                let (status, _, stderr) = try await CleanProcess.run(
                    try executable("promtool"),
                    [
                        "tsdb", "create-blocks-from", "openmetrics", input.path,
                        directory.appendingPathComponent("data").path,
                    ],
                    limit: 120)
                guard status == 0 else { throw TestHarnessError("promtool could not backfill: \(stderr)") }
                try FileManager.default.removeItem(at: input)
            } catch {
                try? FileManager.default.removeItem(at: directory)
                throw error
            }
        }
        let port = try freePort()
        // `{{self}}` in the configuration is this Prometheus' own address (a test that scrapes Prometheus itself).
        try config.replacingOccurrences(of: "{{self}}", with: "127.0.0.1:\(port)").write(
            to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let logPath = directory.appendingPathComponent("prometheus.log").path
        // A clean start (no blocked signals, no inherited descriptors): SIGTERM then stops it at once.
        let process = try CleanProcess(
            try executable("prometheus"),
            [
                "--config.file=\(directory.path)/prometheus.yml", "--storage.tsdb.path=\(directory.path)/data",
                "--web.listen-address=127.0.0.1:\(port)", "--web.enable-lifecycle",
            ] + extraFlags,
            stderr: logPath)  // Prometheus logs to standard error
        let server = PrometheusServer(port: port, directory: directory, process: process)
        do {
            try await server.waitUntilReady()
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    init(port: UInt16, directory: URL, process: CleanProcess) {
        self.port = port
        self.directory = directory
        self.process = process
    }

    deinit { stop() }

    /// Ends Prometheus (SIGTERM, then SIGKILL after 5 s) and removes its directory.
    public func stop() {
        // Under the lock throughout: a second caller returns only once Prometheus is gone.
        stopped.withLock { stopped in
            guard !stopped else { return }
            stopped = true
            process.terminate(grace: 5)
            try? FileManager.default.removeItem(at: directory)
        }
    }

    /// `stop()` without holding a concurrency thread while Prometheus shuts down.
    public func stopAsync() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                self.stop()
                continuation.resume()
            }
        }
    }

    public var client: PrometheusClient {
        var config = PrometheusConfig()
        config.url = url
        return PrometheusClient(transport: CurlTransport(options: .init(config: config)))
    }

    func waitUntilReady(timeout: Double = 30) async throws {
        let client = self.client
        try await Wait.until("prometheus to be ready", timeout: timeout) { () -> Wait.Probe<Void> in
            if process.poll() != nil {
                throw TestHarnessError("prometheus exited: \(log())")
            }
            // Its own log first: a ready answer on the port could come from another test's Prometheus.
            let ownLog = try? String(contentsOf: directory.appendingPathComponent("prometheus.log"), encoding: .utf8)
            if ownLog?.contains("Server is ready to receive web requests") == true,
                case .success(let response) = await client.send([PrometheusClient.ready])[0], response.status == 200
            {
                return .done(())
            }
            return .notYet(log())
        }
    }

    /// Waits until `query` returns a non-empty vector (for instance until rate() has two samples).
    public func waitForData(_ query: String, timeout: Double = 30) async throws {
        let client = self.client
        try await Wait.until("data for \(query)", timeout: timeout, every: .milliseconds(250)) {
            if case .success(let response) = await client.query(query), case .vector(let samples) = response.result {
                return !samples.isEmpty
            }
            return false
        }
    }

    /// Waits until Prometheus has scraped every target `count` more times (by the timestamps of its own `up`
    /// samples), for a test that needs samples after a moment: rate() over what happened before it.
    public func waitForScrapes(_ count: Int, timeout: Double = 60) async throws {
        let client = self.client
        func latest() async -> Double? {
            guard case .success(let response) = await client.query("min(timestamp(up))"),
                case .vector(let samples) = response.result
            else { return nil }
            return samples.first?.value
        }
        var last = try await Wait.value("a first scrape", timeout: timeout) { await latest() }
        for scrape in 1...max(1, count) {
            last = try await Wait.value("scrape \(scrape) of \(count)", timeout: timeout, every: .milliseconds(200)) {
                await latest().flatMap { $0 > last ? $0 : nil }
            }
        }
    }

    public func log() -> String {
        (try? String(contentsOf: directory.appendingPathComponent("prometheus.log"), encoding: .utf8))
            .map { String($0.suffix(2000)) } ?? ""
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago, for a program that binds it itself. It is drawn below the
/// kernel's ephemeral range (32768-60999 on Debian), because a port from that range can be taken by any outgoing
/// connection before the program binds it: CI saw HAProxy fail with "Address already in use" that way.
public func freePort() throws -> UInt16 {
    for _ in 0..<64 {
        let candidate = UInt16.random(in: 20000..<32768)
        if let (fd, port) = try? LoopbackSocket.bind(listening: false, port: candidate) {
            close(fd)
            return port
        }
    }
    let (fd, port) = try LoopbackSocket.bind(listening: false)
    close(fd)
    return port
}

/// A loopback port that refuses connections until `close()`: bound (without `SO_REUSEADDR`) and not listening,
/// so no other test's server can take it meanwhile, as one could take a number `freePort()` handed back (the
/// address-sanitized CI run saw a 404 where `connection refused` was expected).
public final class RefusingPort: Sendable {
    public let port: UInt16
    private let fd: Int32

    public init() throws {
        (fd, port) = try LoopbackSocket.bind(listening: false)
    }

    /// `http://127.0.0.1:PORT`.
    public var url: String { "http://127.0.0.1:\(port)" }

    /// Gives the port back; call once, when the test no longer needs it refused.
    public func close() { Glibc.close(fd) }
}

/// The path of a program on PATH (or the usual system directories).
public func executable(_ name: String) throws -> String {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    // The sbin folders too: Debian installs rabbitmq-server, rabbitmqctl and haproxy there.
    for directory in path.split(separator: ":").map(String.init) + [
        "/usr/bin", "/usr/local/bin", "/bin", "/usr/sbin", "/sbin",
    ] {
        let candidate = directory + "/" + name
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    throw TestHarnessError("\(name) is not installed (see .ci/run)")
}
