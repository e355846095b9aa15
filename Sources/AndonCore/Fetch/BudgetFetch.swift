/// Reads a profile's budgets: the errors query over each window and the objective (when it is a query), all in one
/// batch; one reading per SLO the window's answer names, ordered by name.
public enum BudgetFetch {
    /// The requests, in the order `readings` takes their answers: the errors over each window (the SLO's first),
    /// then the objective's query.
    public static func requests(_ source: BudgetSource, at time: Double?) -> [HTTPRequest] {
        var requests = ErrorBudget.windows(of: source.window).map {
            PrometheusClient.instant(source.errors(over: $0), at: time)
        }
        if case .query(let query) = source.objective { requests.append(PrometheusClient.instant(query, at: time)) }
        return requests
    }

    public static func read(_ source: BudgetSource, client: PrometheusClient, at time: Double?) async
        -> Result<[BudgetReading], PrometheusError>
    {
        readings(source, answers: await client.send(requests(source, at: time)))
    }

    /// The readings from the answers of `requests`. The SLO window's answer is required (its failure is the
    /// source's); a shorter window not answered leaves its burn rate unknown.
    public static func readings(_ source: BudgetSource, answers: [Result<HTTPResponse, PrometheusError>])
        -> Result<[BudgetReading], PrometheusError>
    {
        let windows = ErrorBudget.windows(of: source.window)
        func byName(_ answer: Result<HTTPResponse, PrometheusError>) -> Result<[String: Double], PrometheusError> {
            answer.flatMap { response in
                Result { () throws(PrometheusError) -> [String: Double] in
                    guard case .vector(let samples) = try ResponseDecoder.query(response).result else {
                        throw .malformed("expected an instant vector")
                    }
                    var values: [String: Double] = [:]
                    for sample in samples {
                        guard let name = sample.labels[source.label] else { continue }
                        values[TextSanitizer.inert(name, limit: 80)] = sample.value
                    }
                    return values
                }
            }
        }
        let whole: [String: Double]
        switch byName(answers[0]) {
        case .success(let values): whole = values
        case .failure(let error): return .failure(error)
        }
        let shorter = windows.indices.dropFirst().map { (windows[$0], (try? byName(answers[$0]).get()) ?? [:]) }
        var objectives: [String: Double] = [:]
        var objectiveFailure: String?
        switch source.objective {
        case .fixed: break
        case .query:
            switch byName(answers[windows.count]) {
            case .success(let values): objectives = values
            case .failure(let error): objectiveFailure = "its objective could not be read: \(error.description)"
            }
        }
        return .success(
            whole.keys.sorted().map { name in
                let objective: Double
                switch source.objective {
                case .fixed(let value): objective = value
                case .query:
                    guard let value = objectives[name] else {
                        return BudgetReading(name: name, problem: objectiveFailure ?? "no objective for it")
                    }
                    objective = value
                }
                if let problem = ErrorBudget.problem(objective: objective, window: source.window) {
                    return BudgetReading(name: name, problem: problem)
                }
                let ratio = whole[name] ?? .nan
                if let problem = ErrorBudget.problem(ratio: ratio) {
                    return BudgetReading(name: name, problem: problem)
                }
                var ratios: [Double: Double] = [:]
                for (seconds, values) in shorter {
                    if let value = values[name], ErrorBudget.problem(ratio: value) == nil { ratios[seconds] = value }
                }
                return BudgetReading(
                    name: name,
                    budget: ErrorBudget(
                        name: name, objective: objective, window: source.window, errorRatio: ratio, ratios: ratios))
            })
    }
}
