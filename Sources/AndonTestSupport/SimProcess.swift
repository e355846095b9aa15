import AndonCore
import AndonCurl
import Foundation
import Glibc

/// The built `andon-sim` on a free loopback port; `stop()` ends it.
public final class SimProcess: @unchecked Sendable {
    public let port: UInt16
    let process: CleanProcess

    public var target: String { "127.0.0.1:\(port)" }
    public var url: String { "http://\(target)" }

    /// Starts the simulator on a port the kernel chooses (it names the port in its log): a port chosen here and
    /// bound there could be taken in between by another test's simulator, whose plant this test would then see.
    /// `lines` (`["north=outage", "south"]`) serves a plant of several lines, each series labelled `line`.
    public static func start(scenario: String, seed: UInt64 = 7, lines: [String] = [], arguments: [String] = [])
        async throws -> SimProcess
    {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("andon-sim-\(UUID()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try CleanProcess(
            AndonProcess.sibling("andon-sim"),
            ["--listen", "127.0.0.1:0", "--scenario", scenario, "--seed", "\(seed)"]
                + lines.flatMap { ["--line", $0] } + arguments,
            stderr: log.path)
        var last = "no port named yet"
        var attempts = 0
        do {
            return try await Wait.until("andon-sim to serve /metrics", timeout: 20, every: .milliseconds(100)) {
                () -> Wait.Probe<SimProcess> in
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                if process.poll() != nil { throw TestHarnessError("andon-sim exited (last: \(last)): \(output)") }
                guard let port = Self.announcedPort(output) else { return .notYet(last) }
                var config = PrometheusConfig()
                config.url = "http://127.0.0.1:\(port)"
                let client = PrometheusClient(transport: CurlTransport(options: .init(config: config)))
                attempts += 1
                let started = Date()
                switch await client.send([HTTPRequest(path: "/metrics")])[0] {
                // The process object only once it serves: its deinit stops the simulator.
                case .success(let response) where response.status == 200:
                    return .done(SimProcess(port: port, process: process))
                case .success(let response): last = "HTTP \(response.status)"
                case .failure(let error): last = "\(error)"
                }
                last += " after \(Int(Date().timeIntervalSince(started) * 1000)) ms (attempt \(attempts))"
                return .notYet(last)
            }
        } catch {
            process.terminate(grace: 5)
            throw error
        }
    }

    /// The port in the simulator's "serving http://HOST:PORT/metrics" line.
    static func announcedPort(_ output: String) -> UInt16? {
        guard let range = output.range(of: "serving http://") else { return nil }
        let rest = output[range.upperBound...]
        guard let colon = rest.firstIndex(of: ":"), let slash = rest.firstIndex(of: "/"), colon < slash else {
            return nil
        }
        return UInt16(rest[rest.index(after: colon)..<slash])
    }

    init(port: UInt16, process: CleanProcess) {
        self.port = port
        self.process = process
    }

    deinit { stop() }

    public func stop() {
        process.terminate(grace: 5)
    }

    /// `stop()` without holding a concurrency thread while the simulator shuts down.
    public func stopAsync() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            Thread.detachNewThread {
                self.stop()
                continuation.resume()
            }
        }
    }

    /// Switches the running plant (or one of its lines) to another scenario.
    public func switchTo(_ scenario: String, line: String? = nil) throws {
        let path = line.map { "/line/\($0)/scenario/\(scenario)" } ?? "/scenario/\(scenario)"
        let curl = try CleanProcess(try executable("curl"), ["-sf", "-X", "POST", "\(url)\(path)"])
        let status = curl.waitBlocking(limit: 10)
        guard status == 0 else { throw TestHarnessError("could not switch to \(scenario)") }
    }
}

/// Where the repository's files are (prometheus/, themes/, ...), found from this source file.
public enum Repository {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    public static func file(_ path: String) -> URL { root.appendingPathComponent(path) }
}
