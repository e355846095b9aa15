/// The first out of a cascade from the status histories (ISA-18.1's first-out, `alarms: first_out:`): of the
/// principles red now, the one whose red began first (of reds that began at once, the one whose alerts began
/// first, then the board's order), when no principle was red in the `quiet` before it. Nil when a history does not
/// reach back that far, or a red is older than its history.
public enum FirstOut {
    public static func fromHistory(
        _ histories: [(id: PrincipleID, history: StatusHistory)], red: Set<PrincipleID>, quiet: Double,
        alertsSince: (PrincipleID) -> Double
    ) -> (id: PrincipleID, from: Double)? {
        var starts: [(id: PrincipleID, from: Double)] = []
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
        // A red the history has not seen yet (it went red after the history's last step) began at its end.
        let histories = read.map { id, history in
            var history = history
            if red.contains(id), history.periods.last?.status != .red, history.end > history.start {
                if history.periods.last?.from == history.end { history.periods.removeLast() }
                history.periods.append(.init(status: .red, from: history.end, to: history.end))
            }
            return (id: id, history: history)
        }
        var copy = self
        copy.firstOut =
            FirstOut.fromHistory(histories, red: red, quiet: quiet) { id in
                alerts.lazy.filter { $0.principle == id && $0.state == .firing }.compactMap(\.activeAt).min()
                    ?? evaluatedAt
            }?.id
        return copy
    }
}
