/// The rule that keeps the board honest, in one place: a principle is green only if its latest answered reading
/// is green and fresh. Every other case is NO DATA (unknown) or STALE, with the reason.
///
/// - No answer yet: NO DATA ("waiting for the first answer", or why the attempts failed).
/// - The latest answer was not a value (empty result, NaN, a partial answer, an error envelope): that reading is
///   itself unknown, so NO DATA — an older green never shows through.
/// - The latest value is older than the stale age (the attempts since have failed): STALE with the old value,
///   which counts as unknown for the overall status.
/// - Older than the unknown age: NO DATA.
///
/// `docs/reliability.md` states the rule; `FreshnessTests` checks it over random sequences of poll outcomes.
public enum Freshness {
    public static func shown(
        _ id: PrincipleID, reading: Reading?, answeredAt: Double?, failure: String?, waiting: Bool, now: Double,
        staleAge: Double, unknownAge: Double
    ) -> ShownReading {
        guard let reading, let at = answeredAt else {
            let reason = failure ?? (waiting ? "waiting for the first answer" : nil)
            return ShownReading(id: id, value: nil, shown: .status(.unknown), reason: reason, age: nil)
        }
        let age = max(0, now - at)
        if age > unknownAge {
            let why =
                failure.map { "no answer for \(DurationText.short(age)): \($0)" }
                ?? "no answer for \(DurationText.short(age))"
            return ShownReading(id: id, value: nil, shown: .status(.unknown), reason: why, age: age)
        }
        if age > staleAge {
            let why = failure.map { "stale \(DurationText.short(age)): \($0)" } ?? "stale \(DurationText.short(age))"
            return ShownReading(id: id, value: reading.value, shown: .stale(reading.status), reason: why, age: age)
        }
        return ShownReading(
            id: id, value: reading.value, shown: .status(reading.status), reason: failure ?? reading.reason, age: age)
    }
}

/// What a tile shows: a status, or STALE when the last value is older than the stale age.
public enum ShownStatus: Sendable, Equatable {
    case status(Status)
    case stale(Status)

    /// For the overall status: stale is not seeing, so it counts as unknown.
    public var effective: Status {
        switch self {
        case .status(let status): status
        case .stale: .unknown
        }
    }
}

/// A principle as the board shows it right now, after the freshness rules.
public struct ShownReading: Sendable, Equatable {
    public var id: PrincipleID
    public var value: Double?
    public var shown: ShownStatus
    /// Why it is unknown or stale, if it is.
    public var reason: String?
    /// Seconds since the last answer, if there was one.
    public var age: Double?
}
