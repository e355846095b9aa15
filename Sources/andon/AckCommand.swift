import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// The selection `andon ack` and `andon unack` share: an alert's name, a principle, label matchers.
struct AckSelectionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The alert's name (alertname), e.g. AndonHighErrorRate.", valueName: "alertname"))
    var name: String?

    @Option(
        help: ArgumentHelp("The alerts of one principle (by the profile's alert matchers).", valueName: "id"),
        completion: .list(PrincipleID.allCases.map(\.rawValue)), transform: Setup.principle)
    var principle: PrincipleID?

    @Option(
        name: .customLong("match"),
        help: ArgumentHelp(
            "A label matcher the alerts must satisfy, e.g. 'queue_name=\"orders\"' (repeatable; =, !=, =~, !~).",
            valueName: "matcher"),
        transform: { text in
            do throws(LabelMatcher.Problem) {
                return try LabelMatcher(parsing: text)
            } catch {
                throw ValidationError("--match \(TextSanitizer.inert(text, limit: 60)): \(error.description)")
            }
        })
    var matchers: [LabelMatcher] = []

    /// The alerts chosen; none chosen is a usage error (`also`: what else could have chosen).
    func selection(also: String = "") throws -> AckSelection {
        let chosen = AckSelection(name: name, principle: principle, matchers: matchers)
        if chosen.isEmpty { throw ValidationError("name an alert, or give --principle or --match" + also) }
        return chosen
    }
}

/// Prints what was done, says what was not, and exits 1 when anything was refused.
func report(_ outcome: Acknowledgements.Outcome) throws {
    for line in outcome.done { print(line) }
    for problem in outcome.problems { Setup.report(problem) }
    if !outcome.problems.isEmpty { throw ExitCode(Acknowledgements.refused) }
}

/// `andon ack`: acknowledges firing alerts in Alertmanager (a silence per alert, marked as an ack).
struct AckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ack",
        abstract: "Acknowledge firing alerts in Alertmanager, or list the acknowledgements in force.",
        discussion: """
            An acknowledgement is an Alertmanager silence with an exact matcher for every label of the alert, its \
            comment starting with "ACK!" (as karma writes it), created by alertmanager.ack_by or $USER@host. It \
            lasts --for (default alertmanager.ack_for, 1h). Writing needs alertmanager.allow_ack: true in the \
            configuration. Every board and `andon check` then show "ACK <who> · <how long ago>". With --cleared, \
            the cleared reds the boards show latched ("CLEARED, UNACKNOWLEDGED") are acknowledged instead, of \
            --principle or of every principle: a minute-long silence that matches no alert, which the boards read.

            Examples:
              andon ack AndonHighErrorRate --for 30m --comment "on it"
              andon ack --principle kanban --match 'queue_name="orders"'
              andon ack --cleared --principle kanban   # the red that cleared at 3 a.m., seen
              andon ack --list
              andon unack AndonHighErrorRate

            Exit status: 0 acknowledged (or listed); 1 no firing alert matched, or Alertmanager refused (its reason \
            is printed); 69 Alertmanager or Prometheus unreachable; 77 acknowledging is not allowed; 78 bad \
            configuration.
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var server: PrometheusOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @OptionGroup var selection: AckSelectionOptions

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp("How long the acknowledgement lasts (default: ack_for, 1h).", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("Why, or what is being done.", valueName: "text"))
    var comment: String?

    @Flag(help: "List the acknowledgements in force instead.")
    var list = false

    @Flag(help: "Acknowledge the cleared reds the boards show latched (of --principle, or all), not alerts.")
    var cleared = false

    @Flag(help: "With --list: one JSON object.")
    var json = false

    func validate() throws {
        if let duration {
            _ = try Setup.usage(PromDuration.span(duration, option: "for", examples: "30m, 1h or 2h30m"))
        }
        if cleared && (list || selection.name != nil || !selection.matchers.isEmpty) {
            throw ValidationError("--cleared takes --principle only: a cleared red has no firing alert to name")
        }
        if !list && !cleared { _ = try selection.selection(also: " (or --list, or --cleared)") }
    }

    func run() async throws {
        var config = try Setup.config(source, server, manager)
        config = try Launch.line(plant.line, of: config)
        // One client per endpoint: the alerts and the acknowledgements go to Alertmanager on one transport.
        let pool = Setup.pool()
        let (settings, alertmanager) = try Acknowledgements.source(config, writing: !list, pool: pool)
        let chosen = AckSelection(name: selection.name, principle: selection.principle, matchers: selection.matchers)
        let now = Date().timeIntervalSince1970
        if list {
            try await listAcks(config: config, alertmanager: alertmanager, selection: chosen, now: now)
            return
        }
        if cleared {
            let ack = Acknowledgement.latches(
                of: selection.principle, by: settings.ackBy ?? "andon", now: now,
                note: comment.map { TextSanitizer.inert($0, limit: 200) } ?? "cleared red acknowledged")
            let whose = selection.principle.map { "of \($0.title) " } ?? ""
            switch await alertmanager.acknowledge([ack])[0] {
            case .success(let id): print("acknowledged the cleared reds \(whose)as \(ack.by) (silence \(id))")
            case .failure(let error):
                Setup.report("cleared reds not acknowledged: \(error)")
                throw ExitCode(Acknowledgements.refused)
            }
            return
        }
        let firing = try await Acknowledgements.firing(config, chosen, pool: pool, now: now)
        try report(
            await Acknowledgements.acknowledge(
                firing, on: alertmanager, for: duration.flatMap(PromDuration.seconds) ?? settings.ackFor,
                by: settings.ackBy ?? "andon", comment: comment.map { TextSanitizer.inert($0, limit: 200) } ?? "",
                now: now))
    }

    /// The acknowledgements in force (silences marked as acks), those of the selection when one is given.
    func listAcks(config: Config, alertmanager: any AlertSource, selection: AckSelection, now: Double) async throws {
        let acks = try await Acknowledgements.acks(alertmanager, config, selection)
        print(json ? Acknowledgements.json(acks) : Acknowledgements.text(acks, now: now), terminator: "")
    }
}

/// `andon unack`: ends acknowledgements (expires their silences), chosen as `andon ack` chooses alerts.
struct UnackCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unack",
        abstract: "End acknowledgements: expire the ack silences of the alerts chosen as for `andon ack`.",
        discussion: """
            Only silences marked as acknowledgements are ended, never other silences. Writing needs \
            alertmanager.allow_ack: true.

            Examples:
              andon unack AndonHighErrorRate
              andon unack --principle kanban

            Exit status: 0 ended; 1 no acknowledgement matched, or Alertmanager refused; 69 Alertmanager \
            unreachable; 77 not allowed; 78 bad configuration.
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    @OptionGroup var selection: AckSelectionOptions

    func validate() throws { _ = try selection.selection() }

    func run() async throws {
        let config = try Setup.config(source, nil, manager, line: plant.line, offline: true)
        let (_, alertmanager) = try Acknowledgements.source(config, writing: true, pool: Setup.pool())
        let chosen = try selection.selection()
        let acks = try await Acknowledgements.acks(alertmanager, config, chosen)
        guard !acks.isEmpty else {
            throw LaunchFailure(
                "no acknowledgement in force matches \(chosen.description)", status: Acknowledgements.refused)
        }
        try report(await Acknowledgements.end(acks, on: alertmanager))
    }
}
