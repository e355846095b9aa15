import AndonCore
import AndonCurl
import ArgumentParser
import Foundation

/// `andon check`: one refresh, a summary, and the Nagios/Icinga exit code.
struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Refresh once, print a summary and exit 0 green, 1 yellow, 2 red, 3 unknown.")

    @OptionGroup var source: SourceOptions

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        let config = try Setup.config(source)
        let client = Setup.client(config)
        let snapshot = await Snapshot.fetch(
            client: client, config: config, at: nil, now: Date().timeIntervalSince1970)
        let report = CheckReport(snapshot: snapshot, config: config)
        if json {
            print(report.json().serialized())
        } else {
            print(report.text(ascii: !Setup.utf8Locale), terminator: "")
        }
        throw ExitCode(report.exitCode)
    }
}
