/// Acknowledgements the board asks its alert source for, and what they acknowledge in words.
public struct AckOrder: Sendable, Equatable {
    public var acks: [Acknowledgement]
    /// "KanbanQueueDeep" or "2 alerts of Kanban".
    public var what: String
    public var principle: PrincipleID?
    /// The names of the alerts acknowledged.
    public var alertNames: [String]

    public init(acks: [Acknowledgement], what: String, principle: PrincipleID?, alertNames: [String]) {
        self.acks = acks
        self.what = what
        self.principle = principle
        self.alertNames = alertNames
    }
}

/// How an acknowledgement went: how many the alert source made, and its reason when it refused one.
public struct AckOutcome: Sendable, Equatable {
    public var order: AckOrder
    public var created: Int
    public var error: String?

    public init(order: AckOrder, created: Int, error: String?) {
        self.order = order
        self.created = created
        self.error = error
    }
}

/// Tiers a call has reached: each tier's target to run (with the call's variables), then the call written with
/// its new tier, so that another board reading it does not notify them again.
public struct CallClimb: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        /// From 0.
        public var tier: Int
        public var target: String
        public var command: [String]
        /// The board's variables it is given besides its basic ones (`pass_environment:`).
        public var passEnvironment: [String]

        public init(tier: Int, target: String, command: [String], passEnvironment: [String] = []) {
            self.tier = tier
            self.target = target
            self.command = command
            self.passEnvironment = passEnvironment
        }
    }

    /// The call, its `tier` the last of `steps`.
    public var call: Call
    public var steps: [Step]
    /// The board's line and title, for the targets.
    public var board: String
    /// The board's overall status then (a stack light shows it).
    public var overall: String
    /// A call this board raises for an alert that climbs a ladder: written even when the source has none yet.
    public var raising: Bool

    public init(call: Call, steps: [Step], board: String, overall: String, raising: Bool = false) {
        self.call = call
        self.steps = steps
        self.board = board
        self.overall = overall
        self.raising = raising
    }

    /// The variables a target is run with (docs/response.md): what the call is, and the tier reached.
    public func environment(_ step: Step, now: Double) -> [String: String] {
        var call = call
        call.tier = step.tier
        return call.environment(.tier).merging([
            "ANDON_EVENT": "call_tier", "ANDON_CALL_TARGET": step.target, "ANDON_BOARD": board,
            "ANDON_OVERALL": overall, "ANDON_TIME": RFC3339.format(now),
        ]) { _, new in new }
    }
}

/// Something the hooks hear about: a status change, a new critical alert, an escalation, an ack. Its fields
/// reach a hook as environment variables (`environment`), never as text of a command line.
public struct HookEvent: Sendable, Equatable {
    public var trigger: HookTrigger
    public var principle: PrincipleID?
    public var oldStatus: String = ""
    public var newStatus: String = ""
    public var value: String = ""
    public var alert: String = ""
    public var severity: String = ""
    public var by: String = ""
    /// The board's overall status after the event: green, yellow, red or unknown.
    public var overall: String = ""
    /// The board's line (its variables' values) and title.
    public var line: String = ""
    public var board: String = ""
    /// Seconds since the epoch.
    public var at: Double = 0
    /// Who is on call and next (`ana, then bo at 2026-12-14 08:00`, in UTC), when the board has a schedule.
    public var oncall: String = ""
    /// For `alarm`: `first_out`, `latched`, `latch_acknowledged` or `ringback`.
    public var alarm: String = ""
    /// For `call`: the call, and what happened to it.
    public var call: Call?
    public var callStep: CallStep = .raised

    public init(trigger: HookTrigger, principle: PrincipleID? = nil) {
        self.trigger = trigger
        self.principle = principle
    }

    /// The variables a hook is run with, documented in docs/response.md.
    public var environment: [String: String] {
        [
            "ANDON_EVENT": trigger.rawValue, "ANDON_PRINCIPLE": principle?.rawValue ?? "",
            "ANDON_PRINCIPLE_TITLE": principle?.title ?? "", "ANDON_OLD_STATUS": oldStatus,
            "ANDON_NEW_STATUS": newStatus, "ANDON_VALUE": value, "ANDON_ALERT": alert, "ANDON_SEVERITY": severity,
            "ANDON_BY": by, "ANDON_OVERALL": overall, "ANDON_LINE": line, "ANDON_BOARD": board,
            "ANDON_TIME": RFC3339.format(at), "ANDON_ONCALL": oncall, "ANDON_ALARM": alarm,
        ].merging(call?.environment(callStep) ?? [:]) { old, _ in old }
    }
}

/// A line of the status line that says what just happened (an ack made or refused, a hook that failed), for a
/// while.
public struct Notice: Sendable, Equatable {
    public var text: String
    public var problem: Bool
    public var until: Double
}
