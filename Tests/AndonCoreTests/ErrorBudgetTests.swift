import AndonCore
import Foundation
import Testing

/// An SLO's error budget, every figure against the arithmetic done here by hand.
struct ErrorBudgetTests {
    static let month = 30 * 86400.0

    /// 99.9 % over 30 days with 0.028 % of events failed: the budget is 43m12s, 12m06s of it spent, 31m06s (72 %)
    /// left. Burning 14.4 times the budget over the hour (1.44 % failing): it runs out in 1,866.24 s ÷ 0.0144 =
    /// 129,600 s, a day and a half.
    @Test func theFiguresOfABudget() {
        let budget = ErrorBudget(
            name: "checkout", objective: 0.999, window: Self.month, errorRatio: 0.00028,
            ratios: [300: 0.02, 1800: 0.007, 3600: 0.0144, 21600: 0.0061, 259_200: 0.0009])
        #expect(abs(budget.attainment - 0.99972) < 1e-12)
        #expect(abs(budget.budgetTime - 2592) < 1e-6)
        #expect(abs(budget.spentTime - 725.76) < 1e-6)
        #expect(abs(budget.leftTime - 1866.24) < 1e-6)
        #expect(abs(budget.left - 0.72) < 1e-9)
        #expect(abs((budget.currentBurn ?? 0) - 14.4) < 1e-9)
        #expect(abs((budget.exhaustion ?? 0) - 129_600) < 1e-6)
        // The workbook's pairs for 30 days: 14.4, 6 and 1. The hour at 14.4 is not above 14.4: the fast page does
        // not hold; six hours at 6.1 and thirty minutes at 7: the slow page does; three days at 0.9: no ticket.
        let factors = ErrorBudget.workbook.map { $0.factor(window: Self.month) }
        #expect(zip(factors, [14.4, 6, 1]).allSatisfy { abs($0 - $1) < 1e-9 }, "\(factors)")
        #expect(ErrorBudget.workbook.map { budget.burning($0) } == [false, true, false])
        #expect(ErrorBudget.windows(of: Self.month) == [Self.month, 300, 3600, 1800, 21600, 259_200])
        // The formulas, with their inputs.
        let formulas = Dictionary(uniqueKeysWithValues: budget.formulas.map { ($0.figure, $0.formula) })
        #expect(formulas["budget"] == "(1 − 99.9 %) × 30d = 43m12s")
        #expect(formulas["spent"] == "0.00028 × 30d = 12m06s")
        #expect(formulas["budget left"] == "43m12s − 12m06s = 31m06s (72 % of the budget)")
        #expect(formulas["burn rate (1h)"] == "0.0144 ÷ (1 − 99.9 %) = 14.40")
        #expect(formulas["runs out"] == "31m06s ÷ 0.0144 = in 1d12h")
        #expect(formulas["attainment"] == "1 − 0.00028 = 99.972 %")
    }

    /// Overspent, not burning, not known: nothing runs out that cannot; what is left is negative, not hidden.
    @Test func overspentCalmAndUnknown() {
        let over = ErrorBudget(
            name: "search", objective: 0.99, window: 28 * 86400, errorRatio: 0.015, ratios: [3600: 0.05])
        #expect(over.left < 0 && abs(over.leftTime - (0.01 - 0.015) * 28 * 86400) < 1e-6)
        #expect(over.exhaustion == nil)
        #expect(over.formulas.last?.formula == "spent already")
        let left = over.formulas.first { $0.figure == "budget left" }?.formula
        #expect(left == "6h43m12s − 10h04m48s = −3h21m36s (−50 % of the budget)", "\(left ?? "")")
        let calm = ErrorBudget(name: "login", objective: 0.99, window: 86400, errorRatio: 0.002, ratios: [3600: 0.005])
        #expect(abs((calm.currentBurn ?? 0) - 0.5) < 1e-12 && calm.exhaustion == nil)
        #expect(calm.formulas.last?.formula == "not at this burn (1 or less)")
        let unknown = ErrorBudget(name: "x", objective: 0.99, window: 86400, errorRatio: 0)
        #expect(unknown.currentBurn == nil && unknown.exhaustion == nil)
        #expect(ErrorBudget.workbook.allSatisfy { unknown.burning($0) == nil })
        // A 28-day window scales the workbook's factors: 2 % of 28 days in an hour is 13.44.
        #expect(abs(ErrorBudget.workbook[0].factor(window: 28 * 86400) - 13.44) < 1e-9)
    }

