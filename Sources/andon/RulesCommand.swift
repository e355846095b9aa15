import AndonCore
import ArgumentParser
import Foundation

/// `andon rules`: Prometheus alerting rules generated from the board's headline queries and thresholds.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print Prometheus alerting rules that fire where the board turns yellow or red.",
        discussion: """
            One warning rule (yellow) and one critical rule (red) per principle, from the configured headline \
            queries and thresholds, with the labels severity and principle and the annotations summary and action. \
            The output is a rules file: check it with `promtool check rules`, load it with `rule_files:`.

            With --tests, prints instead promtool unit tests of those rules: each headline held on its bounds and \
            one step either side, and exactly the alerts of the board's colour firing at the end of each plateau. \
            They can drive only the built-in profile's headline queries; other principles are listed as not \
            covered (on standard error too).

            Examples:
              andon rules --config line3.yaml --for 2m | promtool check rules /dev/stdin
              andon rules > andon-rules.yml && andon rules --tests > andon-rules-test.yml
              promtool test rules andon-rules-test.yml
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var plant: LineOptions

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp(
            "How long a colour must hold before its alert fires (Prometheus duration).", valueName: "duration"))
    var holdFor = "5m"

    @Option(help: ArgumentHelp("The rule group's name.", valueName: "name"))
    var group = "andon-board"

    @Flag(help: "Print promtool unit tests of the rules instead of the rules.")
    var tests = false

    @Option(
        help: ArgumentHelp(
            "With --tests: the rules file the tests load, relative to the tests file.", valueName: "file"))
    var rulesFile = "andon-rules.yml"

    func validate() throws {
        guard let seconds = PromDuration.seconds(holdFor) else {
            throw ValidationError("--for must be a Prometheus duration such as 30s, 5m or 1h30m")
        }
        // 0s is Prometheus' own "at once".
        if seconds > 0, let problem = Span.problem(seconds) { throw ValidationError("--for \(problem)") }
        guard !group.isEmpty, group.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) }) else {
            throw ValidationError("--group must be a name of letters, digits, '-', '_', '.' or ':'")
        }
    }

    func run() throws {
        let config = try Setup.config(source, line: plant.line, offline: true)
        let options = AlertRules.Options(holdFor: holdFor, group: group)
        guard tests else {
            print(AlertRules.yaml(for: config, options: options), terminator: "")
            return
        }
        let output = AlertRuleTests.yaml(for: config, options: options, rulesFile: rulesFile)
        if !output.uncovered.isEmpty {
            FileHandle.standardError.write(
                Data(
                    ("andon: rules --tests: no test inputs for "
                        + output.uncovered.map(\.rawValue).joined(separator: ", ")
                        + " (andon drives only the built-in profile's headline queries)\n").utf8))
        }
        print(output.yaml, terminator: "")
    }
}
