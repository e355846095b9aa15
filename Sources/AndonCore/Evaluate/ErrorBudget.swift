/// An SLO's error budget at an instant, from its objective, its window and its error ratios (Kaizen's budgets,
/// docs/budgets.md): attainment over the window, the budget and what is left of it as a fraction and as time, the
/// burn rate over each of the workbook's window pairs, and when the budget runs out at the current burn.
///
/// The budget as time is the time the service could be wholly down within the window and still meet the objective:
/// `(1 − objective) × window` (43m12s of 30 days at 99.9 %). The errors of the window spend it at the error ratio:
/// `spent = error ratio × window`.
public struct ErrorBudget: Sendable, Equatable {
    public var name: String
    /// The objective as a ratio, strictly between 0 and 1 (`0.999`).
    public var objective: Double
    /// The SLO's window, seconds (30 days: 2,592,000).
    public var window: Double
    /// The error ratio over the whole window.
    public var errorRatio: Double
    /// The error ratio over each burn window, by its length in seconds (nil: not answered).
    public var ratios: [Double: Double]

    public init(name: String, objective: Double, window: Double, errorRatio: Double, ratios: [Double: Double] = [:]) {
        self.name = name
        self.objective = objective
        self.window = window
        self.errorRatio = errorRatio
        self.ratios = ratios
    }

    /// The share of the window within the objective: `1 − error ratio`.
    public var attainment: Double { 1 - errorRatio }
    /// The budget as a ratio of all events: `1 − objective`.
    public var budget: Double { 1 - objective }
    /// The budget as time: `(1 − objective) × window`.
    public var budgetTime: Double { budget * window }
    /// The budget spent as time: `error ratio × window`.
    public var spentTime: Double { errorRatio * window }
    /// What is left, as a fraction of the budget: `1 − error ratio ÷ (1 − objective)`; below 0 when overspent.
    public var left: Double { 1 - errorRatio / budget }
    /// What is left as time: `budget time − spent time`; below 0 when overspent.
    public var leftTime: Double { budgetTime - spentTime }

    /// The burn rate over a window: its error ratio ÷ the budget (1: the budget lasts exactly the window).
    public func burnRate(over seconds: Double) -> Double? { ratios[seconds].map { $0 / budget } }

    /// The burn rate now: over the hour (the long window of the fastest pair).
    public static let currentWindow = 3600.0
    public var currentBurn: Double? { burnRate(over: Self.currentWindow) }

    /// When what is left runs out at the current burn, seconds from now: `left time ÷ (error ratio over the
    /// hour)`. Nil when it is not burning faster than the budget allows (a burn of 1 or less spends the window's
    /// budget at most over the window), when nothing is left already, or when the hour is not known.
    public var exhaustion: Double? {
        guard let ratio = ratios[Self.currentWindow], ratio / budget > 1, leftTime > 0 else { return nil }
        return leftTime / ratio
    }

    /// One of the workbook's multi-window, multi-burn-rate conditions: the burn over both windows above `factor`.
    public struct BurnWindow: Sendable, Equatable {
        public enum Severity: String, Sendable { case page, ticket }
        public var long: Double
        public var short: Double
        /// The share of the budget this burn spends in the long window (2 % in an hour for the fastest page).
        public var share: Double
        public var severity: Severity

        /// The burn-rate threshold for an SLO window: `share × window ÷ long` (14.4 over an hour of 30 days).
        public func factor(window: Double) -> Double { share * window / long }
    }

    /// The SRE workbook's pairs: 2 % of the budget in an hour (1h and 5m, page), 5 % in six hours (6h and 30m,
    /// page), 10 % in three days (3d and 6h, ticket). For a 30-day window their factors are 14.4, 6 and 1.
    public static let workbook: [BurnWindow] = [
        BurnWindow(long: 3600, short: 300, share: 0.02, severity: .page),
        BurnWindow(long: 21600, short: 1800, share: 0.05, severity: .page),
        BurnWindow(long: 259_200, short: 21600, share: 0.10, severity: .ticket),
    ]

