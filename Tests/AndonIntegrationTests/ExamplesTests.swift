import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Every example a reader is shown runs: each line of a shell block (```sh) in README.md and docs/*.md that starts
/// with `andon` or `andon-sim` (docs/DECISIONS.md is history, not the manual), and each line under "Examples:" in
/// every command's `--help`. They run in bash, as written, against the simulated plant of two lines scraped by a
/// real Prometheus with the shipped alert rules, and a real Alertmanager that `ack` writes to. The example hosts
/// (`http://prom:9090`, `http://prometheus:9090`, `https://prom.example:9090`, `http://am:9093`) stand for those
/// two servers, and the files the examples name are there: `line3.yaml` and `lines.yaml` (a board and a plant of
/// two lines), and `plant.yaml`, the complete profile of docs/profiles.md.
///
/// An example fails when any andon it runs exits with a usage error (64) or a bad configuration (78, which is
/// also what a profile or file that does not exist gives), when it runs no andon at all, or when it acknowledges
/// an alert no shipped or generated rule has, or matches a label the plant does not have. A line that cannot run
/// here says so at its end, `# not run in the tests: REASON`, and is counted.
@Suite(
    "every example runs",
    .enabled(if: Sanitizers.normalPassOnly, "the examples are the command line's, which the other suites cover"))
struct ExamplesTests {
    struct Example: CustomStringConvertible {
        var source: String
        var command: String
        var description: String { "\(source): \(command)" }
        var marker: String? {
            command.firstMatch(of: /# not run in the tests: (.+)$/).map { String($0.output.1) }
        }
    }

    /// The lines of the shell blocks of the manual that start with andon or andon-sim; a line ending in `\` or
    /// `|` goes on on the next.
    static func documented() throws -> [Example] {
        let docs = try FileManager.default.contentsOfDirectory(atPath: Repository.file("docs").path)
            .filter { $0.hasSuffix(".md") && $0 != "DECISIONS.md" }.sorted().map { "docs/" + $0 }
        var examples: [Example] = []
        for file in ["README.md"] + docs {
            let text = try String(contentsOf: Repository.file(file), encoding: .utf8)
            var shell = false
            var pending: (line: Int, text: String)?
            for (index, line) in text.components(separatedBy: "\n").enumerated() {
                if line.hasPrefix("```") {
                    shell = !shell && line == "```sh"
                    continue
                }
                guard shell else { continue }
                if var open = pending {
                    open.text += "\n" + line
                    pending = line.hasSuffix("\\") || line.hasSuffix("|") ? open : nil
                    if pending == nil { examples.append(Example(source: "\(file):\(open.line)", command: open.text)) }
                    continue
                }
                guard line.hasPrefix("andon ") || line == "andon" || line.hasPrefix("andon-sim ") else { continue }
                if line.hasSuffix("\\") || line.hasSuffix("|") {
                    pending = (index + 1, line)
                } else {
                    examples.append(Example(source: "\(file):\(index + 1)", command: line))
                }
            }
        }
        return examples
    }

    /// The lines under "Examples:" in every command's help (and the simulator's), read at a width no line
    /// reaches; a line ending in `|` goes on on the next.
    static func inHelp() async throws -> [Example] {
        var examples: [Example] = []
        // Every command the binary describes (a new one is read too), and the root.
        let commands = [[]] + (try await OptionTableTests.options()).keys.sorted().map { [$0] }
        #expect(commands.count > 15 && commands.contains(["close"]), "\(commands)")
        for command in commands {
            let help = try await AndonProcess.run(command + ["--help"], environment: ["COLUMNS": "5000"])
            var inExamples = false
            var pending: String?
            for line in help.stdout.components(separatedBy: "\n") {
                if line == "Examples:" {
                    inExamples = true
                    continue
                }
                guard inExamples, line.hasPrefix("  ") else {
                    inExamples = false
                    continue
                }
                let text = line.trimmingCharacters(in: .whitespaces)
                if let open = pending {
                    pending = nil
                    examples.append(Example(source: "andon \(command.joined()) --help", command: open + "\n" + text))
                    continue
                }
                if text.hasSuffix("|") {
                    pending = text
                } else if text.hasPrefix("andon") {
                    examples.append(Example(source: "andon \(command.joined()) --help", command: text))
                }
            }
        }
        return examples
    }

    @Test func everyExampleRuns() async throws {
        let documented = try Self.documented()
        let help = try await Self.inHelp()
        #expect(documented.count >= 40 && help.count >= 30, "\(documented.count) in the docs, \(help.count) in help")
        let marked = (documented + help).filter { $0.marker != nil }
        // Each marker is a decision: a new one changes this count, and says why in its line.
        #expect(marked.count == 1, "\(marked)")

        let sim = try await SimProcess.start(scenario: "steady", lines: ["north=outage", "south"])
        defer { sim.stop() }
        let alertmanager = try await AlertmanagerServer.start()
        defer { alertmanager.stop() }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("andon-examples-\(UUID())")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // The shipped rules, firing at once (their `for:` would make the test wait minutes).
        let shipped = try String(contentsOf: Repository.file("prometheus/alert-rules.yml"), encoding: .utf8)
        let rules = work.appendingPathComponent("rules.yml")
        try shipped.replacing(/for: \d+m/, with: "for: 0s").write(to: rules, atomically: true, encoding: .utf8)
        let prometheus = try await PrometheusServer.start(
            config: """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files: ['\(rules.path)']
                scrape_configs:
                  - job_name: tps
                    static_configs: [{targets: ['\(sim.target)']}]
                alerting:
                  alertmanagers:
                    - static_configs: [{targets: ['\(alertmanager.url.dropFirst("http://".count))']}]
                """, extraFlags: ["--rules.alert.resend-delay=1s"])
        defer { prometheus.stop() }
        // North's outage: the error rate is over 1 % and AndonHighErrorRate fires, as the ack examples expect.
        try await prometheus.waitForData(#"ALERTS{alertname="AndonHighErrorRate", alertstate="firing"}"#, timeout: 90)

        let fixtures = try Self.fixtures(prometheus: prometheus.url, alertmanager: alertmanager.url)
        let known = try await Self.knownNames(sim: sim)
        var failures: [String] = []
        var acknowledged = 0
        for example in documented + help where example.marker == nil {
            let run = try await Self.run(
                example, fixtures: fixtures, in: work, prometheus: prometheus.url, alertmanager: alertmanager.url)
            if run.calls.isEmpty {
                failures.append("\(example): ran no andon (\(run.status): \(run.stderr.suffix(300)))")
            }
            for call in run.calls where call.status == 64 || call.status == 78 {
                failures.append("\(example): `\(call.arguments)` exited \(call.status): \(run.stderr.suffix(300))")
            }
            failures += Self.names(in: example, known: known)
            if run.calls.contains(where: { $0.arguments.hasPrefix("ack AndonHighErrorRate") && $0.status == 0 }) {
                acknowledged += 1
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        // The acknowledgement examples did acknowledge, in the real Alertmanager.
        #expect(acknowledged >= 2, "the examples acknowledged AndonHighErrorRate \(acknowledged) times")
        let active = try await alertmanager.amtool(["silence", "query", "-o", "extended"])
        let expired = try await alertmanager.amtool(["silence", "query", "--expired", "-o", "extended"])
        #expect((active.stdout + expired.stdout).contains("AndonHighErrorRate"), "\(active.stdout) \(expired.stdout)")
    }

    /// The files the examples name, by name: a board's configuration, a plant's, the complete profile, and a gate's
    /// policy.
    static func fixtures(prometheus: String, alertmanager: String) throws -> [String: String] {
        let board = """
            title: Line 3 · Final assembly
            prometheus: {url: "\(prometheus)", timeout: 5}
            alertmanager: {url: "\(alertmanager)", allow_ack: true}
            oncall: {rotation: [ana, bo, cy], every: 1w, from: 2026-12-07T08:00:00Z}
            calls:
              allow: true
              types:
                material: {principle: kanban, respond_within: 5m, ladder: [{after: 0m, notify: line}]}
              notify:
                line: {hook: /bin/true}

            """
        let plant = """
            title: Plant
            profile: tps-plant
            prometheus: {url: "\(prometheus)", timeout: 5}
            alertmanager: {url: "\(alertmanager)", allow_ack: true}
            lines:
              - {name: north, variables: {line: north}}
              - {name: south, variables: {line: south}}

            """
        let guide = try String(contentsOf: Repository.file("docs/profiles.md"), encoding: .utf8)
        let format = try #require(guide.range(of: "## The format"))
        let block = try #require(guide[format.upperBound...].firstMatch(of: /```yaml\n([\s\S]*?)```/))
        // The gate's policy of `andon gate --help`: docs/budgets.md's defaults, written out.
        let policy = "stop: {red: true, budget_below: 10%, burn: page}\nwarn: {yellow: true, budget_below: 25%}\n"
        return [
            "andon.yaml": board, "line3.yaml": board, "lines.yaml": plant, "plant.yaml": String(block.output.1),
            "gate.yaml": policy,
        ]
    }

    /// One andon (or andon-sim) call of an example: its arguments and exit status.
    struct Call {
        var status: Int32
        var arguments: String
    }

    /// Runs an example in bash in a folder of its own holding the fixtures (except a file the example writes
    /// with --output), with andon and andon-sim on the PATH through wrappers (Tests/Fixtures/example-wrappers)
    /// that log each call's status.
    static func run(
        _ example: Example, fixtures: [String: String], in work: URL, prometheus: String, alertmanager: String
    ) async throws -> (status: Int32, stderr: String, calls: [Call]) {
        let folder = work.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let written = example.command.firstMatch(of: /--output (\S+)/).map { String($0.output.1) }
        for (name, text) in fixtures where name != written {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let log = folder.appendingPathComponent(".calls")
        // The wrappers are in the repository: a script written a moment before it is run can be "Text file busy"
        // while a process another test spawned holds its descriptor.
        let bin = Repository.file("Tests/Fixtures/example-wrappers")
        var command = example.command
        for host in ["https://prom.example:9090", "http://prometheus:9090", "http://prom:9090"] {
            command = command.replacingOccurrences(of: host, with: prometheus)
        }
        command = command.replacingOccurrences(of: "http://am:9093", with: alertmanager)
        let environment = [
            "PATH": bin.path + ":/usr/bin:/bin", "HOME": folder.path, "LANG": "C.UTF-8", "TERM": "dumb",
            "ANDON_CONFIG": folder.appendingPathComponent("andon.yaml").path, "USER": "tester",
            "ANDON_EXAMPLE_ANDON": AndonProcess.path, "ANDON_EXAMPLE_SIM": AndonProcess.sibling("andon-sim"),
            "ANDON_EXAMPLE_LOG": log.path,
        ]
        let (status, _, stderr) = try await CleanProcess.run(
            "/bin/bash", ["-c", "cd \"$HOME\" || exit 99\n" + command], environment: environment, limit: 60)
        let calls = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1).map(String.init)
            return Call(status: Int32(parts[0]) ?? -1, arguments: parts.count > 1 ? parts[1] : "")
        }
        return (status, stderr, calls)
    }

    /// The alert names a rule of andon's has (the shipped file and `andon rules`), and each label of the plant
    /// with its values.
    static func knownNames(sim: SimProcess) async throws -> (alerts: Set<String>, labels: [String: Set<String>]) {
        let shipped = try String(contentsOf: Repository.file("prometheus/alert-rules.yml"), encoding: .utf8)
        let generated = try await AndonProcess.run(["rules"]).stdout
        let alerts = Set((shipped + generated).matches(of: /- alert: (\w+)/).map { String($0.output.1) })
        let exposition = try await CleanProcess.run(
            "/usr/bin/curl", ["-s", "http://\(sim.target)/metrics"], limit: 10
        ).1
        var labels: [String: Set<String>] = [:]
        for match in exposition.matches(of: /(\w+)="([^"]*)"/) {
            labels[String(match.output.1), default: []].insert(String(match.output.2))
        }
        return (alerts, labels)
    }

    /// What an example names that does not exist: an alert to acknowledge, a label or value to match.
    static func names(in example: Example, known: (alerts: Set<String>, labels: [String: Set<String>])) -> [String] {
        var problems: [String] = []
        for match in example.command.matches(of: /andon (?:un)?ack ([A-Z]\w+)/)
        where !known.alerts.contains(
            String(match.output.1))
        {
            problems.append("\(example): no rule has the alert \(match.output.1)")
        }
        for match in example.command.matches(of: /--match '(\w+)="([^"]*)"'/) {
            let (label, value) = (String(match.output.1), String(match.output.2))
            if !(known.labels[label]?.contains(value) ?? false) {
                problems.append("\(example): the plant has no \(label)=\"\(value)\"")
            }
        }
        return problems
    }
}
