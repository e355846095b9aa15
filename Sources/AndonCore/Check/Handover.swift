/// The shift handover digest (`andon report`): what a window of the past held, per line and per principle, read
/// from the headlines' history, the `ALERTS` series and the alert source's holds (acknowledgements). Computed here
/// from what was fetched; `HandoverFormats` writes it as text, Markdown or JSON, the same facts in each.
public struct Handover: Sendable, Equatable {
    /// A red period of a principle, and how it was answered.
    public struct RedPeriod: Sendable, Equatable {
        public var from: Double
        public var to: Double
        /// Red at the end of the window (`to` is the window's end).
        public var open: Bool
        /// From red to the first acknowledgement of one of the principle's alerts.
        public var ackAfter: Double?
        /// From red to green (nil: not green again within the window).
        public var greenAfter: Double?
    }

    public struct PrincipleFacts: Sendable, Equatable {
        public var id: PrincipleID
        public var headline: String
        public var unit: Unit
        /// Seconds in each status over the window (unknown: no answer, or no data).
        public var seconds: [Status: Double]
        /// The worst value (the furthest towards red) and when.
        public var worst: Point?
        public var reds: [RedPeriod]
        /// The status at the end of the window.
        public var last: Status
        /// Why the history could not be read (then everything is unknown).
        public var problem: String?
    }

    public struct AlertFacts: Sendable, Equatable {
        public var name: String
        public var severity: String
        public var principle: PrincipleID?
        /// The alert's distinguishing labels (not alertname, severity, principle), as `k="v"` text.
        public var detail: String
        /// How many times it began firing within the window.
        public var firings: Int
        public var seconds: Double
        /// Began firing three times or more.
        public var flapped: Bool { firings >= 3 }
        /// Firing at the end of the window, since `since`.
        public var since: Double?
    }

    public struct Ack: Sendable, Equatable {
        public var at: Double
        public var until: Double
        public var who: String
        public var note: String
        /// What it silences, as matchers.
        public var what: String
        public var principle: PrincipleID?
    }

    public struct LineFacts: Sendable, Equatable {
        /// The line's name on a plant; nil for a board of one line.
        public var name: String?
        public var principles: [PrincipleFacts]
        public var alerts: [AlertFacts]
        /// Nil when the alerts could not be read (`alertsProblem` says why).
        public var alertsProblem: String?
        public var acks: [Ack]
        /// Nil without an alert source; its problem when it did not answer.
        public var silencesProblem: String?
        public var managed: Bool
        /// Silences (acknowledgements or not) in force at the end that end within the next shift.
        public var expiring: [Ack]

        /// The principles with an acknowledgement in force at the end.
        public var acknowledged: Set<PrincipleID> = []

        /// Principles red at the end with no acknowledgement in force.
        public var unansweredReds: [PrincipleFacts] {
            principles.filter { $0.last == .red && !acknowledged.contains($0.id) }
        }
    }

    public var title: String
    public var prometheus: String
    public var from: Double
    public var to: Double
    public var step: Double
    public var lines: [LineFacts]
    /// The calls of the window, where calls are configured.
    public var calls: CallFacts?
    /// The alarm-health figures of the window, over every line's alerts.
    public var alarmHealth: AlarmHealthReport?

    public init(title: String, prometheus: String, from: Double, to: Double, step: Double, lines: [LineFacts]) {
        self.title = title
        self.prometheus = prometheus
        self.from = from
        self.to = to
        self.step = step
        self.lines = lines
    }

    /// The length of the window: a shift, and the next shift for the silences that end within it.
    public var span: Double { to - from }
}

