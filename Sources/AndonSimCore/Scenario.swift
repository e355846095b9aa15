/// A named condition of the simulated plant.
public enum Scenario: String, Sendable, CaseIterable {
    /// Everything within limits: all six principles green.
    case steady
    /// Demand well above capacity: queues back up, pools saturate (Kanban, Heijunka).
    case surge
    /// Three components fail: circuits open, errors rise, SLOs fall (Jidoka, Andon, Kaizen).
    case outage
    /// The database and payment provider slow down: latency climbs, latency SLOs fall (Tracing, Kaizen).
    case slow
    /// A random walk through the others.
    case chaos

    /// How the plant behaves under this scenario (chaos uses its current leg's effects).
    var effects: Effects {
        switch self {
        case .steady, .chaos: Effects()
        case .surge: Effects(demand: 3, slowdown: ["db": 3])
        case .outage: Effects(failures: ["payment": 0.65, "inventory": 0.6, "search": 0.6], detectionDelay: 3)
        case .slow: Effects(slowdown: ["db": 220, "payment": 40], detectionDelay: 6)
        }
    }
}

/// The knobs a scenario turns.
struct Effects {
    /// Multiplier on arrivals and request traffic.
    var demand = 1.0
    /// Failure probability per call, by component (others keep their small base rate).
    var failures: [String: Double] = [:]
    /// Latency multiplier by component.
    var slowdown: [String: Double] = [:]
    /// Multiplier on the mean time to detect.
    var detectionDelay = 1.0
}
