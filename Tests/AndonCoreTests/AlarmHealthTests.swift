import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The alarm-health figures of a known two hours, each computed by hand here.
@Suite(
    "alarm health",
    .enabled(if: Sanitizers.normalPassOnly, "arithmetic over arrays: nothing a sanitizer watches"))
struct AlarmHealthTests {
    static let from = 1_795_910_400.0  // 2026-11-29T00:00:00Z
    static let to = from + 7200

    static func labels(_ name: String, _ severity: String) -> [String: String] {
        ["alertname": name, "severity": severity, "principle": "kanban"]
    }

    static func ack(_ name: String, at offset: Double) -> Silence {
        Silence(
            id: name, matchers: [.init(name: "alertname", value: name)], createdBy: "ana",
            comment: Silence.ackMarker + " on it", startsAt: from + offset, endsAt: from + offset + 3600, state: .active
        )
    }

    static let health = AlarmHealth.of(
        [
            // Three raises within 40 s (chattering), and one more later; critical.
            .init(labels: labels("KanbanDeep", "critical"), raises: [10, 30, 50, 4000].map { from + $0 }),
            .init(labels: labels("AndonErrors", "warning"), raises: [700, 1300].map { from + $0 }),
            // Twelve in the fourth ten minutes, 40 s apart: a flood, not a chatter.
            .init(labels: labels("Slow", "info"), raises: (0..<12).map { from + 1800 + Double($0) * 40 }),
            // Firing since the day before yesterday: standing, raised before the window.
            .init(labels: labels("Standing", "warning"), raises: [from - 90000], firingSince: from - 90000),
        ], acks: [ack("KanbanDeep", at: 100), ack("AndonErrors", at: 760), ack("Nobody", at: 50)], from: from, to: to)

    @Test func theFiguresOfTwoHours() {
        let health = Self.health
        #expect(health.raised == 18)
        #expect(health.perTenMinutes == [3, 1, 1, 12, 0, 0, 1, 0, 0, 0, 0, 0])
        #expect(health.averagePerTenMinutes == 1.5 && health.perTenMinutes.max() == 12)
        #expect(health.floodShare(10) == 1.0 / 12)
        #expect(health.peakPerHour == 17 && health.peakPerMinute == 3)
        #expect(
            health.chattering == [
                .init(name: "KanbanDeep", detail: #"principle="kanban",severity="critical""#, raises: 4)
            ])
        #expect(health.standing.map(\.name) == ["Standing"] && health.standing.first?.since == Self.from - 90000)
        #expect(health.mix == ["critical": 4, "warning": 2, "info": 12])
        #expect(
            health.top.map(\.name) == ["Slow", "KanbanDeep", "AndonErrors"] && health.top.map(\.count) == [12, 4, 2])
        // KanbanDeep's first three acknowledged at 100 (90, 70, 50 s after), AndonErrors' first at 760 (60 s).
        #expect(health.ackAfter == [50, 60, 70, 90] && health.unacknowledged == 14)
    }

    @Test func theVerdictAgainstTheTargets() {
        let (status, reasons) = Self.health.verdict()
        #expect(status == 2)
        #expect(
            reasons == [
                "1.5 raised per 10 minutes on average (target 1.0)", "in flood 8.3 % of the time (limit 5.0 %)",
                "1 chattering: KanbanDeep", "1 standing over a day: Standing",
                "22.2 % of raises critical (target 5.0 %)",
            ])
        // A quiet window is within every target.
        let quiet = AlarmHealth.of(
            [.init(labels: Self.labels("Slow", "info"), raises: [Self.from + 100])], from: Self.from, to: Self.to)
        #expect(quiet.verdict().status == 0 && quiet.verdict().reasons.isEmpty)
        // Nothing raised at all: no division by zero, nothing to judge.
        let none = AlarmHealth.of([], from: Self.from, to: Self.from)
        #expect(none.raised == 0 && none.averagePerTenMinutes == 0 && none.verdict().status == 0)
    }
}

/// The figures as read from Prometheus' two series: each raise from `ALERTS_FOR_STATE` (even two within a step),
/// a firing alert without it from its periods.
@Suite(
    "alarm health from the series",
    .enabled(if: Sanitizers.normalPassOnly, "answers through the decoders: covered by the decoding suites"))
struct AlarmHealthFetchTests {
    struct Series: HTTPTransport {
        /// The matrix each query answers: labels and (time, value) samples.
        let answers: [String: [([String: String], [(Double, Double)])]]

