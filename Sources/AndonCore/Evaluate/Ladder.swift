/// Where a call stands on its type's ladder: the tier due at an instant (the last whose `after` has passed since
/// the call was raised; the clock stops when someone arrives or the call is closed), whether it is past its
/// response deadline, and when the next tier falls due. Pure: the instant is given.
public enum Ladder {
    /// The instant the call's clock stopped at, or `now` while it runs.
    static func clock(_ call: Call, now: Double) -> Double {
        min(now, call.arrivedAt ?? now, call.closedAt ?? now)
    }

    /// The tier due at `now`, from 0 (the first tier, or none when the ladder is empty).
    public static func due(_ call: Call, _ type: CallType, now: Double) -> Int {
        let elapsed = clock(call, now: now) - call.raisedAt
        return max(0, (type.ladder.lastIndex { $0.after <= elapsed } ?? 0))
    }

    /// Nobody has arrived and the response deadline has passed.
    public static func overdue(_ call: Call, _ type: CallType, now: Double) -> Bool {
        call.arrivedAt == nil && call.closedAt == nil && now >= call.raisedAt + type.respondWithin
    }

    /// When the next tier falls due, if one does: nil once someone has arrived, the call is closed, or the ladder
    /// is at its top.
    public static func nextDue(_ call: Call, _ type: CallType, now: Double) -> Double? {
        guard call.arrivedAt == nil, call.closedAt == nil else { return nil }
        return type.ladder.first { call.raisedAt + $0.after > now }.map { call.raisedAt + $0.after }
    }

    /// The tiers `call` must now notify: those due and not yet reached (`call.tier` is the last one reached and
    /// notified; a new call has reached none, `tier` -1).
    public static func toNotify(_ call: Call, _ type: CallType, now: Double) -> [Int] {
        guard !type.ladder.isEmpty, call.closedAt == nil else { return [] }
        let due = due(call, type, now: now)
        guard type.ladder[due].after <= clock(call, now: now) - call.raisedAt, due > call.tier else { return [] }
        return Array((call.tier + 1)...due)
    }
}
