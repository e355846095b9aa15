/// A key as the board understands it.
public enum Key: Sendable, Hashable {
    case character(Character)
    case up, down, left, right
    case enter, escape, tab, backTab, backspace
    case pageUp, pageDown, home, end
}

/// Everything that happens to the board. `update` is the only place where state changes.
public enum Event: Sendable {
    case key(Key)
    case resize(Size)
    /// The clock, seconds since the epoch.
    case tick(Double)
    /// An overview refresh finished.
    case refreshed(OverviewData)
    /// Trend lines for the tiles arrived (or failed).
    case trends(TrendData)
    /// A drill-down's panels arrived.
    case drilled(DrillData)
    /// The values of the profile's variables arrived, for the chooser (`v`).
    case variableValues([VariableValues])
    /// The alert source answered an acknowledgement.
    case acknowledged(AckOutcome)
    /// A hook failed (its reason), or ran too long and was killed.
    case hookFailed(name: String, reason: String)
    /// The plant put this line's board somewhere (on the screen, off it, in its kiosk's cycle).
    case placed(LinePlace)
    /// The on-call schedule was read (at start, and on a reload), or could not be.
    case oncall(OnCallLoad)
    /// The alert source answered a call raised on the board: its id, or why it refused.
    case callRaised(Result<String, PrometheusError>)
    /// The alert source's holds, read while principles are latched: acknowledgements of cleared reds among them.
    case latchAcks([Silence])
    /// Calls gone from the source were closed (not lost to a restart of it).
    case callsClosed([Call])
    /// Calls gone from the source were lost to a restart of it, and have been written again.
    case callsRestored([Call])
}

/// Where a plant puts one of its lines' boards: the board learns it through `update`, and asks for what it needs
/// there.
public enum LinePlace: Sendable, Equatable {
    /// Off the screen (a row of the plant overview): the board asks only for its headlines and alerts, and Esc on
    /// its overview, once it is shown, returns to the plant.
    case hidden
    /// On the screen (Enter): its trends are asked for at once; `ownRefresh`: a board waiting for a shared
    /// answer (which is not for a line on the screen) asks its own refresh now.
    case shown(ownRefresh: Bool)
    /// The plant's kiosk shows it: its own cycle starts from its overview.
    case inKiosk
}

extension Event {
    /// What an answer was asked for; nil for what is not an answer.
    public var stamp: Stamp? {
        switch self {
        case .refreshed(let data): data.stamp
        case .trends(let data): data.stamp
        case .drilled(let data): data.stamp
        default: nil
        }
    }
}

/// The values Prometheus lists for one declared variable, or why it could not list them.
public struct VariableValues: Sendable, Equatable {
    public var name: String
    public var values: [String]
    public var error: String?

    public init(name: String, values: [String], error: String? = nil) {
        self.name = name
        self.values = values
        self.error = error
    }
}

/// What `update` asks the outside world to do.
public enum Effect: Sendable, Equatable {
    /// Fetch the six headlines, their culprits and the alerts.
    case refresh
    /// Fetch the tiles' trends over `range` with `points` points.
    case fetchTrends(TrendRange, points: Int)
    /// Fetch the panels of a drill-down, with `points` points for its trends.
    case fetchDrill(PrincipleID, TrendRange, points: Int)
    /// List the values of the profile's variables (the chooser, `v`).
    case listVariables
    /// Acknowledge alerts: write them to the alert source.
    case acknowledge(AckOrder)
    /// A call has reached tiers of its ladder: run their targets, then write the tier to the alert source.
    case climb(CallClimb)
    /// Read the source's holds for acknowledgements of cleared reds (`andon ack --cleared`), while any is latched.
    case readLatchAcks
    /// Calls this board showed are gone from the source: closed, or lost because the source restarted since they
    /// were last seen (`seenAt`); the runner asks the source when it started, and writes lost calls again.
    case callsGone([Call], seenAt: Double)
    /// Raise a call of this type, with a note (`c`, its number, a note): write it to the alert source.
    case raiseCall(String, note: String = "")
    /// Run the hooks that listen for this event.
    case hook(HookEvent)
    /// Reread the configuration, profile and theme (`R`; SIGUSR1 asks the loop directly).
    case reload
    /// Ring the terminal bell once (the Andon cord).
    case bell
    /// Leave the board.
    case quit
    /// Close this line's board and return to the plant (Esc on a line's overview).
    case close
}
