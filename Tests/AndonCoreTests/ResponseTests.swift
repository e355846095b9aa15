import AndonCore
import AndonTestSupport
import Testing

/// The response loop in the pure core, on a clock the test drives: escalation after `escalate_after`, the bell
/// again every `repeat`, its end on an ack and on green; the hooks' events; acknowledging by key; merging
/// Alertmanager's alerts and silences with Prometheus'.
@Suite(
    "the response loop",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct ResponseTests {
    static func board(allowAck: Bool = true, kiosk: Bool = false, bell: BellPolicy = .critical) -> BoardState {
        var config = Config()
        config.refresh = 1000  // refreshes only when a test feeds one
        config.unknownAfter = 100_000  // and what it fed stays known
        config.staleAfter = 100_000
        config.title = "Line 3"
        var alertmanager = AlertmanagerConfig()
        alertmanager.allowAck = allowAck
        alertmanager.ackBy = "ana@wall"
        alertmanager.ackFor = 1800
        config.alertmanager = alertmanager
        config.escalation = EscalationConfig(after: 300, every: 60)
        config.kiosk = kiosk
        return BoardState(config: config, bell: bell, now: 0, size: Size(width: 120, height: 40))
    }

    static let errorRate = Alert(
        labels: ["alertname": "AndonHighErrorRate", "severity": "critical", "principle": "andon", "service": "web"],
        annotations: ["summary": "errors"], state: .firing, activeAt: 0)

    static func acked(_ alert: Alert, at time: Double) -> Alert {
        var copy = alert
        copy.suppression = .silenced([
            Silence(
                id: "s1", matchers: alert.labels.map { Silence.Matcher(name: $0.key, value: $0.value) },
                createdBy: "ana@wall", comment: "ACK! on it", startsAt: time, endsAt: time + 1800, state: .active)
        ])
        return copy
    }

    static let red: [Double] = [0, 10, 2, 99, 50, 1]  // Andon red, the rest green
    static let green: [Double] = [0, 10, 0.1, 99, 50, 1]

    static func hooks(_ effects: [Effect]) -> [HookEvent] {
        effects.compactMap { if case .hook(let event) = $0 { event } else { nil } }
    }

    /// A thousand critical alerts starting at once are one `critical` hook event per principle, naming them, not
    /// a thousand runs of each hook.
    @Test func manyNewCriticalAlertsAreOneHookEventPerPrinciple() {
        var state = Self.board()
        _ = state.update(.refreshed(KioskTests.data(Self.green, at: 0)))
        let alerts = (0..<1_000).map { index in
            Alert(
                labels: [
                    "alertname": "Down\(index % 20)", "severity": "critical", "instance": "i\(index)",
                    "principle": index < 500 ? "jidoka" : "andon",
                ], annotations: [:], state: .firing, activeAt: 0)
        }
        let effects = state.update(.refreshed(KioskTests.data(Self.green, at: 10, alerts: alerts)))
        let critical = Self.hooks(effects).filter { $0.trigger == .critical }
        #expect(critical.map(\.principle) == [.jidoka, .andon], "\(critical.count)")
        #expect(critical[0].alert.hasPrefix("Down0,Down1,") && critical[0].alert.hasSuffix(",and 10 more"))
        #expect(critical[0].value == "500 alerts")
    }

    @Test func escalatesAfterTheTaktRingsAgainAndEndsOnAnAck() {
        var state = Self.board()
        _ = state.update(.refreshed(KioskTests.data(Self.green, at: 0)))
        var effects = state.update(.refreshed(KioskTests.data(Self.red, at: 10, alerts: [Self.errorRate])))
        #expect(Self.hooks(effects).map(\.trigger) == [.critical, .status])
        var escalations: [Double] = []
        var bells: [Double] = []
        for second in stride(from: 11.0, through: 440, by: 1) {
            effects = state.update(.tick(second))
            for event in Self.hooks(effects) where event.trigger == .escalation {
                escalations.append(second)
                #expect(event.principle == .andon && event.alert == "AndonHighErrorRate")
                #expect(event.environment["ANDON_NEW_STATUS"] == "red")
            }
            if effects.contains(.bell) { bells.append(second) }
            if second < 300 { #expect(!state.escalatedPrinciples.contains(.andon)) }
        }
        // The alert has been active since 0 and the line red since 10: escalated at 300, once; the bell then and
        // every 60 s.
        #expect(escalations == [300])
        #expect(bells == [300, 360, 420])
        #expect(state.escalatedPrinciples == [.andon])
        // An ack of the alert answers it: no more escalation, no more bells.
        effects = state.update(
            .refreshed(KioskTests.data(Self.red, at: 441, alerts: [Self.acked(Self.errorRate, at: 441)])))
        #expect(state.escalatedPrinciples.isEmpty)
        var later: [Effect] = []
        for second in stride(from: 442.0, through: 600, by: 1) { later += state.update(.tick(second)) }
        #expect(!later.contains(.bell) && Self.hooks(later).isEmpty)
    }

    @Test func greenEndsTheEscalation() {
        var state = Self.board()
        _ = state.update(.refreshed(KioskTests.data(Self.green, at: 0)))
        _ = state.update(.refreshed(KioskTests.data(Self.red, at: 1, alerts: [Self.errorRate])))
        for second in stride(from: 2.0, through: 320, by: 1) { _ = state.update(.tick(second)) }
        #expect(state.escalatedPrinciples == [.andon])
        let effects = state.update(.refreshed(KioskTests.data(Self.green, at: 321)))
        #expect(state.escalatedPrinciples.isEmpty)
        // Green again: the status, the ringback, and the latch of a red nobody acknowledged.
        #expect(
            Self.hooks(effects).map { "\($0.trigger) \($0.oldStatus)>\($0.newStatus) \($0.alarm)" } == [
                "status red>green ", "alarm >green ringback", "alarm >green latched",
            ])
        // The ringback's bells, two a second apart; the escalation's are over.
        #expect(effects.filter { $0 == .bell }.count == 1)
        var later: [Effect] = []
        for second in stride(from: 322.0, through: 500, by: 1) { later += state.update(.tick(second)) }
        #expect(later.filter { $0 == .bell }.count == 1 && state.ringbackBell == nil)
    }

    @Test func aRedLineWithoutAnAlertEscalatesToo() {
        var state = Self.board(bell: .off)
        _ = state.update(.refreshed(KioskTests.data(Self.green, at: 0)))
        _ = state.update(.refreshed(KioskTests.data(Self.red, at: 1)))
        var events: [HookEvent] = []
        var bells = 0
        for second in stride(from: 2.0, through: 400, by: 1) {
            let effects = state.update(.tick(second))
            events += Self.hooks(effects)
            bells += effects.filter { $0 == .bell }.count
        }
        #expect(events.map(\.trigger) == [.escalation] && events.first?.principle == .andon)
        #expect(bells == 0, "the bell policy off: no bell, but the hooks and the tile still escalate")
    }

    /// A reload that changes what a principle reads forgets what it knew: its first answer after is not news (no
    /// "unknown>green" hook), and its changes after that are.
    @Test func aPrinciplesFirstAnswerAfterAReloadIsNotNews() {
        var state = Self.board()
        _ = state.update(.refreshed(KioskTests.data(Self.green, at: 0)))
        var next = state.config
        if let index = next.principles.firstIndex(where: { $0.id == .kanban }) {
            next.principles[index].query = "max(other_queue_depth)"
        }
        _ = state.reconfigure(next)
        #expect(state.known[.kanban]?.answeredAt == nil && state.known[.andon]?.answeredAt != nil)
        // Answers asked with the new configuration.
        func answer(_ values: [Double], at time: Double) -> Event {
            var data = KioskTests.data(values, at: time)
            data.stamp = Stamp(asOf: nil, config: state.config)
            return .refreshed(data)
        }
        let first = state.update(answer(Self.green, at: 5))
        #expect(state.known[.kanban]?.answeredAt == 5, "the answer was taken")
        #expect(Self.hooks(first).isEmpty)
        let events = Self.hooks(state.update(answer([0, 1500, 0.1, 99, 50, 1], at: 10)))
        #expect(
            events.map { "\($0.principle?.rawValue ?? "-") \($0.oldStatus)>\($0.newStatus)" } == ["kanban green>red"])
    }

    @Test func statusChangesAndCriticalAlertsReachTheHooksInOrder() {
        var state = Self.board()
        // The first answer is not news.
        #expect(Self.hooks(state.update(.refreshed(KioskTests.data(Self.green, at: 0)))).isEmpty)
        let effects = state.update(
            .refreshed(KioskTests.data([40, 700, 2, 99, 50, 1], at: 5, alerts: [Self.errorRate])))
        let events = Self.hooks(effects)
        #expect(
            events.map { "\($0.trigger) \($0.principle?.rawValue ?? "-") \($0.oldStatus)>\($0.newStatus)" } == [
                "critical andon >", "status jidoka green>red", "status kanban green>yellow",
                "status andon green>red",
            ])
        let critical = events[0].environment
        #expect(critical["ANDON_ALERT"] == "AndonHighErrorRate" && critical["ANDON_SEVERITY"] == "critical")
        #expect(critical["ANDON_BOARD"] == "Line 3" && critical["ANDON_EVENT"] == "critical")
        #expect(events[1].environment["ANDON_VALUE"] == "40.0 %" || events[1].environment["ANDON_VALUE"] == "40 %")
        // The same refresh again: nothing new.
        #expect(
            Self.hooks(
                state.update(.refreshed(KioskTests.data([40, 700, 2, 99, 50, 1], at: 6, alerts: [Self.errorRate])))
            ).isEmpty)
    }

    @Test func ackByKeyAsksFirstAndWritesOnlyWhereAllowed() {
        for (state, reason) in [
            (Self.board(allowAck: false), "allow_ack is off"), (Self.board(kiosk: true), "a kiosk never writes"),
        ] {
            var state = state
            _ = state.update(.refreshed(KioskTests.data(Self.red, at: 0, alerts: [Self.errorRate])))
            _ = state.update(.key(.character("3")))
            var effects = state.update(.key(.character("A")))
            effects += state.update(.key(.character("y")))
            #expect(!effects.contains { if case .acknowledge = $0 { true } else { false } })
            #expect(state.notice?.text.contains(reason) == true, "\(String(describing: state.notice))")
        }
        var state = Self.board()
        _ = state.update(.refreshed(KioskTests.data(Self.red, at: 0, alerts: [Self.errorRate])))
        _ = state.update(.key(.character("3")))
        #expect(state.update(.key(.character("A"))).isEmpty)
        #expect(state.proposal?.what == "AndonHighErrorRate")
        // Anything but y drops it.
        #expect(state.update(.key(.character("n"))).isEmpty && state.proposal == nil)
        _ = state.update(.key(.character("A")))
        let effects = state.update(.key(.character("y")))
        guard case .acknowledge(let order) = effects.first else {
            Issue.record("no acknowledgement asked for: \(effects)")
            return
        }
        #expect(order.acks[0].by == "ana@wall" && order.acks[0].until - order.acks[0].from == 1800)
        // Alertmanager stores it as a silence marked as an ack.
        let draft = SilenceDraft(order.acks[0])
        #expect(draft.createdBy == "ana@wall" && draft.comment.hasPrefix("ACK! "))
        #expect(draft.endsAt - draft.startsAt == 1800)
        #expect(
            draft.matchers.map(\.text) == [
                "alertname=\"AndonHighErrorRate\"", "principle=\"andon\"", "service=\"web\"", "severity=\"critical\"",
            ])
        // Alertmanager refused: the reason is shown, nothing acknowledged, no ack hook.
        let refused = state.update(
            .acknowledged(AckOutcome(order: order, created: 0, error: "Alertmanager: HTTP 403 forbidden")))
        #expect(state.notice?.text.contains("HTTP 403") == true)
        #expect(Self.hooks(refused).isEmpty)
        // Accepted: an ack hook, and a refresh to show it.
        let accepted = state.update(.acknowledged(AckOutcome(order: order, created: 1, error: nil)))
        #expect(Self.hooks(accepted).map(\.trigger) == [.ack] && Self.hooks(accepted)[0].by == "ana@wall")
        #expect(accepted.contains(.refresh))
    }

    @Test func alertmanagerAndPrometheusAlertsMergeOnce() {
        let pending = Alert(
            labels: ["alertname": "KanbanQueueDepthCritical", "severity": "warning", "principle": "kanban"],
            annotations: [:], state: .pending, activeAt: 5)
        let managed = [
            // Prometheus' alert, with the external label Alertmanager adds.
            ManagedAlert(
                labels: Self.errorRate.labels.merging(["cluster": "eu"]) { $1 }, fingerprint: "f1", state: "active"),
            ManagedAlert(
                labels: ["alertname": "AndonAlertSpam", "severity": "warning", "principle": "andon"],
                fingerprint: "f2", state: "suppressed", inhibitedBy: ["f1"]),
        ]
        let ack = Silence(
            id: "s9", matchers: [Silence.Matcher(name: "alertname", value: "KanbanQueue.*", isRegex: true)],
            createdBy: "bob@desk", comment: "ACK! draining", startsAt: 1, endsAt: 99, state: .active)
        let expired = Silence(
            id: "s0", matchers: [Silence.Matcher(name: "alertname", value: "AndonHighErrorRate")],
            createdBy: "eve", comment: "old", startsAt: 0, endsAt: 1, state: .expired)
        let merged = AlertmanagerSource.merge(
            prometheus: [Self.errorRate, pending], managed: managed, silences: [ack, expired])
        #expect(merged.map(\.name) == ["AndonHighErrorRate", "KanbanQueueDepthCritical", "AndonAlertSpam"])
        #expect(merged[0].labels["cluster"] == "eu" && merged[0].managed == "active" && merged[0].suppression == nil)
        #expect(merged[1].ack?.who == "bob" && merged[1].managed == nil)
        #expect(merged[2].suppression == .inhibited(by: ["AndonHighErrorRate"]) && merged[2].state == .firing)
    }

    @Test func alertmanagerAnswersAreDecodedAndRefusalsExplained() throws {
        let refusal = HTTPResponse(status: 400, body: Array("\"silence invalid: invalid label matcher 0\"".utf8))
        #expect(throws: PrometheusError.alertmanager("HTTP 400 bad request: silence invalid: invalid label matcher 0"))
        {
            try AlertmanagerAPI.decodeCreated(refusal)
        }
        let created = HTTPResponse(status: 200, body: Array(#"{"silenceID":"abc-1"}"#.utf8))
        #expect(try AlertmanagerAPI.decodeCreated(created) == "abc-1")
        let silences = HTTPResponse(
            status: 200,
            body: Array(
                #"[{"id":"x","status":{"state":"active"},"comment":"ACK! on it","createdBy":"ana@h","startsAt":"2026-11-30T10:00:00Z","endsAt":"2026-11-30T10:30:00Z","matchers":[{"name":"alertname","value":"A","isRegex":false,"isEqual":true}]}]"#
                    .utf8))
        let decoded = try AlertmanagerAPI.decodeSilences(silences)
        #expect(decoded.count == 1 && decoded[0].isAck && decoded[0].note == "on it" && decoded[0].subject == "A")
        #expect(decoded[0].endsAt - decoded[0].startsAt == 1800)
        // A silence id cannot leave its path segment.
        #expect(AlertmanagerAPI.expire("../../api/v2/status").path == "/api/v2/silence/..%2F..%2Fapi%2Fv2%2Fstatus")
    }
}