extension Handover {
    /// The facts of one line over `from`…`to`, the series taken every `step` seconds.
    public static func line(_ name: String?, _ inputs: HandoverInputs, from: Double, to: Double, step: Double)
        -> LineFacts
    {
        // The alerts: each firing series' periods (consecutive steps), by labels.
        var alerts: [AlertFacts] = []
        var alertLabels: [(labels: Labels, principle: PrincipleID?)] = []
        var alertsProblem: String?
        switch inputs.alerts {
        case .failure(let error):
            alertsProblem = error.description
        case .success(let series):
            for one in series {
                let periods = AlarmHealth.periods(
                    one.points.filter { $0.timestamp >= from && $0.timestamp <= to }, step: step, end: to)
                guard !periods.isEmpty else { continue }
                var labels = one.labels
                labels["__name__"] = nil
                labels["alertstate"] = nil
                alertLabels.append((labels, one.principle))
                let detail = labels.filter { !["alertname", "severity", "principle"].contains($0.key) }
                    .sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",")
                let last = periods[periods.count - 1]
                alerts.append(
                    AlertFacts(
                        name: labels["alertname"] ?? "(unnamed)", severity: labels["severity"] ?? "none",
                        principle: one.principle, detail: detail, firings: periods.count,
                        seconds: periods.reduce(0) { $0 + $1.to - $1.from },
                        since: last.to >= to ? last.from : nil))
            }
            alerts.sort {
                ($0.principle?.rawValue ?? "~", $0.name, $0.detail) < (
                    $1.principle?.rawValue ?? "~", $1.name, $1.detail
                )
            }
        }
        // Acknowledgements made within the window, and the silences in force at its end that end within a shift.
        var acks: [Ack] = []
        var expiring: [Ack] = []
        var activeAcks: Set<PrincipleID> = []
        var silencesProblem: String?
        if case .failure(let error) = inputs.silences { silencesProblem = error.description }
        if case .success(let silences) = inputs.silences {
            for silence in silences {
                // The principle whose alerts it silences (the first alert of the window it matches).
                let principle = alertLabels.first { alert in silence.matchers.allSatisfy { $0.matches(alert.labels) } }?
                    .principle
                let ack = Ack(
                    at: silence.startsAt, until: silence.endsAt, who: silence.who, note: silence.note,
                    what: silence.matchers.map(\.text).joined(separator: ","), principle: principle)
                if silence.isAck && silence.startsAt >= from && silence.startsAt <= to { acks.append(ack) }
                let inForce = silence.startsAt <= to && silence.endsAt > to
                if inForce && silence.endsAt <= to + (to - from) { expiring.append(ack) }
                if inForce && silence.isAck, let principle { activeAcks.insert(principle) }
            }
            acks.sort { $0.at < $1.at }
            expiring.sort { $0.until < $1.until }
        }
        // The principles: the status history of each headline.
        var principles: [PrincipleFacts] = []
        for (spec, series) in inputs.headlines {
            let points: [Point]
            var problem: String?
            switch series {
            // Only what lies in the window: an answer's point outside it (a server's, or a step's edge) is not a
            // fact of this shift ("worst 1.0 % at 1970-01-01").
            case .success(let list): points = list.filter { $0.timestamp >= from && $0.timestamp <= to }
            case .failure(let error):
                points = []
                problem = error.description
            }
            let history = StatusHistory(points: points, start: from, end: to, step: step, thresholds: spec.thresholds)
            var seconds: [Status: Double] = [.green: 0, .yellow: 0, .red: 0, .unknown: 0]
            for period in history.periods { seconds[period.status, default: 0] += period.duration }
            let reds = history.periods.enumerated().filter { $0.element.status == .red }.map { index, period in
                let green = history.periods[(index + 1)...].first { $0.status == .green }
                // Acknowledged: by an ack in force when it turned red (after 0), or else by the first one made
                // while it was red; the red's start is known to a step, so an ack within a step before it counts.
                let mine = acks.filter { $0.principle == spec.id }
                let inForce = mine.first { $0.at < period.from - step && $0.until > period.from }
                let made = mine.first { $0.at >= period.from - step && $0.at <= period.to }
                let ackAfter = inForce != nil ? 0 : made.map { max(0, $0.at - period.from) }
                return RedPeriod(
                    from: period.from, to: period.to, open: period.to >= to, ackAfter: ackAfter,
                    greenAfter: green.map { $0.from - period.from })
            }
            principles.append(
                PrincipleFacts(
                    id: spec.id, headline: spec.headline, unit: spec.unit, seconds: seconds,
                    worst: worst(points, spec.thresholds), reds: reds, last: history.periods.last?.status ?? .unknown,
                    problem: problem))
        }
        var facts = LineFacts(
            name: name, principles: principles, alerts: alerts, alertsProblem: alertsProblem, acks: acks,
            silencesProblem: silencesProblem, managed: inputs.silences != nil, expiring: expiring)
        facts.acknowledged = activeAcks
        return facts
    }

    /// The value furthest towards red: the highest where red is above, the lowest where red is below.
    static func worst(_ points: [Point], _ thresholds: Thresholds) -> Point? {
        let finite = points.filter { $0.value.isFinite }
        let higherIsWorse: Bool
        switch thresholds.red.op {
        case .greater, .greaterOrEqual: higherIsWorse = true
        case .less, .lessOrEqual: higherIsWorse = false
        case .equal: higherIsWorse = thresholds.green.op == .less || thresholds.green.op == .lessOrEqual
        }
        // The first of equal values: when it first got that bad.
        return finite.reduce(nil) { best, point in
            guard let best else { return point }
            return (higherIsWorse ? point.value > best.value : point.value < best.value) ? point : best
        }
    }
}
