import AndonTestSupport
import Foundation
import Testing

/// The board's figures are Prometheus' own: each principle `check --json` reports has the value Prometheus gives,
/// at the same instant, to the headline query `andon queries --json` lists for it.
enum HeadlineOracle {
    /// An instant every headline has data at, with two more scrapes after it: every sample stamped before it (a
    /// scrape is stamped when it starts) is stored before andon and curl ask. Whole seconds, as `--at` takes them.
    static func settledInstant(_ prometheus: PrometheusServer) async throws -> String {
        try await prometheus.waitForScrapes(2)
        let at = String(Int(Date().timeIntervalSince1970))
        try await prometheus.waitForScrapes(2)
        return at
    }

    /// The headline queries `andon queries --json` lists (with `profile`, else as detected now), by principle.
    static func headlines(_ prometheus: PrometheusServer, profile: String? = nil) async throws -> [String: String] {
        let listed = try await AndonProcess.run(
            ["queries", "--json", "--prometheus", prometheus.url] + (profile.map { ["--profile", $0] } ?? []))
        let parsed = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
        let queries = try #require(parsed, "\(listed.stdout) \(listed.stderr)")
        var headlines: [String: String] = [:]
        for query in queries where query["panel"] as? String == "headline" {
            if let id = query["principle"] as? String, let text = query["query"] as? String { headlines[id] = text }
        }
        return headlines
    }

    /// Waits until every headline has data (a rate has its two samples).
    static func waitForHeadlines(_ prometheus: PrometheusServer, profile: String? = nil) async throws {
        for query in try await headlines(prometheus, profile: profile).values {
            try await prometheus.waitForData(query)
        }
    }

    /// Every principle of `json` (a `check --json --at at` answer) against Prometheus' answer to its headline
    /// query, as `andon queries --json` lists it (with `profile` when one was chosen, else as detected).
    static func expectAgreement(
        _ json: CheckJSON, prometheus: PrometheusServer, at: String, profile: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let headlines = try await headlines(prometheus, profile: profile)
        #expect(!json.principles.isEmpty, sourceLocation: sourceLocation)
        for principle in json.principles {
            let id = try #require(principle["id"] as? String, sourceLocation: sourceLocation)
            let query = try #require(headlines[id], "no headline query for \(id)", sourceLocation: sourceLocation)
            let expected = try await Oracle.value(prometheus.url, query, at: Double(at)!)
            let value = principle["value"] as? Double
            #expect(value != nil && expected != nil, "\(id): \(query) \(principle)", sourceLocation: sourceLocation)
            if let value, let expected {
                #expect(
                    abs(value - expected) <= 1e-9 * max(1, abs(expected)), "\(id): \(value) against \(expected)",
                    sourceLocation: sourceLocation)
            }
        }
    }
}
