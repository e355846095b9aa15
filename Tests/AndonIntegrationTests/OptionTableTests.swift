import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// One way to say each thing: every option means the same, with the same name and the same help, on every command
/// where it applies, and is absent where it would be ignored. Read from the binary's own description of itself
/// (`--experimental-dump-help`), so that a new command or option is held to the same table.
@Suite(
    "the options, command by command",
    .enabled(if: Sanitizers.normalPassOnly, "parsing and help text: nothing a sanitizer watches"))
struct OptionTableTests {
    /// Each command's options (long names) and their help.
    static func options() async throws -> [String: [String: String]] {
        let dump = try await AndonProcess.run(["--experimental-dump-help"])
        let root = try #require(try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any])
        let command = try #require(root["command"] as? [String: Any])
        var table: [String: [String: String]] = [:]
        for sub in command["subcommands"] as? [[String: Any]] ?? [] {
            guard let name = sub["commandName"] as? String, name != "help" else { continue }
            var options: [String: String] = [:]
            for argument in sub["arguments"] as? [[String: Any]] ?? [] {
                guard argument["shouldDisplay"] as? Bool ?? true,
                    let long = (argument["names"] as? [[String: Any]])?.first(where: {
                        $0["kind"] as? String == "long"
                    })?["name"] as? String
                else { continue }
                options[long] = argument["abstract"] as? String ?? ""
            }
            table[name] = options
        }
        return table
    }

    /// Where each shared option applies: exactly these commands, no others.
    static let applies: [(option: String, commands: Set<String>)] = [
        (
            "config",
            [
                "board", "check", "snapshot", "replay", "report", "doctor", "rules", "queries", "profiles", "init",
                "ack", "unack", "oncall", "call", "arrive", "close", "gate",
            ]
        ),
        (
            "profile",
            [
                "board", "check", "snapshot", "replay", "report", "doctor", "rules", "queries", "profiles",
                "init", "ack", "unack", "oncall", "call", "arrive", "close", "gate",
            ]
        ),
        (
            "var",
            [
                "board", "check", "snapshot", "replay", "report", "doctor", "rules", "queries", "profiles", "init",
                "ack", "unack", "oncall", "call", "arrive", "close", "gate",
            ]
        ),
        // Every command that reads one board of a plant.
        (
            "line",
            [
                "board", "check", "snapshot", "replay", "report", "doctor", "rules", "queries", "ack", "unack", "call",
                "arrive", "close", "gate",
            ]
        ),
        // Only the commands that ask Prometheus: `rules` asks nothing, `unack` only Alertmanager.
        (
            "prometheus",
            [
                "board", "check", "snapshot", "replay", "report", "doctor", "queries", "profiles", "init",
                "ack", "gate",
            ]
        ),
        (
            "timeout",
            ["board", "check", "snapshot", "replay", "report", "doctor", "queries", "profiles", "init", "ack", "gate"]
        ),
        // Only the commands that read or write acknowledgements and silences (a replay reads the past from
        // Prometheus' ALERTS series).
        (
            "alertmanager",
            [
                "board", "check", "snapshot", "report", "doctor", "init", "ack", "unack", "call", "arrive", "close",
                "gate",
            ]
        ),
        ("record", ["board", "replay"]),
        ("at", ["board", "check", "snapshot", "oncall"]),
        ("json", ["check", "snapshot", "report", "doctor", "queries", "profiles", "ack", "oncall", "call", "gate"]),
        ("principle", ["check", "snapshot", "ack", "unack"]),
        ("title", ["board", "snapshot", "replay"]),
        ("theme", ["board", "snapshot", "replay"]),
        ("range", ["board", "snapshot", "replay"]),
        ("ascii", ["board", "snapshot", "replay"]),
        ("from", ["replay", "report"]),
        ("to", ["replay", "report"]),
    ]

