import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

extension PrincipleID: ExpressibleByArgument {}

/// The selection `andon ack` and `andon unack` share: an alert's name, a principle, label matchers.
struct AckSelectionOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("The alert's name (alertname), e.g. KanbanQueueDeep.", valueName: "alertname"))
    var name: String?

    @Option(help: ArgumentHelp("The alerts of one principle (by the profile's alert matchers).", valueName: "id"))
    var principle: PrincipleID?

    @Option(
        name: .customLong("match"),
        help: ArgumentHelp(
            "A label matcher the alerts must satisfy, e.g. 'queue=\"orders\"' (repeatable; =, !=, =~, !~).",
            valueName: "matcher"))
    var matchers: [String] = []

    func selection() throws -> AckSelection {
        var parsed: [LabelMatcher] = []
        for text in matchers {
            do {
                parsed.append(try LabelMatcher(parsing: text))
            } catch {
                throw ValidationError(
                    "--match \(TextSanitizer.inert(text, limit: 60)): \(error.description)")
            }
        }
        return AckSelection(name: name, principle: principle, matchers: parsed)
    }
}

/// Shared by `ack` and `unack`: the configuration with Alertmanager, and the checks that writing is allowed.
enum AckSetup {
    /// Exit statuses: 1 nothing matched or Alertmanager refused, 69 unreachable, 77 writing not allowed.
    static let refused: Int32 = 1
    static let unreachable: Int32 = 69
    static let notAllowed: Int32 = 77

    /// The alert source's settings and the source on `pool`, when one is configured and, for `writing`, may be
    /// written to.
    static func source(_ config: Config, writing: Bool, pool: ClientPool = Setup.pool()) throws -> (
        AlertSourceConfig, any AlertSource
    ) {
        guard let settings = config.alertSource, let source = pool.alertSource(config) else {
            fail("no Alertmanager is configured: set alertmanager.url in the configuration, or --alertmanager URL")
            throw ExitCode(ConfigError.exitCode)
        }
        if writing && !settings.allowAck {
            fail("acknowledging is off: set alertmanager.allow_ack: true in the configuration to allow it")
            throw ExitCode(notAllowed)
        }
        return (settings, source)
    }

    /// The acknowledgements in force that `selection` chooses, or the reason Alertmanager gave none (exit 69).
    static func acks(_ source: any AlertSource, _ config: Config, _ selection: AckSelection) async throws
        -> [Silence]
    {
        switch await Acknowledgements.inForce(source, routing: AlertRouting(profile: config.profile), selection) {
        case .success(let acks): return acks
        case .failure(let error):
            fail(error.description)
            throw ExitCode(unreachable)
        }
    }

    /// Prints what was done, says what was not, and exits 1 when anything was refused.
    static func report(_ outcome: Acknowledgements.Outcome) throws {
        for line in outcome.done { print(line) }
        for problem in outcome.problems { fail(problem) }
        if !outcome.problems.isEmpty { throw ExitCode(refused) }
    }

    static func fail(_ message: String) {
        FileHandle.standardError.write(Data("andon: \(message)\n".utf8))
    }
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
            configuration. Every board and `andon check` then show "ACK <who> · <how long ago>".

            Examples:
              andon ack KanbanQueueDeep --for 30m --comment "on it"
              andon ack --principle kanban --match 'queue="orders"'
              andon ack --list
              andon unack KanbanQueueDeep

            Exit status: 0 acknowledged (or listed); 1 no firing alert matched, or Alertmanager refused (its reason \
            is printed); 69 Alertmanager or Prometheus unreachable; 77 acknowledging is not allowed; 78 bad \
            configuration.
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var selection: AckSelectionOptions

    @Option(
        name: .customLong("for"),
        help: ArgumentHelp("How long the acknowledgement lasts (default: ack_for, 1h).", valueName: "duration"))
    var duration: String?

    @Option(help: ArgumentHelp("Why, or what is being done.", valueName: "text"))
    var comment: String?

    @Flag(help: "List the acknowledgements in force instead.")
    var list = false

    @Flag(help: "With --list: one JSON object.")
    var json = false

    func validate() throws {
        if let duration {
            guard let seconds = PromDuration.seconds(duration), seconds > 0 else {
                throw ValidationError("--for must be a duration such as 30m, 1h or 2h30m")
            }
            if let problem = Span.problem(seconds) { throw ValidationError("--for \(problem)") }
        }
        if !list, selection.name == nil, selection.principle == nil, selection.matchers.isEmpty {
            throw ValidationError("name an alert, or give --principle or --match (or --list)")
        }
    }

    func run() async throws {
        let config = try Setup.config(source)
        // One client per endpoint: the alerts and the acknowledgements go to Alertmanager on one transport.
        let pool = Setup.pool()
        let (settings, alertmanager) = try AckSetup.source(config, writing: !list, pool: pool)
        let chosen = try selection.selection()
        let now = Date().timeIntervalSince1970
        if list {
            try await listAcks(config: config, alertmanager: alertmanager, selection: chosen, now: now)
            return
        }
        let evaluation = try await Setup.board(config, at: nil, detectingAt: nil, pool: pool).evaluations(now: now)[0]
        let alerts: [Alert]
        switch evaluation.alerts {
        case .success(let all): alerts = all
        case .failure(let error):
            AckSetup.fail("cannot read the alerts: \(error)")
            throw ExitCode(AckSetup.unreachable)
        }
        let firing = alerts.filter { $0.state == .firing && chosen.selects($0) }
        guard !firing.isEmpty else {
            AckSetup.fail("no firing alert matches \(chosen.description); nothing acknowledged")
            throw ExitCode(AckSetup.refused)
        }
        try AckSetup.report(
            await Acknowledgements.acknowledge(
                firing, on: alertmanager, for: duration.flatMap(PromDuration.seconds) ?? settings.ackFor,
                by: settings.ackBy ?? "andon", comment: comment.map { TextSanitizer.inert($0, limit: 200) } ?? "",
                now: now))
    }

    /// The acknowledgements in force (silences marked as acks), those of the selection when one is given.
    func listAcks(config: Config, alertmanager: any AlertSource, selection: AckSelection, now: Double) async throws {
        let acks = try await AckSetup.acks(alertmanager, config, selection)
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
              andon unack KanbanQueueDeep
              andon unack --principle kanban

            Exit status: 0 ended; 1 no acknowledgement matched, or Alertmanager refused; 69 Alertmanager \
            unreachable; 77 not allowed; 78 bad configuration.
            """)

    @OptionGroup var source: SourceOptions

    @OptionGroup var selection: AckSelectionOptions

    func validate() throws {
        if selection.name == nil, selection.principle == nil, selection.matchers.isEmpty {
            throw ValidationError("name an alert, or give --principle or --match")
        }
    }

    func run() async throws {
        let config = try Setup.config(source, offline: true)
        let (_, alertmanager) = try AckSetup.source(config, writing: true)
        let chosen = try selection.selection()
        let acks = try await AckSetup.acks(alertmanager, config, chosen)
        guard !acks.isEmpty else {
            AckSetup.fail("no acknowledgement in force matches \(chosen.description)")
            throw ExitCode(AckSetup.refused)
        }
        try AckSetup.report(await Acknowledgements.end(acks, on: alertmanager))
    }
}
