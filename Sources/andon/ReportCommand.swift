import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon report`: the shift handover digest over a window of the past.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print the handover digest of a window: time in each status, reds, alerts, acks, what is open.",
        discussion: """
            Per principle (and per line of a plant): the time green, yellow, red and unknown; the worst value and \
            when; each red period, when it was acknowledged and when it turned green again; the alerts that fired \
            (from Prometheus' ALERTS series), how often and for how long, and which flapped; the acknowledgements \
            (from Alertmanager, when configured); and what is still open at the end: firing alerts, reds nobody \
            acknowledged, silences that end within the next shift (a window as long as this one). With calls: \
            configured, the calls per type and line (how soon someone arrived and the call was closed, median and \
            worst, the highest tier), the calls still open and the reasons given most, from the event log (log:). \
            It reads only Prometheus, Alertmanager and the log, so it runs from cron at every shift change.

            Examples:
              andon report --since 8h
              andon report --from 2026-11-30T06:00:00Z --to 2026-11-30T14:00:00Z --markdown
              andon report --since 8h --json | jq '.lines[0].principles[] | {principle, seconds}'
            """)

    enum Format: String, EnumerableFlag {
        case text
        case markdown
        case json

        static func help(for value: Format) -> ArgumentHelp? {
            switch value {
            case .text: "Text for a terminal (the default)."
            case .markdown: "Markdown, to paste into a ticket or a chat."
            case .json: "One JSON object: the same facts, times in RFC 3339, durations in seconds."
            }
        }
    }

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @Option(help: ArgumentHelp("The window: the last DURATION (default 8h).", valueName: "duration"))
    var since: String?

    @Option(
        parsing: .unconditional,
        help: ArgumentHelp(
            "The window's start: RFC 3339, seconds since the epoch, or a time ago (-8h).", valueName: "time"))
    var from: String?

    @Option(
        parsing: .unconditional, help: ArgumentHelp("The window's end (default now), as --from.", valueName: "time"))
    var to: String?

    @Option(
        help: ArgumentHelp(
            "Resolution: the headlines are read every DURATION (default 15s; at most 11,000 steps).",
            valueName: "duration"))
    var step = "15s"

    @Flag(exclusivity: .exclusive) var format: Format = .text

    func validate() throws {
        if since != nil && from != nil {
            throw ValidationError("--since and --from both set the window's start: use one")
        }
        if let since { _ = try Setup.usage(PromDuration.span(since, option: "since", examples: "8h or 90m")) }
        _ = try Setup.usage(PromDuration.span(step, option: "step", examples: "15s or 1m"))
        _ = try window(now: Date().timeIntervalSince1970)
    }

    /// The window asked for: `--from`/`--since` to `--to` (now by default).
    func window(now: Double) throws -> (from: Double, to: Double) {
        try Setup.usage(
            PromDuration.window(from: from, to: to, before: since.flatMap(PromDuration.seconds) ?? 8 * 3600, now: now))
    }

    func run() async throws {
        var config = try Setup.config(source, server, manager)
        config = try await Launch.discover(config, pool: Setup.pool())
        let (start, end) = try window(now: Date().timeIntervalSince1970)
        let resolution = HandoverFetcher.step(PromDuration.seconds(step) ?? 15, from: start, to: end)
        // A plant: every line (or the one asked for), each from its own configuration.
        let boards = try Launch.boards(of: config, line: plant.line)
        var report = try await Launch.handover(
            title: config.title, prometheus: config.prometheus.url, boards: boards, from: start, to: end,
            step: resolution, pool: Setup.pool())
        report.calls = await Calls.handover(
            config, from: start, to: end, live: to == nil, pool: Setup.pool())
        let offset = config.utcOffset(at: start)
        switch format {
        case .text: print(report.text(utcOffset: offset, zone: config.zoneName(at: start)), terminator: "")
        case .markdown:
            print(report.markdown(utcOffset: offset, zone: config.zoneName(at: start)), terminator: "")
        case .json: print(report.json().serialized())
        }
    }
}
