import AndonSimCore
import ArgumentParser
import FlyingFox
import Foundation
import Synchronization

/// `andon-sim`: a simulated TPS plant that serves the whole metric contract on `/metrics`.
@main
struct AndonSim: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "andon-sim",
        abstract: "A simulated Toyota Production System plant that serves the TPS metric contract for Prometheus.",
        discussion: """
            Scenarios: steady (all green), surge (queues back up, pools saturate), outage (circuits open, errors
            rise), slow (latency climbs), chaos (a random walk through them).

            Switch while it runs:  curl -X POST http://127.0.0.1:9464/scenario/outage
            """)

    @Option(help: ArgumentHelp("Address to serve /metrics on.", valueName: "host:port"))
    var listen = "127.0.0.1:9464"

    @Option(help: ArgumentHelp("steady, surge, outage, slow or chaos.", valueName: "name"))
    var scenario = "steady"

    @Option(help: ArgumentHelp("Seed for a deterministic plant (default: from the clock).", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Seconds of plant time per step.", valueName: "seconds"))
    var tick = 0.5

    func validate() throws {
        guard Scenario(rawValue: scenario) != nil else {
            throw ValidationError(
                "unknown scenario \"\(scenario)\"; expected one of: "
                    + Scenario.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard tick > 0, tick <= 10 else { throw ValidationError("--tick must be between 0 and 10 seconds") }
        guard parseListen() != nil else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:9464") }
    }

    func parseListen() -> (String, UInt16)? {
        guard let colon = listen.lastIndex(of: ":"), let port = UInt16(listen[listen.index(after: colon)...]) else {
            return nil
        }
        let host = String(listen[..<colon])
        return (host == "localhost" || host.isEmpty ? "127.0.0.1" : host, port)
    }

    func run() async throws {
        let (host, port) = parseListen()!
        let model = Mutex(
            PlantModel(
                scenario: Scenario(rawValue: scenario)!, seed: seed ?? UInt64(Date().timeIntervalSince1970 * 1000)))
        let sink = MetricsSink()
        sink.apply(Tick(counters: model.withLock { $0.counterSeries() }))
        sink.apply(model.withLock { $0.step(tick) })

        let server = HTTPServer(address: try .inet(ip4: host, port: port), timeout: 10, logger: .disabled)
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: Data(sink.exposition()))
        }
        await server.appendRoute("GET /scenario") { _ in
            HTTPResponse(statusCode: .ok, body: Data((model.withLock { $0.scenario.rawValue } + "\n").utf8))
        }
        await server.appendRoute("POST /scenario/*") { request in
            let name = String(request.path.split(separator: "/").last ?? "")
            guard let next = Scenario(rawValue: name) else {
                let names = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
                return HTTPResponse(
                    statusCode: .notFound, body: Data("unknown scenario \"\(name)\"; expected one of: \(names)\n".utf8))
            }
            model.withLock { $0.switchTo(next) }
            FileHandle.standardError.write(Data("andon-sim: scenario \(name)\n".utf8))
            return HTTPResponse(statusCode: .ok, body: Data("scenario: \(name)\n".utf8))
        }
        await server.appendRoute("GET /") { _ in
            HTTPResponse(
                statusCode: .ok,
                body: Data(
                    "andon-sim: GET /metrics, GET /scenario, POST /scenario/{steady,surge,outage,slow,chaos}\n".utf8))
        }

        let step = tick
        let loop = Task {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(step))
                sink.apply(model.withLock { $0.step(step) })
            }
        }
        // Port 0 lets the kernel choose; the line below names the port actually bound (tests start it so).
        let announce = Task {
            try await server.waitUntilListening(timeout: 30)
            var bound = port
            if case .ip4(_, let actual) = await server.listeningAddress { bound = actual }
            FileHandle.standardError.write(
                Data("andon-sim: scenario \(scenario), serving http://\(host):\(bound)/metrics\n".utf8))
        }
        do {
            try await server.run()
        } catch {
            loop.cancel()
            announce.cancel()
            FileHandle.standardError.write(Data("andon-sim: cannot serve on \(listen): \(error)\n".utf8))
            throw ExitCode(1)
        }
        loop.cancel()
    }
}
