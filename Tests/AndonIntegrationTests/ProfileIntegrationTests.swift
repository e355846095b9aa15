import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// A profile for metrics that are not the contract's, and a variable that scopes the board to one line of a
/// Prometheus shared by two: against a real Prometheus scraping a test exporter.
@Suite(
    "profiles and variables against a real Prometheus",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct ProfileIntegrationTests {
    /// Two lines under names no andon contract knows: line 1 is in trouble (queue alpha 1,500 deep), line 2 is
    /// not (queue beta 42).
    static let plant = Plant(gauges: [
        .init("plant_breaker_open", ["line": "1", "breaker": "left"], 1),
        .init("plant_breaker_open", ["line": "1", "breaker": "right"], 0),
        .init("plant_breaker_open", ["line": "2", "breaker": "upper"], 0),
        .init("plant_breaker_open", ["line": "2", "breaker": "lower"], 0),
        .init("plant_queue_ready", ["line": "1", "queue": "alpha"], 1500),
        .init("plant_queue_ready", ["line": "1", "queue": "alpha-dlq"], 7),
        .init("plant_queue_ready", ["line": "2", "queue": "beta"], 42),
        .init("plant_queue_ready", ["line": "2", "queue": "beta-dlq"], 3),
        .init("plant_error_percent", ["line": "1"], 12.5),
        .init("plant_error_percent", ["line": "2"], 0.25),
        .init("plant_slo_percent", ["line": "1", "slo": "checkout"], 80),
        .init("plant_slo_percent", ["line": "2", "slo": "search"], 99.5),
        .init("plant_pool_percent", ["line": "1", "pool": "p1"], 95),
        .init("plant_pool_percent", ["line": "2", "pool": "p2"], 40),
        .init("plant_p99_seconds", ["line": "1", "step": "paint"], 9),
        .init("plant_p99_seconds", ["line": "2", "step": "weld"], 0.75),
    ])

    static func principle(
        _ id: String, _ headline: String, _ query: String, unit: String, green: String, red: String, label: String,
        culprit: String
    ) -> String {
        """
          \(id):
            headline: \(headline)
            query: '\(query)'
            unit: \(unit)
            green: "\(green)"
            red: "\(red)"
            culprit:
              query: '\(culprit)'
              label: \(label)
              unit: \(unit)
            alerts: {matchers: ['principle="\(id)"', 'line="$line"']}
            panels:
              - title: \(headline) by \(label)
                query: 'max by (\(label)) (\(query.components(separatedBy: "(").last!.dropLast()))'
                label: \(label)
                unit: \(unit)
                thresholds: headline

        """
    }

    static let profile =
        "name: two-lines\nprinciples:\n"
        + principle(
            "jidoka", "breakers open", #"100 * avg(plant_breaker_open{line="$line"})"#, unit: "percent", green: "== 0",
            red: "> 30", label: "breaker", culprit: #"topk(6, plant_breaker_open{line="$line"} == 1)"#)
        + principle(
            "kanban", "deepest queue", #"max(plant_queue_ready{line="$line"})"#, unit: "items", green: "< 500",
            red: "> 1000", label: "queue", culprit: #"topk(1, max by (queue) (plant_queue_ready{line="$line"}))"#)
        + principle(
            "andon", "error rate", #"max(plant_error_percent{line="$line"})"#, unit: "percent", green: "< 0.5",
            red: "> 1", label: "line", culprit: #"topk(1, plant_error_percent{line="$line"})"#)
        + principle(
            "kaizen", "worst SLO", #"min(plant_slo_percent{line="$line"})"#, unit: "percent", green: "> 95",
            red: "< 90", label: "slo", culprit: #"bottomk(1, plant_slo_percent{line="$line"})"#)
        + principle(
            "heijunka", "pool use", #"avg(plant_pool_percent{line="$line"})"#, unit: "percent", green: "< 70",
            red: "> 85", label: "pool", culprit: #"topk(1, plant_pool_percent{line="$line"})"#)
        + principle(
            "tracing", "P99", #"max(plant_p99_seconds{line="$line"})"#, unit: "seconds", green: "< 3", red: "> 5",
            label: "step", culprit: #"topk(1, plant_p99_seconds{line="$line"})"#)

    static func withProfile(_ body: (PrometheusServer, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "andon-profile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("two-lines.yaml").path
        try profile.write(toFile: file, atomically: true, encoding: .utf8)
        try await withPlant(plant, readyQueries: ["plant_p99_seconds"]) { prometheus, _ in
            try await body(prometheus, file)
        }
    }

    /// `check --var line=2` reports exactly what Prometheus computes for line 2, and nothing of line 1.
    @Test func checkReadsOneLine() async throws {
        try await Self.withProfile { prometheus, file in
            let outcome = try await AndonProcess.run(
                ["check", "--json", "--profile", file, "--var", "line=2", "--prometheus", prometheus.url])
            #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
            let json = try CheckJSON(outcome.stdout)
            #expect(json.statuses == Array(repeating: "green", count: 6), "\(outcome.stdout)")
            let queries = [
                #"100 * avg(plant_breaker_open{line="2"})"#, #"max(plant_queue_ready{line="2"})"#,
                #"max(plant_error_percent{line="2"})"#, #"min(plant_slo_percent{line="2"})"#,
                #"avg(plant_pool_percent{line="2"})"#, #"max(plant_p99_seconds{line="2"})"#,
            ]
            for (index, query) in queries.enumerated() {
                let oracle = try #require(try await Oracle.value(prometheus.url, query))
                #expect(json.values[index] == oracle, "\(query)")
            }
            #expect(json.values[1] == 42)
            #expect(!outcome.stdout.contains("1500") && !outcome.stdout.contains("alpha"))

            let one = try await AndonProcess.run(
                ["check", "--json", "--profile", file, "--var", "line=1", "--prometheus", prometheus.url])
            #expect(one.status == 2)
            #expect(try CheckJSON(one.stdout).values[1] == 1500)
        }
    }

    /// `snapshot` of the Kanban drill-down for line 2 names line 2's queues and culprit, none of line 1's.
    @Test func snapshotShowsOneLine() async throws {
        try await Self.withProfile { prometheus, file in
            let outcome = try await AndonProcess.run([
                "snapshot", "--profile", file, "--var", "line=2", "--principle", "kanban", "--width", "120",
                "--prometheus", prometheus.url,
            ])
            #expect(outcome.status == 0, "\(outcome.stdout) \(outcome.stderr)")
            #expect(outcome.stdout.contains("Kanban · deepest queue"))
            #expect(outcome.stdout.contains("beta: 42 items"), "\(outcome.stdout)")
            #expect(outcome.stdout.contains("beta-dlq"))
            #expect(!outcome.stdout.contains("alpha"), "\(outcome.stdout)")
        }
    }

    /// A hostile value lands inside its string: Prometheus evaluates the same selector, which matches no line,
    /// so every principle is unknown ("no data"), never `vector(1)`'s 1.
    @Test(arguments: [#"2"} or vector(1) or plant_queue_ready{line=""#, "2\"\n} or vector(1) #", #"\"#, #"2\"#])
    func aHostileValueChangesNothing(value: String) async throws {
        try await Self.withProfile { prometheus, file in
            let outcome = try await AndonProcess.run(
                ["check", "--json", "--profile", file, "--var", "line=" + value, "--prometheus", prometheus.url])
            #expect(outcome.status == 3, "\(outcome.stdout) \(outcome.stderr)")
            let json = try CheckJSON(outcome.stdout)
            #expect(json.statuses == Array(repeating: "unknown", count: 6), "\(outcome.stdout)")
            #expect(json.values.allSatisfy { $0 == nil })
            // What Prometheus parses is the query as written with one matcher whose value is exactly the value
            // (printed back by Prometheus as a Go-quoted string): the value changed no part of its structure.
            let queries = try await AndonProcess.run(["queries", "--profile", file, "--var", "line=" + value])
            let kanban = try #require(
                queries.stdout.split(separator: "\n").first { $0.hasPrefix("kanban\theadline\tinstant\t") })
            let parsed = try await Oracle.formatted(prometheus.url, String(kanban.split(separator: "\t")[3]))
            #expect(parsed == "max(plant_queue_ready{line=\(Self.goQuoted(value))})", "\(parsed)")
        }
    }

    /// Text as Go's strconv.Quote writes it, as Prometheus prints a label value.
    static func goQuoted(_ text: String) -> String {
        var out = "\""
        for character in text {
            switch character {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// A variable without a value, and a malformed profile, are configuration errors (78) naming file, line,
    /// column and key.
    @Test func errorsNameTheirPlace() async throws {
        try await Self.withProfile { prometheus, file in
            let missing = try await AndonProcess.run(["check", "--profile", file, "--prometheus", prometheus.url])
            #expect(missing.status == 78)
            #expect(
                missing.stderr.contains("two-lines.yaml: principles.jidoka.query: $line: no value"), "\(missing.stderr)"
            )
            let broken = file.replacingOccurrences(of: "two-lines", with: "broken")
            try Self.profile.replacingOccurrences(of: "unit: items", with: "unit: crates")
                .write(toFile: broken, atomically: true, encoding: .utf8)
            let bad = try await AndonProcess.run(["check", "--profile", broken, "--var", "line=2"])
            #expect(bad.status == 78)
            #expect(bad.stderr.contains("principles.kanban.unit"), "\(bad.stderr)")
            #expect(
                bad.stderr.range(of: #"broken\.yaml:\d+:\d+: "#, options: .regularExpression) != nil, "\(bad.stderr)")
            // YAML that does not parse: its line and column.
            try (Self.profile + "  kanban: [\n").write(toFile: broken, atomically: true, encoding: .utf8)
            let yaml = try await AndonProcess.run(["doctor", "--profile", broken, "--var", "line=2"])
            #expect(yaml.status == 78)
            #expect(
                yaml.stderr.range(of: #"broken\.yaml:\d+:\d+: not valid YAML"#, options: .regularExpression) != nil,
                "\(yaml.stderr)")
        }
    }

    /// A query Prometheus rejects: `doctor` fails (1), naming the principle, the panel and Prometheus' own error
    /// with its position, and where to correct it.
    @Test func doctorNamesTheRejectedQuery() async throws {
        try await Self.withProfile { prometheus, file in
            let rejected = file.replacingOccurrences(of: "two-lines", with: "rejected")
            try Self.profile.replacingOccurrences(
                of: "query: 'max by (queue) (plant_queue_ready{line=\"$line\"})'",
                with: "query: 'max by (queue) (rate(plant_queue_ready{line=\"$line\"}[5m])'"
            ).write(toFile: rejected, atomically: true, encoding: .utf8)
            #expect(try String(contentsOfFile: rejected, encoding: .utf8).contains("[5m])'"))
            let outcome = try await AndonProcess.run(
                ["doctor", "--profile", rejected, "--var", "line=2", "--prometheus", prometheus.url])
            #expect(outcome.status == 1, "\(outcome.stdout) \(outcome.stderr)")
            #expect(outcome.stdout.contains(#"kanban panel "deepest queue by queue""#), "\(outcome.stdout)")
            #expect(outcome.stdout.contains("parse error"), "\(outcome.stdout)")
            #expect(outcome.stdout.range(of: #"1:\d+: parse error"#, options: .regularExpression) != nil)
            #expect(outcome.stdout.contains("principles.kanban.panels[0].query in \(rejected)"), "\(outcome.stdout)")
            // The profile as written passes.
            let good = try await AndonProcess.run(
                ["doctor", "--profile", file, "--var", "line=2", "--prometheus", prometheus.url])
            #expect(!good.stdout.contains("parse error"), "\(good.stdout)")
            // Every check of the profile passes: its own metrics are looked for, not tps_*. (This Prometheus loads
            // no rules, which doctor rightly reports, and nothing else.)
            let failed = good.stdout.split(separator: "\n").filter { $0.contains("✗") }
            #expect(failed.count == 1 && failed[0].contains("rules"), "\(good.stdout)")
            #expect(good.stdout.contains("plant_queue_ready: 4 series"), "\(good.stdout)")
            #expect(!good.stdout.contains("tps_"), "\(good.stdout)")
        }
    }

    /// Alert rules that fire on both lines: line 1's queue alpha is deep, and each line has a dead letter.
    static func alertRules(in directory: URL) throws -> String {
        let file = directory.appendingPathComponent("plant-rules.yml")
        try """
        groups:
          - name: plant
            rules:
              - alert: PlantQueueDeep
                expr: plant_queue_ready > 1000
                labels: {severity: critical, principle: kanban}
                annotations: {summary: "queue {{ $labels.queue }} of line {{ $labels.line }} is deep"}
              - alert: PlantDeadLetters
                expr: plant_queue_ready{queue=~".*-dlq"} > 0
                labels: {severity: warning, principle: kanban}
                annotations: {summary: "dead letters in {{ $labels.queue }} of line {{ $labels.line }}"}
        """.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    /// The profile with its variable declared (values from Prometheus, no --var needed) and its alerts scoped to
    /// the line shown.
    static let declaredProfile =
        profile.replacingOccurrences(
            of: "name: two-lines\n",
            with: "name: two-lines\nvariables:\n  line: {values: 'label_values(plant_queue_ready, line)'}\n"
                + "alerts: {matchers: ['line=\"$line\"']}\n")

    static func withLinesAndAlerts(_ body: (PrometheusServer, String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "andon-lines-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("lines.yaml").path
        try declaredProfile.write(toFile: file, atomically: true, encoding: .utf8)
        try await withPlant(plant, ruleFiles: [try alertRules(in: directory)], readyQueries: ["plant_p99_seconds"]) {
            prometheus, _ in
            try await prometheus.waitForData(#"ALERTS{alertname="PlantQueueDeep"}"#)
            try await prometheus.waitForData(#"ALERTS{alertname="PlantDeadLetters",line="2"}"#)
            try await body(prometheus, file)
        }
    }

    /// Line 2's `check` and `snapshot` list line 2's alert and none of line 1's, which fire on the same
    /// Prometheus; a declared variable with no value given takes Prometheus' first (line 1).
    @Test func alertsOfTheOtherLineNeverShow() async throws {
        try await Self.withLinesAndAlerts { prometheus, file in
            let two = try await AndonProcess.run(
                ["check", "--json", "--profile", file, "--var", "line=2", "--prometheus", prometheus.url])
            let json = try CheckJSON(two.stdout)
            let lines = json.alerts.compactMap { ($0["labels"] as? [String: String])?["line"] }
            #expect(lines == ["2"], "\(two.stdout)")
            #expect(json.alerts.map { $0["name"] as? String } == ["PlantDeadLetters"])
            #expect(!two.stdout.contains("alpha"), "\(two.stdout)")

            let snapshot = try await AndonProcess.run([
                "snapshot", "--profile", file, "--var", "line=2", "--principle", "kanban", "--width", "120",
                "--prometheus", prometheus.url,
            ])
            #expect(snapshot.stdout.contains("PlantDeadLetters"), "\(snapshot.stdout)")
            #expect(
                !snapshot.stdout.contains("PlantQueueDeep") && !snapshot.stdout.contains("alpha"), "\(snapshot.stdout)")

            // No --var: the first value Prometheus lists, line 1, with its two alerts.
            let first = try await AndonProcess.run([
                "check", "--json", "--profile", file, "--prometheus", prometheus.url,
            ])
            let one = try CheckJSON(first.stdout)
            #expect(one.values[1] == 1500, "\(first.stdout) \(first.stderr)")
            #expect(Set(one.alerts.compactMap { ($0["labels"] as? [String: String])?["line"] }) == ["1"])
            #expect(one.alerts.count == 2)
        }
    }

    /// The board in tmux starts on the first line, and `v` switches it to line 2: the header says so, the tiles
    /// and the alerts are line 2's, nothing of line 1 is left.
    @Test func theBoardSwitchesLinesWithItsKey() async throws {
        try await Self.withLinesAndAlerts { prometheus, file in
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) --profile \(file) --refresh 1 --prometheus \(prometheus.url); sleep 60",
                width: 120, height: 40,
                environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
            defer { session.kill() }
            let first = try await session.waitFor { $0.contains("line 1") && $0.contains("PlantQueueDeep") }
            #expect(first.contains("alpha"), "\(first)")
            try await session.send("v")
            let chooser = try await session.waitFor { $0.contains("$line") && $0.contains("(shown now)") }
            #expect(chooser.contains("1  (shown now)"), "\(chooser)")
            try await session.send("Down")
            try await session.send("Enter")
            let second = try await session.waitFor {
                $0.contains("line 2") && $0.contains("beta") && $0.contains("PlantDeadLetters")
            }
            #expect(
                !second.contains("alpha") && !second.contains("PlantQueueDeep") && !second.contains("1,500"),
                "\(second)")
            try await session.send("2")
            let kanban = try await session.waitFor { $0.contains("deepest queue by queue") && $0.contains("beta-dlq") }
            #expect(!kanban.contains("alpha"), "\(kanban)")
            try await session.send("q")
        }
    }
}
