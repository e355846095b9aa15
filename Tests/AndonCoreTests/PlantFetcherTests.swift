import AndonCore
import AndonRuntime
import AndonTestSupport
import Foundation
import Testing

/// The lines of a shared engine asked together (issue 19): one request for every line's headlines and one for
/// the alerts, whatever the number of lines; each line judged by its own thresholds and alert scope.
@Suite(
    "the lines of a shared engine, asked together",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct PlantFetcherTests {
    /// Answers the joined headline query with one series per line and principle, and the alerts; counts requests.
    final class Engine: HTTPTransport, @unchecked Sendable {
        let requests = Locked<[HTTPRequest]>([])
        let values: [String: Double]  // by line; the same value for every principle

        init(values: [String: Double]) { self.values = values }

        func perform(_ batch: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            requests.withLock { $0 += batch }
            return batch.map { request in
                if request.path.hasSuffix("/alerts") {
                    return RecordedTransport.json(
                        """
                        {"status":"success","data":{"alerts":[
                        {"labels":{"alertname":"KanbanQueueDeep","severity":"critical","principle":"kanban","line":"l1"},
                         "annotations":{},"state":"firing","activeAt":"2026-11-30T10:00:00Z","value":"1"},
                        {"labels":{"alertname":"PlantPower","severity":"critical","principle":"andon"},
                         "annotations":{},"state":"firing","activeAt":"2026-11-30T10:00:00Z","value":"1"}]}}
                        """)
                }
                let series = PrincipleID.allCases.flatMap { id in
                    values.map { line, value in
                        "{\"metric\":{\"andon_headline\":\"\(id.rawValue)\",\"line\":\"\(line)\"},\"value\":[1795000000,\"\(value)\"]}"
                    }
                }
                return RecordedTransport.json(
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[\(series.joined(separator: ","))]}}"
                )
            }
        }

        func close() {}
    }

    static func plant(lines: Int) throws -> Config {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-shared-\(UUID()).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        let entries = (0..<lines).map { "  - {name: l\($0), variables: {line: \"l\($0)\"}}" }
        try (["profile: tps-plant", "prometheus: {url: \"http://engine:8428\"}", "lines:"] + entries)
            .joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(configFlag: file.path, prometheusFlag: nil, environment: [:])
    }

    static func fetcher(lines: Int, engine: Engine) throws -> PlantFetcher? {
        let plant = try plant(lines: lines)
        let client = PrometheusClient(transport: engine)
        let candidates = try plant.lines.enumerated().map { index, line in
            (index: index, line: line, fetcher: BoardFetcher(client: client, config: try plant.line(line)))
        }
        return PlantFetcher(plant: plant, lines: candidates, client: client)
    }

    /// `snapshot` of a plant is one step of the board's pipeline: the hidden lines of the shared engine are asked
    /// in one shared refresh, two requests for all of them, and every line shows its own answer.
    @Test func aPlantSnapshotAsksWhatTheBoardAsks() async throws {
        let engine = Engine(values: ["l0": 3, "l1": 4, "l2": 5, "l3": 6, "l4": 7])
        let lines = try await Lines.plant(try Self.plant(lines: 5), at: nil, pool: ClientPool { _ in engine }, now: 0)
        #expect(lines.shared == [0, 1, 2, 3, 4])
        let plant = await OneShot.plant(title: "North works", lines: lines, width: 120, now: 1_795_000_000)
        #expect(engine.requests.withLock { $0 }.count == 2)
        #expect((0..<5).map { plant.lines[$0].board.readings[.kanban]?.value } == [3, 4, 5, 6, 7])
    }

    /// The loop's step: the refreshes the hidden shared lines ask for are one shared work, none while one is
    /// under way; the open line's refresh is its own.
    @Test func theRuntimeAsksTheSharedLinesTogether() async throws {
        let engine = Engine(values: ["l0": 3, "l1": 4, "l2": 5])
        let lines = try await Lines.plant(try Self.plant(lines: 3), at: nil, pool: ClientPool { _ in engine }, now: 0)
        let boards = lines.boards(now: 1_795_000_000, size: Size(width: 120, height: 40))
        var plant = PlantState(
            title: "North works", lines: zip(lines.names, boards).map { PlantLine(name: $0, board: $1) },
            size: Size(width: 120, height: 40), now: 1_795_000_000, shared: lines.shared)
        let asked = plant.update(.tick(1_795_000_000))
        let step = lines.works(asked, plant: plant)
        #expect(step.shared && step.works.count == 1)
        #expect(lines.works(asked, plant: plant, sharedUnderWay: true).works.isEmpty)
        _ = plant.update(.key(.enter))
        let open = try #require(plant.open)
        let own = lines.works([LineEffect(line: open, effect: .refresh)], plant: plant)
        #expect(!own.shared && own.works.count == 1)
    }

    @Test(arguments: [1, 10, 50])
    func twoRequestsWhateverTheNumberOfLines(lines: Int) async throws {
        // Line l1 deep in red, l0 green; the last line has no series at all.
        var values: [String: Double] = [:]
        for index in 0..<(lines - 1) { values["l\(index)"] = index == 1 ? 2000 : 0 }
        if lines == 1 { values["l0"] = 0 }
        let engine = Engine(values: values)
        let fetcher = try #require(try Self.fetcher(lines: lines, engine: engine))
        let answers = await fetcher.overview(now: 1_795_000_000)
        #expect(engine.requests.withLock { $0.count } == 2)
        #expect(answers.map(\.line) == Array(0..<lines))
        let kanban: (Int) -> Reading? = { line in
            answers[line].data.evaluation.readings.first { $0.id == .kanban }
        }
        #expect(kanban(0)?.value == 0 && kanban(0)?.status == .green)
        if lines >= 3 {
            #expect(kanban(1)?.value == 2000 && kanban(1)?.status == .red)
            // A line the engine has no series of is unknown, never green.
            #expect(kanban(lines - 1)?.status == .unknown)
            // Line l1 sees its own alert and the plant's; l0 only the plant's.
            let names: (Int) -> [String] = { line in
                ((try? answers[line].data.evaluation.alerts.get()) ?? []).map(\.name).sorted()
            }
            #expect(names(1) == ["KanbanQueueDeep", "PlantPower"], "\(names(1))")
            #expect(names(0) == ["PlantPower"], "\(names(0))")
        }
        // One query for every line: the lines' values as one regular expression.
        let query = engine.requests.withLock { $0 }.compactMap { $0.parameters.first { $0.name == "query" }?.value }
        #expect(query.count == 1 && query[0].contains("line=~\"l0"), "\(query)")
    }

    @Test func linesWithTheirOwnPrometheusOrAProfileWithoutByLineAreAskedOneByOne() throws {
        let engine = Engine(values: [:])
        let client = PrometheusClient(transport: engine)
        var plant = try Self.plant(lines: 2)
        var own = plant.lines[0]
        own.prometheus = PrometheusConfig()
        own.prometheus?.url = "http://elsewhere:9090"
        let fetcher = { (lines: [LineConfig]) in
            PlantFetcher(
                plant: plant,
                lines: lines.enumerated().map { ($0.offset, $0.element, BoardFetcher(client: client, config: plant)) },
                client: client)
        }
        #expect(fetcher(plant.lines) != nil)
        #expect(fetcher([own, plant.lines[1]]) == nil)
        var several = plant.lines[0]
        several.variables["line"] = .several(["a", "b"])
        #expect(fetcher([several]) == nil)
        plant.principles[1].query = "max(other)"
        #expect(fetcher(plant.lines) == nil)
    }
}
