/// Which view fills the screen.
public enum Pane: Sendable, Equatable {
    case overview
    case principle(PrincipleID)
    case alerts
    case help
    /// The chooser of the variables' values (`v`): which line the board shows.
    case variables
}

/// Everything the board knows. Changed only by `BoardState.update`; drawn only by `BoardView.render`.
public struct BoardState: Sendable {
    public internal(set) var config: Config {
        didSet { if config.calls != oldValue.calls { refreshAlertFacts() } }
    }
    public internal(set) var bell: BellPolicy
    public internal(set) var now: Double
    public internal(set) var size: Size
    public internal(set) var pane: Pane = .overview
    /// The pane to return to from help.
    public internal(set) var previousPane: Pane = .overview
    /// The selected tile on the overview (an index into `principles`).
    public internal(set) var selection = 0
    /// The first row shown in a scrolled pane.
    public internal(set) var scroll = 0
    public internal(set) var paused = false
    /// The instant the board shows (`--at`, `[` and `]`), or nil for live. Not live: a banner says so, and
    /// the bell never rings.
    public internal(set) var at: Double?
    public internal(set) var range: TrendRange = .hours24
    public internal(set) var quitting = false

    /// What the board knows of each principle: its answer, when it came, why the last attempt failed, its status
    /// and since when, its culprit, trend and drill-down, its rules' longest `for:`, whether it escalated.
    public internal(set) var known: [PrincipleID: PrincipleKnowledge] = [:]
    public internal(set) var alerts: [Alert] = [] {
        didSet {
            calls = Call.open(in: alerts)
            alertRows = AlertRows(alerts, expanded: expandedAlertGroups)
            refreshAlertFacts()
        }
    }
    /// Each principle's alerts as the board asks about them (`AlertTally`).
    public internal(set) var alertFacts = AlertTally()
    /// The alerts pane's rows (`AlertRows`: grouped by name and principle), and the groups opened with Enter.
    public internal(set) var alertRows = AlertRows()
    public internal(set) var expandedAlertGroups: Set<AlertRows.Key> = []
    /// The calls among `alerts` (`AndonCall`, firing), read once each time the alerts are replaced: the tiles,
    /// the ladders and the changes take them from here, not from every alert at every tick.
    public internal(set) var calls: [Call] = []
    public internal(set) var alertsError: String?
    /// Alerts that started firing while the board watched, until when they stay highlighted.
    public internal(set) var highlighted: [String: Double] = [:]
    /// Fingerprints of the alerts firing at the last refresh.
    public internal(set) var firing: Set<String> = []
    /// How many times `alerts` was replaced: a step that did not replace them changed no alert, whatever their
    /// number (`BoardChanges.between` looks at them only when this moved).
    public internal(set) var alertsRevision = 0
    /// When the trends were evaluated (for the status history).
    public internal(set) var trendWindow: TrendWindow?
    public internal(set) var trendRange: TrendRange?
    public internal(set) var trendsAt: Double?
    public internal(set) var trendError: String?

