import AndonCore
import Foundation

/// Runs `body` with a real Prometheus scraping a test exporter that serves `plant`, after waiting for every
/// series `readyQueries` names; stops both whatever happens.
public func withPlant<T>(
    _ plant: Plant, ruleFiles: [String] = [], readyQueries: [String] = [],
    _ body: (PrometheusServer, TestExporter) async throws -> T
) async throws -> T {
    let exporter = try await TestExporter.start(plant)
    let prometheus: PrometheusServer
    do {
        prometheus = try await PrometheusServer.start(targets: [exporter.target], ruleFiles: ruleFiles)
    } catch {
        await exporter.stop()
        throw error
    }
    do {
        for query in readyQueries { try await prometheus.waitForData(query) }
        let result = try await body(prometheus, exporter)
        await prometheus.stopAsync()
        await exporter.stop()
        return result
    } catch {
        await prometheus.stopAsync()
        await exporter.stop()
        throw error
    }
}

/// Runs `body` with andon-sim in `scenario` and Prometheus loading the shipped config and rules.
/// With `alertmanager`, Prometheus sends its alerts there (and resends them every second, not every minute).
public func withSimulatedPlant<T>(
    _ scenario: String, alertmanager: AlertmanagerServer? = nil,
    _ body: (PrometheusServer, SimProcess) async throws -> T
) async throws -> T {
    let sim = try await SimProcess.start(scenario: scenario)
    do {
        let result = try await withPrometheus(for: sim, alertmanager: alertmanager, body)
        await sim.stopAsync()
        return result
    } catch {
        await sim.stopAsync()
        throw error
    }
}

/// The shipped Prometheus configuration and rules (alerts' `for:` shortened) scraping `sim`.
func withPrometheus<T>(
    for sim: SimProcess, alertmanager: AlertmanagerServer? = nil,
    _ body: (PrometheusServer, SimProcess) async throws -> T
) async throws -> T {
    let rules = FileManager.default.temporaryDirectory.appendingPathComponent("andon-rules-\(UUID())")
    try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: rules) }
    let shipped = try String(contentsOf: Repository.file("prometheus/alert-rules.yml"), encoding: .utf8)
    let fast = shipped.replacing(/for: \d+m/, with: "for: 4s")
    guard fast != shipped else { throw TestHarnessError("the shipped alert rules have no `for: Nm`") }
    try fast.write(to: rules.appendingPathComponent("alert-rules.yml"), atomically: true, encoding: .utf8)
    try FileManager.default.copyItem(
        at: Repository.file("prometheus/recording-rules.yml"),
        to: rules.appendingPathComponent("recording-rules.yml"))
    let config = try String(contentsOf: Repository.file("prometheus/prometheus.yml"), encoding: .utf8)
        .replacingOccurrences(of: "127.0.0.1:9464", with: sim.target)
        // Every second (every 3 s under a sanitizer: an instrumented simulator misses 1 s scrapes when loaded, and a
        // failed scrape makes every series stale).
        .replacingOccurrences(of: "interval: 5s", with: "interval: \(PrometheusServer.testScrapeInterval)")
        .replacingOccurrences(of: "  - alert-rules.yml", with: "  - \(rules.path)/alert-rules.yml")
        .replacingOccurrences(of: "  - recording-rules.yml", with: "  - \(rules.path)/recording-rules.yml")
    let alerting =
        alertmanager.map {
            "\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ['127.0.0.1:\($0.port)']\n"
        } ?? ""
    let prometheus = try await PrometheusServer.start(
        config: config + alerting, extraFlags: alertmanager == nil ? [] : ["--rules.alert.resend-delay=1s"])
    do {
        try await prometheus.waitForData("sum(rate(tps_andon_requests_total[5m])) > 0")
        try await prometheus.waitForData("sum(rate(tps_tracing_duration_seconds_bucket[5m])) > 0")
        let result = try await body(prometheus, sim)
        await prometheus.stopAsync()
        return result
    } catch {
        await prometheus.stopAsync()
        throw error
    }
}

/// An oracle independent of andon's own client: the `curl` program and Foundation's JSON parser.
public enum Oracle {
    /// The single value of an instant query, or nil if the result is empty; NaN stays NaN.
    public static func value(_ prometheus: String, _ query: String, at time: Double? = nil) async throws -> Double? {
        guard let root = try await ask(prometheus, "query", query, at: time),
            let payload = root["data"] as? [String: Any], let result = payload["result"] as? [[String: Any]]
        else { throw TestHarnessError("curl could not query \(prometheus) for \(query)") }
        guard let first = result.first, let pair = first["value"] as? [Any], let text = pair[1] as? String else {
            return nil
        }
        return text == "NaN" ? .nan : Double(text.replacingOccurrences(of: "+Inf", with: "inf"))
    }

    /// The query as Prometheus parsed it, printed back in its canonical form (`/api/v1/format_query`): what
    /// Prometheus would evaluate.
    public static func formatted(_ prometheus: String, _ query: String) async throws -> String {
        guard let root = try await ask(prometheus, "format_query", query), let text = root["data"] as? String else {
            throw TestHarnessError("Prometheus could not format \(query)")
        }
        return text
    }

    /// Prometheus' JSON answer of `/api/v1/ENDPOINT` for `query`, by curl (not the code under test); nil when curl
    /// fails.
    static func ask(_ prometheus: String, _ endpoint: String, _ query: String, at time: Double? = nil) async throws
        -> [String: Any]?
    {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("andon-oracle-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = try CleanProcess(
            try executable("curl"),
            ["-sf", "--max-time", "10", "\(prometheus)/api/v1/\(endpoint)", "--data-urlencode", "query=\(query)"]
                + (time.map { ["--data-urlencode", "time=\(NumberText.fixed($0, decimals: 3))"] } ?? []),
            stdout: output)
        let status = try await process.wait(limit: 20, what: "curl \(endpoint) \(query)")
        let data = FileManager.default.contents(atPath: output) ?? Data()
        guard status == 0 else { return nil }
        return try JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}

/// Parses `andon check --json` output.
public struct CheckJSON {
    public var status: String
    public var principles: [[String: Any]]
    public var alerts: [[String: Any]]
    public var root: [String: Any]

    public init(_ text: String) throws {
        guard let root = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
            let status = root["status"] as? String, let principles = root["principles"] as? [[String: Any]],
            let alerts = root["alerts"] as? [[String: Any]]
        else { throw TestHarnessError("not the check JSON: \(text.prefix(300))") }
        self.root = root
        self.status = status
        self.principles = principles
        self.alerts = alerts
    }

    public var statuses: [String] { principles.map { $0["status"] as? String ?? "?" } }
    public var values: [Double?] { principles.map { $0["value"] as? Double } }
    public var ids: [String] { principles.map { $0["id"] as? String ?? "?" } }
}
