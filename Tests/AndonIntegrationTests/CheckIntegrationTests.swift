import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// `andon check` against a real Prometheus scraping a test exporter.
@Suite(
    "check against a real Prometheus",
    .enabled(
        if: Sanitizers.cover(.address), "check's decoding of a real Prometheus' answers: no thread of ours to race"))
struct CheckIntegrationTests {
    static let ready = [
        "sum(rate(tps_andon_requests_total[5m]))",
        "sum(rate(tps_tracing_duration_seconds_bucket[5m]))",
    ]

    static let cases: [(String, Plants.Figures, String, Int32)] = [
        ("green", Plants.green, "green", 0),
        ("yellow at the lower boundaries", Plants.yellowLow, "yellow", 1),
        ("yellow at the upper boundaries", Plants.yellowHigh, "yellow", 1),
        ("red just past the boundaries", Plants.red, "red", 2),
    ]

    @Test(arguments: cases)
    func everyHeadlineInEveryStatus(name: String, figures: Plants.Figures, status: String, exit: Int32) async throws {
        try await withPlant(Plants.plant(figures), readyQueries: Self.ready) { prometheus, _ in
            let outcome = try await AndonProcess.run(["check", "--json", "--prometheus", prometheus.url])
            #expect(outcome.status == exit, "\(name): \(outcome.stdout) \(outcome.stderr)")
            let json = try CheckJSON(outcome.stdout)
            #expect(json.status == status)
            #expect(json.ids == PrincipleID.allCases.map(\.rawValue))
            #expect(json.statuses == Array(repeating: status, count: 6), "\(name)")
            let expected = Plants.expected(figures)
            for (index, id) in PrincipleID.allCases.enumerated() {
                let value = try #require(json.values[index], "\(id) has no value")
                #expect(close(value, expected[index]), "\(name): \(id) = \(value), expected \(expected[index])")
                // andon agrees with Prometheus itself, asked through curl.
                let oracle = try #require(try await Oracle.value(prometheus.url, PrincipleSpec.standard(id).query))
                #expect(close(value, oracle), "\(name): \(id) = \(value), Prometheus says \(oracle)")
            }
        }
    }

    @Test func textSummaryMatchesJSON() async throws {
        try await withPlant(Plants.plant(Plants.red), readyQueries: Self.ready) { prometheus, _ in
            let outcome = try await AndonProcess.run(
                ["check", "--prometheus", prometheus.url], environment: ["LANG": "C"])
            #expect(outcome.status == 2)
            let lines = outcome.stdout.split(separator: "\n").map(String.init)
            #expect(lines[0].hasPrefix("ANDON CRITICAL - jidoka 40.0% > 30%, "))
            #expect(lines.last!.hasPrefix("Read from \(prometheus.url) at "))
            // Each line: the principle, its value, its status and, where the culprit query names one, the culprit
            // (the same text as the board's tile and `--json`'s "culprit").
            let json = try CheckJSON(
                try await AndonProcess.run(["check", "--json", "--prometheus", prometheus.url]).stdout)
            for (line, index) in [(1, 0), (2, 1), (6, 5)] {
                let culprit = json.principles[index]["culprit"] as? String
                #expect(lines[line].contains("[CRIT]" + (culprit.map { "  " + $0 } ?? "")), "\(lines[line])")
            }
            #expect(lines[1].contains("Jidoka") && lines[1].contains("40.0 %"))
            #expect(lines[2].contains("Kanban") && lines[2].contains("1,001 items"))
            #expect(lines[6].contains("Tracing") && lines[6].contains("7.50 s"))
            #expect(json.principles[1]["culprit"] as? String != nil, "Kanban names its deepest queue")
            #expect(lines[7] == "Alerts: 0 firing, 0 pending")
        }
    }

    /// The metric contract on a plant that exports none of it: every principle unknown, never green. (Without a
    /// profile named, detection would read the targets, all up, from the base profile: `DetectionIntegrationTests`.)
    @Test func emptyPrometheusIsUnknownNeverGreen() async throws {
        try await withPlant(Plant()) { prometheus, _ in
            let outcome = try await AndonProcess.run([
                "check", "--json", "--profile", "tps", "--prometheus", prometheus.url,
            ])
            #expect(outcome.status == 3)
            let json = try CheckJSON(outcome.stdout)
            #expect(json.status == "unknown")
            #expect(json.statuses == Array(repeating: "unknown", count: 6))
            #expect(json.values.allSatisfy { $0 == nil })
            #expect(json.principles.allSatisfy { ($0["reason"] as? String)?.contains("no series") == true })
        }
    }

