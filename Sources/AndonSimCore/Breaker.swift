/// A circuit breaker: closed while calls succeed; open after too many failures in its window, rejecting calls;
/// half-open after a cool-down, letting a few probes through; closed again when enough probes succeed.
public struct Breaker: Sendable, Equatable {
    public enum State: Int, Sendable {
        case closed = 0
        case open = 1
        case halfOpen = 2
    }

    public private(set) var state = State.closed
    var window: [Bool] = []  // recent outcomes, true = failure
    var openedAt = 0.0
    var probes = 0
    var probeSuccesses = 0
    /// Seconds the last open → closed recovery took.
    public private(set) var lastRecovery = 0.0
    /// Share of successful probes in the last half-open period (1 before any).
    public private(set) var halfOpenSuccessRate = 1.0
    var firstOpenedAt: Double?

    let windowSize = 20
    let minimumCalls = 10
    let failureThreshold = 0.5
    let coolDown = 8.0
    let probeCount = 5
    let probesNeeded = 3

    public init() {}

    /// Whether a call may go through at `time`; moves an open breaker to half-open after the cool-down.
    public mutating func allows(at time: Double) -> Bool {
        switch state {
        case .closed: return true
        case .open:
            guard time - openedAt >= coolDown else { return false }
            state = .halfOpen
            probes = 0
            probeSuccesses = 0
            return true
        case .halfOpen:
            return probes < probeCount
        }
    }

    /// Records the outcome of an allowed call. Returns true if the breaker just opened.
    @discardableResult
    public mutating func record(failure: Bool, at time: Double) -> Bool {
        switch state {
        case .closed:
            window.append(failure)
            if window.count > windowSize { window.removeFirst(window.count - windowSize) }
            let failures = window.filter { $0 }.count
            if window.count >= minimumCalls && Double(failures) / Double(window.count) >= failureThreshold {
                open(at: time)
                return true
            }
            return false
        case .halfOpen:
            probes += 1
            if !failure { probeSuccesses += 1 }
            if probeSuccesses >= probesNeeded {
                halfOpenSuccessRate = Double(probeSuccesses) / Double(probes)
                lastRecovery = time - (firstOpenedAt ?? time)
                firstOpenedAt = nil
                state = .closed
                window.removeAll()
            } else if probes - probeSuccesses > probeCount - probesNeeded {
                halfOpenSuccessRate = Double(probeSuccesses) / Double(probes)
                open(at: time)
            }
            return false
        case .open:
            return false
        }
    }

    mutating func open(at time: Double) {
        state = .open
        openedAt = time
        if firstOpenedAt == nil { firstOpenedAt = time }
        window.removeAll()
    }
}
