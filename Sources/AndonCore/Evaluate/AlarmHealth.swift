/// How healthy the alerting is over a window, by the figures process plants hold their alarm systems to (EEMUA
/// 191): alerts raised per 10 minutes (average and worst), the share of 10-minute intervals in flood (more than
/// ten raised), the peaks per hour and per minute, chattering alerts (three raises or more within a minute),
/// standing alerts (firing longer than a day), the priority mix, the ten raised most, and how soon a raise was
/// acknowledged. Computed from each alert's raises (the fetch reads them from `ALERTS_FOR_STATE` and `ALERTS`) and
/// the acknowledgements; judged against `Targets` for `check --alarm-health`.
public struct AlarmHealth: Sendable, Equatable {
    /// One alert (a set of labels) over the window: when it was raised each time, and since when it fires at the
    /// window's end (nil: not firing then).
    public struct Record: Sendable, Equatable {
        public var labels: [String: String]
        public var raises: [Double]
        public var firingSince: Double?

        public init(labels: [String: String], raises: [Double], firingSince: Double? = nil) {
            self.labels = labels
            self.raises = raises
            self.firingSince = firingSince
        }

        public var name: String { labels["alertname"] ?? "(unnamed)" }
        public var severity: String { labels["severity"] ?? "none" }
        /// Its labels but the name, as `k="v"` text.
        public var detail: String {
            labels.filter { $0.key != "alertname" }.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }
                .joined(separator: ",")
        }
    }

    /// What the figures are held to (`alarms: health:`).
    public typealias Targets = AlarmHealthTargets

    public struct Chatter: Sendable, Equatable {
        public var name: String
        public var detail: String
        public var raises: Int
    }

    public struct Standing: Sendable, Equatable {
        public var name: String
        public var detail: String
        public var since: Double
    }

    public var from: Double
    public var to: Double
    public var raised: Int
    /// Raised in each 10-minute interval from `from`.
    public var perTenMinutes: [Int]
    public var peakPerHour: Int
    public var peakPerMinute: Int
    public var chattering: [Chatter]
    public var standing: [Standing]
    /// Raises by severity.
    public var mix: [String: Int]
    /// The ten raised most: name and count, most first.
    public var top: [(name: String, count: Int)]
    /// Seconds from each acknowledged raise to its acknowledgement, and how many raises nobody acknowledged.
    public var ackAfter: [Double]
    public var unacknowledged: Int

    public static func == (a: AlarmHealth, b: AlarmHealth) -> Bool {
        (a.from, a.to, a.raised, a.perTenMinutes, a.peakPerHour, a.peakPerMinute) == (
            b.from, b.to, b.raised, b.perTenMinutes, b.peakPerHour, b.peakPerMinute
        ) && a.chattering == b.chattering && a.standing == b.standing && a.mix == b.mix
            && a.top.map(\.name) == b.top.map(\.name) && a.top.map(\.count) == b.top.map(\.count)
            && a.ackAfter == b.ackAfter && a.unacknowledged == b.unacknowledged
    }

    /// Raised per 10 minutes, on average over the window.
    public var averagePerTenMinutes: Double {
        perTenMinutes.isEmpty ? 0 : Double(raised) / Double(perTenMinutes.count)
    }

    /// The share of 10-minute intervals with more than `flood` raised.
    public func floodShare(_ flood: Int) -> Double {
        perTenMinutes.isEmpty ? 0 : Double(perTenMinutes.count { $0 > flood }) / Double(perTenMinutes.count)
    }
}

extension AlarmHealth {
    /// The periods a series has a sample in, a step at a time (a missing step ends a period); the last one ends
    /// a step after its last sample, or at the window's end.
    public static func periods(_ points: [Point], step: Double, end: Double) -> [(from: Double, to: Double)] {
        var periods: [(from: Double, to: Double)] = []
        for point in points where point.value.isFinite {
            if let last = periods.last, point.timestamp - last.to < step * 0.5 {
                periods[periods.count - 1].to = min(end, point.timestamp + step)
            } else {
                periods.append((point.timestamp, min(end, point.timestamp + step)))
            }
        }
        return periods
    }