    /// Every window a budget reads: the SLO's and each pair's two (5m, 30m, 1h, 6h, 3d).
    public static func windows(of window: Double) -> [Double] {
        var all = [window]
        for pair in workbook {
            for seconds in [pair.short, pair.long] where !all.contains(seconds) { all.append(seconds) }
        }
        return all
    }

    /// Whether a pair's condition holds now (both windows above its factor); nil when a window is not known.
    public func burning(_ pair: BurnWindow) -> Bool? {
        guard let long = burnRate(over: pair.long), let short = burnRate(over: pair.short) else { return nil }
        let factor = pair.factor(window: window)
        return long > factor && short > factor
    }

    /// Why an objective or a window cannot make a budget, in words; nil when they can.
    public static func problem(objective: Double, window: Double) -> String? {
        BudgetSource.problem(objective: objective, window: window)
    }

    /// Why an error ratio from Prometheus cannot be read as one; nil when it can.
    public static func problem(ratio: Double) -> String? {
        if ratio.isNaN { return "no events in the window (0 ÷ 0)" }
        if ratio.isInfinite { return "errors counted without any events (÷ 0)" }
        if ratio < 0 { return "a negative error ratio (\(NumberText.plain(ratio)))" }
        if ratio > 1 { return "more errors than events (error ratio \(NumberText.plain(ratio)))" }
        return nil
    }

    /// Each figure with the formula that makes it, its inputs filled in (the drill-down's, and `check`'s text),
    /// so that a reader can see how "31m left" came to be.
    public var formulas: [(figure: String, formula: String)] {
        let objectiveText = Self.percent(objective)
        let windowText = DurationText.short(window)
        let ratioText = Self.ratio(errorRatio)
        var lines = [
            ("attainment", "1 − \(ratioText) = \(Self.percent(attainment))"),
            ("budget", "(1 − \(objectiveText)) × \(windowText) = \(DurationText.exact(budgetTime))"),
            ("spent", "\(ratioText) × \(windowText) = \(DurationText.exact(spentTime))"),
            (
                "budget left",
                "\(DurationText.exact(budgetTime)) − \(DurationText.exact(spentTime)) = \(Self.signed(leftTime))"
                    + " (\(Self.percent(left)) of the budget)"
            ),
        ]
        if let ratio = ratios[Self.currentWindow] {
            let burn = ratio / budget
            lines.append(
                (
                    "burn rate (1h)",
                    "\(Self.ratio(ratio)) ÷ (1 − \(objectiveText)) = \(NumberText.fixed(burn, decimals: 2))"
                ))
            if let exhaustion {
                lines.append(
                    (
                        "runs out",
                        "\(Self.signed(leftTime)) ÷ \(Self.ratio(ratio)) = in \(DurationText.short(exhaustion))"
                    ))
            } else {
                lines.append(("runs out", burn > 1 ? "spent already" : "not at this burn (1 or less)"))
            }
        }
        return lines
    }

    /// `99.9 %`, `99.95 %`: as many decimals as the value needs, up to four.
    static func percent(_ ratio: Double) -> String {
        if ratio < 0 { return "−" + percent(-ratio) }
        var text = NumberText.fixed(ratio * 100, decimals: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text + " %"
    }

    /// An error ratio to six decimals, its zeros trimmed: `0.00028`.
    static func ratio(_ value: Double) -> String {
        var text = NumberText.fixed(value, decimals: 6)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }

    /// A time that may be overspent: `31m06s`, `−4m10s`.
    static func signed(_ seconds: Double) -> String {
        seconds < 0 ? "−" + DurationText.exact(-seconds) : DurationText.exact(seconds)
    }
}

/// An SLO's budget as read: its figures, or why they cannot be worked out (a window not answered, an objective of
/// 100 %, no events: said in words, never shown as a number).
public struct BudgetReading: Sendable, Equatable {
    public var name: String
    public var budget: ErrorBudget?
    public var problem: String?

    public init(name: String, budget: ErrorBudget? = nil, problem: String? = nil) {
        self.name = name
        self.budget = budget
        self.problem = problem
    }
}
