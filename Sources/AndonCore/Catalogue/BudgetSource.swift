/// Where a profile reads its SLOs' error budgets (`kaizen: budget:`, docs/budgets.md): the error ratio of every SLO
/// over a window, by the label that names the SLO, its objective and its window.
public struct BudgetSource: Sendable, Equatable {
    /// An SLO's objective: one for every SLO of the source (a ratio, `0.999`), or a query giving each SLO's as a
    /// ratio by the label (Sloth's `slo:objective:ratio`).
    public enum Objective: Sendable, Equatable {
        case fixed(Double)
        case query(String)
    }

    /// The label that names each SLO in the answers (`sloth_slo`, `slo`, `slo_name`).
    public var label: String
    /// The error ratio over a window, one series per SLO; `{window}` stands for each window as a Prometheus
    /// duration (`5m`, `1h`, `30d`).
    public var errors: String
    public var objective: Objective
    /// The SLO's window, seconds.
    public var window: Double

    public init(label: String, errors: String, objective: Objective, window: Double) {
        self.label = label
        self.errors = errors
        self.objective = objective
        self.window = window
    }

    /// The errors query over `seconds`.
    public func errors(over seconds: Double) -> String {
        errors.replacing("{window}", with: PromDuration.text(seconds))
    }

    /// Why an objective (a ratio) or a window cannot make a budget, in words; nil when they can.
    public static func problem(objective: Double, window: Double) -> String? {
        if !objective.isFinite { return "the objective is not a number" }
        if objective >= 1 {
            return objective == 1
                ? "an objective of 100 % leaves no error budget" : "an objective over 100 % cannot be met"
        }
        if objective <= 0 { return "an objective of 0 % or less asks for nothing" }
        if !(window > 0) || !window.isFinite { return "the window must be longer than zero" }
        return nil
    }
}
