import AndonCore
import AndonRuntime
import ArgumentParser
import Foundation

/// `andon call`: pulls the cord: a call of a type, at a line, with a note; or the open calls.
struct CallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "call", abstract: "Raise a call (material, quality, help...), or list the open calls.",
        discussion: """
            A call is an alert in Alertmanager (alertname AndonCall, with its type, line, who raised it and the \
            note), shown on every board of the line; its ladder (calls.types in the configuration) says whom it \
            notifies and when it climbs. Writing needs calls.allow: true. Exit status: 0 raised (or listed); 64 \
            an unknown type; 69 Alertmanager unreachable; 77 not allowed; 78 bad configuration.

            Examples:
              andon call material --note "pallet jam at station 4"
              andon call --list
              andon call --list --json | jq -r '.calls[].id'
            """)

    @Argument(help: ArgumentHelp("The call's type, as calls.types names it.", valueName: "type"))
    var type: String?

    @Option(help: ArgumentHelp("What is wrong, in a few words.", valueName: "text"))
    var note = ""

    @Flag(help: "List the open calls instead.")
    var list = false

    @Flag(help: "With --list: one JSON object.")
    var json = false

    @OptionGroup var source: SourceOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    func validate() throws {
        if !list && type == nil { throw ValidationError("name the call's type (or --list)") }
    }

    func run() async throws {
        let config = try Launch.line(plant.line, of: try Setup.config(source, nil, manager))
        let (calls, alertSource) = try Calls.source(config, writing: !list, pool: Setup.pool())
        let now = Date().timeIntervalSince1970
        if list {
            let open = try await Calls.open(on: alertSource)
            print(
                json ? Calls.json(open, types: calls, now: now) : Calls.text(open, types: calls, now: now),
                terminator: "")
            return
        }
        let by = config.alertmanager?.ackBy ?? Launch.author(environment: Setup.environment)
        let call = try await Calls.raise(
            type!, line: plant.line, note: note, by: by, now: now, calls: calls, on: alertSource)
        print("call \(call.id): \(call.type)" + (call.line.map { " at \($0)" } ?? "") + ", raised by \(call.raisedBy)")
        if let problem = Calls.record(call, .raised, config: config, now: now) { Setup.report(problem) }
    }
}

/// `andon arrive` and `andon close`: a responder is at the station; the call is over.
struct AnswerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arrive", abstract: "Say a responder is at the station of a call: its clock stops.",
        discussion: """
            The first arrival counts; it is written into the call in Alertmanager, for every board, and into the \
            event log (log:) for the handover. Exit status: 0 done; 1 no open call has that id; 69 Alertmanager \
            unreachable; 77 calls.allow is not true; 78 bad configuration.

            Examples:
              andon arrive k3f9qa2m
            """)

    @Argument(help: ArgumentHelp("The call's id, as andon call --list shows it.", valueName: "id"))
    var id: String

    @OptionGroup var source: SourceOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    func run() async throws {
        let config = try Launch.line(plant.line, of: try Setup.config(source, nil, manager))
        let (_, alertSource) = try Calls.source(config, writing: true, pool: Setup.pool())
        let by = config.alertmanager?.ackBy ?? Launch.author(environment: Setup.environment)
        let now = Date().timeIntervalSince1970
        let call = try await Calls.arrive(id, by: by, now: now, on: alertSource)
        print("call \(call.id): \(call.arrivedBy ?? by) at the station")
        if call.arrivedAt == now, let problem = Calls.record(call, .arrived, config: config, now: now) {
            Setup.report(problem)
        }
    }
}

/// `andon close`: the call is over, with a note of what was done.
struct CloseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close", abstract: "Close a call, with a note of what was done.",
        discussion: """
            The call ends in Alertmanager (its alert resolves) and is written into the event log (log:) for the \
            handover. Exit status: 0 done; 1 no open call has that id; 69 Alertmanager unreachable; 77 \
            calls.allow is not true; 78 bad configuration.

            Examples:
              andon close k3f9qa2m --note "pallet cleared"
            """)

    @Argument(help: ArgumentHelp("The call's id, as andon call --list shows it.", valueName: "id"))
    var id: String

    @Option(help: ArgumentHelp("What was done.", valueName: "text"))
    var note = ""

    @OptionGroup var source: SourceOptions

    @OptionGroup var manager: AlertmanagerOptions

    @OptionGroup var plant: LineOptions

    func run() async throws {
        let config = try Launch.line(plant.line, of: try Setup.config(source, nil, manager))
        let (_, alertSource) = try Calls.source(config, writing: true, pool: Setup.pool())
        let now = Date().timeIntervalSince1970
        let call = try await Calls.close(id, note: note, now: now, on: alertSource)
        print("call \(call.id): closed")
        if let problem = Calls.record(call, .closed, config: config, now: now) { Setup.report(problem) }
    }
}
