import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon oncall`: who is on call now and next, from the configuration's schedule.
struct OnCallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oncall", abstract: "Print who is on call now and who is next, from the configuration's schedule.",
        discussion: """
            The schedule is oncall: in the configuration: an iCalendar file or URL (the events a calendar exports \
            of a rotation: DTSTART, DTEND, SUMMARY as the person, RRULE daily or weekly), or a rotation of people \
            (docs/response.md). Exit status: 0 someone is on call; 1 nobody is; 69 the calendar's URL does not \
            answer; 78 no schedule, or one that cannot be read.

            Examples:
              andon oncall
              andon oncall --at 2026-12-24T20:00:00Z   # who has Christmas Eve
              andon oncall --json | jq -r .next.person
            """)

    @OptionGroup var source: SourceOptions

    // An instant as elsewhere, the future allowed: who has next Saturday night.
    @Option(name: .long, parsing: .unconditional, help: TimeOptions.help)
    var at: String?

    @Flag(name: .long, help: "Print one JSON object instead of text.")
    var json = false

    func run() async throws {
        let config = try Setup.config(source)
        guard let schedule = try await OnCallLoader.load(config, pool: Setup.pool(), environment: Setup.environment)
        else {
            throw LaunchFailure("no on-call schedule: set oncall: in the configuration", status: ConfigError.exitCode)
        }
        let now = Date().timeIntervalSince1970
        let at = try self.at.map { try Setup.usage(PromDuration.instant($0, option: "at", now: now)) } ?? now
        let report = OnCallReport(at: at, schedule: schedule)
        print(
            json
                ? report.json().serialized()
                : report.text(offset: { config.utcOffset(at: $0) }, zone: config.zoneName(at: report.at)),
            terminator: json ? "\n" : "")
        if report.now == nil { throw ExitCode(1) }
    }
}
