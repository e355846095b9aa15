import FlyingFox
import Foundation
import Synchronization

/// A `/metrics` endpoint on a free loopback port that serves a `Plant`, which a test can change at any time.
public final class TestExporter: Sendable {
    let server: HTTPServer
    let task: Task<Void, any Error>
    let plant: Mutex<Plant>
    let started = Date()
    public let port: UInt16

    public var target: String { "127.0.0.1:\(port)" }

    public static func start(_ plant: Plant) async throws -> TestExporter {
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: 0), timeout: 5, logger: .disabled)
        let task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        guard case .ip4(_, let port) = await server.listeningAddress else {
            task.cancel()
            throw TestHarnessError("the test exporter is not listening on IPv4")
        }
        let exporter = TestExporter(server: server, task: task, plant: plant, port: port)
        await server.appendRoute("GET /metrics") { [exporter] _ in
            let text = exporter.plant.withLock { $0.exposition(elapsed: Date().timeIntervalSince(exporter.started)) }
            return HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4"], body: Data(text.utf8))
        }
        return exporter
    }

    init(server: HTTPServer, task: Task<Void, any Error>, plant: Plant, port: UInt16) {
        self.server = server
        self.task = task
        self.plant = Mutex(plant)
        self.port = port
    }

    public func serve(_ plant: Plant) {
        self.plant.withLock { $0 = plant }
    }

    public func stop() async {
        await server.stop(timeout: 1)
        task.cancel()
    }
}

/// A failure of the test harness itself (not of the code under test).
public struct TestHarnessError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
