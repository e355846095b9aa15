/// A call pulled by a person (the Andon cord): its type (material, quality, help), where, by whom, with a note;
/// the tier of its ladder it has reached, who arrived and when, and whether it is closed. A call lives as an alert
/// of the board's alert source (`alertname="AndonCall"`), so that every route, receiver, silence and inhibition
/// of the source applies to it and other tools see it as an alert; boards read it back from there.
public struct Call: Sendable, Equatable {
    /// The alert name every call carries.
    public static let alertName = "AndonCall"
    /// How long a call holds in its source after a write unless written again: a day. Boards that show it write
    /// it again every half of that (`BoardState.climbs`).
    public static let holds = 86400.0

    public var id: String
    public var type: String
    public var line: String?
    /// The principle whose tile shows it (its type's).
    public var principle: PrincipleID?
    /// `user@host`.
    public var raisedBy: String
    /// Seconds since the epoch.
    public var raisedAt: Double
    public var note: String
    /// The last tier of its ladder reached and notified, from 0; -1 before the first.
    public var tier = -1
    public var arrivedBy: String?
    public var arrivedAt: Double?
    public var closedAt: Double?
    public var closedNote = ""
    /// The alert from a rule this call stands for (its name), when the alert climbs a ladder (`calls.alerts`).
    public var forAlert: String?

    public init(
        id: String, type: String, line: String?, principle: PrincipleID?, raisedBy: String, raisedAt: Double,
        note: String
    ) {
        self.id = id
        self.type = type
        self.line = line
        self.principle = principle
        self.raisedBy = raisedBy
        self.raisedAt = raisedAt
        self.note = note
    }

    /// What tells one call from another: the alert's labels. They never change over a call's life.
    public var labels: [String: String] {
        var labels: [String: String] = [
            "alertname": Self.alertName, "call_id": id, "call_type": type, "raised_by": raisedBy,
            "severity": "critical",
        ]
        if let line { labels["line"] = line }
        if let principle { labels["principle"] = principle.rawValue }
        if let forAlert { labels["for_alert"] = forAlert }
        return labels
    }

    /// What changes over its life: the tier, the arrival, the note, the close.
    public var annotations: [String: String] {
        var annotations: [String: String] = [
            "summary": "Call: \(type)" + (line.map { " at \($0)" } ?? "") + " by \(raisedBy)",
            "note": note, "tier": String(tier), "raised_at": RFC3339.format(raisedAt),
        ]
        if let arrivedBy { annotations["arrived_by"] = arrivedBy }
        if let arrivedAt { annotations["arrived_at"] = RFC3339.format(arrivedAt) }
        if let closedAt { annotations["closed_at"] = RFC3339.format(closedAt) }
        if !closedNote.isEmpty { annotations["close_note"] = closedNote }
        return annotations
    }

    /// The call an alert is, or nil when it is not one (another alert, or one without an id or a type).
    public init?(labels: [String: String], annotations: [String: String], startsAt: Double?) {
        guard labels["alertname"] == Self.alertName, let id = labels["call_id"], let type = labels["call_type"] else {
            return nil
        }
        self.init(
            id: id, type: type, line: labels["line"], principle: labels["principle"].flatMap(PrincipleID.init),
            raisedBy: labels["raised_by"] ?? "",
            raisedAt: annotations["raised_at"].flatMap(RFC3339.parse) ?? startsAt ?? 0,
            note: annotations["note"] ?? "")
        tier = annotations["tier"].flatMap(Int.init) ?? -1
        forAlert = labels["for_alert"]
        arrivedBy = annotations["arrived_by"]
        arrivedAt = annotations["arrived_at"].flatMap(RFC3339.parse)
        closedAt = annotations["closed_at"].flatMap(RFC3339.parse)
        closedNote = annotations["close_note"] ?? ""
    }

    /// The call as a hook or a ladder's target reads it (docs/response.md), with `step`: what just happened to
    /// it. Every value arrives as it is: a note is data, never a word of a command line.
    public func environment(_ step: CallStep) -> [String: String] {
        [
            "ANDON_CALL_EVENT": step.rawValue, "ANDON_CALL_ID": id, "ANDON_CALL_TYPE": type,
            "ANDON_CALL_LINE": line ?? "", "ANDON_CALL_NOTE": note, "ANDON_CALL_BY": raisedBy,
            "ANDON_CALL_RAISED_AT": RFC3339.format(raisedAt), "ANDON_CALL_TIER": String(tier + 1),
            "ANDON_CALL_ARRIVED_BY": arrivedBy ?? "", "ANDON_CALL_ARRIVED_AT": arrivedAt.map(RFC3339.format) ?? "",
            "ANDON_CALL_FOR_ALERT": forAlert ?? "", "ANDON_PRINCIPLE": principle?.rawValue ?? "",
        ]
    }

    /// The id of the call an alert with `labels` climbs its ladder as: the same on every board that sees it, so
    /// that two boards write one call (FNV-1a of the labels in order).
    public static func id(forAlert labels: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
            for byte in key.utf8 + [0] + value.utf8 + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
        }
        return newID(hash)
    }

    /// What a writer knew that the source's copy lacks, kept when it writes the source's copy back: the higher
    /// tier, an arrival, a close.
    public func merged(into fresh: Call) -> Call {
        var merged = fresh
        merged.tier = max(fresh.tier, tier)
        if merged.arrivedAt == nil, let arrivedAt {
            merged.arrivedAt = arrivedAt
            merged.arrivedBy = arrivedBy
        }
        if merged.closedAt == nil, let closedAt {
            merged.closedAt = closedAt
            merged.closedNote = closedNote
        }
        return merged
    }

    /// A new call's id: eight characters of a lower-case alphabet without look-alikes, from `random`.
    public static func newID(_ random: UInt64) -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var value = random
        var id = ""
        for _ in 0..<8 {
            id.append(alphabet[Int(value % UInt64(alphabet.count))])
            value /= UInt64(alphabet.count)
        }
        return id
    }
}

/// What happened to a call: raised, a tier of its ladder reached, a responder arrived, closed.
public enum CallStep: String, Sendable, CaseIterable {
    case raised
    case tier
    case arrived
    case closed
}
