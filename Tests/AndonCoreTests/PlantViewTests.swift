import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The plant overview (issue 19), drawn from lines whose boards were fed answers as a running board feeds them:
/// golden screens at 80×24, 120×40 and 200×60 with 3, 12 and 50 lines, the order (worst first or as configured),
/// a blind line's reason on its own row, and the plant's status never green while a line is blind.
@Suite(
    "the plant overview",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct PlantViewTests {
    static let now = 1_795_920_000.0

    /// The headline values of a line: green, yellow or red everywhere, or Kanban red and the rest green.
    static func values(_ kind: Int) -> [Double] {
        switch kind % 7 {
        case 1: [40, 2264, 1.3, 82.8, 96.3, 7.5]  // everything red
        case 3: [0, 700, 0.1, 99, 50, 1]  // Kanban yellow
        case 5: [0, 1204, 0.2, 99.5, 48, 0.25]  // Kanban red
        default: [0, 12 + Double(kind), 0.05, 99.9, 42 + Double(kind % 5), 0.8]  // green
        }
    }

    /// Line `index` of a plant: its board after one refresh (line 2 of every plant: its Prometheus refused).
    static func line(_ index: Int) -> PlantLine {
        var config = Config()
        config.title = "line \(index + 1)"
        config.refresh = 15
        var board = BoardState(config: config, now: now, size: Size(width: 120, height: 40))
        let readings: [Reading]
        let alerts: Result<[Alert], PrometheusError>
        if index == 2 {
            let error = PrometheusError.transport(
                TransportError(.connectionRefused, "Failed to connect to prom-\(index + 1) port 9090"))
            readings = config.principles.map { Reading.evaluate($0, .failure(error)) }
            alerts = .failure(error)
        } else {
            readings = zip(PrincipleID.allCases, values(index)).map { id, value in
                Reading(id: id, value: value, status: PrincipleSpec.standard(id).thresholds.status(for: value))
            }
            let firing = index % 7 == 1 ? 3 : index % 7 == 5 ? 1 : 0
            alerts = .success(
                (0..<firing).map {
                    Alert(
                        labels: ["alertname": "A\($0)", "severity": "critical"], annotations: [:], state: .firing,
                        activeAt: now - 60)
                })
        }
        _ = board.update(
            .refreshed(
                OverviewData(
                    evaluation: Evaluation(
                        evaluatedAt: now, prometheus: "http://prom-\(index + 1):9090", readings: readings,
                        alerts: alerts),
                    culprits: [:], at: now)))
        let names = ["north", "south", "east-assembly", "west", "paint-shop", "press-2", "weld-A", "weld-B"]
        return PlantLine(name: index < names.count ? names[index] : "line-\(index + 1)", board: board)
    }

    static func plant(_ count: Int, size: Size, order: PlantOrder = .worst) -> PlantState {
        PlantState(
            title: "North works · plant", lines: (0..<count).map(line), size: size, now: now + 3, order: order)
    }

    @Test(arguments: [3, 12, 50])
    func goldenAtEverySize(lines: Int) throws {
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            let grid = PlantView().render(Self.plant(lines, size: size))
            #expect(grid.size == size)
            try Golden.compare(
                grid.text + "\n--- roles\n" + grid.roles + "\n", name: "plant-\(lines)-\(size.width)x\(size.height)")
        }
    }

    @Test func worstFirstAndTheBlindLineSaysWhy() {
        var plant = Self.plant(12, size: Size(width: 120, height: 40))
        #expect(plant.overall == .red)
        let rows = plant.rowOrder.map { plant.lines[$0].name }
        // Red lines first (configured order among them), then the blind one, then yellow, then green.
        #expect(rows.prefix(4) == ["south", "press-2", "line-9", "east-assembly"], "\(rows)")
        let text = PlantView().render(plant).text
        #expect(text.contains("? NO DATA · connection refused: Failed to connect to prom-3 port 9090"), "\(text)")
        // Where the reason does not fit, it reads as cut: an ellipsis, in ASCII three dots.
        var narrow = plant
        _ = narrow.update(.resize(Size(width: 80, height: 24)))
        #expect(PlantView().render(narrow).text.contains("connection refused: Failed to conn… ?"))
        #expect(
            PlantView(unicode: false).render(narrow).text.contains("[??] NO DATA - connection refused: Failed to... ?"))
        _ = plant.update(.key(.character("s")))
        #expect(plant.rowOrder == Array(0..<12))
        // Only green and one blind line: the plant is not green.
        let blind = PlantState(
            title: "p", lines: [Self.line(0), Self.line(2)], size: Size(width: 80, height: 24), now: Self.now)
        #expect(blind.overall == .unknown)
    }

    @Test func theSelectionStaysInViewAndEveryRowIsReachable() {
        var plant = Self.plant(50, size: Size(width: 80, height: 24))
        for _ in 0..<49 { _ = plant.update(.key(.down)) }
        let text = PlantView().render(plant).text
        let selected = text.split(separator: "\n").first { $0.hasPrefix("▶") }
        #expect(selected != nil, "\(text)")
        #expect(text.contains("↑ 29 more"), "\(text)")
        _ = plant.update(.key(.home))
        #expect(PlantView().render(plant).text.contains("↓ 29 more"))
    }

    /// A reload that finds other lines (a discovered label's values changed): the lines kept keep what they
    /// know, a new one starts blank and is asked at once, a gone one leaves; an open line that is gone closes.
    @Test func aPlantTakesTheLinesAReloadFinds() {
        var plant = Self.plant(3, size: Size(width: 120, height: 40))
        _ = plant.update(.key(.enter))
        let openName = plant.lines[plant.open!].name
        let kept = plant.lines.map(\.name).filter { $0 != openName }
        var config = Config()
        config.title = "line 9"
        let names = kept + ["line 9"]
        let effects = plant.relined(
            names: names, configs: kept.map { name in plant.lines.first { $0.name == name }!.board.config } + [config],
            shared: [])
        #expect(plant.lines.map(\.name) == names)
        #expect(plant.open == nil, "the open line is gone: the plant's overview")
        #expect(plant.lines[0].board.readings.isEmpty == false, "a line kept keeps its readings")
        #expect(plant.lines[2].board.readings.isEmpty && plant.lines[2].board.inPlant)
        #expect(effects.contains { $0.line == 2 && $0.effect == .refresh }, "\(effects)")
    }

    /// `check` for a plant: the worst line's status; a line's name cannot break the performance data.
    @Test func thePlantReport() {
        let reports = [0, 1, 2].map { index in
            let line = Self.line(index)
            return (
                name: index == 1 ? "south; rm=1 'x'" : line.name,
                report: CheckReport(evaluation: Self.evaluation(index), config: line.board.config)
            )
        }
        let report = PlantReport(title: "North works", lines: reports)
        #expect(report.overall == .red && report.exitCode == 2)
        let plugin = report.pluginLine()
        #expect(plugin.hasPrefix("ANDON CRITICAL - south__rm_1__x_: jidoka 40.0% > 30%"), "\(plugin)")
        let data = plugin.split(separator: "|", maxSplits: 1).last.map(String.init) ?? ""
        #expect(data.contains(" south__rm_1__x__kanban=2264;500;1000"), "\(data)")
        #expect(!data.contains(";rm") && !data.contains("'"), "\(data)")
        let json = report.json().serialized()
        #expect(
            json.hasPrefix("{\"status\": \"red\", \"title\": \"North works\", \"lines\": [{\"name\": \"north\""),
            "\(json)")
    }

    /// Output with a bound: a plant of 40 lines names the ten worst in its plugin line (the performance data has
    /// all 40); 1,500 firing alerts are 20 lines of text and 1,000 in JSON, each with the count of the rest; the
    /// exit code is the same.
    @Test func checksOutputIsBounded() throws {
        let reports = (0..<40).map { index in
            let line = Self.line(index % 3)
            return (
                name: "line\(index)",
                report: CheckReport(evaluation: Self.evaluation(index % 3), config: line.board.config)
            )
        }
        let plant = PlantReport(title: "Big works", lines: reports)
        let plugin = plant.pluginLine()
        let summary = String(plugin.split(separator: "|", maxSplits: 1).first ?? "")
        #expect(summary.contains("; and 30 more lines ("), "\(summary)")
        #expect(summary.components(separatedBy: ": ").count <= 12, "\(summary)")
        #expect((0..<40).allSatisfy { plugin.contains(" line\($0)_kanban=") }, "\(plugin)")
        #expect(plant.exitCode == 2)

        let alerts = (0..<1_500).map { index in
            Alert(
                labels: ["alertname": "A\(index)", "severity": "critical"], annotations: [:], state: .firing,
                activeAt: Self.now)
        }
        var evaluation = Self.evaluation(0)
        evaluation.alerts = .success(alerts)
        let report = CheckReport(evaluation: evaluation, config: Self.line(0).board.config)
        let text = report.text(ascii: false)
        #expect(text.split(separator: "\n").filter { $0.hasPrefix("  FIRING") }.count == 20)
        #expect(text.contains("  … 1,480 more (--json lists up to 1,000)"), "\(text.suffix(300))")
        let json = report.json().serialized()
        #expect(json.contains("\"alerts_left_out\": 500"), "\(json.suffix(200))")
        #expect(
            report.exitCode == CheckReport(evaluation: Self.evaluation(0), config: Self.line(0).board.config).exitCode)
    }

    /// The evaluation a line's board was fed (`line(_:)`).
    static func evaluation(_ index: Int) -> Evaluation {
        let board = line(index).board
        return Evaluation(
            evaluatedAt: now, prometheus: board.config.prometheus.url,
            readings: board.principles.map { id in
                let shown = board.shown(id)
                return shown.value.map { Reading(id: id, value: $0, status: shown.shown.effective) }
                    ?? Reading.evaluate(
                        board.config.spec(id),
                        .failure(.transport(TransportError(.connectionRefused, shown.reason ?? ""))))
            }, alerts: board.alertsError == nil ? .success(board.alerts) : .failure(.malformed("x")))
    }
}
