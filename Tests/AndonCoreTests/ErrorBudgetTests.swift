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
        #expect(abs((budgets[0]["left_seconds"] as? Double ?? 0) - 1866.24) < 1e-6, "\(json)")
        #expect(abs((budgets[0]["left"] as? Double ?? 0) - 0.72) < 1e-9, "\(json)")
        #expect(abs((budgets[0]["exhausted_in_seconds"] as? Double ?? 0) - 124_416) < 1e-6, "\(json)")
        let burns = try #require(budgets[0]["burn_rates"] as? [String: Any])
        #expect(abs((burns["5m"] as? Double ?? 0) - 20) < 1e-9 && burns["30m"] is NSNull, "\(json)")
        let alerts = try #require(budgets[0]["burn_alerts"] as? [[String: Any]])
        #expect(alerts.map { $0["firing"] as? Bool } == [true, nil, nil], "\(json)")
        #expect(budgets[1]["problem"] as? String == "no events in the window (0 ÷ 0)")
        #expect(
            CheckReport(evaluation: evaluation.restricted(to: [.kanban], ignoringPending: false), config: Config())
                .json().serialized().contains("budgets") == false)
    }
}