    public internal(set) var refreshing = false
    public internal(set) var nextRefresh: Double = 0
    public internal(set) var lastRefresh: Double?
    /// Refreshes in a row that reached nothing (for backoff).
    public internal(set) var failedRefreshes = 0
    /// Whether the first refresh has completed (the first answer may not ring the bell).
    public internal(set) var primed = false
    /// Kiosk mode's cycle (nil when a person drives the board).
    public internal(set) var kiosk: KioskState?
    /// The variables' chooser while it is open (`v`).
    public internal(set) var chooser: VariableChooser?
    /// An acknowledgement waiting for `y` (`A`).
    public internal(set) var proposal: AckOrder?
    /// `c` was pressed: the next key chooses the type of the call to raise.
    public internal(set) var calling = false
    /// The type was chosen: the note being typed, until Enter raises the call or Esc drops it.
    public internal(set) var callNote: (type: String, text: String)?
    /// What just happened, on the status line for a while (an ack made or refused, a hook that failed).
    public internal(set) var notice: Notice?
    /// The selected alert in the alerts pane (an index into `alerts`).
    public internal(set) var alertCursor = 0
    /// When the escalation's bell last rang.
    public internal(set) var lastEscalationBell: Double = 0
    /// The board is one line of a plant's (Esc on its overview returns to the plant).
    public internal(set) var inPlant = false
    /// The board is a plant's line off the screen: it asks only for its headlines and alerts.
    public internal(set) var hidden = false
    /// A replay of a past window (`andon replay`): the instant moves by itself.
    public internal(set) var replay: ReplayClock?
    /// What the last update changed (`BoardChanges.between`), which the board reacted to and the log writes.
    public internal(set) var changes = BoardChanges()
    /// The tier this board last asked to notify for each call, by id: not asked twice before the source says so.
    public internal(set) var climbed: [String: Int] = [:]
    /// The half-days since each call was raised for which this board has written it again (`Call.holds`).
    public internal(set) var renewed: [String: Int] = [:]
    /// The calls of the last alerts this board's ladders looked at (`revision`: their `alertsRevision`), and when
    /// they were read: a call gone from the next is asked about (`Effect.callsGone`), closed or lost to the
    /// source's restart.
    public internal(set) var lastCalls: (calls: [Call], at: Double, revision: Int) = ([], 0, 0)
    /// Calls closed, as the last `callsClosed` said (`closedRevision` counts them, for `BoardChanges`).
    public internal(set) var closedCalls: [Call] = []
    public internal(set) var closedRevision = 0
    /// The calls this board raised for alerts that climb a ladder (`calls.alerts`), by id, while the alert fires:
    /// not raised twice, and closed when the alert stops.
    public internal(set) var alertCalls: [String: AlertCall] = [:]
    /// Calls written again after the source's restart, not yet seen back: their return is not a new call.
    public internal(set) var restoredCalls: Set<String> = []
    /// Since when no principle has been red (nil: one is red, or the board has had no answer yet): a red after
    /// `alarms.first_out` of calm is the first out.
    public internal(set) var calmSince: Double?
    /// The first principle out of the current cascade, until the board is all green or it is acknowledged, and
    /// since when the board had been calm before it (the cascade's alerts began after that).
    public internal(set) var firstOut: PrincipleID?
    public internal(set) var cascadeCalmFrom: Double?
    /// The alerts pane lists the alerts oldest first (`s`), not as the source lists them.
    public internal(set) var alertsByStart = false
    /// Whether the cascade under way when the board started was read from the status history (once).
    public internal(set) var cascadeReadFromHistory = false
    /// Principles whose red cleared before anyone acknowledged it, and when it cleared: latched until acknowledged.
    public internal(set) var latched: [PrincipleID: Double] = [:]
    /// Principles red now whose alerts someone acknowledged during this red (their clearing is not latched).
    public internal(set) var acknowledgedReds: Set<PrincipleID> = []
    /// When the ringback's second bell rings (the pattern: two bells a second apart).
    public internal(set) var ringbackBell: Double?
    /// Who is on call (`oncall:`), as read by the runtime; nil when the configuration names no schedule.
    public internal(set) var oncall: OnCallLoad?

    /// A board as it starts: `pane` shown, trends over `range`, nothing known yet. In kiosk mode (`config.kiosk`)
    /// the cycle starts at once.
    public init(
        config: Config, bell: BellPolicy = .critical, now: Double, size: Size, at: Double? = nil,
        range: TrendRange = .hours24, pane: Pane = .overview, replay: ReplayClock? = nil
    ) {
        self.config = config
        self.bell = bell
        self.now = now
        self.size = size
        self.at = at
        self.range = range
        self.pane = pane
        if case .principle(let id) = pane { selection = principles.firstIndex(of: id) ?? 0 }
        if config.kiosk { kiosk = KioskState(shownAt: now) }
        if let replay {
            self.replay = replay
            self.at = replay.frame(replay.from)
        }
    }

    /// How long a newly firing alert stays highlighted.
    public static let highlightSeconds = 60.0
}

extension BoardState {
    /// What a principle shows now, by the freshness rule (`Freshness`).
    public func shown(_ id: PrincipleID) -> ShownReading {
        Freshness.shown(
            id, reading: known[id]?.reading, answeredAt: known[id]?.answeredAt, failure: known[id]?.failure,
            waiting: refreshing || lastRefresh == nil, now: now, staleAge: config.staleAge,
            unknownAge: config.unknownAfter)
    }

    /// The overall verdict (`Evaluation.verdict`) over what the tiles show; stale counts as unknown.
    public var overall: Status { overall(principles.map { shown($0).shown }) }

    /// `overall` from what each principle shows, worked out once by the caller.
    func overall(_ shown: [ShownStatus]) -> Status {
        Evaluation.verdict(shown.map(\.effective), alertsReadable: alertsError == nil)
    }

    /// Seconds since the last successful refresh.
    public var dataAge: Double? { lastRefresh.map { max(0, now - $0) } }

    /// Whether the last update turned the board red after its first answer: a line that stops.
    public var turnedRed: Bool { primed && changes.turnedRed }

    /// The principles the board shows, in board order: those the profile describes.
    public var principles: [PrincipleID] { config.principles.map(\.id) }

    mutating func refreshAlertFacts() { alertFacts = AlertTally(alerts) { [self] in climbsALadder($0) } }

    /// The pane order that Tab cycles through.
    public var tabOrder: [Pane] { [.overview] + principles.map { .principle($0) } + [.alerts] }
}

