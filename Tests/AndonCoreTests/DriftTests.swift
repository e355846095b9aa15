import AndonTestSupport
import Foundation
import Testing
import Yams

@testable import AndonCore

/// Hansei: the board and the alert rules, held together.
@Suite(
    "drift between the board and the alert rules",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct DriftTests {
    static func alert(_ name: String, _ principle: String, severity: String, state: Alert.State = .firing) -> Alert {
        Alert(
            labels: ["alertname": name, "principle": principle, "severity": severity], annotations: [:], state: state,
            activeAt: 0)
    }

    /// The alerting rules of a rules file, as Prometheus lists them once loaded (`for:` in seconds).
    static func shipped(_ text: String) throws -> [RuleGroup] {
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        return try #require(document["groups"] as? [[String: Any]]).map { group in
            RuleGroup(
                name: group["name"] as? String ?? "", file: "alert-rules.yml",
                rules: (group["rules"] as? [[String: Any]] ?? []).map { entry in
                    var rule = Rule(
                        name: entry["alert"] as? String ?? "", type: "alerting", query: entry["expr"] as? String ?? "",
                        health: "ok", lastError: "")
                    rule.labels = entry["labels"] as? [String: String] ?? [:]
                    rule.duration = (entry["for"] as? String).flatMap { PromDuration.seconds($0) } ?? 0
                    return rule
                })
        }
    }

    @Test func aRedWithoutAnAlertPastItsHoldIsADrift() {
        let red: [PrincipleID: (status: Status, since: Double)] = [.kanban: (.red, 1000)]
        let holds: [PrincipleID: RuleWatch] = [.kanban: RuleWatch(hold: 300)]
        // Within `for:` and the margin: the rules may still be about to fire.
        #expect(Drift.detect(statuses: red, alerts: [], rules: holds, now: 1000 + 300 + 120).isEmpty)
        let drifts = Drift.detect(statuses: red, alerts: [], rules: holds, now: 1000 + 300 + 121)
        #expect(drifts == [Drift(principle: .kanban, kind: .silentRed(redFor: 421, hold: 300))])
        #expect(drifts[0].text == "Kanban red for 7m and no alert firing (its rules fire after 5m)")
        // Any firing alert of the principle answers it; a pending one does not, nor another principle's.
        for answer in [Self.alert("KanbanQueueDepthCritical", "kanban", severity: "warning")] {
            #expect(Drift.detect(statuses: red, alerts: [answer], rules: holds, now: 5000).isEmpty)
        }
        let pending = Self.alert("AndonKanbanRed", "kanban", severity: "critical", state: .pending)
        let other = Self.alert("AndonJidokaRed", "jidoka", severity: "critical")
        #expect(Drift.detect(statuses: red, alerts: [pending, other], rules: holds, now: 5000).count == 1)
        // A principle without alerting rules has nothing to disagree with.
        #expect(Drift.detect(statuses: red, alerts: [], rules: [:], now: 5000).isEmpty)
    }

    @Test func aCriticalAlertOnTheHeadlineWhileGreenIsADrift() {
        let green: [PrincipleID: (status: Status, since: Double)] = [.kanban: (.green, 1000), .andon: (.yellow, 0)]
        let rules: [PrincipleID: RuleWatch] = [
            .kanban: RuleWatch(hold: 300, onHeadline: ["AndonKanbanRed", "AndonKanbanYellow"]),
            .andon: RuleWatch(hold: 300, onHeadline: ["AndonAndonRed"]),
        ]
        let critical = Self.alert("AndonKanbanRed", "kanban", severity: "critical")
        #expect(
            Drift.detect(statuses: green, alerts: [critical], rules: rules, now: 1001)
                == [Drift(principle: .kanban, kind: .alertWhileGreen(alert: "AndonKanbanRed"))])
        // A warning while green is the rules' yellow starting earlier: not a critical disagreement.
        let warning = Self.alert("AndonKanbanYellow", "kanban", severity: "warning")
        #expect(Drift.detect(statuses: green, alerts: [warning], rules: rules, now: 1001).isEmpty)
        // Yellow with a critical firing: the board is not green, the rules may be right.
        let andon = Self.alert("AndonAndonRed", "andon", severity: "critical")
        #expect(Drift.detect(statuses: green, alerts: [andon], rules: rules, now: 1001).isEmpty)
    }

    /// Two critical alerts of the shipped rules that fire while their principle is rightly green: an idle queue
    /// with three items and no free worker (Kanban's headline, the deepest queue, is far from red), and a scrape
    /// target down (labelled Andon, whose error rate is fine). Neither rule reads the headline: no drift. The
    /// same test reads the shipped file, so a rule rewritten onto the headline would show here.
    @Test func criticalAlertsOnOtherQueriesAreNoDrift() throws {
        let config = Config()
        let text = try String(contentsOf: Repository.file("prometheus/alert-rules.yml"), encoding: .utf8)
        let groups = try Self.shipped(text)
        let headlines = Dictionary(uniqueKeysWithValues: config.principles.map { ($0.id, $0.query) })
        let rules = AlertRouting(profile: config.profile).watch(groups, headlines: headlines)
        #expect(rules[.kanban]?.onHeadline.contains("KanbanNoAvailableWorkers") == false)
        #expect(rules[.andon]?.onHeadline.contains("TPSTargetDown") == false)
        // The shipped rule that does compare Andon's headline is watched.
        #expect(rules[.andon]?.onHeadline.contains("AndonHighErrorRate") == true)

        let green: [PrincipleID: (status: Status, since: Double)] = [.kanban: (.green, 1000), .andon: (.green, 1000)]
        let idle = Alert(
            labels: [
                "alertname": "KanbanNoAvailableWorkers", "principle": "kanban", "severity": "critical",
                "queue_name": "orders",
            ], annotations: [:], state: .firing, activeAt: 900)
        let down = Alert(
            labels: [
                "alertname": "TPSTargetDown", "principle": "andon", "severity": "critical", "job": "rabbitmq",
                "instance": "127.0.0.1:15692",
            ], annotations: [:], state: .firing, activeAt: 900)
        let routed = AlertRouting(profile: config.profile).route([idle, down])
        #expect(routed.map(\.principle) == [.kanban, .andon])
        #expect(Drift.detect(statuses: green, alerts: routed, rules: rules, now: 2000).isEmpty)
        // The rule on the headline, firing on the same green board, is one.
        let errors = AlertRouting(profile: config.profile).route([
            Self.alert("AndonHighErrorRate", "andon", severity: "critical")
        ])
        #expect(
            Drift.detect(statuses: green, alerts: routed + errors, rules: rules, now: 2000)
                == [Drift(principle: .andon, kind: .alertWhileGreen(alert: "AndonHighErrorRate"))])
    }

    /// The board's header names the drifting principles; a board in history shows none (the rules of now).
    @Test func theHeaderShowsTheMarker() {
        var config = Config()
        config.title = "Line 3"
        var state = BoardState(config: config, now: 1000, size: Size(width: 120, height: 40))
        let reading = { (id: PrincipleID, value: Double) in
            Reading.evaluate(
                config.spec(id),
                .success(QueryResponse(result: .vector([Sample(labels: [:], timestamp: 1000, value: value)]))))
        }
        let evaluation = Evaluation(
            evaluatedAt: 1000, prometheus: "http://prometheus:9090",
            readings: config.principles.map { reading($0.id, $0.id == .kanban ? 300 : 0) },
            alerts: .success([Self.alert("AndonKanbanRed", "kanban", severity: "critical")]))
        _ = state.update(.refreshed(OverviewData(evaluation: evaluation, culprits: [:], at: 1000)))
        // The rules as the trends bring them: AndonKanbanRed compares Kanban's headline.
        var trends = TrendData(range: .hours24, series: [:], error: nil, at: 1000)
        trends.rules = [.kanban: RuleWatch(hold: 300, onHeadline: ["AndonKanbanRed"])]
        _ = state.update(.trends(trends))
        let header = BoardView().render(state).text.components(separatedBy: "\n")[0]
        #expect(header.contains("≠ DRIFT Kanban "), "\(header)")
        let ascii = BoardView(unicode: false, braille: false).render(state).text.components(separatedBy: "\n")[0]
        #expect(ascii.contains(" DRIFT Kanban ") && !ascii.contains("≠"), "\(ascii)")
    }

    /// `doctor` reads the bounds back from the rules: those of `andon rules` agree with the board; a rule with
    /// another bound is named with both.
    @Test func theDoctorReadsTheBoundsOfTheRules() throws {
        let config = Config()
        func groups(_ rules: [AlertRules.Rule]) -> [RuleGroup] {
            [
                RuleGroup(
                    name: "andon-board", file: "/etc/prometheus/andon-rules.yml",
                    rules: rules.map { rule in
                        var loaded = Rule(
                            name: rule.name, type: "alerting", query: rule.expression, health: "ok", lastError: "")
                        loaded.labels = ["severity": rule.severity, "principle": rule.principle.rawValue]
                        loaded.duration = 300
                        return loaded
                    })
            ]
        }
        let agreeing = Doctor.driftChecks(groups(AlertRules.rules(for: config)), config: config)
        #expect(
            agreeing == [
                DoctorCheck("drift", ok: true, "12 alerting rules on the headlines agree with the board's thresholds")
            ])

        var other = config
        other.principles[other.principles.firstIndex { $0.id == .kaizen }!].thresholds = Thresholds(
            green: Condition(.greater, 95), red: Condition(.less, 80))
        let checks = Doctor.driftChecks(groups(AlertRules.rules(for: other)), config: config)
        #expect(checks.count == 2 && checks.allSatisfy { !$0.ok })
        let critical = try #require(checks.first { $0.detail.contains("AndonKaizenRed") })
        #expect(
            critical.detail
                == "Kaizen: the board's red is < 90, but AndonKaizenRed (/etc/prometheus/andon-rules.yml) compares"
                + " the headline with < 79.99999992")
        #expect(critical.fix?.contains("set principles.kaizen.red to \"< 79.99999992\"") == true)

        // A hand-written rule on the headline, as the shipped AndonHighErrorRate: its bound is the board's red.
        var shipped = Rule(
            name: "AndonHighErrorRate", type: "alerting",
            query: config.spec(.andon).query + " > 2", health: "ok", lastError: "")
        shipped.labels = ["severity": "critical", "principle": "andon"]
        let handWritten = Doctor.driftChecks([RuleGroup(name: "tps", file: "", rules: [shipped])], config: config)
        #expect(
            handWritten.first?.detail
                == "Andon: the board's red is > 1, but AndonHighErrorRate compares the headline with > 2")
        // A rule on another query says nothing about the headline's thresholds.
        let unrelated = Rule(
            name: "X", type: "alerting", query: "max(tps_kanban_dlq_depth) > 50", health: "ok", lastError: "")
        #expect(Doctor.driftChecks([RuleGroup(name: "tps", file: "", rules: [unrelated])], config: config).isEmpty)
    }

    /// The shipped rules (prometheus/alert-rules.yml) agree with the built-in thresholds; a rule that compares the
    /// headline with another query, or joins it with another condition, says nothing about them.
    @Test func theShippedRulesAreNoDrift() throws {
        let text = try String(contentsOf: Repository.file("prometheus/alert-rules.yml"), encoding: .utf8)
        let groups = try Self.shipped(text)
        let checks = Doctor.driftChecks(groups, config: Config())
        #expect(checks.allSatisfy(\.ok) && checks.count == 1, "\(checks)")
        let tracing = Config().spec(.tracing).query
        #expect(HeadlineRule.comparisons(of: tracing, in: tracing + " > 1.5 * " + tracing) == nil)
        #expect(HeadlineRule.comparisons(of: tracing, in: "(" + tracing + " > 3) and on () (up > 0)") == nil)
        #expect(HeadlineRule.comparisons(of: tracing, in: tracing + " > 3")?.map(\.bound) == [3])
        #expect(HeadlineRule.comparisons(of: tracing, in: "(" + tracing + ")>=1e-3")?.map(\.bound) == [0.001])
    }

    @Test func theRulesHoldsAreReadPerPrinciple() {
        var slow = Rule(name: "A", type: "alerting", query: "x > 1", health: "ok", lastError: "")
        slow.labels = ["principle": "kanban"]
        slow.duration = 600
        var fast = slow
        fast.duration = 60
        var elsewhere = slow
        elsewhere.labels = ["team": "x"]
        let recording = Rule(name: "r", type: "recording", query: "x", health: "ok", lastError: "")
        let watches = AlertRouting(profile: Profile.standard).watch(
            [RuleGroup(name: "g", file: "", rules: [slow, fast, elsewhere, recording])], headlines: [.kanban: "x"])
        #expect(watches == [.kanban: RuleWatch(hold: 600, onHeadline: ["A"])])
    }
}
