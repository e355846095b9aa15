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

    public static func start(scenario: String, seed: UInt64 = 7) async throws -> SimProcess {
        let port = try freePort()
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("andon-sim-\(UUID()).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let process = try CleanProcess(
            AndonProcess.sibling("andon-sim"),
            ["--listen", "127.0.0.1:\(port)", "--scenario", scenario, "--seed", "\(seed)"], stderr: log.path)
        let sim = SimProcess(port: port, process: process)
        var config = PrometheusConfig()
        config.url = sim.url
        let client = PrometheusClient(transport: CurlTransport(options: .init(config: config)))
        let deadline = Date().addingTimeInterval(20)
        var last = "no attempt"
        var attempts = 0
        while Date() < deadline {
            attempts += 1
            let started = Date()
            switch await client.send([HTTPRequest(path: "/metrics")])[0] {
            case .success(let response) where response.status == 200: return sim
            case .success(let response): last = "HTTP \(response.status)"
            case .failure(let error): last = "\(error)"
            }
            last += " after \(Int(Date().timeIntervalSince(started) * 1000)) ms (attempt \(attempts))"
            if process.poll() != nil { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let running = process.poll() == nil
        sim.stop()
        let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw TestHarnessError(
            "andon-sim did not serve /metrics on port \(port) (\(running ? "still running" : "exited"); last: \(last)): "
                + output)
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

    /// Switches the running plant to another scenario.
    public func switchTo(_ scenario: String) throws {
        let curl = try CleanProcess(try executable("curl"), ["-sf", "-X", "POST", "\(url)/scenario/\(scenario)"])
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