    /// What cannot make a budget says why in words, never as a number.
    @Test func impossibleObjectivesWindowsAndRatios() {
        #expect(ErrorBudget.problem(objective: 1, window: 86400) == "an objective of 100 % leaves no error budget")
        #expect(ErrorBudget.problem(objective: 1.2, window: 86400) == "an objective over 100 % cannot be met")
        #expect(ErrorBudget.problem(objective: 0, window: 86400) == "an objective of 0 % or less asks for nothing")
        #expect(ErrorBudget.problem(objective: .nan, window: 86400) == "the objective is not a number")
        #expect(ErrorBudget.problem(objective: 0.99, window: 0) == "the window must be longer than zero")
        #expect(ErrorBudget.problem(objective: 0.99, window: 86400) == nil)
        #expect(ErrorBudget.problem(ratio: .nan) == "no events in the window (0 ÷ 0)")
        #expect(ErrorBudget.problem(ratio: .infinity) == "errors counted without any events (÷ 0)")
        #expect(ErrorBudget.problem(ratio: -0.1) == "a negative error ratio (-0.1)")
        #expect(ErrorBudget.problem(ratio: 1.5) == "more errors than events (error ratio 1.5)")
        #expect(ErrorBudget.problem(ratio: 0) == nil && ErrorBudget.problem(ratio: 1) == nil)
    }
}

/// Budgets read from Prometheus' answers: one reading per SLO of the window's answer, each with its figures or the
/// reason it has none; hostile names made inert.
struct BudgetFetchTests {
    static func vector(_ values: [(String, String)], label: String = "slo") -> Result<HTTPResponse, PrometheusError> {
        let items = values.map { name, value in
            #"{"metric":{""# + label + #"":""# + name + #""},"value":[1795915993,""# + value + #""]}"#
        }
        return .success(
            Fixture.body(
                #"{"status":"success","data":{"resultType":"vector","result":["# + items.joined(separator: ",")
                    + "]}}"))
    }

