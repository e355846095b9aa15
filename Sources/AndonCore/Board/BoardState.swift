/// Which view fills the screen.
public enum Pane: Sendable, Equatable {
    case overview
    case principle(PrincipleID)
    case alerts
    case help
}

/// How the board rings the bell for newly firing alerts.
public enum BellPolicy: String, Sendable, CaseIterable {
    case critical
    case all
    case off
}

/// Everything the board knows. Changed only by `BoardState.update`; drawn only by `BoardView.render`.
public struct BoardState: Sendable {
    public var config: Config
    public var bell: BellPolicy
    public var now: Double
    public var size: Size
    public var pane: Pane = .overview
    /// The pane to return to from help.
    public var previousPane: Pane = .overview
    /// The selected tile on the overview (0…5).
    public var selection = 0
    /// The first row shown in a scrolled pane.
    public var scroll = 0
    public var paused = false
    /// The instant the board shows (`--at`, `[` and `]`), or nil for live. Not live: a banner says so, and
    /// the bell never rings.
    public var at: Double?
    public var range: TrendRange = .hours24
    public var quitting = false

    /// The last answer per principle that came back from Prometheus (a value, or an unknown from empty/NaN).
    public var readings: [PrincipleID: Reading] = [:]
    /// When each principle last got an answer.
    public var answeredAt: [PrincipleID: Double] = [:]
    /// Why the latest attempt for a principle failed (connection, timeout, HTTP, a bad query), if it did.
    public var failures: [PrincipleID: String] = [:]
    /// The status each principle shows and since when.
    public var statusSince: [PrincipleID: (status: ShownStatus, since: Double)] = [:]
    public var culprits: [PrincipleID: String] = [:]
    public var alerts: [Alert] = []
    public var alertsError: String?
    /// Alerts that started firing while the board watched, until when they stay highlighted.
    public var highlighted: [String: Double] = [:]
    /// Fingerprints of the alerts firing at the last refresh.
    public var firing: Set<String> = []
    public var trends: [PrincipleID: [Point]] = [:]
    /// When the trends were evaluated (for the status history).
    public var trendWindow: TrendWindow?
    public var trendRange: TrendRange?
    public var trendsAt: Double?
    public var trendError: String?
    public var drills: [PrincipleID: DrillData] = [:]

    public var refreshing = false
    public var nextRefresh: Double = 0
    public var lastRefresh: Double?
    /// Refreshes in a row that reached nothing (for backoff).
    public var failedRefreshes = 0
    /// Whether the first refresh has completed (the first answer may not ring the bell).
    public var primed = false
    /// Kiosk mode's cycle (nil when a person drives the board).
    public var kiosk: KioskState?

    public init(config: Config, bell: BellPolicy = .critical, now: Double, size: Size, at: Double? = nil) {
        self.config = config
        self.bell = bell
        self.now = now
        self.size = size
        self.at = at
        if config.kiosk { kiosk = KioskState(shownAt: now) }
    }

    /// How long a newly firing alert stays highlighted.
    public static let highlightSeconds = 60.0
}

/// Kiosk mode: when the current view was put up, and what was typed lately (to recognise `quit`).
public struct KioskState: Sendable, Equatable {
    public var shownAt: Double
    public var typed = ""
    public var typedAt: Double = 0

    public init(shownAt: Double) { self.shownAt = shownAt }

    /// What a kiosk quits on: typed within a few seconds, so a passer-by's stray key never does it.
    public static let quitWord = "quit"
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

extension BoardState {
    /// What a principle shows now, by the freshness rule (`Freshness`).
    public func shown(_ id: PrincipleID) -> ShownReading {
        Freshness.shown(
            id, reading: readings[id], answeredAt: answeredAt[id], failure: failures[id],
            waiting: refreshing || lastRefresh == nil, now: now, staleAge: config.staleAge,
            unknownAge: config.unknownAfter)
    }

    /// The worst shown status of the six; stale counts as unknown.
    public var overall: Status {
        var status = Status.worst(PrincipleID.allCases.map { shown($0).shown.effective })
        if alertsError != nil && status < .unknown { status = .unknown }
        return status
    }

    /// Seconds since the last successful refresh.
    public var dataAge: Double? { lastRefresh.map { max(0, now - $0) } }

    /// The pane order that Tab cycles through.
    public static let tabOrder: [Pane] = [.overview] + PrincipleID.allCases.map { .principle($0) } + [.alerts]
}

extension BoardState {
    /// A principle's status history over the trend range (from the trends, with its thresholds).
    public func history(_ id: PrincipleID) -> StatusHistory? {
        guard let window = trendWindow, let points = trends[id] else { return nil }
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
        guard let since = statusSince[id] else { return nil }
        return (since.status, now - since.since, false, false)
    }
}
