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
        prometheus.stop()
        await exporter.stop()
        return result
    } catch {
        prometheus.stop()
        await exporter.stop()
        throw error
    }
}

/// An oracle independent of andon's own client: the `curl` program and Foundation's JSON parser.
public enum Oracle {
    /// The single value of an instant query, or nil if the result is empty; NaN stays NaN.
    public static func value(_ prometheus: String, _ query: String) throws -> Double? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable("curl"))
        process.arguments = [
            "-sf", "--max-time", "10", "\(prometheus)/api/v1/query", "--data-urlencode", "query=\(query)",
        ]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let payload = root["data"] as? [String: Any], let result = payload["result"] as? [[String: Any]]
        else { throw TestHarnessError("curl could not query \(prometheus) for \(query)") }
        guard let first = result.first, let pair = first["value"] as? [Any], let text = pair[1] as? String else {
            return nil
        }
        return text == "NaN" ? .nan : Double(text.replacingOccurrences(of: "+Inf", with: "inf"))
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