    @Test func readingsFromTheAnswers() throws {
        let source = BudgetSource(
            label: "slo", errors: "slo:sli_error:ratio_rate{window}", objective: .fixed(0.999), window: 30 * 86400)
        #expect(
            BudgetFetch.requests(source, at: nil).map(\.path).allSatisfy { $0.hasPrefix("/api/v1/query") })
        #expect(
            ErrorBudget.windows(of: source.window).map { source.errors(over: $0) } == [
                "slo:sli_error:ratio_rate30d", "slo:sli_error:ratio_rate5m", "slo:sli_error:ratio_rate1h",
                "slo:sli_error:ratio_rate30m", "slo:sli_error:ratio_rate6h", "slo:sli_error:ratio_rate3d",
            ])
        let answers = [
            Self.vector([("checkout", "0.00028"), ("idle", "NaN"), (#"broken\u001b[2J"#, "1.5")]),
            Self.vector([("checkout", "0.02")]), Self.vector([("checkout", "0.0144")]),
            .failure(.malformed("x")), Self.vector([("checkout", "NaN")]), Self.vector([("checkout", "0.0009")]),
        ]
        let readings = try BudgetFetch.readings(source, answers: answers).get()
        #expect(readings.map(\.name) == ["broken\u{FFFD}[2J", "checkout", "idle"], "\(readings.map(\.name))")
        let checkout = try #require(readings.first { $0.name == "checkout" }?.budget)
        #expect(abs(checkout.leftTime - 1866.24) < 1e-6)
        // 30 minutes not answered and 6 hours without events: their burn rates unknown, not zero.
        #expect(checkout.ratios[1800] == nil && checkout.ratios[21600] == nil)
        #expect(checkout.ratios[300] == 0.02 && checkout.ratios[3600] == 0.0144 && checkout.ratios[259_200] == 0.0009)
        #expect(readings.first { $0.name == "idle" }?.problem == "no events in the window (0 ÷ 0)")
        #expect(readings.first { $0.name.hasPrefix("broken") }?.problem == "more errors than events (error ratio 1.5)")

        // The objective from a query: an SLO it does not name has none; one of 100 % says so.
        let queried = BudgetSource(label: "slo", errors: "e{window}", objective: .query("o"), window: 86400)
        let windows = ErrorBudget.windows(of: 86400).count
        var more: [Result<HTTPResponse, PrometheusError>] = [Self.vector([("a", "0.001"), ("b", "0"), ("c", "0")])]
        more += Array(repeating: Self.vector([]), count: windows - 1)
        more.append(Self.vector([("a", "0.99"), ("b", "1")]))
        let three = try BudgetFetch.readings(queried, answers: more).get()
        #expect(three.map(\.problem) == [nil, "an objective of 100 % leaves no error budget", "no objective for it"])
        #expect(three[0].budget?.objective == 0.99 && three[0].budget?.window == 86400)
        // The window's own answer failed: the budgets cannot be read.
        var failed = more
        failed[0] = .failure(.malformed("not JSON"))
        #expect(throws: PrometheusError.self) { try BudgetFetch.readings(queried, answers: failed).get() }
    }
}

/// Kaizen's `budget:` in a profile, and what `check` says of the budgets it reads.
struct BudgetProfileTests {
    static func profile(_ budget: String) throws(ConfigError) -> Profile {
        try ProfileParser.parse(
            yaml: """
                name: slos
                principles:
                  kaizen:
                    headline: worst SLO attainment
                    query: 100 * (1 - max(e_rate30d))
                    unit: percent
                    green: "> 99"
                    red: "< 95"
                    budget:
                \(budget)
                """, file: "slos.yaml")
    }

    @Test func aBudgetSourceAndItsErrors() throws {
        let source = try #require(
            try Self.profile("      label: slo\n      errors: e_rate{window}\n      objective: 99.9 %\n")
                .principle(.kaizen)?.budget)
        #expect(
            source == BudgetSource(label: "slo", errors: "e_rate{window}", objective: .fixed(0.999), window: 2_592_000))
        let queried = try Self.profile(
            "      label: slo\n      errors: e_rate{window}\n      objective: max by (slo) (o)\n      window: 28d\n")
        #expect(queried.principle(.kaizen)?.budget?.objective == .query("max by (slo) (o)"))
        #expect(queried.principle(.kaizen)?.budget?.window == 2_419_200)
        for (budget, message) in [
            ("      label: slo\n      errors: e_rate5m\n      objective: 99\n", "through {window}"),
            ("      label: slo\n      errors: e{window}\n      objective: 100\n", "leaves no error budget (got 100)"),
            ("      label: slo\n      errors: e{window}\n      objective: 120 %\n", "cannot be met (got 120 %)"),
            ("      label: slo\n      errors: e{window}\n      objective: 0\n", "asks for nothing"),
            ("      label: slo\n      errors: e{window}\n      objective: 99\n      window: 0\n", "positive duration"),
            ("      label: a-b\n      errors: e{window}\n      objective: 99\n", "expected a label name"),
            ("      errors: e{window}\n      objective: 99\n", "missing"),
            ("      label: slo\n      errors: e{window}\n      objective: 99\n      burn: 2\n", "burn"),
        ] {
            do {
                _ = try Self.profile(budget)
                Issue.record("accepted \(budget)")
            } catch {
                #expect(error.description.contains("slos.yaml:"), "\(error.description)")
                #expect(error.description.contains(message), "\(budget): \(error.description)")
            }
        }
    }

    @Test func checkSaysWhatIsLeft() throws {
        var evaluation = Evaluation(
            evaluatedAt: 1_795_915_993, prometheus: "http://p:9090",
            readings: [
                Reading.evaluate(
                    .standard(.kaizen),
                    .success(
                        QueryResponse(
                            result: .vector([
                                Sample(labels: [:], timestamp: 0, value: 99.972)
                            ]))))
            ], alerts: .success([]))
        evaluation.budgets = .success([
            BudgetReading(
                name: "checkout",
                budget: ErrorBudget(
                    name: "checkout", objective: 0.999, window: 30 * 86400, errorRatio: 0.00028,
                    ratios: [300: 0.02, 3600: 0.0150])),
            BudgetReading(name: "idle", problem: "no events in the window (0 ÷ 0)"),
        ])
        let report = CheckReport(evaluation: evaluation, config: Config())
        let text = report.text(ascii: true)
        #expect(
            text.contains(
                "    SLO checkout: 31m06s of 43m12s left (72 %), burn 15.00 over 1h, runs out in 1d10h, page: 1h and 5m above 14.4\n"
            ),
            "\(text)")
        #expect(text.contains("    SLO idle: ? (no events in the window (0 ÷ 0))\n"), "\(text)")
        let json = report.json().serialized()
        let root = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let budgets = try #require(root["budgets"] as? [[String: Any]], "\(json)")
        #expect(budgets.map { $0["name"] as? String } == ["checkout", "idle"])
        // Rounded for a reader: seconds to the millisecond, shares to a millionth, rates to a ten-thousandth.
        #expect(
            json.contains(#""budget_seconds": 2592.0, "spent_seconds": 725.76, "left": 0.72, "left_seconds": 1866.24"#),
            "\(json)")
        #expect(json.contains(#""attainment": 0.99972"#), "\(json)")
        #expect(
            json.contains(
                #""burn_rates": {"5m": 20.0, "1h": 15.0, "30m": null, "6h": null, "3d": null}, "exhausted_in_seconds": 124416.0"#
            ), "\(json)")
        let alerts = try #require(budgets[0]["burn_alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["firing"] as? Bool } == [true, nil, nil], "\(json)")
        #expect(budgets[1]["problem"] as? String == "no events in the window (0 ÷ 0)")
        #expect(
            CheckReport(evaluation: evaluation.restricted(to: [.kanban], ignoringPending: false), config: Config())
                .json().serialized().contains("budgets") == false)
    }
}

