import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// `andon gate` against a real Prometheus holding a known past (backfilled): a green line ships, a line whose SLO
/// has 20 % of its budget left warns, a line burning its budget at a page's rate and a red line stop, and a line
/// that cannot be seen stops, unless the policy says it ships.
@Suite("the deploy gate against a real Prometheus")
struct GateIntegrationTests {
    /// Each case's series: the deepest queue, and the SLO's error ratio over each window.
    static let cases: [(name: String, depth: Double, ratios: [String: Double])] = [
        ("green", 10, ["30d": 0.00028, "3d": 0.0005, "6h": 0.0005, "1h": 0.0005, "30m": 0.0005, "5m": 0.0005]),
        ("low", 10, ["30d": 0.0008, "3d": 0.0005, "6h": 0.0005, "1h": 0.0005, "30m": 0.0005, "5m": 0.0005]),
        ("burning", 10, ["30d": 0.00028, "3d": 0.0005, "6h": 0.0005, "1h": 0.02, "30m": 0.0005, "5m": 0.03]),
        ("red", 1500, ["30d": 0.00028, "3d": 0.0005, "6h": 0.0005, "1h": 0.0005, "30m": 0.0005, "5m": 0.0005]),
    ]

    static func profile(_ name: String) -> String {
        """
        name: gate-\(name)
        principles:
          kanban:
            headline: deepest queue
            query: max(depth{case="\(name)"})
            unit: items
            green: "< 500"
            red: "> 1000"
          kaizen:
            headline: worst SLO attainment
            query: 100 * (1 - max(slo_ratio{case="\(name)",window="30d"}))
            unit: percent
            green: "> 99"
            red: "< 95"
            budget:
              label: slo
              errors: max by (slo) (slo_ratio{case="\(name)",window="{window}"})
              objective: 99.9
              window: 30d

        """
    }

    @Test func shipWarnStopAndBlind() async throws {
        let now = Int(Date().timeIntervalSince1970)
        var depth: [String] = []
        var ratio: [String] = []
        for time in stride(from: now - 600, through: now - 5, by: 15) {
            for one in Self.cases {
                depth.append("depth{case=\"\(one.name)\"} \(one.depth) \(time)")
                for (window, value) in one.ratios.sorted(by: { $0.key < $1.key }) {
                    ratio.append(
                        "slo_ratio{case=\"\(one.name)\",slo=\"checkout\",window=\"\(window)\"} \(value) \(time)")
                }
            }
        }
        let prometheus = try await PrometheusServer.start(
            config: "global:\n  scrape_interval: 15s\n",
            backfill: (["# TYPE depth gauge"] + depth + ["# TYPE slo_ratio gauge"] + ratio).joined(separator: "\n")
                + "\n# EOF\n")
        defer { prometheus.stop() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-gate-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        func config(_ name: String, url: String) throws -> String {
            let profile = directory.appendingPathComponent("\(name).profile.yaml").path
            try Self.profile(name).write(toFile: profile, atomically: true, encoding: .utf8)
            let path = directory.appendingPathComponent("\(name).yaml").path
            try "profile: \(profile)\nprometheus: {url: \"\(url)\"}\n".write(
                toFile: path, atomically: true, encoding: .utf8)
            return path
        }
        func gate(_ name: String, url: String? = nil, _ extra: [String] = []) async throws -> (Int32, String) {
            let run = try await AndonProcess.run(
                ["gate", "--config", try config(name, url: url ?? prometheus.url)] + extra)
            #expect(run.stderr.isEmpty, "\(run.stderr)")
            return (run.status, run.stdout)
        }

        #expect(
            try await gate("green") == (0, "andon gate: SHIP - every principle green, every budget above its levels\n"))
        #expect(
            try await gate("low")
                == (1, "andon gate: WARN - SLO checkout has 20 % of its budget left (< 25 %)\n"))
        #expect(
            try await gate("burning")
                == (2, "andon gate: STOP - SLO checkout burns its budget over 1h and 5m (page)\n"))
        #expect(try await gate("red") == (2, "andon gate: STOP - Kanban red\n"))
        let closed = "http://127.0.0.1:\(try freePort())"
        let (status, text) = try await gate("blind", url: closed)
        #expect(status == 2 && text.hasPrefix("andon gate: STOP - cannot see: Kanban, Kaizen unknown ("), "\(text)")

        // JSON, and a policy that ships what it cannot see and stops below 25 %.
        let json = try await gate("low", ["--json"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.1.utf8)) as? [String: Any])
        #expect(root["decision"] as? String == "warn" && json.0 == 1)
        #expect(root["reasons"] as? [String] == ["SLO checkout has 20 % of its budget left (< 25 %)"])
        let policy = directory.appendingPathComponent("policy.yaml").path
        try "stop:\n  budget_below: 25%\nunknown: ship\n".write(toFile: policy, atomically: true, encoding: .utf8)
        #expect(try await gate("low", ["--policy", policy]).0 == 2)
        let shipped = try await gate("blind", url: closed, ["--policy", policy])
        #expect(shipped.0 == 0 && shipped.1.contains("SHIP - cannot see: "), "\(shipped.1)")
        // A policy that is wrong names its file, line and key.
        try "warn:\n  burn: sometimes\n".write(toFile: policy, atomically: true, encoding: .utf8)
        let wrong = try await AndonProcess.run([
            "gate", "--config", try config("green", url: prometheus.url), "--policy", policy,
        ])
        #expect(wrong.status == 78 && wrong.stderr.contains("policy.yaml:2:"), "\(wrong.stderr)")
        #expect(wrong.stderr.contains("warn.burn: expected one of page, ticket"), "\(wrong.stderr)")
    }
}