extension BoardState {
    /// Whether `history(id)` has a history to give, without working it out.
    public func hasHistory(_ id: PrincipleID) -> Bool { trendWindow != nil && known[id]?.trend != nil }

    /// A principle's status history over the trend range (from the trends, with its thresholds).
    public func history(_ id: PrincipleID) -> StatusHistory? {
        guard let window = trendWindow, let points = known[id]?.trend else { return nil }
        return StatusHistory(
            points: points, start: window.start, end: window.end, step: window.step,
            thresholds: config.spec(id).thresholds)
    }

    /// For how long a principle has shown its status ("red for 12m"): from the status history when its last
    /// period has the status shown now, so it is right just after the board starts (`atLeast`: the period began
    /// before the history does); else from what this board has seen itself.
    public func statusClock(_ id: PrincipleID) -> (
        status: ShownStatus, seconds: Double, atLeast: Bool, fromHistory: Bool
    )? {
        let shownStatus = shown(id).shown
        if case .status(let status) = shownStatus, let history = history(id), let last = history.periods.last,
            last.status == status
        {
            return (shownStatus, max(0, (at ?? now) - last.from), last.from <= history.start, true)
        }
        guard let since = known[id]?.statusSince else { return nil }
        return (since.status, now - since.since, false, false)
    }
}

extension BoardState {
    /// Puts `next` up, scrolled to the top, its principle selected and its panels asked for: the one way a pane
    /// is opened, by a key (`show`) or by the kiosk's cycle (`showInKiosk`).
    mutating func open(_ next: Pane) -> [Effect] {
        pane = next
        scroll = 0
        if case .principle(let id) = next {
            selection = principles.firstIndex(of: id) ?? selection
            return [.fetchDrill(id, range, points: trendPoints)]
        }
        return []
    }

    /// Where the board and the loaded alert rules disagree (`Drift`), live only: in history the rules of now say
    /// nothing of the past. A stale principle is not judged.
    public var drifts: [Drift] {
        guard at == nil else { return [] }
        var statuses: [PrincipleID: (status: Status, since: Double)] = [:]
        for (id, knowledge) in known {
            if let shown = knowledge.statusSince, case .status(let status) = shown.status {
                statuses[id] = (status, shown.since)
            }
        }
        return Drift.detect(statuses: statuses, alerts: alerts, rules: known.compactMapValues(\.rules), now: now)
    }

    /// Points for a trend: about one per column of a tile.
    var trendPoints: Int { max(10, min(240, size.width / 3 - 4)) }
}

/// What the board knows of one principle. It goes as a whole when the principle is forgotten (its query changed
/// on a reload, or it is gone) and when the board asks again for another instant or line.
public struct PrincipleKnowledge: Sendable {
    /// The last answer that came back from Prometheus (a value, or an unknown from empty/NaN).
    public var reading: Reading?
    /// When it last got an answer.
    public var answeredAt: Double?
    /// Why the latest attempt failed (connection, timeout, HTTP, a bad query), if it did.
    public var failure: String?
    /// The status it shows and since when.
    public var statusSince: (status: ShownStatus, since: Double)?
    /// The member driving its headline ("orders 1,204 items").
    public var culprit: String?
    public var trend: [Point]?
    public var drill: DrillData?
    /// What its loaded alerting rules tell a drift, from the last trends that had them.
    public var rules: RuleWatch?
    /// Unanswered past `escalate_after`.
    public var escalated = false

    public init() {}
}

extension BoardState {
    /// Sets one part of every principle's knowledge from `values` (a principle missing from it: nil).
    mutating func replaceAll<Value>(_ part: WritableKeyPath<PrincipleKnowledge, Value?>, _ values: [PrincipleID: Value])
    {
        for id in Set(known.keys).union(values.keys) {
            known[id, default: PrincipleKnowledge()][keyPath: part] = values[id]
        }
    }

    // Each part of the principles' knowledge by principle, as the views and the tests read it.
    public var readings: [PrincipleID: Reading] { known.compactMapValues(\.reading) }
    public var statusSince: [PrincipleID: (status: ShownStatus, since: Double)] {
        known.compactMapValues(\.statusSince)
    }
    public var trends: [PrincipleID: [Point]] { known.compactMapValues(\.trend) }
    public var drills: [PrincipleID: DrillData] { known.compactMapValues(\.drill) }
    /// The principles that escalated (unanswered past `escalate_after`).
    public var escalatedPrinciples: Set<PrincipleID> { Set(known.filter(\.value.escalated).keys) }
}

/// A call a board raised for an alert that climbs a ladder: whether it has written the alert's acknowledgement
/// into it as the arrival.
public struct AlertCall: Sendable, Equatable {
    public var arrived: Bool
}
