/// The periods a principle spent green, yellow, red and unknown over a range, from its headline query's range
/// answer (`query_range`) and the same thresholds the board colours it with. A step with no value (no sample, NaN)
/// is unknown: the history never turns not seeing into a colour either.
public struct StatusHistory: Sendable, Equatable {
    public struct Period: Sendable, Equatable {
        public var status: Status
        /// Start and end, seconds since the epoch (`to` is the next period's `from`).
        public var from: Double
        public var to: Double

        public init(status: Status, from: Double, to: Double) {
            self.status = status
            self.from = from
            self.to = to
        }

        public var duration: Double { to - from }
    }

    public var start: Double
    public var end: Double
    public var periods: [Period]

    public init(start: Double, end: Double, periods: [Period]) {
        self.start = start
        self.end = end
        self.periods = periods
    }

    /// The periods of `points` (evaluated at `start`, `start + step`, … up to `end`, as `query_range` does), each
    /// step's status held until the next step; the last holds until `end`.
    public init(points: [Point], start: Double, end: Double, step: Double, thresholds: Thresholds) {
        self.start = start
        self.end = end
        guard step > 0, end >= start else {
            periods = []
            return
        }
        let count = Int(((end - start) / step).rounded(.down)) + 1
        var statuses = [Status](repeating: .unknown, count: count)
        for point in points {
            let index = Int(((point.timestamp - start) / step).rounded())
            guard statuses.indices.contains(index) else { continue }
            statuses[index] = thresholds.status(for: point.value)
        }
        var periods: [Period] = []
        for (index, status) in statuses.enumerated() {
            let from = start + Double(index) * step
            if let last = periods.last, last.status == status { continue }
            if !periods.isEmpty { periods[periods.count - 1].to = from }
            periods.append(Period(status: status, from: from, to: end))
        }
        if !periods.isEmpty { periods[periods.count - 1].to = end }
        self.periods = periods
    }

    /// The status at `time`, or nil outside the range.
    public func status(at time: Double) -> Status? {
        guard time >= start, time <= end else { return nil }
        return periods.last { $0.from <= time }?.status
    }

    /// How long the last period has lasted at the range's end, and whether it began before the range did
    /// (then the true duration is longer: "red for >24h").
    public var current: (status: Status, duration: Double, atLeast: Bool)? {
        guard let last = periods.last else { return nil }
        return (last.status, last.duration, last.from <= start)
    }

    /// Total seconds per status.
    public var totals: [Status: Double] {
        periods.reduce(into: [:]) { $0[$1.status, default: 0] += $1.duration }
    }
}