    /// The figures of `records` over `from`…`to`, with `acks` (holds marked as acknowledgements).
    public static func of(_ records: [Record], acks: [Silence] = [], from: Double, to: Double) -> AlarmHealth {
        let span = max(0, to - from)
        func buckets(_ seconds: Double) -> [Int] {
            Array(repeating: 0, count: max(1, Int((span / seconds).rounded(.up))))
        }
        var tens = buckets(600)
        var hours = buckets(3600)
        var minutes = buckets(60)
        var mix: [String: Int] = [:]
        var counts: [String: Int] = [:]
        var chattering: [Chatter] = []
        var standing: [Standing] = []
        var ackAfter: [Double] = []
        var unacknowledged = 0
        var raised = 0
        for record in records {
            let raises = record.raises.filter { $0 >= from && $0 < to }.sorted()
            for time in raises {
                let offset = time - from
                tens[min(tens.count - 1, Int(offset / 600))] += 1
                hours[min(hours.count - 1, Int(offset / 3600))] += 1
                minutes[min(minutes.count - 1, Int(offset / 60))] += 1
                // Its acknowledgement: the first ack made for it after it was raised, within the window.
                let ack = acks.filter { $0.isAck && $0.startsAt >= time && $0.startsAt <= to }
                    .filter { silence in silence.matchers.allSatisfy { $0.matches(record.labels) } }
                    .map(\.startsAt).min()
                if let ack { ackAfter.append(ack - time) } else { unacknowledged += 1 }
            }
            raised += raises.count
            mix[record.severity, default: 0] += raises.count
            counts[record.name, default: 0] += raises.count
            if raises.count >= 3, zip(raises, raises.dropFirst(2)).contains(where: { $1 - $0 <= 60 }) {
                chattering.append(Chatter(name: record.name, detail: record.detail, raises: raises.count))
            }
            if let since = record.firingSince, to - since > 86400 {
                standing.append(Standing(name: record.name, detail: record.detail, since: since))
            }
        }
        let top = counts.filter { $0.value > 0 }.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(10)
            .map { (name: $0.key, count: $0.value) }
        return AlarmHealth(
            from: from, to: to, raised: raised, perTenMinutes: tens, peakPerHour: hours.max() ?? 0,
            peakPerMinute: minutes.max() ?? 0,
            chattering: chattering.sorted { ($1.raises, $0.name) < ($0.raises, $1.name) },
            standing: standing.sorted { $0.since < $1.since }, mix: mix, top: Array(top),
            ackAfter: ackAfter.sorted(), unacknowledged: unacknowledged)
    }

    static func percent(_ share: Double) -> String { NumberText.fixed(share * 100, decimals: 1) + " %" }

    /// The verdict against `targets`: 0 within them, 1 past what is acceptable (a warning), 2 past the limit;
    /// with a reason for each figure that is not within its target.
    public func verdict(_ targets: Targets = Targets()) -> (status: Int, reasons: [String]) {
        var status = 0
        var reasons: [String] = []
        func judge(_ level: Int, _ reason: String) {
            status = max(status, level)
            reasons.append(reason)
        }
        let average = averagePerTenMinutes
        if average > targets.steadyLimit {
            judge(
                2,
                "\(NumberText.fixed(average, decimals: 1)) raised per 10 minutes on average (limit \(NumberText.fixed(targets.steadyLimit, decimals: 1)))"
            )
        } else if average > targets.steady {
            judge(
                1,
                "\(NumberText.fixed(average, decimals: 1)) raised per 10 minutes on average (target \(NumberText.fixed(targets.steady, decimals: 1)))"
            )
        }
        let flood = floodShare(targets.flood)
        if flood > targets.floodShareLimit {
            judge(2, "in flood \(Self.percent(flood)) of the time (limit \(Self.percent(targets.floodShareLimit)))")
        } else if flood > targets.floodShare {
            judge(1, "in flood \(Self.percent(flood)) of the time (target \(Self.percent(targets.floodShare)))")
        }
        if !chattering.isEmpty {
            judge(1, "\(chattering.count) chattering: " + chattering.prefix(3).map(\.name).joined(separator: ", "))
        }
        if !standing.isEmpty {
            judge(1, "\(standing.count) standing over a day: " + standing.prefix(3).map(\.name).joined(separator: ", "))
        }
        if raised > 0 {
            let critical = Double(mix["critical"] ?? 0) / Double(raised)
            if critical > targets.critical * 2 {
                judge(1, "\(Self.percent(critical)) of raises critical (target \(Self.percent(targets.critical)))")
            }
        }
        return (status, reasons)
    }
}