    /// Options whose help says what they do on each command in its own words, with why they are still one thing.
    static let ownWords: [String: String] = [
        "json": "one JSON object (or array) of what the command prints as text",
        "list": "what the command's writes hold, listed instead of writing: acknowledgements in force, open calls",
        "note": "a note in words: what is wrong (a call raised), what was done (a call closed)",
        "principle":
            "a principle chosen by its name, in any case: the ones checked, the drill-down shown, the alerts acknowledged",
        "since": "a window ending now (or at the end asked for), the last DURATION: a shift reported, alerts judged",
        "for": "a Prometheus duration, how long: a colour holds before its rule fires, an acknowledgement lasts",
    ]

    @Test func eachOptionAppliesWhereItMeansSomething() async throws {
        let table = try await Self.options()
        #expect(table.keys.count >= 12)
        for (option, commands) in Self.applies {
            let having = Set(table.filter { $0.value[option] != nil }.keys)
            #expect(having == commands, "--\(option): on \(having.sorted()), expected \(commands.sorted())")
        }
        // Recording is --record everywhere.
        #expect(!table.values.contains { $0["asciicast"] != nil })
    }

    @Test func oneNameOneHelp() async throws {
        let table = try await Self.options()
        var helps: [String: Set<String>] = [:]
        for options in table.values {
            for (name, help) in options { helps[name, default: []].insert(help) }
        }
        for (name, texts) in helps where texts.count > 1 {
            #expect(Self.ownWords[name] != nil, "--\(name) has \(texts.count) helps: \(texts.sorted())")
        }
    }

    /// `--principle` is parsed one way: any case, and an unknown name is the same usage error listing them.
    @Test(arguments: [["check"], ["snapshot"], ["ack"], ["unack"]])
    func aPrincipleIsParsedOneWay(command: [String]) async throws {
        // No server answers here; `unack` asks only Alertmanager.
        let server = command == ["unack"] ? [] : ["--timeout", "1", "--prometheus", "http://127.0.0.1:9"]
        let wrong = try await AndonProcess.run(command + ["--principle", "muda"] + server, limit: 30)
        #expect(wrong.status == 64, "\(command) --principle muda: \(wrong.status)")
        #expect(
            wrong.stderr.contains(
                "unknown principle 'muda'; use one of jidoka, kanban, andon, kaizen, heijunka, tracing"),
            "\(wrong.stderr)")
        // A known one in capitals is taken (what happens next is not a usage error).
        let known = try await AndonProcess.run(command + ["--principle", "KANBAN"] + server, limit: 30)
        #expect(known.status != 64, "\(command) --principle KANBAN: \(known.status) \(known.stderr)")
    }

    /// The help wraps itself at any width: at a width no paragraph reaches, every paragraph of prose is one line
    /// (an example is indented). Two unindented lines in a row are a break written into the text by hand.
    @Test(arguments: [
        [], ["board"], ["check"], ["snapshot"], ["replay"], ["report"], ["doctor"], ["rules"], ["queries"],
        ["profiles"], ["init"], ["ack"], ["unack"], ["oncall"], ["call"], ["arrive"], ["close"],
    ])
    func theHelpWrapsItself(command: [String]) async throws {
        for program in [AndonProcess.path] + (command.isEmpty ? [AndonProcess.sibling("andon-sim")] : []) {
            let (status, help, _) = try await CleanProcess.run(
                program, command + ["--help"], environment: ["COLUMNS": "5000", "PATH": "/usr/bin:/bin"], limit: 30)
            #expect(status == 0)
            let prose = help.components(separatedBy: "\nUSAGE:")[0].components(separatedBy: "\n")
            for (line, next) in zip(prose, prose.dropFirst())
            where !line.isEmpty && !next.isEmpty && !line.hasPrefix(" ") && !next.hasPrefix(" ") && !line.hasSuffix(":")
            {
                Issue.record("\(program) \(command): a break by hand after \"\(line.suffix(40))\"")
            }
            // Narrow, every line fits.
            let (_, narrow, _) = try await CleanProcess.run(
                program, command + ["--help"], environment: ["COLUMNS": "60", "PATH": "/usr/bin:/bin"], limit: 30)
            let words = narrow.components(separatedBy: "\nUSAGE:")[0].components(separatedBy: "\n")
            for line in words where !line.hasPrefix("  ") {
                #expect(line.count <= 60, "\(program) \(command): \"\(line)\"")
            }
        }
    }
}
