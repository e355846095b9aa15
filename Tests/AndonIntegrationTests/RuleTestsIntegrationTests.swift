import AndonTestSupport
import Foundation
import Testing

/// `andon rules --tests` (issue 21): promtool's own unit tests prove that the generated rules fire exactly where
/// the board turns yellow and red, for the built-in profile and for changed thresholds; tests of one board
/// against the rules of another fail, so the tests can fail.
@Suite(
    "andon rules --tests with promtool",
    .enabled(if: Sanitizers.normalPassOnly, "promtool's tests of our rules: nothing of andon's runs"))
struct RuleTestsIntegrationTests {
    /// Thresholds other than the built-in profile's, some on the other side of a default.
    static let changed = """
        principles:
          jidoka: {green: "<= 10", red: "> 50"}
          kanban: {green: "< 100", red: ">= 250"}
          andon: {green: "< 2", red: "> 5"}
          kaizen: {green: ">= 99", red: "< 97.5"}
          heijunka: {green: "< 50", red: "> 60"}
          tracing: {green: "< 0.25", red: "> 1.5"}
        """

    /// Writes `andon rules` (with `rules`' arguments) and `andon rules --tests` (with `tests`') into a folder and
    /// runs `promtool test rules` on the tests.
    static func promtool(rules: [String], tests: [String]) async throws -> (status: Int32, output: String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-rule-tests-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = directory.appendingPathComponent("changed.yaml")
        try Self.changed.write(to: config, atomically: true, encoding: .utf8)
        func arguments(_ list: [String]) -> [String] { list.map { $0 == "CHANGED" ? config.path : $0 } }
        let generated = try await AndonProcess.run(["rules"] + arguments(rules))
        #expect(generated.status == 0, "\(generated.stderr)")
        try generated.stdout.write(
            to: directory.appendingPathComponent("andon-rules.yml"), atomically: true, encoding: .utf8)
        let written = try await AndonProcess.run(["rules", "--tests"] + arguments(tests))
        #expect(written.status == 0 && written.stderr.isEmpty, "\(written.stderr)")
        let testFile = directory.appendingPathComponent("andon-rules-test.yml")
        try written.stdout.write(to: testFile, atomically: true, encoding: .utf8)
        let run = try await CleanProcess.run(try executable("promtool"), ["test", "rules", testFile.path], limit: 120)
        return (run.status, run.stdout + run.stderr)
    }

    @Test(arguments: [[String](), ["--config", "CHANGED"], ["--config", "CHANGED", "--for", "2m"]])
    func theTestsPassAgainstTheRules(arguments: [String]) async throws {
        let (status, output) = try await Self.promtool(rules: arguments, tests: arguments)
        #expect(status == 0 && output.contains("SUCCESS"), "\(output)")
    }

    /// The tests of the changed thresholds against the built-in rules: the alerts fire elsewhere, and promtool
    /// says where.
    @Test func theTestsOfOtherThresholdsFail() async throws {
        let (status, output) = try await Self.promtool(rules: [], tests: ["--config", "CHANGED"])
        #expect(status != 0, "\(output)")
        #expect(output.contains("FAILED") && output.contains("AndonKanban"), "\(output)")
    }

    /// A profile of other metrics: its principles have no test inputs, and andon says so.
    @Test func aForeignProfileIsNotCovered() async throws {
        let run = try await AndonProcess.run(["rules", "--tests", "--profile", "rabbitmq"])
        #expect(run.status == 0)
        #expect(run.stderr.contains("no test inputs for") && run.stderr.contains("kanban"), "\(run.stderr)")
        #expect(run.stdout.contains("# Not covered"))
    }
}
