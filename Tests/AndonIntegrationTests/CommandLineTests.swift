import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The conventions of a command-line tool, and `andon snapshot` against a real Prometheus.
@Suite(
    "the command line",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct CommandLineTests {
    @Test func helpVersionAndUsageErrors() async throws {
        let help = try await AndonProcess.run(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Examples:") && help.stdout.contains("andon snapshot"))
        #expect(help.stdout.contains("Exit status:"))
        let version = try await AndonProcess.run(["--version"])
        #expect(version.status == 0)
        // The version and the commit the build comes from: this checkout's.
        let head = try await CleanProcess.run(
            "/usr/bin/git", ["-C", Repository.root.path, "rev-parse", "--short=12", "HEAD"], limit: 30)
        let commit = head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(commit.count == 12)
        #expect(
            version.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == "\(AndonVersion.current) (commit \(commit))")
        for arguments in [
            ["--bogus"], ["snapshot", "--width", "5"], ["snapshot", "--color", "sometimes"],
            ["check", "--principle", "muda"], ["--refresh", "0"],
        ] {
            let outcome = try await AndonProcess.run(arguments)
            #expect(outcome.status == 64, "andon \(arguments.joined(separator: " ")): \(outcome.status)")
            #expect(!outcome.stderr.isEmpty && outcome.stdout.isEmpty)
        }
    }

    /// The completion scripts in `completions/` are what the current binary generates (`scripts/generate-docs`).
    /// A span of time out of range on the command line is a usage error that says the range, never a crash (a
    /// timeout of 1e300 seconds once stopped the process converting it to milliseconds).
    @Test(arguments: [
        ["check", "--timeout", "1e300", "--prometheus", "http://127.0.0.1:9"],
        ["ack", "SomeAlert", "--for", "999999999999y"],
        ["report", "--since", "999999999999y", "--prometheus", "http://127.0.0.1:9"],
        ["board", "--refresh", "0.01", "--prometheus", "http://127.0.0.1:9"],
        ["replay", "--from", "-1h", "--speed", "1e300", "--prometheus", "http://127.0.0.1:9"],
    ])
    func spansOutOfRangeAreUsageErrors(arguments: [String]) async throws {
        let outcome = try await AndonProcess.run(arguments)
        #expect(outcome.status == 64, "\(arguments): \(outcome.status) \(outcome.stderr)")
        #expect(outcome.stderr.contains("10 years"), "\(arguments): \(outcome.stderr)")
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionScriptsAreCurrent(shell: String) async throws {
        let generated = try await AndonProcess.run(["--generate-completion-script", shell])
        #expect(generated.status == 0)
        let shipped = try String(contentsOf: Repository.file("completions/andon.\(shell)"), encoding: .utf8)
        #expect(shipped == generated.stdout, "completions/andon.\(shell) is out of date: run scripts/generate-docs")
    }

    /// The manual page in `docs/` names every command and option the binary has.
    @Test func manualPageCoversEveryOption() async throws {
        let manual = try String(contentsOf: Repository.file("docs/andon.1"), encoding: .utf8)
        let dump = try await AndonProcess.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        var missing: [String] = []
        func walk(_ command: [String: Any]) {
            let name = command["commandName"] as? String ?? ""
            let shouldDisplay = command["shouldDisplay"] as? Bool ?? true
            guard shouldDisplay else { return }  // hidden commands (and theirs) are not documented
            if name != "help" && !manual.contains(name) { missing.append(name) }
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                guard argument["shouldDisplay"] as? Bool ?? true,
                    let names = argument["names"] as? [[String: Any]], let first = names.first?["name"] as? String
                else { continue }
                if !manual.contains("Fl -\(first)") && !manual.contains("Fl \(first)") { missing.append(first) }
            }
            for sub in command["subcommands"] as? [[String: Any]] ?? [] { walk(sub) }
        }
        walk(try #require(root["command"] as? [String: Any]))
        #expect(missing.isEmpty, "docs/andon.1 lacks \(missing): run scripts/generate-docs")
    }

    @Test func snapshotAgainstARealPrometheus() async throws {
        try await withPlant(Plants.plant(Plants.yellowLow), readyQueries: CheckIntegrationTests.ready) {
            prometheus, _ in
            let check = try await AndonProcess.run(["check", "--prometheus", prometheus.url])
            let plain = try await AndonProcess.run(["snapshot", "--width", "60", "--prometheus", prometheus.url])
            #expect(plain.status == check.status && plain.status == 1, "\(plain.stderr)")
            #expect(!plain.stdout.contains("\u{1B}"), "colour in a pipe")
            let lines = plain.stdout.split(separator: "\n")
            #expect(lines.allSatisfy { $0.count <= 60 })
            #expect(plain.stdout.contains("500 items") && plain.stdout.contains("⚠ WARN"))
            // Without a terminal and without --width: $COLUMNS (as `watch` sets it), else 100.
            let wide = try await AndonProcess.run(["snapshot", "--prometheus", prometheus.url])
            #expect(wide.stdout.split(separator: "\n").map(\.count).max() == 100)
            let columns = try await AndonProcess.run(
                ["snapshot", "--prometheus", prometheus.url], environment: ["COLUMNS": "130"])
            #expect(columns.stdout.split(separator: "\n").map(\.count).max() == 130)
            // Colour only when asked for in a pipe; the same text underneath.
            let colored = try await AndonProcess.run(
                ["snapshot", "--width", "60", "--color", "always", "--prometheus", prometheus.url])
            #expect(colored.stdout.contains("\u{1B}[0;1;33m⚠ WARN"))
            let never = try await AndonProcess.run(
                ["snapshot", "--width", "60", "--color", "never", "--prometheus", prometheus.url],
                environment: ["NO_COLOR": "1"])
            #expect(!never.stdout.contains("\u{1B}"))
            // One drill-down instead of the overview.
            let kanban = try await AndonProcess.run(
                ["snapshot", "--principle", "kanban", "--width", "100", "--prometheus", prometheus.url])
            #expect(kanban.status == 1)
            #expect(kanban.stdout.contains("Depth by queue") && kanban.stdout.contains("orders"))
        }
    }

    /// On a terminal, `snapshot` takes the terminal's width and colours, unless NO_COLOR says otherwise.
    @Test func snapshotOnATerminal() async throws {
        try await withPlant(Plants.plant(Plants.red), readyQueries: CheckIntegrationTests.ready) { prometheus, _ in
            for (noColor, expectColor) in [("", true), ("1", false)] {
                let bytes = FileManager.default.temporaryDirectory.appendingPathComponent("andon-snap-\(UUID())").path
                defer { try? FileManager.default.removeItem(atPath: bytes) }
                let session = try await TmuxSession(
                    command: TmuxSession.gated(
                        gate: bytes + ".go",
                        "\(AndonProcess.path) snapshot --prometheus \(prometheus.url); "
                            + "echo EXIT=$?; sleep 60"),
                    width: 90, height: 50,
                    environment: [
                        "LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent", "NO_COLOR": noColor,
                    ])
                defer { session.kill() }
                try await session.recordOutput(to: bytes, thenOpen: bytes + ".go")
                let screen = try await session.waitFor(timeout: 15) { $0.contains("EXIT=") }
                #expect(screen.contains("EXIT=2"))
                #expect(screen.split(separator: "\n").contains { $0.count == 90 && $0.hasPrefix("┌") })
                let written = try Data(contentsOf: URL(fileURLWithPath: bytes))
                #expect(written.contains(0x1B) == expectColor, "NO_COLOR=\(noColor)")
            }
        }
    }
}
