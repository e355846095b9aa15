import AndonCore
import AndonTestSupport
import Foundation
import Testing
import Yams

/// A known past, backfilled into a real Prometheus with `promtool tsdb create-blocks-from openmetrics`: six
/// plateaus of 15 minutes in which every principle goes green, yellow, red, yellow, green, red, with the values
/// exactly on the thresholds where the metric allows it. `check --at`, the board's status history and the rules
/// `andon rules` generates are all compared with it.
@Suite(
    "history and rules against a backfilled Prometheus", .serialized,
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct HistoryIntegrationTests {
    static let plateauMinutes = 15
    static let plateaus = 6
    static let expected: [Status] = [.green, .yellow, .red, .yellow, .green, .red]

    /// One series, a value per minute from the start of the past.
    struct Series {
        var name: String
        var labels: [(String, String)]
        var values: [Double]

        var selector: String {
            name + "{" + labels.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",") + "}"
        }
    }

    /// The plant's past: per plateau, what each principle's metrics do.
    static func series() -> [Series] {
        let minutes = plateaus * plateauMinutes
        func perPlateau(_ values: [Double]) -> [Double] {
            (0..<minutes).map { values[$0 / plateauMinutes] }
        }
        func counter(_ perMinute: [Double]) -> [Double] {
            var total = 0.0
            return (0..<minutes).map { minute in
                defer { total += perMinute[minute / plateauMinutes] }
                return total
            }
        }
        var all: [Series] = []
        // Jidoka: 10 circuits, of which 0, 3 (30 %: yellow, red is > 30), 4, 1, 0 and 10 are open.
        let open: [Int] = [0, 3, 4, 1, 0, 10]
        for circuit in 0..<10 {
            all.append(
                Series(
                    name: "tps_jidoka_circuit_state", labels: [("component", "c\(circuit)")],
                    values: perPlateau(open.map { circuit < $0 ? 1 : 0 })))
        }
        // Kanban: the deepest queue on both sides of 500 (green < 500) and 1000 (red > 1000).
        all.append(
            Series(
                name: "tps_kanban_queue_depth", labels: [("queue_name", "orders")],
                values: perPlateau([100, 500, 1001, 1000, 499, 3000])))
        all.append(
            Series(
                name: "tps_kanban_queue_depth", labels: [("queue_name", "mail")],
                values: perPlateau([50, 50, 50, 50, 50, 50])))
        // Andon: 600 requests a minute; 0, 3 (0.5 %), 7, 6 (1 %), 2 and 60 errors a minute.
        all.append(
            Series(
                name: "tps_andon_requests_total", labels: [("service", "api")],
                values: counter([600, 600, 600, 600, 600, 600])))
        all.append(
            Series(
                name: "tps_andon_errors_total", labels: [("service", "api"), ("error_type", "timeout")],
                values: counter([0, 3, 7, 6, 2, 60])))
        // Kaizen: the worst SLO on 95 (green > 95) and 90 (red < 90).
        all.append(
            Series(
                name: "tps_kaizen_slo_attainment", labels: [("slo_name", "checkout")],
                values: perPlateau([0.99, 0.95, 0.89, 0.9, 0.96, 0.5])))
        // Heijunka: one pool on 70 % (green < 70) and 85 % (red > 85).
        all.append(
            Series(
                name: "tps_heijunka_pool_utilization", labels: [("pool_name", "workers")],
                values: perPlateau([0.5, 0.7, 0.86, 0.85, 0.69, 0.9])))
        // Tracing: 100 observations a minute, all in one bucket: (1, 3] → P99 2.98 s, (3, 5] → 4.98 s, (5, 10] →
        // 9.95 s.
        let bucketOf: [Int] = [0, 1, 2, 1, 0, 2]  // index into the buckets below
        let bounds = ["1", "3", "5", "10", "+Inf"]
        for (index, le) in bounds.enumerated() {
            let perMinute = bucketOf.map { Double(index >= $0 + 1 ? 100 : 0) }
            all.append(
                Series(
                    name: "tps_tracing_duration_seconds_bucket", labels: [("component", "api"), ("le", le)],
                    values: counter(perMinute)))
        }
        return all
    }

    /// The same past as OpenMetrics text with absolute times, for promtool's backfill.
    static func openMetrics(_ series: [Series], start: Double) -> String {
        var lines: [String] = []
        var typed: Set<String> = []
        for one in series {
            if typed.insert(one.name).inserted {
                // PromQL does not look at types; a gauge family's samples carry its name as it is.
                lines.append("# TYPE \(one.name) gauge")
            }
            for (minute, value) in one.values.enumerated() {
                lines.append("\(one.selector) \(value) \(Int(start) + minute * 60)")
            }
        }
        // Metric families must be contiguous: the series above are grouped by name already.
        return lines.joined(separator: "\n") + "\n# EOF\n"
    }

    /// Runs `body` with a Prometheus holding the past, which began `start` (a whole minute, 2 h ago).
    static func withPast<T>(_ body: (PrometheusServer, Double) async throws -> T) async throws -> T {
        let start = ((Date().timeIntervalSince1970 - 7200) / 60).rounded(.down) * 60
        let prometheus = try await PrometheusServer.start(
            config: "global:\n  scrape_interval: 15s\n  evaluation_interval: 15s\n",
            backfill: openMetrics(series(), start: start))
        do {
            let result = try await body(prometheus, start)
            await prometheus.stopAsync()
            return result
        } catch {
            await prometheus.stopAsync()
            throw error
        }
    }

    /// The end of a plateau, when every rate window and every `for: 5m` lies inside it.
    static func plateauEnd(_ index: Int) -> Int { index * plateauMinutes + plateauMinutes - 1 }

    @Test func checkAtTheRulesAndTheBoardAgreeWithThePast() async throws {
        try await Self.withPast { prometheus, start in
            // 1. `check --at` at the end of each plateau sees what was there, boundaries included.
            var seen: [[String]] = []
            for index in 0..<Self.plateaus {
                let at = start + Double(Self.plateauEnd(index) * 60)
                let run = try await AndonProcess.run([
                    "check", "--json", "--at", String(Int(at)), "--prometheus", prometheus.url,
                ])
                let report = try CheckJSON(run.stdout)
                #expect(report.root["evaluated_at"] as? String == RFC3339.format(at))
                seen.append(report.statuses)
                #expect(
                    report.statuses == Array(repeating: Self.expected[index].rawValue, count: 6),
                    "plateau \(index): \(run.stdout)")
            }

            // 2. The generated rules pass promtool's check, and fire exactly where the board was yellow and red.
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-rules-\(UUID())")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let rules = try await AndonProcess.run(["rules", "--for", "5m"])
            #expect(rules.status == 0, "\(rules.stderr)")
            let rulesFile = directory.appendingPathComponent("andon-rules.yml")
            try rules.stdout.write(to: rulesFile, atomically: true, encoding: .utf8)
            let checked = try await CleanProcess.run(
                try executable("promtool"), ["check", "rules", rulesFile.path], limit: 60)
            #expect(checked.status == 0, "promtool check rules: \(checked.stdout) \(checked.stderr)")
            #expect(checked.stdout.contains("SUCCESS: 12 rules found"), "\(checked.stdout)")

            // promtool compares annotations too, and the summary's `$value` is formatted by Go templates; the firing
            // is what is tested here, so the test's copy leaves the annotations out (their templates are checked
            // above by `promtool check rules`).
            let document = try #require(try Yams.load(yaml: rules.stdout) as? [String: Any])
            var groups = try #require(document["groups"] as? [[String: Any]])
            var ruleList = try #require(groups[0]["rules"] as? [[String: Any]])
            for index in ruleList.indices { ruleList[index]["annotations"] = nil }
            groups[0]["rules"] = ruleList
            let bare = directory.appendingPathComponent("bare-rules.yml")
            try Yams.dump(object: ["groups": groups]).write(to: bare, atomically: true, encoding: .utf8)

            var alertTests: [String] = []
            for index in 0..<Self.plateaus {
                for (column, id) in PrincipleID.allCases.enumerated() {
                    let status = seen[index][column]
                    for (name, severity, colour) in [
                        (AlertRules.warningName(id), "warning", "yellow"),
                        (AlertRules.criticalName(id), "critical", "red"),
                    ] {
                        let firing =
                            status == colour
                            ? "\n          - exp_labels: {severity: \(severity), principle: \(id.rawValue)}" : " []"
                        alertTests.append(
                            "      - eval_time: \(Self.plateauEnd(index))m\n        alertname: \(name)\n"
                                + "        exp_alerts:\(firing)")
                    }
                }
            }
            let inputs = Self.series().map { one in
                "      - series: '\(one.selector)'\n        values: '"
                    + one.values.map { String($0) }.joined(separator: " ") + "'"
            }
            let unitTest = """
                rule_files:
                  - \(bare.path)
                evaluation_interval: 1m
                tests:
                  - interval: 1m
                    input_series:
                \(inputs.joined(separator: "\n"))
                    alert_rule_test:
                \(alertTests.joined(separator: "\n"))

                """
            let testFile = directory.appendingPathComponent("rule-tests.yml")
            try unitTest.write(to: testFile, atomically: true, encoding: .utf8)
            let tested = try await CleanProcess.run(
                try executable("promtool"), ["test", "rules", testFile.path], limit: 120)
            #expect(tested.status == 0, "promtool test rules:\n\(tested.stdout)\n\(tested.stderr)")
            // Every rule was expected both silent and firing somewhere, so a rule that never fires cannot pass.
            for id in PrincipleID.allCases {
                let column = PrincipleID.allCases.firstIndex(of: id)!
                #expect(Set(seen.map { $0[column] }) == ["green", "yellow", "red"])
            }
        }
    }

    /// The status history of a drill-down and the tile's "red for" over the last hour of the past, in
    /// `snapshot --at`, and the board moving through it with `[`, `]` and `.`.
    @Test func theBoardsHistoryAgreesWithThePast() async throws {
        try await Self.withPast { prometheus, start in
            // The end of the past: minute 90 (the last sample, minute 89, is still the value there).
            let end = start + 90 * 60
            func clock(_ minute: Int) -> String {
                let seconds = Int(start) + minute * 60
                let minutes = seconds / 60 % (24 * 60)
                return String(format: "%02d:%02d", minutes / 60, minutes % 60)
            }
            let drill = try await AndonProcess.run(
                [
                    "snapshot", "--at", String(Int(end)), "--range", "1h", "--principle", "kanban", "--width", "160",
                    "--prometheus", prometheus.url,
                ], environment: ["TZ": "UTC", "LANG": "C.UTF-8"])
            #expect(drill.stdout.contains("HISTORY — as of \(RFC3339.format(end))"), "\(drill.stdout)")
            // Over 1 h ending at minute 90: red (from before the range), yellow from 45, green from 60, red from 75.
            #expect(
                drill.stdout.contains(
                    "CRIT 15m from \(clock(75)) · OK 15m from \(clock(60)) · WARN 15m from \(clock(45)) · CRIT >15m"),
                "\(drill.stdout)")
            #expect(drill.status == 2)
            let overview = try await AndonProcess.run(
                [
                    "snapshot", "--at", String(Int(end)), "--range", "1h", "--width", "160", "--prometheus",
                    prometheus.url,
                ],
                environment: ["TZ": "UTC", "LANG": "C.UTF-8"])
            // The four principles read from gauges turned red at minute 75 exactly (the two read from rates a
            // step later, when the new slope enters their 5-minute window).
            #expect(overview.stdout.components(separatedBy: "red for 15m").count - 1 >= 4, "\(overview.stdout)")

            // The board, started in the past: the banner, `[` one step back (15 min: green), `]` forward, `.` live.
            let session = try await TmuxSession(
                command:
                    "\(AndonProcess.path) --prometheus \(prometheus.url) --refresh 1 --range 1h --at \(Int(end) - 60)",
                width: 160, height: 48, environment: ["LANG": "C.UTF-8", "TZ": "UTC"])
            defer { session.kill() }
            let past = try await session.waitFor(timeout: 30) { $0.contains("red for 14m") }
            #expect(past.contains("HISTORY — as of \(RFC3339.format(end - 60))"))
            try await session.send("[")
            let earlier = try await session.waitFor(timeout: 30) {
                $0.contains("HISTORY — as of \(RFC3339.format(end - 60 - 900))") && $0.contains("green for 14m")
            }
            #expect(!earlier.contains("✗ CRIT"), "\(earlier)")
            try await session.send("]")
            try await session.waitFor(timeout: 30) {
                $0.contains("HISTORY — as of \(RFC3339.format(end - 60))") && $0.contains("red for 14m")
            }
            try await session.send(".")
            // Live: the past ended half an hour ago, so there is nothing to see now, and no banner.
            let live = try await session.waitFor(timeout: 30) {
                !$0.contains("HISTORY") && $0.components(separatedBy: "NO DATA").count - 1 >= 6
            }
            #expect(!live.contains("✓ OK"))
            try await session.send("q")
        }
    }

    /// The Kanban tile's chart on the board in tmux, over the last hour of the past: the line crosses the drawn red
    /// threshold where the past did. Where it is red the chart is filled above the threshold, so on the row above
    /// the threshold's the first filled column is the crossing (499 → 3,000 at minute 75); its column is checked
    /// against the timestamps of Prometheus' own answer to the headline's range query.
    @Test func theChartCrossesItsThresholdWhereThePastDid() async throws {
        try await Self.withPast { prometheus, start in
            let end = start + 90 * 60
            let session = try await TmuxSession(
                command:
                    "\(AndonProcess.path) --prometheus \(prometheus.url) --refresh 1 --range 1h --at \(Int(end))",
                width: 160, height: 48, environment: ["LANG": "C.UTF-8", "TZ": "UTC"])
            defer { session.kill() }
            // The red threshold's label, and its dotted line right of it (braille: U+2800 to U+28FF).
            func thresholdColumn(_ row: [Character], in columns: Range<Int>) -> Int? {
                columns.first { index in
                    index + 6 < columns.upperBound && String(row[index..<index + 6]) == "1,000 "
                        && (row[index + 6].unicodeScalars.first.map { (0x2800...0x28FF).contains($0.value) } ?? false)
                }
            }
            let screen = try await session.waitFor(timeout: 30) { pane in
                pane.contains("red for 15m")
                    && pane.split(separator: "\n").contains {
                        thresholdColumn(Array(String($0)), in: 0..<$0.count) != nil
                    }
            }
            let rows = screen.split(separator: "\n", omittingEmptySubsequences: false).map { Array(String($0)) }
            // The Kanban tile: its frame's columns, and the row of its red threshold ("1,000" on the y-axis).
            let top = try #require(rows.firstIndex { String($0).contains("┌ Kanban") }, "\(screen)")
            let left = try #require(rows[top].indices.first { String(rows[top][$0...]).hasPrefix("┌ Kanban") })
            let right = try #require(rows[top].indices.first { $0 > left && rows[top][$0] == "┐" })
            let thresholdRow = try #require(
                rows.indices.first { $0 > top && thresholdColumn(rows[$0], in: left..<right) != nil }, "\(screen)")
            let plotX = thresholdColumn(rows[thresholdRow], in: left..<right)! + 6
            let plotLast = right - 2  // the chart ends a column inside the frame's inner edge
            let plotWidth = plotLast - plotX + 1
            // Above the threshold: blank while the past was at or under it, filled from the crossing on.
            let above = rows[thresholdRow - 1]
            let filled = (plotX...plotLast).filter { above[$0] != " " && above[$0] != "⠀" }
            let shown = try #require(filled.first, "\(screen)")
            #expect(filled.last == plotLast || filled.last == plotLast - 1, "\(screen)")
            // Prometheus' own answer: the first sample over 1,000 in the last half hour, at the board's step.
            let answer = try await CleanProcess.run(
                try executable("curl"),
                [
                    "-sf", "\(prometheus.url)/api/v1/query_range", "--data-urlencode",
                    "query=\(PrincipleSpec.standard(.kanban).query)", "--data-urlencode", "start=\(Int(end) - 3600)",
                    "--data-urlencode", "end=\(Int(end))", "--data-urlencode", "step=5",
                ], limit: 10)
            let root = try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any]
            let result = ((root?["data"] as? [String: Any])?["result"] as? [[String: Any]])?.first
            let values = (result?["values"] as? [[Any]] ?? []).compactMap { pair -> (Double, Double)? in
                guard let time = pair.first as? Double, let text = pair.last as? String, let value = Double(text)
                else { return nil }
                return (time, value)
            }
            let crossing = try #require(
                values.first { $0.0 >= end - 1800 && $0.1 > 1000 }?.0, "\(answer.stdout.prefix(300))")
            #expect(abs(crossing - (start + 75 * 60)) <= 5, "the past crosses at minute 75")
            // The column of that time on the chart: the window is the hour ending at --at.
            let expected = plotX + Int(((crossing - (end - 3600)) / 3600 * Double(plotWidth * 2)).rounded(.down)) / 2
            #expect(abs(shown - expected) <= 1, "crossing drawn at column \(shown), expected \(expected)\n\(screen)")
            try await session.send("q")
        }
    }
}
