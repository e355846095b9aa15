import AndonCore
import AndonRuntime

/// A clock the test advances: `now` stands still until `advance`, and a sleeper wakes when the time it sleeps
/// until has come. With it, the loop's ticks come when the test says, and a test of the loop steps virtual time
/// and asserts at once (`BoardLoop.settled`), without waiting on real time.
public final class ManualClock: LoopClock {
    private struct State {
        var now: Double
        var sleepers: [(until: Double, id: Int, wake: CheckedContinuation<Void, Never>)] = []
        var next = 0
        var cancelled: Set<Int> = []
    }

    private let state: Locked<State>

    public init(_ now: Double) { state = Locked(State(now: now)) }

    public var now: Double { state.withLock { $0.now } }

    /// Moves the time on by `seconds`, waking every sleeper whose time has come.
    public func advance(by seconds: Double) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.now += seconds
            let due = state.sleepers.filter { $0.until <= state.now }
            state.sleepers.removeAll { $0.until <= state.now }
            return due.map(\.wake)
        }
        for wake in woken { wake.resume() }
    }

    public func sleep(until time: Double) async {
        let id = state.withLock { state -> Int in
            defer { state.next += 1 }
            return state.next
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (wake: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if time <= state.now || state.cancelled.contains(id) { return true }
                    state.sleepers.append((time, id, wake))
                    return false
                }
                if resumeNow { wake.resume() }
            }
        } onCancel: {
            let wake = state.withLock { state -> CheckedContinuation<Void, Never>? in
                state.cancelled.insert(id)
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index).wake
            }
            wake?.resume()
        }
    }
}
