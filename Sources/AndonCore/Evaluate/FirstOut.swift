/// The first out of a cascade from the status histories (ISA-18.1's first-out, `alarms: first_out:`): of the
/// principles red now, the one whose red began first (of reds that began at once, the one whose alerts began
/// first, then the board's order), when no principle was red in the `quiet` before it. Nil when a history does not
/// reach back that far, or a red is older than its history.
public enum FirstOut {
    public static func fromHistory<ID: Hashable>(
        _ histories: [(id: ID, history: StatusHistory)], red: Set<ID>, quiet: Double, alertsSince: (ID) -> Double
    ) -> (id: ID, from: Double)? {
        var starts: [(id: ID, from: Double)] = []
        for (id, history) in histories where red.contains(id) {
            guard let last = history.periods.last, last.status == .red, last.from > history.start else { return nil }
            starts.append((id, last.from))
        }
        guard let first = starts.min(by: { ($0.from, alertsSince($0.id)) < ($1.from, alertsSince($1.id)) }) else {
            return nil
        }
        for (_, history) in histories {
            guard history.start <= first.from - quiet else { return nil }
            let redBefore = history.periods.contains {
                $0.status == .red && $0.from < first.from && $0.to > first.from - quiet
            }
            if redBefore { return nil }
        }
        return first
    }
}

extension Evaluation {
    /// The evaluation with its first out from `histories` (read at the same instant), when a principle is red.
    public func markingFirstOut(_ histories: [(id: PrincipleID, history: StatusHistory)]?, quiet: Double?)
        -> Evaluation
    {
        let red = Set(readings.filter { $0.status == .red }.map(\.id))
        guard let read = histories, let quiet, !red.isEmpty else { return self }
        let alerts = (try? alerts.get()) ?? []
        let histories = read.map { id, history in
            (id: id, history: red.contains(id) ? history.redAtItsEnd() : history)
        }
        var copy = self
        copy.firstOut =
            FirstOut.fromHistory(histories, red: red, quiet: quiet) { id in
                alerts.lazy.filter { $0.principle == id && $0.state == .firing }.compactMap(\.activeAt).min()
                    ?? evaluatedAt
            }?.id
        return copy
    }

    /// When its oldest firing alert began (its evaluation's instant without one): how lines red at once are ordered.
    var redSince: Double {
        ((try? alerts.get()) ?? []).lazy.filter { $0.state == .firing }.compactMap(\.activeAt).min() ?? evaluatedAt
    }
}

extension FirstOut {
    /// A plant's first out line (as its board marks it): of the lines red now, the one red first (any of its
    /// principles), when no line was red in the `quiet` before, from each line's evaluation and its principles'
    /// status histories read at the same instant. Nil when a line's histories could not be read.
    public static func line(
        _ lines: [(name: String, evaluation: Evaluation, histories: [(id: PrincipleID, history: StatusHistory)]?)],
        quiet: Double
    ) -> String? {
        var histories: [(id: String, history: StatusHistory)] = []
        var red: Set<String> = []
        var since: [String: Double] = [:]
        for line in lines {
            guard let read = line.histories else { return nil }
            let isRed = line.evaluation.overall == .red
            let union = StatusHistory.reds(of: read.map(\.history))
            histories.append((line.name, isRed ? union.redAtItsEnd() : union))
            if isRed {
                red.insert(line.name)
                since[line.name] = line.evaluation.redSince
            }
        }
        return fromHistory(histories, red: red, quiet: quiet) { since[$0] ?? .infinity }?.id
    }
}

extension StatusHistory {
    /// The history with a red the history has not seen yet (it went red after the last step) beginning at its end.
    func redAtItsEnd() -> StatusHistory {
        guard periods.last?.status != .red, end > start else { return self }
        var history = self
        if history.periods.last?.from == end { history.periods.removeLast() }
        history.periods.append(.init(status: .red, from: end, to: end))
        return history
    }

    /// Red wherever any of `histories` is red, green elsewhere, over the span all of them cover.
    public static func reds(of histories: [StatusHistory]) -> StatusHistory {
        let start = histories.map(\.start).max() ?? 0
        let end = max(start, histories.map(\.end).min() ?? start)
        let reds = histories.flatMap { $0.periods.filter { $0.status == .red } }.sorted { $0.from < $1.from }
        var merged: [Period] = []
        for red in reds {
            if let last = merged.last, red.from <= last.to {
                merged[merged.count - 1].to = max(last.to, red.to)
            } else {
                merged.append(red)
            }
        }
        var periods: [Period] = []
        var at = start
        for red in merged {
            let (from, to) = (max(red.from, start), min(red.to, end))
            guard to >= from, from <= end else { continue }
            if from > at { periods.append(.init(status: .green, from: at, to: from)) }
            periods.append(.init(status: .red, from: from, to: to))
            at = max(at, to)
        }
        if at < end { periods.append(.init(status: .green, from: at, to: end)) }
        return StatusHistory(start: start, end: end, periods: periods)
    }
}
