import AndonCore
import AndonCurl
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon-bench ...`: the measurements `benchmarks/run` needs from inside the process, each printed as one JSON
/// object. Not shipped: a program of its own over the same libraries, so that the benchmark measures the code
/// the board runs.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "andon-bench", abstract: "Measurements for benchmarks/run.",
        subcommands: [BenchDecode.self, BenchURLs.self, BenchRefresh.self, BenchRender.self, BenchPlant.self])

    /// What every measurement that reads Prometheus needs.
    struct Common: ParsableArguments {
        @Option(help: "Configuration file (YAML).")
        var config: String?

        @Option(help: "Prometheus base URL (overrides the config).")
        var prometheus: String?

        @Option(help: "Evaluate at this time (seconds since the epoch) instead of now.")
        var at: Double?

        @Option(help: "Terminal width the refresh is sized for.")
        var width = 120

        @Option(help: "Terminal height the refresh is sized for.")
        var height = 40
    }

    /// The configuration as `andon` reads it (file, environment, `--prometheus`).
    static func config(_ common: Common) throws -> Config {
        try ConfigLoader.load(
            configFlag: common.config, prometheusFlag: common.prometheus,
            environment: ProcessInfo.processInfo.environment)
    }

    static func client(_ config: Config) -> PrometheusClient {
        PrometheusClient(transport: CurlTransport(options: .init(config: config.prometheus)))
    }

    static func print(_ object: [(String, JSONValue)]) {
        Swift.print(JSONValue.object(object).serialized())
    }

    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// CPU seconds of this process spent in `body` (for single-threaded work: the machine's other load and a
    /// virtual machine's stolen time do not count, as they do in wall-clock time).
    static func cpuSeconds(_ body: () throws -> Void) rethrows -> Double {
        let start = processCPU()
        try body()
        return processCPU() - start
    }

    /// The CPU seconds this process (all its threads) has used so far.
    static func processCPU() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = ContinuousClock.now
        try await body()
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }

    /// Peak and current resident memory of this process, and the anonymous part of it (heap and stacks: what
    /// the process itself allocated, without the pages of shared library code it has touched), in bytes.
    static func memory() -> (peak: Int, current: Int, anonymous: Int) {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func field(_ name: String) -> Int {
            let line = status.split(separator: "\n").first { $0.hasPrefix(name + ":") } ?? ""
            return (Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0) * 1024
        }
        return (field("VmHWM"), field("VmRSS"), field("RssAnon"))
    }

    /// The board's first refresh for `pane`, as `OneShot` takes it (the same requests and decoding).
    static func refresh(_ common: Common, config: Config, client: PrometheusClient, pane: Pane) async -> BoardState {
        let view = BoardView(unicode: true, braille: true, utcOffset: 0, interactive: true)
        let clock: @Sendable () -> Double = { [at = common.at] in at ?? Date().timeIntervalSince1970 }
        return await OneShot.state(
            config: config,
            runner: EffectRunner(fetcher: BoardFetcher(client: client, config: config, at: common.at), clock: clock),
            pane: pane, width: common.width, view: view)
    }
}

/// Decoding time of recorded answers, the parse only (the bytes are read first), in CPU seconds.
struct BenchDecode: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode", shouldDisplay: false)

    @Argument(help: "Files holding answers of /api/v1/query or /api/v1/query_range.")
    var files: [String]

    @Option var runs = 10

    func run() throws {
        for file in files {
            let body = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            var times: [JSONValue] = []
            var series = 0
            for _ in 0..<runs {
                times.append(
                    .number(
                        try Bench.cpuSeconds {
                            switch try ResponseDecoder.query(HTTPResponse(status: 200, body: body)).result {
                            case .vector(let samples): series = samples.count
                            case .matrix(let matrix): series = matrix.count
                            default: series = 1
                            }
                        }))
            }
            Bench.print([("file", .string(file)), ("series", .number(Double(series))), ("seconds", .array(times))])
        }
    }
}

/// The URLs of one full refresh of the overview (headlines, culprits, alerts, trends), one per line: what the
/// `curl --parallel` baseline requests.
struct BenchURLs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "urls", shouldDisplay: false)

    @OptionGroup var common: Bench.Common

    @Flag(help: "The requests of `andon check` instead (the cold start's baseline).")
    var check = false

    /// Records the requests and answers none.
    final class Recorder: HTTPTransport, Sendable {
        let requests = Locked<[HTTPRequest]>([])

        func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            self.requests.withLock { $0 += requests }
            return requests.map { _ in .failure(TransportError(.other, "recorded")) }
        }
    }

    func run() async throws {
        let config = try Bench.config(common)
        let recorder = Recorder()
        if check {
            _ = await BoardFetcher(client: PrometheusClient(transport: recorder), config: config, at: common.at)
                .evaluation(now: Date().timeIntervalSince1970)
        } else {
            _ = await Bench.refresh(
                common, config: config, client: PrometheusClient(transport: recorder), pane: .overview)
        }
        for request in recorder.requests.withLock({ $0 }) {
            var url = config.prometheus.url + request.path
            if !request.parameters.isEmpty { url += "?" + URLQuery.encode(request.parameters) }
            print(url)
        }
    }
}

/// Full refreshes one after the other: the time of each, and memory before and after.
struct BenchRefresh: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "refresh", shouldDisplay: false)

    @OptionGroup var common: Bench.Common

    @Option var runs = 10

    @Option(help: "A drill-down to refresh instead of the overview.")
    var principle: String?

    @Flag(
        help: "Steady refreshes, as the board makes them every interval: the overview only (trends come once a minute)."
    )
    var steady = false

    func run() async throws {
        let config = try Bench.config(common)
        let client = Bench.client(config)
        let pane = principle.flatMap { PrincipleID(rawValue: $0) }.map(Pane.principle) ?? .overview
        // One refresh first: connections open, caches warm; then memory is taken as the baseline for growth.
        var state = await Bench.refresh(common, config: config, client: client, pane: pane)
        // The times go into room kept beforehand: a list grown refresh by refresh would count as the board's
        // growth.
        var times: [Double] = []
        times.reserveCapacity(runs)
        let before = Bench.memory()
        let fetcher = BoardFetcher(client: client, config: config, at: common.at)
        for _ in 0..<runs {
            times.append(
                await Bench.seconds {
                    if steady {
                        let data = await fetcher.overview(now: common.at ?? Date().timeIntervalSince1970)
                        _ = state.update(.refreshed(data))
                    } else {
                        state = await Bench.refresh(common, config: config, client: client, pane: pane)
                    }
                })
        }
        let after = Bench.memory()
        Bench.print([
            ("seconds", .array(times.map(JSONValue.number))), ("status", .string(state.overall.rawValue)),
            ("rss_before", .number(Double(before.current))), ("rss_after", .number(Double(after.current))),
            ("anon_before", .number(Double(before.anonymous))), ("anon_after", .number(Double(after.anonymous))),
            ("rss_peak", .number(Double(after.peak))),
        ])
    }
}

/// Render time of a pane after one refresh: the screen grid from the state, the part that runs on every change.
struct BenchRender: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "render", shouldDisplay: false)

    @OptionGroup var common: Bench.Common

    @Option var runs = 20

    @Option var principle: String?

    func run() async throws {
        let config = try Bench.config(common)
        let pane = principle.flatMap { PrincipleID(rawValue: $0) }.map(Pane.principle) ?? .overview
        var state = await Bench.refresh(common, config: config, client: Bench.client(config), pane: pane)
        _ = state.update(.resize(Size(width: common.width, height: common.height)))
        let view = BoardView(unicode: true, braille: true, utcOffset: 0, interactive: true)
        var times: [JSONValue] = []
        var rows = 0
        for _ in 0..<runs {
            times.append(.number(Bench.seconds { rows = view.render(state).size.height }))
        }
        let drilled = state.drills.values.flatMap { $0.panels.map(\.total) }.max() ?? 0
        Bench.print([
            ("seconds", .array(times)), ("grid_rows", .number(Double(rows))),
            ("panel_rows", .number(Double(drilled))), ("rss_peak", .number(Double(Bench.memory().peak))),
        ])
    }
}

/// One refresh of a plant board of `lines` lines on a shared engine (profile tps-plant, lines `l1` … as
/// `andon-sim --line` names them): the requests, the bytes received and the process's CPU per refresh (the
/// shared fetch, each line's board updated, the plant overview drawn), and the queries sent, for
/// `benchmarks/run` to ask the engine what they cost it (`stats=all`).
struct BenchPlant: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plant", shouldDisplay: false)

    @Option var prometheus: String

    @Option var lines = 1

    @Option var runs = 10

    @Option var at: Double?

    /// Counts what goes through the transport.
    final class Counting: HTTPTransport, @unchecked Sendable {
        let inner: any HTTPTransport
        let counts = Locked((requests: 0, bytes: 0, queries: [String]()))

        init(_ inner: any HTTPTransport) { self.inner = inner }

        func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            let answers = await inner.perform(requests)
            counts.withLock { counts in
                counts.requests += requests.count
                counts.bytes += answers.reduce(0) { $0 + ((try? $1.get().body.count) ?? 0) }
                counts.queries += requests.compactMap { $0.parameters.first { $0.name == "query" }?.value }
            }
            return answers
        }

        func close() { inner.close() }
    }

    func run() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-bench-plant-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let entries = (1...lines).map { "  - {name: l\($0), variables: {line: l\($0)}}" }
        try (["profile: tps-plant", "lines:"] + entries).joined(separator: "\n")
            .write(to: file, atomically: true, encoding: .utf8)
        let plant = try ConfigLoader.load(configFlag: file.path, prometheusFlag: prometheus, environment: [:])
        let transport = Counting(CurlTransport(options: .init(config: plant.prometheus)))
        let client = PrometheusClient(transport: transport)
        let candidates = try plant.lines.enumerated().map { index, line in
            (index: index, line: line, fetcher: BoardFetcher(client: client, config: try plant.line(line), at: at))
        }
        guard let fetcher = PlantFetcher(plant: plant, lines: candidates, client: client) else {
            throw ValidationError("the lines cannot be asked together")
        }
        let now = at ?? Date().timeIntervalSince1970
        var state = PlantState(
            title: "bench",
            lines: candidates.map {
                PlantLine(
                    name: $0.line.name,
                    board: BoardState(config: $0.fetcher.config, now: now, size: Size(width: 120, height: 40), at: at))
            },
            size: Size(width: 120, height: 40), now: now, shared: Set(candidates.map(\.index)))
        let view = PlantView()
        // One refresh first: connections open, caches warm.
        for answer in await fetcher.overview(now: now) { _ = state.update(.refreshed(answer.data), line: answer.line) }
        transport.counts.withLock { $0 = (0, 0, []) }
        var cpu: [Double] = []
        var phases: [[Double]] = [[], [], []]  // fetch, update, draw
        var drawn = 0
        for _ in 0..<runs {
            let start = Bench.processCPU()
            let answers = await fetcher.overview(now: now)
            let fetched = Bench.processCPU()
            for answer in answers { _ = state.update(.refreshed(answer.data), line: answer.line) }
            let updated = Bench.processCPU()
            drawn += view.render(state).text.count
            let end = Bench.processCPU()
            cpu.append(end - start)
            phases[0].append(fetched - start)
            phases[1].append(updated - fetched)
            phases[2].append(end - updated)
        }
        let counts = transport.counts.withLock { $0 }
        // Lines whose every principle had an answer (a line the engine has no series of would be unknown).
        let answered = state.lines.filter { $0.board.overall != .unknown }.count
        Bench.print([
            ("lines", .number(Double(lines))), ("cpu", .array(cpu.map(JSONValue.number))),
            ("fetch_cpu", .array(phases[0].map(JSONValue.number))),
            ("update_cpu", .array(phases[1].map(JSONValue.number))),
            ("draw_cpu", .array(phases[2].map(JSONValue.number))),
            ("requests_per_refresh", .number(Double(counts.requests) / Double(runs))),
            ("bytes_per_refresh", .number(Double(counts.bytes) / Double(runs))),
            ("queries", .array(Array(Set(counts.queries)).sorted().map(JSONValue.string))),
            ("answered_lines", .number(Double(answered))), ("drawn", .number(Double(drawn))),
        ])
    }
}
