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
            Scenarios: steady (all green), surge (queues back up, pools saturate), outage (circuits open, errors \
            rise), slow (latency climbs), chaos (a random walk through them).

            Switch while it runs:
              curl -X POST http://127.0.0.1:9464/scenario/outage

            A plant of several lines from one process: --line north=outage --line south (each line's series carry \
            line="NAME"; a line without a scenario takes --scenario). Switch one line:
              curl -X POST http://127.0.0.1:9464/line/north/scenario/steady

            A past to start from: --history 24h --history-file past.om runs the plant through the last 24 hours \
            (long steady stretches, and episodes of surge, outage or slow), writes them as OpenMetrics for \
            `promtool tsdb create-blocks-from openmetrics`, then serves the present from where the past ended.
              andon-sim --history 24h --history-file past.om
            """)

    @Option(help: ArgumentHelp("Address to serve /metrics on.", valueName: "host:port"))
    var listen = "127.0.0.1:9464"

    @Option(help: ArgumentHelp("steady, surge, outage, slow or chaos.", valueName: "name"))
    var scenario = "steady"

    @Option(help: ArgumentHelp("Seed for a deterministic plant (default: from the clock).", valueName: "n"))
    var seed: UInt64?

    @Option(help: ArgumentHelp("Seconds of plant time per step.", valueName: "seconds"))
    var tick = 0.5

    @Option(
        name: .customLong("line"),
        help: ArgumentHelp(
            "A line of the plant and its scenario (repeatable): its series carry line=\"NAME\".",
            valueName: "name[=scenario]"))
    var lines: [String] = []

    @Option(
        help: ArgumentHelp(
            "Run the plant through this much of the past first (e.g. 24h, 90m; at most 7d): see --history-file.",
            valueName: "duration"))
    var history: String?

    @Option(help: ArgumentHelp("Where --history writes the past, as OpenMetrics text.", valueName: "file"))
    var historyFile: String?

    /// `--history` in seconds.
    var historySeconds: Double? {
        guard let history, let unit = history.last, let number = Double(history.dropLast()), number > 0 else {
            return nil
        }
        let scale: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86400]
        return scale[unit].map { $0 * number }
    }

    func validate() throws {
        if history != nil || historyFile != nil {
            guard let seconds = historySeconds, seconds >= 600, seconds <= 7 * 86400 else {
                throw ValidationError("--history must be a duration from 10m to 7d, such as 24h or 90m")
            }
            guard historyFile != nil else { throw ValidationError("--history needs --history-file FILE") }
        }
        guard Scenario(rawValue: scenario) != nil else {
            throw ValidationError(
                "unknown scenario \"\(scenario)\"; expected one of: "
                    + Scenario.allCases.map(\.rawValue).joined(separator: ", "))
        }
        guard tick > 0, tick <= 10 else { throw ValidationError("--tick must be between 0 and 10 seconds") }
        var names: Set<String> = []
        for line in lines {
            let (name, scenarioName) = Self.split(line)
            guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_".contains($0)) })
            else { throw ValidationError("--line \(line): a line's name is letters, digits, - and _") }
            guard names.insert(name).inserted else { throw ValidationError("--line \(name) is given twice") }
            if let scenarioName, Scenario(rawValue: scenarioName) == nil {
                throw ValidationError("--line \(line): unknown scenario \"\(scenarioName)\"")
            }
        }
        guard parseListen() != nil else { throw ValidationError("--listen must be HOST:PORT, e.g. 127.0.0.1:9464") }
    }

    /// `north=outage` → ("north", "outage"); `north` → ("north", nil).
    static func split(_ line: String) -> (String, String?) {
        guard let equals = line.firstIndex(of: "=") else { return (line, nil) }
        return (String(line[..<equals]), String(line[line.index(after: equals)...]))
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
        let baseSeed = seed ?? UInt64(Date().timeIntervalSince1970 * 1000)
        // One plant, or one per line (each its own seed and scenario; its series labelled with its name).
        let plants: [SimulatedLine] = (lines.isEmpty ? [scenario] : lines).enumerated().map { index, line in
            let (name, scenarioName) = lines.isEmpty ? (nil, scenario) : Self.split(line)
            return SimulatedLine(
                name: name,
                plant: PlantModel(
                    scenario: Scenario(rawValue: scenarioName ?? scenario)!, seed: baseSeed &+ UInt64(index)))
        }
        let sink = MetricsSink()
        let server = HTTPServer(address: try .inet(ip4: host, port: port), timeout: 10, logger: .disabled)
        await server.appendRoute("GET /metrics") { _ in
            HTTPResponse(
                statusCode: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: Data(sink.exposition()))
        }
        await server.appendRoute("GET /scenario") { _ in
            let text = plants.map { plant in
                (plant.name.map { $0 + " " } ?? "") + plant.model.withLock { $0.scenario.rawValue } + "\n"
            }.joined()
            return HTTPResponse(statusCode: .ok, body: Data(text.utf8))
        }
        await server.appendRoute("POST /scenario/*") { request in
            Self.switchScenario(String(request.path.split(separator: "/").last ?? ""), of: plants)
        }
        await server.appendRoute("POST /line/*/scenario/*") { request in
            let parts = request.path.split(separator: "/").map(String.init)
            guard parts.count == 4 else { return HTTPResponse(statusCode: .notFound) }
            let chosen = plants.filter { $0.name == parts[1] }
            guard !chosen.isEmpty else {
                return HTTPResponse(statusCode: .notFound, body: Data("no line \"\(parts[1])\"\n".utf8))
            }
            return Self.switchScenario(parts[3], of: chosen)
        }
        await server.appendRoute("GET /") { _ in
            HTTPResponse(
                statusCode: .ok,
                body: Data(
                    ("andon-sim: GET /metrics, GET /scenario, POST /scenario/{steady,surge,outage,slow,chaos},"
                        + " POST /line/NAME/scenario/{...}\n").utf8))
        }

        let step = tick
        // Port 0 lets the kernel choose; the line below names the port actually bound (tests start it so). The
        // past, when asked for, is written once the port is known: its series carry the instance Prometheus
        // will scrape.
        let announce = Task {
            try await server.waitUntilListening(timeout: 30)
            var bound = port
            if case .ip4(_, let actual) = await server.listeningAddress { bound = actual }
            begin(plants, sink: sink, instance: "\(host):\(bound)", seed: baseSeed)
            let what = lines.isEmpty ? "scenario \(scenario)" : "lines " + lines.joined(separator: ", ")
            FileHandle.standardError.write(Data("andon-sim: \(what), serving http://\(host):\(bound)/metrics\n".utf8))
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(step))
                for plant in plants { sink.apply(plant.model.withLock { $0.step(step) }, line: plant.name) }
            }
        }
        do {
            try await server.run()
        } catch {
            announce.cancel()
            FileHandle.standardError.write(Data("andon-sim: cannot serve on \(listen): \(error)\n".utf8))
            throw ExitCode(1)
        }
        announce.cancel()
    }

    /// The plant's first values: its past when asked for (each line its own episodes, the series labelled as
    /// Prometheus will label the present's: job tps, as prometheus/prometheus.yml names it, and `instance`), the
    /// present going on from where it ended; else every counter at zero. Then one step.
    func begin(_ plants: [SimulatedLine], sink: MetricsSink, instance: String, seed: UInt64) {
        if let seconds = historySeconds, let historyFile {
            var past = PlantHistory(
                buckets: MetricsSink.latencyBuckets, target: [("job", "tps"), ("instance", instance)])
            let end = Date().timeIntervalSince1970
            for (index, plant) in plants.enumerated() {
                plant.model.withLock {
                    past.record(&$0, line: plant.name, seed: seed &+ UInt64(index), end: end, length: seconds)
                }
            }
            do {
                try past.openMetrics().write(toFile: historyFile, atomically: true, encoding: .utf8)
            } catch {
                FileHandle.standardError.write(Data("andon-sim: cannot write \(historyFile): \(error)\n".utf8))
                Foundation.exit(1)
            }
            for plant in plants { sink.apply(Tick(counters: past.totals(line: plant.name)), line: plant.name) }
        } else {
            for plant in plants {
                sink.apply(Tick(counters: plant.model.withLock { $0.counterSeries() }), line: plant.name)
            }
        }
        for plant in plants { sink.apply(plant.model.withLock { $0.step(tick) }, line: plant.name) }
    }

    /// Switches `plants` to the scenario named `name`, or says which exist.
    static func switchScenario(_ name: String, of plants: [SimulatedLine]) -> HTTPResponse {
        guard let next = Scenario(rawValue: name) else {
            let names = Scenario.allCases.map(\.rawValue).joined(separator: ", ")
            return HTTPResponse(
                statusCode: .notFound, body: Data("unknown scenario \"\(name)\"; expected one of: \(names)\n".utf8))
        }
        for plant in plants { plant.model.withLock { $0.switchTo(next) } }
        let which = plants.count == 1 ? plants[0].name.map { " of \($0)" } ?? "" : ""
        FileHandle.standardError.write(Data("andon-sim: scenario\(which) \(name)\n".utf8))
        return HTTPResponse(statusCode: .ok, body: Data("scenario\(which): \(name)\n".utf8))
    }
}

/// One simulated line: its name (nil for a plant of one line) and its model.
final class SimulatedLine: Sendable {
    let name: String?
    let model: Mutex<PlantModel>

    init(name: String?, plant: PlantModel) {
        self.name = name
        model = Mutex(plant)
    }
}