        func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            requests.map { request in
                let query = request.parameters.first { $0.name == "query" }?.value ?? ""
                let result: [[String: Any]] = (answers[query] ?? []).map { labels, samples in
                    ["metric": labels, "values": samples.map { [$0.0, String($0.1)] as [Any] }]
                }
                let body: [String: Any] = ["status": "success", "data": ["resultType": "matrix", "result": result]]
                return .success(
                    HTTPResponse(status: 200, body: Array(try! JSONSerialization.data(withJSONObject: body))))
            }
        }
        func close() {}
    }

    @Test func raisesFromActiveAtAndFromPeriods() async throws {
        let from = AlarmHealthTests.from
        let to = from + 3600
        let deep = ["__name__": "ALERTS", "alertname": "KanbanDeep", "severity": "critical", "principle": "kanban"]
        var deepState = deep
        deepState["__name__"] = "ALERTS_FOR_STATE"
        var firingDeep = deep
        firingDeep["alertstate"] = "firing"
        // KanbanDeep: raised at 100 and 110 (within one 60 s step), fired after each; at 200, pending only (never
        // fired). Already firing at the window's start from 0 - 500 (not a raise of this window).
        let forState: [(Double, Double)] = [
            (from, from - 500), (from + 120, from + 100), (from + 180, from + 110), (from + 240, from + 200),
        ]
        let firing: [(Double, Double)] = [(from, 1), (from + 120, 1), (from + 180, 1)]
        // Slow: no ALERTS_FOR_STATE; firing in two periods, the second up to the end.
        let slow = ["alertname": "Slow", "severity": "info", "alertstate": "firing", "principle": "kanban"]
        let slowFiring: [(Double, Double)] = [(from + 600, 1), (from + 660, 1), (from + 1200, 1), (from + 3600, 1)]
        let transport = Series(answers: [
            HandoverFetcher.alertsQuery: [(firingDeep, firing), (slow, slowFiring)],
            AlarmHealthFetcher.forStateQuery: [(deepState, forState)],
        ])
        let fetcher = AlarmHealthFetcher(client: PrometheusClient(transport: transport), config: Config())
        let health = try await fetcher.health(from: from, to: to, step: 60).get()
        #expect(health.raised == 4, "\(health)")
        #expect(health.mix == ["critical": 2, "info": 2])
        #expect(health.top.map(\.name) == ["KanbanDeep", "Slow"])
        #expect(health.peakPerMinute == 2)
    }
}

/// The targets from `alarms: health:`, and the figures as `check --alarm-health` and `report` write them.
@Suite(
    "alarm health targets and report",
    .enabled(if: Sanitizers.normalPassOnly, "text and parsing: nothing a sanitizer watches"))
struct AlarmHealthReportTests {
    static func parse(_ health: String) throws -> AlarmHealthTargets {
        try ConfigParser.parse(yaml: "alarms:\n  health: \(health)\n", file: "c.yaml", directory: nil).alarms.health
    }

    @Test func targetsFromTheConfiguration() throws {
        #expect(try Self.parse("{}") == AlarmHealthTargets())
        let targets = try Self.parse("{steady: 3, flood: 20, flood_percent: 2%, critical_percent: 10}")
        #expect(targets.steady == 3 && targets.steadyLimit == 3 && targets.flood == 20)
        #expect(targets.floodShare == 0.02 && targets.floodShareLimit == 0.05 && targets.critical == 0.1)
        // Each mistake names its key and line.
        for (yaml, key, words) in [
            ("{steady: 3, steady_limit: 2}", "alarms.health.steady_limit", "at least steady"),
            ("{flood: 2.5}", "alarms.health.flood", "whole number"),
            ("{flood_percent: 120%}", "alarms.health.flood_percent", "from 0 to 100"),
            ("{steady: many}", "alarms.health.steady", "alerts raised per 10 minutes"),
            ("{stedy: 1}", "alarms.health.stedy", "unknown key"),
        ] {
            let error = #expect(throws: ConfigError.self) { try Self.parse(yaml) }
            #expect(error?.key == key && error?.line == 2, "\(yaml): \(String(describing: error))")
            #expect(error?.description.contains(words) == true, "\(yaml): \(String(describing: error))")
        }
    }

    @Test func thePluginLineAndTheText() {
        let report = AlarmHealthReport(
            .success(AlarmHealthTests.health), targets: AlarmHealthTargets(), from: AlarmHealthTests.from,
            to: AlarmHealthTests.to)
        #expect(report.exitCode == 2)
        #expect(
            report.pluginLine()
                == "ALARM HEALTH CRITICAL - 1.5 raised per 10 minutes on average (target 1.0), in flood 8.3 % of the"
                + " time (limit 5.0 %), 1 chattering: KanbanDeep, 1 standing over a day: Standing, 22.2 % of raises"
                + " critical (target 5.0 %) | raised=18 average=1.5;1;2 worst=12;;10 flood=8.3%;1;5 peak_hour=17"
                + " peak_minute=3 chattering=1;0 standing=1;0 critical=22.2%;10")
        let lines = report.lines()
        #expect(lines.contains("per 10 minutes  1.5 on average (target 1.0, limit 2.0), 12 at worst"), "\(lines)")
        #expect(
            lines.contains(
                "priority mix    critical 4 (22.2 %), warning 2 (11.1 %), info 12 (66.7 %) (target 5.0 % critical)"),
            "\(lines)")
        #expect(lines.contains("acknowledged    4 of 18, after 1m05s (median), 1m30s at worst"), "\(lines)")
        #expect(lines.contains("  4× KanbanDeep {principle=\"kanban\",severity=\"critical\"}"), "\(lines)")
        // Unreadable: unknown, with why.
        let blind = AlarmHealthReport(
            .failure(.transport(TransportError(.connectionRefused, "127.0.0.1:9"))), targets: AlarmHealthTargets(),
            from: 0, to: 3600)
        #expect(blind.exitCode == 3 && blind.pluginLine().hasPrefix("ALARM HEALTH UNKNOWN - the alerts cannot be read"))
        #expect(blind.json()["status"]?.stringValue == "unknown" && blind.json()["problem"] != nil)
    }
}