    /// No error has happened yet, so `tps_andon_errors_total` has no series: the error rate is 0 (green), not
    /// unknown. An SLO gauge that is NaN is unknown, not green.
    @Test func neverIncrementedCounterAndNaN() async throws {
        var plant = Plants.plant(Plants.green)
        plant.counters.removeAll { $0.name == "tps_andon_errors_total" }
        plant.gauges.removeAll { $0.name == "tps_kaizen_slo_attainment" }
        plant.gauges.append(.init("tps_kaizen_slo_attainment", ["slo_name": "checkout"], .nan))
        try await withPlant(plant, readyQueries: Self.ready) { prometheus, _ in
            #expect(try await Oracle.value(prometheus.url, "tps_andon_errors_total") == nil)
            let outcome = try await AndonProcess.run(["check", "--json", "--prometheus", prometheus.url])
            let json = try CheckJSON(outcome.stdout)
            #expect(json.principles[2]["status"] as? String == "green")
            #expect(json.values[2] == 0)
            #expect(json.principles[3]["status"] as? String == "unknown")
            #expect(json.values[3] == nil)
            #expect((json.principles[3]["reason"] as? String)?.contains("NaN") == true)
            #expect(json.status == "unknown")
            #expect(outcome.status == 3)
        }
    }

    /// No traffic at all: the error rate is 0/0, which is not "no errors" but "cannot tell".
    @Test func noTrafficIsUnknown() async throws {
        var plant = Plants.plant(Plants.green)
        plant.counters.removeAll { $0.name.hasPrefix("tps_andon_") }
        plant.gauges.append(.init("tps_andon_requests_total", ["service": "api"], 42))  // a counter that stands still
        try await withPlant(plant, readyQueries: ["tps_andon_requests_total"]) { prometheus, _ in
            try await prometheus.waitForScrapes(2)  // so rate() is defined and 0
            let outcome = try await AndonProcess.run(["check", "--json", "--prometheus", prometheus.url])
            let json = try CheckJSON(outcome.stdout)
            #expect(json.principles[2]["status"] as? String == "unknown")
            #expect(outcome.status == 3)
        }
    }

    @Test func prometheusDown() async throws {
        let refusing = try RefusingPort()
        defer { refusing.close() }
        let outcome = try await AndonProcess.run(["check", "--json", "--prometheus", refusing.url])
        #expect(outcome.status == 3)
        let json = try CheckJSON(outcome.stdout)
        #expect(json.status == "unknown")
        #expect(json.statuses == Array(repeating: "unknown", count: 6))
        #expect(json.principles.allSatisfy { ($0["reason"] as? String)?.contains("connection refused") == true })
        #expect((json.root["alerts_error"] as? String)?.contains("connection refused") == true)
        let text = try await AndonProcess.run(["check", "--prometheus", refusing.url])
        #expect(text.status == 3)
        #expect(text.stdout.contains("connection refused"))
    }

    @Test func prometheusErrorResponse() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-cfg-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.yaml")
        try "principles:\n  kanban:\n    query: max(tps_kanban_queue_depth\n".write(
            to: config, atomically: true, encoding: .utf8)
        try await withPlant(Plants.plant(Plants.green), readyQueries: Self.ready) { prometheus, _ in
            let outcome = try await AndonProcess.run(
                ["check", "--json", "--config", config.path, "--prometheus", prometheus.url])
            #expect(outcome.status == 3)
            let json = try CheckJSON(outcome.stdout)
            #expect(json.principles[1]["status"] as? String == "unknown")
            let reason = try #require(json.principles[1]["reason"] as? String)
            #expect(reason.contains("bad_data") && reason.contains("parse error"), "\(reason)")
            // The bad query blinds only its own principle: the other five still have values and statuses.
            for index in PrincipleID.allCases.indices where index != 1 {
                #expect(json.statuses[index] != "unknown" && json.values[index] != nil, "\(json.statuses)")
            }
        }
    }

    @Test func badConfigExits78NamingFileLineAndKey() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-cfg-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("config.yaml")
        try "refresh: 5\nprinciples:\n  muda:\n    query: up\n".write(to: config, atomically: true, encoding: .utf8)
        let outcome = try await AndonProcess.run(["check", "--config", config.path])
        #expect(outcome.status == 78)
        #expect(outcome.stdout.isEmpty)
        #expect(outcome.stderr.contains("\(config.path):3:"))
        #expect(outcome.stderr.contains("principles.muda"))
    }

    func close(_ a: Double, _ b: Double) -> Bool {
        if a == b { return true }
        return abs(a - b) <= 0.001 * max(abs(a), abs(b))
    }
}