/// The gate's verdicts from one refresh and a policy.
struct GateTests {
    static func evaluation(kanban: Double?, budgets: [BudgetReading]?) -> Evaluation {
        let answer: Result<QueryResponse, PrometheusError> =
            kanban.map { .success(QueryResponse(result: .vector([Sample(labels: [:], timestamp: 0, value: $0)]))) }
            ?? .failure(.transport(TransportError(.connectionRefused, "Failed to connect")))
        var evaluation = Evaluation(
            evaluatedAt: 1_795_915_993, prometheus: "http://p:9090",
            readings: [Reading.evaluate(.standard(.kanban), answer)], alerts: .success([]))
        evaluation.budgets = budgets.map { .success($0) }
        return evaluation
    }

    static func budget(_ ratio: Double, hour: Double, fiveMinutes: Double, threeDays: Double = 0, sixHours: Double = 0)
        -> BudgetReading
    {
        BudgetReading(
            name: "checkout",
            budget: ErrorBudget(
                name: "checkout", objective: 0.999, window: 30 * 86400, errorRatio: ratio,
                ratios: [3600: hour, 300: fiveMinutes, 259_200: threeDays, 21600: sixHours, 1800: sixHours]))
    }

    @Test func verdicts() throws {
        let policy = GatePolicy()
        func verdict(_ evaluation: Evaluation, _ policy: GatePolicy = GatePolicy()) -> GateReport {
            GateReport([(nil, evaluation)], policy: policy)
        }
        #expect(verdict(Self.evaluation(kanban: 10, budgets: nil)).verdict == .ship)
        #expect(verdict(Self.evaluation(kanban: 700, budgets: nil)).reasons == ["Kanban yellow"])
        #expect(verdict(Self.evaluation(kanban: 700, budgets: nil)).exitCode == 1)
        #expect(verdict(Self.evaluation(kanban: 1500, budgets: nil)).verdict == .stop)
        // A ticket-level burn (three days and six hours above 1) warns; a page-level one stops.
        let ticket = verdict(
            Self.evaluation(
                kanban: 10, budgets: [Self.budget(0.0001, hour: 0, fiveMinutes: 0, threeDays: 0.0012, sixHours: 0.0011)]
            ))
        #expect(ticket.verdict == .warn && ticket.reasons == ["SLO checkout burns its budget over 3d and 6h (ticket)"])
        // Less than 10 % left stops, whatever else.
        let spent = verdict(Self.evaluation(kanban: 10, budgets: [Self.budget(0.00095, hour: 0, fiveMinutes: 0)]))
        #expect(spent.reasons == ["SLO checkout has 5 % of its budget left (< 10 %)"] && spent.verdict == .stop)
        // Unknown stops by default, and names what it cannot see; the policy may say otherwise.
        let blind = verdict(
            Self.evaluation(
                kanban: nil, budgets: [BudgetReading(name: "idle", problem: "no events in the window (0 ÷ 0)")]))
        #expect(blind.verdict == .stop)
        #expect(
            blind.reasons == [
                "cannot see: Kanban unknown (connection refused: Failed to connect)",
                "cannot see: SLO idle unknown (no events in the window (0 ÷ 0))",
            ], "\(blind.reasons)")
        var lenient = policy
        lenient.unknown = .warn
        lenient.stop.red = false
        lenient.warn.red = true
        #expect(verdict(Self.evaluation(kanban: nil, budgets: nil), lenient).verdict == .warn)
        #expect(verdict(Self.evaluation(kanban: 1500, budgets: nil), lenient).verdict == .warn)
        // A plant names each line.
        let plant = GateReport(
            [
                ("north", Self.evaluation(kanban: 10, budgets: nil)),
                ("south", Self.evaluation(kanban: 1500, budgets: nil)),
            ],
            policy: policy)
        #expect(plant.text() == "andon gate: STOP - line south: Kanban red\n")
    }

    @Test func policies() throws {
        let policy = try GatePolicy.parse(
            yaml: "stop:\n  red: true\n  budget_below: 5%\n  burn: off\nwarn:\n  yellow: false\nunknown: warn\n",
            file: "gate.yaml")
        #expect(policy.stop == GatePolicy.Rule(red: true, budgetBelow: 0.05, burn: nil))
        #expect(policy.warn == GatePolicy.Rule(yellow: false, budgetBelow: 0.25, burn: .ticket))
        #expect(policy.unknown == .warn)
        #expect(try GatePolicy.parse(yaml: "", file: "gate.yaml") == GatePolicy())
        for (yaml, message) in [
            ("stop:\n  budget_below: 200\n", "gate.yaml:2:17: stop.budget_below: expected a percentage"),
            ("unknown: maybe\n", "gate.yaml:1:10: unknown: expected one of stop, warn, ship"),
            ("stop:\n  orange: true\n", "orange"),
            ("go: now\n", "go"),
        ] {
            #expect(throws: ConfigError.self) { try GatePolicy.parse(yaml: yaml, file: "gate.yaml") }
            do {
                _ = try GatePolicy.parse(yaml: yaml, file: "gate.yaml")
            } catch {
                #expect(error.description.contains(message), "\(error.description)")
            }
        }
    }
}
