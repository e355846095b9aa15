import Foundation

/// The loop's time: what time it is, and a sleep until a time. The board runs on the wall clock; the tests hand
/// in a clock they advance (`ManualClock` in AndonTestSupport), so that ticks come when the test says.
public protocol LoopClock: Sendable {
    /// Seconds since the epoch.
    var now: Double { get }
    /// Returns at `time` or later, or when the task is cancelled.
    func sleep(until time: Double) async
}

/// The real time.
public struct WallClock: LoopClock {
    public init() {}

    public var now: Double { Date().timeIntervalSince1970 }

    public func sleep(until time: Double) async {
        let seconds = time - now
        guard seconds > 0 else { return }
        try? await Task.sleep(for: .milliseconds(Int(seconds * 1000) + 1))
    }
}
