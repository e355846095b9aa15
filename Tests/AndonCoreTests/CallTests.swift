import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Calls pulled by people: their configuration, their form as alerts, and their ladders on a held clock.
@Suite(
    "calls and ladders",
    .enabled(if: Sanitizers.cover(.address), "configuration text through libyaml; the rest is pure"))
struct CallTests {
    static let yaml = """
        calls:
          allow: true
          types:
            material: {principle: kanban, respond_within: 5m, ladder: [{after: 0m, notify: line}, {after: 5m, notify: oncall}, {after: 15m, notify: manager}]}
            quality:  {principle: andon,  respond_within: 15m, ladder: [{after: 0m, notify: line}, {after: 15m, notify: oncall}]}
            help:     {respond_within: 2m}
          notify:
            line:    {hook: /usr/share/andon/examples/hooks/stack-light}
            oncall:  {command: [./page-oncall, --urgent]}
            manager: {hook: mail-manager, pass_environment: [MAIL_RELAY]}

        """

    static func config() throws -> CallsConfig {
        try #require(try ConfigParser.parse(yaml: yaml, file: "/etc/andon/c.yaml", directory: "/etc/andon").calls)
    }

    @Test func typesLaddersAndTargetsAreRead() throws {
        let calls = try Self.config()
        #expect(calls.allow && calls.types.map(\.name) == ["material", "quality", "help"])
        let material = try #require(calls.type("material"))
        #expect(material.principle == .kanban && material.respondWithin == 300)
        #expect(
            material.ladder.map(\.after) == [0, 300, 900]
                && material.ladder.map(\.notify) == ["line", "oncall", "manager"])
        #expect(calls.type("help")?.ladder.isEmpty == true && calls.type("help")?.principle == nil)
        // A relative program is the configuration's folder's; a bare name is looked up on the PATH.
        #expect(calls.notify["oncall"] == ["/etc/andon/./page-oncall", "--urgent"])
        #expect(calls.notify["manager"] == ["mail-manager"] && calls.passEnvironment["manager"] == ["MAIL_RELAY"])
        // Mistakes name their key.
        for (text, key) in [
            (
                "calls:\n  types:\n    x: {respond_within: 5m, ladder: [{after: 0m, notify: nobody}]}\n",
                "calls.types.x.ladder[0].notify"
            ),
            ("calls:\n  types:\n    x: {ladder: []}\n", "calls.types.x.respond_within"),
            (
                "calls:\n  notify: {a: {hook: /bin/true}}\n  types:\n    x: {respond_within: 5m, ladder: [{after: 5m, notify: a}, {after: 1m, notify: a}]}\n",
                "calls.types.x.ladder[1].after"
            ),
            ("calls:\n  types:\n    \"x y\": {respond_within: 5m}\n", "calls.types"),
            ("calls:\n  notify: {a: {shell: \"rm -rf /\"}}\n", "calls.notify.a"),
            ("calls:\n  types:\n    x: {respond_within: 5m, principle: muda}\n", "calls.types.x.principle"),
        ] {
            #expect {
                try ConfigParser.parse(yaml: text, file: "c.yaml")
            } throws: { "\($0)".contains(key) }
        }
    }

    /// A call as an alert: labels that tell it apart (never changing), annotations that carry its life; read back,
    /// the same call. A note with quotes, a newline and an escape sequence stays text.
    @Test func aCallIsAnAlertAndBack() {
        var call = Call(
            id: Call.newID(12345), type: "material", line: "north", principle: .kanban, raisedBy: "ana@wall-3",
            raisedAt: 1_796_000_000, note: "pallet \"jam\"\n$(rm -rf /)\u{1B}[2J")
        #expect(call.id.count == 8 && call.id.allSatisfy { $0.isLowercase || $0.isNumber })
        #expect(call.labels["alertname"] == "AndonCall" && call.labels["principle"] == "kanban")
        #expect(call.labels["line"] == "north" && call.labels["severity"] == "critical")
        call.tier = 1
        call.arrivedBy = "bo@floor"
        call.arrivedAt = 1_796_000_120
        let back = Call(labels: call.labels, annotations: call.annotations, startsAt: 1_796_000_000)
        #expect(back == call)
        #expect(Call(labels: ["alertname": "AndonHighErrorRate"], annotations: [:], startsAt: nil) == nil)
        // The request: a JSON array Alertmanager takes, the note a JSON string.
        let request = AlertmanagerAPI.post([call], until: 1_796_086_400)
        let body = String(decoding: request.body ?? [], as: UTF8.self)
        let parsed = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [[String: Any]]
        #expect((parsed?.first?["annotations"] as? [String: String])?["note"] == call.note)
        #expect(parsed?.first?["endsAt"] as? String == RFC3339.format(1_796_086_400))
        #expect(parsed?.first?["startsAt"] as? String == RFC3339.format(1_796_000_000))
        #expect(request.method == .post && request.path == "/api/v2/alerts")
    }

    /// The ladder on a held clock: tier k is due at its `after`, exactly; an arrival stops the climb; the deadline.
    @Test func theLadderClimbsAtItsDeadlinesAndStopsOnArrival() throws {
        let material = try #require(try Self.config().type("material"))
        let raised = 1_796_000_000.0
        var call = Call(
            id: "a", type: "material", line: nil, principle: .kanban, raisedBy: "ana", raisedAt: raised, note: "")
        let cases: [(Double, Int, Bool, Double?)] = [
            (0, 0, false, raised + 300), (299.9, 0, false, raised + 300), (300, 1, true, raised + 900),
            (899, 1, true, raised + 900), (900, 2, true, nil), (86400, 2, true, nil),
        ]
        for (elapsed, due, overdue, next) in cases {
            #expect(Ladder.due(call, material, now: raised + elapsed) == due, "\(elapsed)")
            #expect(Ladder.overdue(call, material, now: raised + elapsed) == overdue, "\(elapsed)")
            #expect(Ladder.nextDue(call, material, now: raised + elapsed) == next, "\(elapsed)")
        }
        // What to notify: each tier once, those skipped too when a board was away.
        #expect(Ladder.toNotify(call, material, now: raised) == [0])
        call.tier = 0
        #expect(Ladder.toNotify(call, material, now: raised + 299).isEmpty)
        #expect(Ladder.toNotify(call, material, now: raised + 300) == [1])
        #expect(Ladder.toNotify(call, material, now: raised + 1000) == [1, 2])
        call.tier = 1
        // Someone arrives at 7 minutes: the clock stops there, tier 2 never comes.
        call.arrivedAt = raised + 420
        call.arrivedBy = "bo"
        #expect(Ladder.due(call, material, now: raised + 5000) == 1)
        #expect(Ladder.toNotify(call, material, now: raised + 5000).isEmpty)
        #expect(
            !Ladder.overdue(call, material, now: raised + 5000)
                && Ladder.nextDue(call, material, now: raised + 5000) == nil)
        // A closed call notifies nothing more.
        var closed = Call(
            id: "b", type: "material", line: nil, principle: nil, raisedBy: "x", raisedAt: raised, note: "")
        closed.closedAt = raised + 10
        #expect(Ladder.toNotify(closed, material, now: raised + 5000).isEmpty)
    }

    /// A board climbs the ladders of the calls it shows, on the clock the test drives: each tier's target once, at
    /// its deadline within a tick, the tier written back with the call; a tier the source already carries is not
    /// notified again; an arrival stops it; a board without `calls.allow`, or in history, writes nothing.
    @Test func aBoardClimbsAtTheDeadlineOnce() throws {
        var board = ResponseTests.board()
        var config = board.config
        config.calls = try Self.config()
        board = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        var call = Call(
            id: "k3f9qa2m", type: "material", line: "north", principle: .kanban, raisedBy: "ana@wall",
            raisedAt: 100, note: "pallet jam")
        func alert(_ call: Call) -> Alert {
            Alert(labels: call.labels, annotations: call.annotations, state: .firing, activeAt: call.raisedAt)
        }
        func climbs(_ effects: [Effect]) -> [CallClimb] {
            effects.compactMap { if case .climb(let climb) = $0 { climb } else { nil } }
        }
        _ = board.update(.refreshed(KioskTests.data(ResponseTests.green, at: 90)))
        // Raised at 100, seen at 101: tier 1 (the line) at once.
        var climbed = climbs(
            board.update(.refreshed(KioskTests.data(ResponseTests.green, at: 101, alerts: [alert(call)]))))
        #expect(climbed.map { $0.steps.map(\.target) } == [["line"]] && climbed.first?.call.tier == 0)
        #expect(climbed.first?.environment(climbed[0].steps[0], now: 101)["ANDON_CALL_NOTE"] == "pallet jam")
        // The source has not yet said so: not again.
        #expect(climbs(board.update(.tick(102))).isEmpty)
        // Tier 2 at 5 minutes, exactly: not at 399, at 400.
        #expect(climbs(board.update(.tick(399))).isEmpty)
        climbed = climbs(board.update(.tick(400)))
        #expect(climbed.map { $0.steps.map(\.target) } == [["oncall"]] && climbed.first?.call.tier == 1)
        #expect(climbed.first?.steps.first?.command == ["/etc/andon/./page-oncall", "--urgent"])
        // Another board wrote tier 2 already: this one, fresh, does not page again.
        call.tier = 1
        var other = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        _ = other.update(.refreshed(KioskTests.data(ResponseTests.green, at: 90)))
        #expect(
            climbs(other.update(.refreshed(KioskTests.data(ResponseTests.green, at: 410, alerts: [alert(call)]))))
                .isEmpty)
        // Someone arrives at 8 minutes: the manager is never called.
        call.arrivedAt = 580
        call.arrivedBy = "bo@floor"
        _ = board.update(.refreshed(KioskTests.data(ResponseTests.green, at: 590, alerts: [alert(call)])))
        #expect(climbs(board.update(.tick(2000))).isEmpty)
        // Without calls.allow, nothing is written.
        config.calls?.allow = false
        var quiet = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        _ = quiet.update(.refreshed(KioskTests.data(ResponseTests.green, at: 90)))
        call.arrivedAt = nil
        call.tier = -1
        #expect(
            climbs(quiet.update(.refreshed(KioskTests.data(ResponseTests.green, at: 2000, alerts: [alert(call)]))))
                .isEmpty)
    }

    /// What happens to a call reaches the `call` hooks and the event log once, as the board sees it: raised (at
    /// its own time), a tier, a responder's arrival, closed when it is gone from the source. Its note reaches the
    /// hook as it is, and the log inert.
    @Test func aCallsLifeReachesTheHooksAndTheLog() throws {
        var config = ResponseTests.board().config
        config.calls = try Self.config()
        var board = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        let note = "jam $(rm -rf /) \u{1B}[2J\nforged=line"
        var call = Call(
            id: "k3f9qa2m", type: "material", line: "north", principle: .kanban, raisedBy: "ana@wall",
            raisedAt: 100, note: note)
        func alert(_ call: Call) -> Alert {
            Alert(labels: call.labels, annotations: call.annotations, state: .firing, activeAt: call.raisedAt)
        }
        /// What an event does: the `call` hooks' variables, the log's `call` lines, the calls asked about.
        func step(_ event: Event) -> (hooks: [[String: String]], log: [LogEntry], gone: [Effect]) {
            let before = board
            let effects = board.update(event)
            let hooks = effects.compactMap { effect -> [String: String]? in
                guard case .hook(let event) = effect, event.trigger == .call else { return nil }
                return event.environment
            }
            let gone = effects.filter { if case .callsGone = $0 { true } else { false } }
            return (hooks, EventLog.changes(from: before, to: board, line: nil).filter { $0.event == "call" }, gone)
        }
        func refresh(at: Double, _ alerts: [Alert]) -> (hooks: [[String: String]], log: [LogEntry], gone: [Effect]) {
            step(.refreshed(KioskTests.data(ResponseTests.green, at: at, alerts: alerts)))
        }
        func field(_ entry: LogEntry?, _ key: String) -> String? { entry?.fields.first { $0.key == key }?.value }
        _ = refresh(at: 90, [])
        var seen = refresh(at: 101, [alert(call)])
        #expect(seen.hooks.map { $0["ANDON_CALL_EVENT"] } == ["raised"])
        #expect(seen.hooks.first?["ANDON_EVENT"] == "call" && seen.hooks.first?["ANDON_CALL_NOTE"] == note)
        #expect(seen.hooks.first?["ANDON_CALL_ID"] == "k3f9qa2m" && seen.hooks.first?["ANDON_PRINCIPLE"] == "kanban")
        #expect(seen.log.count == 1 && field(seen.log.first, "state") == "raised")
        #expect(field(seen.log.first, "at") == RFC3339.format(100) && field(seen.log.first, "call_line") == "north")
        let line = EventLogFormat.line(try #require(seen.log.first), format: .text)
        #expect(!line.contains("\n") && !line.contains("\u{1B}"), "\(line)")
        // Nothing new: nothing said.
        seen = refresh(at: 102, [alert(call)])
        #expect(seen.hooks.isEmpty && seen.log.isEmpty)
        call.tier = 1
        seen = refresh(at: 401, [alert(call)])
        #expect(seen.hooks.map { $0["ANDON_CALL_TIER"] } == ["2"] && field(seen.log.first, "tier") == "2")
        call.arrivedAt = 450
        call.arrivedBy = "bo@floor"
        seen = refresh(at: 451, [alert(call)])
        #expect(seen.hooks.map { $0["ANDON_CALL_EVENT"] } == ["arrived"])
        #expect(seen.hooks.first?["ANDON_CALL_ARRIVED_BY"] == "bo@floor" && seen.hooks.first?["ANDON_BY"] == "bo@floor")
        #expect(field(seen.log.first, "at") == RFC3339.format(450) && field(seen.log.first, "by") == "bo@floor")
        // Alerts that cannot be read close nothing, and ask nothing.
        let unreadable = step(
            .refreshed(
                OverviewData(
                    evaluation: Evaluation(
                        evaluatedAt: 460, prometheus: "http://p",
                        readings: KioskTests.data(ResponseTests.green, at: 460).evaluation.readings,
                        alerts: .failure(.transport(TransportError(.connectionRefused, "127.0.0.1:9093")))),
                    culprits: [:], at: 460)))
        #expect(unreadable.hooks.isEmpty && unreadable.log.isEmpty && unreadable.gone.isEmpty)
        // Gone from the source: a board that writes calls asks whether it was closed or lost to a restart of the
        // source (since the answer that last had it), and says closed only when the runner says so.
        seen = refresh(at: 900, [])
        #expect(seen.hooks.isEmpty && seen.log.isEmpty && seen.gone == [.callsGone([call], seenAt: 451)])
        seen = step(.callsClosed([call]))
        #expect(seen.hooks.map { $0["ANDON_CALL_EVENT"] } == ["closed"])
        #expect(field(seen.log.first, "at") == RFC3339.format(900))
        // Lost to a restart and written again: its return is not a new call.
        _ = refresh(at: 1000, [alert(call)])
        #expect(refresh(at: 1001, []).gone == [.callsGone([call], seenAt: 1000)])
        _ = step(.callsRestored([call]))
        #expect(board.notice?.text == "the alert source restarted: call k3f9qa2m written again")
        seen = refresh(at: 1002, [alert(call)])
        #expect(seen.hooks.isEmpty && seen.log.isEmpty && board.restoredCalls.isEmpty)
        // Written again, then closed before the board read it back: asked about again, since it was written.
        #expect(refresh(at: 1003, []).gone == [.callsGone([call], seenAt: 1002)])
        _ = step(.callsRestored([call]))
        _ = board.update(.tick(1003.5))
        #expect(refresh(at: 1004, []).gone == [.callsGone([call], seenAt: 1003)])
        #expect(step(.callsClosed([call])).hooks.map { $0["ANDON_CALL_EVENT"] } == ["closed"])
        #expect(board.restoredCalls.isEmpty)
        // A board that does not write calls says closed when it sees one gone.
        config.calls?.allow = false
        board = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        _ = refresh(at: 90, [])
        _ = refresh(at: 101, [alert(call)])
        seen = refresh(at: 102, [])
        #expect(seen.hooks.map { $0["ANDON_CALL_EVENT"] } == ["closed"] && seen.gone.isEmpty)
    }

    /// An alert from a rule that `calls.alerts` gives a ladder is a call of its own: raised once from when the
    /// alert began (its id from the alert's labels, the same on every board), climbing its type's ladder, answered
    /// when the alert is acknowledged, closed when it stops firing; it leaves the single escalation timer.
    @Test func anAlertClimbsALadderAsACall() throws {
        let yaml =
            Self.yaml + "  alerts:\n    - {match: {alertname: KanbanDeep, severity: critical}, ladder: material}\n"
        var config = ResponseTests.board().config
        config.calls = try ConfigParser.parse(yaml: yaml, file: "/etc/andon/c.yaml", directory: "/etc/andon").calls
        config.escalation = EscalationConfig(after: 60, every: 60)
        #expect(
            config.calls?.alerts == [
                AlertLadder(match: ["alertname": "KanbanDeep", "severity": "critical"], type: "material")
            ])
        var board = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        let labels = ["alertname": "KanbanDeep", "severity": "critical", "principle": "kanban", "queue": "orders"]
        var rule = Alert(labels: labels, annotations: ["summary": "orders is deep"], state: .firing, activeAt: 100)
        func climbs(_ effects: [Effect]) -> [CallClimb] {
            effects.compactMap { if case .climb(let climb) = $0 { climb } else { nil } }
        }
        func refresh(at: Double, _ alerts: [Alert]) -> [CallClimb] {
            climbs(board.update(.refreshed(KioskTests.data(ResponseTests.green, at: at, alerts: alerts))))
        }
        _ = refresh(at: 90, [])
        // Seen at 130, firing since 100: raised with its first tier, once.
        var raised = refresh(at: 130, [rule])
        #expect(raised.count == 1 && raised[0].raising && raised[0].steps.map(\.target) == ["line"])
        var call = try #require(raised.first?.call)
        #expect(call.id == Call.id(forAlert: labels) && call.raisedAt == 100 && call.forAlert == "KanbanDeep")
        #expect(call.note == "KanbanDeep: orders is deep" && call.principle == .kanban && call.tier == 0)
        #expect(
            call.labels["for_alert"] == "KanbanDeep"
                && Call(labels: call.labels, annotations: call.annotations, startsAt: 100) == call)
        #expect(refresh(at: 131, [rule]).isEmpty && climbs(board.update(.tick(132))).isEmpty)
        // Not escalated by the timer, critical and unanswered as it is: its ladder is its escalation.
        #expect(!board.escalated(rule) && board.unanswered(.kanban) == nil)
        // Read back: it climbs as every call does, at 5 minutes after the alert began.
        func shown(_ call: Call) -> Alert {
            Alert(labels: call.labels, annotations: call.annotations, state: .firing, activeAt: call.raisedAt)
        }
        #expect(refresh(at: 133, [rule, shown(call)]).isEmpty)
        raised = climbs(board.update(.tick(400)))
        #expect(raised.map { $0.steps.map(\.target) } == [["oncall"]])
        call.tier = 1
        // Acknowledged: the acknowledgement is the arrival, written once.
        rule.suppression = .silenced([
            Silence(
                id: "s1", matchers: [.init(name: "alertname", value: "KanbanDeep")], createdBy: "bo@floor",
                comment: "ACK! on it", startsAt: 410, endsAt: 4000, state: .active)
        ])
        raised = refresh(at: 411, [rule, shown(call)])
        #expect(raised.count == 1 && raised.first?.call.arrivedAt == 410 && raised.first?.call.arrivedBy == "bo@floor")
        #expect(raised.first?.steps.isEmpty == true && refresh(at: 412, [rule, shown(call)]).isEmpty)
        // The alert stops firing: its call is closed.
        raised = refresh(at: 500, [shown(call)])
        #expect(raised.count == 1 && raised.first?.call.closedAt == 500 && board.alertCalls.isEmpty)
        // A ladder that names no type is an error that says where.
        #expect(throws: ConfigError.self) {
            try ConfigParser.parse(
                yaml: Self.yaml + "  alerts:\n    - {match: {severity: critical}, ladder: nope}\n", file: "c.yaml",
                directory: nil)
        }
    }

    /// An open call shows on its principle's tile with its timer against its deadline: waiting, overdue, answered.
    @Test func aCallOnItsTileWithItsTimer() throws {
        var config = ResponseTests.board().config
        config.calls = try Self.config()
        var board = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        var call = Call(
            id: "k3f9qa2m", type: "material", line: "north", principle: .kanban, raisedBy: "ana@wall",
            raisedAt: 1000, note: "")
        func show(at: Double) -> String {
            let alert = Alert(labels: call.labels, annotations: call.annotations, state: .firing, activeAt: 1000)
            _ = board.update(.refreshed(KioskTests.data(ResponseTests.green, at: at, alerts: [alert])))
            return BoardView().render(board).text
        }
        #expect(show(at: 1180).contains("CALL material · 3m of 5m"))
        #expect(show(at: 1420).contains("CALL material · OVERDUE 7m of 5m"))
        call.arrivedAt = 1430
        call.arrivedBy = "bo@floor"
        let answered = show(at: 1500)
        #expect(answered.contains("CALL material · bo@floor here · 8m") && !answered.contains("OVERDUE"), "\(answered)")
    }

    /// `c`, the type's number and a note raise a call on the board; any other key raises none; where calls are not
    /// allowed, or in history, the board says why; the help screen lists `c` only where calls are configured.
    @Test func theCordOnTheBoard() throws {
        var config = ResponseTests.board().config
        config.calls = try Self.config()
        var board = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        #expect(board.update(.key(.character("c"))).isEmpty && board.calling)
        let line = BoardView().render(board).text.components(separatedBy: "\n").last ?? ""
        #expect(line.contains("Call: 1 material · 2 quality · 3 help? its number"), "\(line)")
        // The type's number, then a note: typed, corrected, raised with Enter.
        #expect(board.update(.key(.character("2"))).isEmpty && !board.calling && board.callNote?.type == "quality")
        for c in "lid scratchedd" { _ = board.update(.key(.character(c))) }
        _ = board.update(.key(.backspace))
        _ = board.update(.key(.left))
        let asking = BoardView().render(board).text.components(separatedBy: "\n").last ?? ""
        #expect(asking.contains("Call quality, note: lid scratched▏ Enter: raise · Esc: none"), "\(asking)")
        #expect(board.update(.key(.enter)) == [.raiseCall("quality", note: "lid scratched")] && board.callNote == nil)
        // Esc while the note is typed raises nothing; a note is held to its limit.
        _ = board.update(.key(.character("c")))
        _ = board.update(.key(.character("1")))
        for _ in 0..<200 { _ = board.update(.key(.character("x"))) }
        #expect(board.callNote?.text.count == BoardState.callNoteLimit)
        #expect(board.update(.key(.escape)).isEmpty && board.callNote == nil && board.notice?.text == "no call raised")
        _ = board.update(.key(.character("c")))
        #expect(board.update(.key(.escape)).isEmpty && !board.calling)
        _ = board.update(.key(.character("c")))
        #expect(board.update(.key(.character("9"))).isEmpty)
        // Answered by the source: the id, or the reason.
        _ = board.update(.callRaised(.success("k3f9qa2m")))
        #expect(board.notice?.text == "call k3f9qa2m raised")
        _ = board.update(.callRaised(.failure(.source("Alertmanager", "connection refused"))))
        #expect(
            board.notice?.text == "call not raised: Alertmanager: connection refused" && board.notice?.problem == true)
        #expect(Keymaps.board.helpLines(in: board).contains { $0.hasPrefix("c          pull the cord") })
        // Not allowed: said, and nothing asked.
        config.calls?.allow = false
        var quiet = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        #expect(quiet.update(.key(.character("c"))).isEmpty && !quiet.calling)
        #expect(quiet.notice?.text.contains("calls.allow: true") == true)
        // No calls configured: `c` is not on the help screen.
        let plain = BoardState(config: Config(), now: 0, size: Size(width: 120, height: 40))
        #expect(!Keymaps.board.helpLines(in: plain).contains { $0.hasPrefix("c ") })
    }

    /// A kiosk takes no key but `quit`, and the keys the configuration binds to call types (a foot switch):
    /// those raise their call at once, on a board of one line and at a plant's kiosk.
    @Test func aKioskRaisesCallsOnlyThroughBoundKeys() throws {
        var config = ResponseTests.board(kiosk: true).config
        config.calls = try Self.config()
        config.calls?.keys = ["!": "material"]
        var kiosk = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        #expect(kiosk.update(.key(.character("!"))) == [.raiseCall("material")])
        #expect(kiosk.update(.key(.character("c"))).isEmpty && !kiosk.calling)
        #expect(kiosk.update(.key(.character("1"))).isEmpty)
        // A plant of two lines in kiosk mode: the line shown raises it.
        let boards = ["north", "south"].map { _ in
            BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        }
        var plant = PlantState(
            title: "Plant", names: ["north", "south"], boards: boards, size: Size(width: 120, height: 40), now: 0,
            kiosk: true)
        #expect(plant.update(.key(.character("!"))) == [LineEffect(line: 0, effect: .raiseCall("material"))])
        #expect(plant.update(.key(.character("A"))).isEmpty)
        // The keys, read from the configuration: one character, not a letter of `quit`, a known type.
        let keys = try ConfigParser.parse(
            yaml: Self.yaml.replacingOccurrences(
                of: "  allow: true\n", with: "  allow: true\n  keys: {\"!\": material, \"9\": help}\n"),
            file: "c.yaml")
        #expect(keys.calls?.keys == ["!": "material", "9": "help"])
        for bad in ["{q: material}", "{\"!\": nothing}", "{ab: material}"] {
            #expect {
                try ConfigParser.parse(
                    yaml: Self.yaml.replacingOccurrences(
                        of: "  allow: true\n", with: "  allow: true\n  keys: \(bad)\n"),
                    file: "c.yaml")
            } throws: { "\($0)".contains("calls.keys") }
        }
    }

    /// The example of docs/response.md, a line with a foot switch and a stack light, is a configuration andon reads.
    @Test func theDocumentedLineWithAFootSwitchIsAConfiguration() throws {
        let guide = try String(contentsOf: Repository.file("docs/response.md"), encoding: .utf8)
        let start = try #require(guide.range(of: "A line with a foot switch and a stack light"))
        let block = try #require(guide[start.upperBound...].firstMatch(of: /```yaml\n([\s\S]*?)```/))
        let config = try ConfigParser.parse(yaml: String(block.output.1), file: "line3.yaml", directory: "/etc/andon")
        let calls = try #require(config.calls)
        #expect(config.kiosk && calls.allow && calls.keys == ["!": "material", "?": "quality"])
        #expect(calls.type("material")?.ladder.map(\.notify) == ["tower", "oncall", "manager"])
        #expect(calls.passEnvironment["tower"] == ["ANDON_RELAY_SERIAL"])
        #expect(config.oncall == .calendarFile("/etc/andon/oncall.ics"))
    }

    /// A call open for longer than its day in the source is written again by the boards that show it, every
    /// half-day, once each.
    @Test func openCallsAreWrittenAgainEveryHalfDay() throws {
        var config = ResponseTests.board().config
        config.calls = try Self.config()
        var board = BoardState(config: config, now: 0, size: Size(width: 120, height: 40))
        var call = Call(id: "a", type: "help", line: nil, principle: nil, raisedBy: "ana", raisedAt: 100, note: "")
        call.tier = 0
        call.arrivedAt = 150
        let alert = Alert(labels: call.labels, annotations: call.annotations, state: .firing, activeAt: 100)
        func writes(_ effects: [Effect]) -> [CallClimb] {
            effects.compactMap { if case .climb(let climb) = $0 { climb } else { nil } }
        }
        _ = board.update(.refreshed(KioskTests.data(ResponseTests.green, at: 90)))
        #expect(
            writes(board.update(.refreshed(KioskTests.data(ResponseTests.green, at: 200, alerts: [alert])))).isEmpty)
        #expect(writes(board.update(.tick(100 + 43_199))).isEmpty)
        let renewal = writes(board.update(.tick(100 + 43_200)))
        #expect(renewal.count == 1 && renewal[0].steps.isEmpty && renewal[0].call.arrivedAt == 150)
        #expect(writes(board.update(.tick(100 + 43_201))).isEmpty)
        #expect(writes(board.update(.tick(100 + 86_400))).count == 1)
    }
}
