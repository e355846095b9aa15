import AndonCore
import ArgumentParser

/// `andon rules`: Prometheus alerting rules generated from the board's headline queries and thresholds.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Print Prometheus alerting rules that fire where the board turns yellow or red.",
        discussion: """
            One warning rule (yellow) and one critical rule (red) per principle, from the configured headline
            queries and thresholds, with the labels severity and principle and the annotations summary and action.
            The output is a rules file: check it with `promtool check rules`, load it with `rule_files:`.

            Examples:
              andon rules > /etc/prometheus/andon-rules.yml
              andon rules --config line3.yaml --for 2m | promtool check rules /dev/stdin
            """)

    @OptionGroup var source: SourceOptions

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp(
            "How long a colour must hold before its alert fires (Prometheus duration).", valueName: "duration"))
    var holdFor = "5m"

    @Option(help: ArgumentHelp("The rule group's name.", valueName: "name"))
    var group = "andon-board"

    func validate() throws {
        guard PromDuration.seconds(holdFor) != nil else {
            throw ValidationError("--for must be a Prometheus duration such as 30s, 5m or 1h30m")
        }
        guard !group.isEmpty, group.allSatisfy({ $0.isLetter || $0.isNumber || "-_.:".contains($0) }) else {
            throw ValidationError("--group must be a name of letters, digits, '-', '_', '.' or ':'")
        }
    }

    func run() throws {
        let config = try Setup.config(source, offline: true)
        print(AlertRules.yaml(for: config, options: .init(holdFor: holdFor, group: group)), terminator: "")
    }
}
