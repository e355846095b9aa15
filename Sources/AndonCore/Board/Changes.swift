/// One thing a step of a board changed that someone reacts to.
public enum BoardChange: Sendable, Equatable {
    /// A principle's shown status changed; `from` is nil when the board sees it for the first time (its first
    /// answer, or the first again after history or another line).
    case status(PrincipleID, from: ShownStatus?, to: ShownReading)
    /// The board's overall status changed.
    case overall(from: Status, to: Status)
    /// An alert started firing.
    case fired(Alert)
    /// An alert that fired stopped.
    case resolved(Alert)
    /// A firing alert got a new acknowledgement.
    case acknowledged(Alert)
    /// A call was raised, reached a tier, was answered by an arrival, or closed (gone from the source), as the
    /// board saw it: a call raised elsewhere and already answered shows as raised, then arrived, at once.
    case call(Call, CallStep)
    /// A principle went red first out of a calm board.
    case firstOut(PrincipleID)
    /// A principle's red cleared before anyone acknowledged it (`true`), or its latch was acknowledged (`false`).
    case latched(PrincipleID, Bool)
    /// A principle is green again after red.
    case ringback(PrincipleID)
    /// A principle stayed unanswered past `escalate_after`.
    case escalated(PrincipleID)
    /// Prometheus stopped answering (a refresh where nothing answered), with the reason; nil: it answers again.
    case prometheus(unreachable: String?)
    /// The alerts could not be read, with the reason; nil: they can again.
    case alerts(unreadable: String?)
}

/// What one step of a board changed, worked out in one place (`between`) from the board before and after it:
/// `BoardState.update` keeps it (`changes`) and reacts to it (the hooks, the bell, a new alert's highlight, kiosk
/// interrupts, the escalation), the plant's kiosk reads a line's, and the event log writes the same list.
public struct BoardChanges: Sendable, Equatable {
    public var list: [BoardChange]
    /// Whether the board had had its first answer before the step: the first answer is not news (no bell, no
    /// hook, no interrupt).
    public var wasPrimed: Bool
    /// Whether the board was live (not history, not a replay) before and after the step: only a live board's
    /// changes are news.
    public var live: Bool

    public init(list: [BoardChange] = [], wasPrimed: Bool = false, live: Bool = true) {
        self.list = list
        self.wasPrimed = wasPrimed
        self.live = live
    }

    /// The alerts that started firing.
    public var fired: [Alert] {
        list.compactMap {
            if case .fired(let alert) = $0 { return alert }
            return nil
        }
    }

    /// The principles whose shown status changed, with what they showed before (nil: first seen) and now.
    public var statuses: [(id: PrincipleID, from: ShownStatus?, to: ShownReading)] {
        list.compactMap {
            if case .status(let id, let from, let to) = $0 { return (id, from, to) }
            return nil
        }
    }

    /// Whether the board's overall status turned red.
    public var turnedRed: Bool {
        list.contains {
            if case .overall(_, .red) = $0 { return true }
            return false
        }
    }

    /// What happened to calls.
    public var calls: [(call: Call, step: CallStep)] {
        list.compactMap {
            if case .call(let call, let step) = $0 { return (call, step) }
            return nil
        }
    }

    /// The principles that escalated.
    public var escalated: [PrincipleID] {
        list.compactMap {
            if case .escalated(let id) = $0 { return id }
            return nil
        }
    }
}
