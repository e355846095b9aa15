/// A board playing through a past window (`andon replay`): the instant it shows (`at`) advances by itself, `speed`
/// seconds of the past a second, frame by frame at the window's step; each frame is the board's own refresh at
/// that instant (headlines, culprits, the `ALERTS` of then, the open drill-down), and the next frame waits for it.
/// The headlines over the whole window are fetched once, before: they draw the time line at the bottom (where
/// each principle was red) and give the tiles their trends up to the frame, without a range query a frame.
public struct ReplayClock: Sendable {
    public let from: Double
    public let to: Double
    /// The instant of the past the replay has reached (the board shows the frame at or before it).
    public internal(set) var cursor: Double
    /// Seconds of the past per second.
    public internal(set) var speed: Double
    public internal(set) var playing = true
    var lastTick: Double?
    /// The headlines over the window and the trend range before it (`TrendData.window` says where and how fine).
    public let window: TrendData
    /// A drill-down asked for the current frame and not answered yet: the next frame waits for it.
    var drillPending = false
    /// The frame whose answers the board shows: the banner names it, not the frame still being asked, so that
    /// the instant on screen is always the instant of what the tiles show.
    public internal(set) var shown: Double?

    /// The speeds `+` and `-` step through.
    public static let speeds: [Double] = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200]

    public init(from: Double, to: Double, speed: Double, window: TrendData) {
        self.from = from
        self.to = to
        self.speed = speed
        self.window = window
        cursor = from
    }

    /// The frames' spacing: the window's step.
    public var step: Double { window.window?.step ?? 15 }

    /// The frame at or before `time`, within the window.
    public func frame(_ time: Double) -> Double {
        let clamped = min(max(time, from), to)
        return from + ((clamped - from) / step).rounded(.down) * step
    }

    /// Each principle's status over the window (the time line).
    public func statuses(_ config: Config) -> [PrincipleID: StatusHistory] {
        var histories: [PrincipleID: StatusHistory] = [:]
        for spec in config.principles {
            guard let points = window.series[spec.id] else { continue }
            histories[spec.id] = StatusHistory(
                points: points, start: from, end: to, step: step, thresholds: spec.thresholds)
        }
        return histories
    }

    /// The instants where any principle's status changed, in order.
    public func changes(_ config: Config) -> [Double] {
        let starts = statuses(config).values.flatMap { $0.periods.dropFirst().map(\.from) }
        return Array(Set(starts)).sorted()
    }

    /// The trends the tiles show at `frame`: the window's series over the `range` before it.
    func trends(at frame: Double, range: TrendRange, variables: [String: QueryTemplate.Value]) -> TrendData {
        let start = frame - range.seconds
        var series: [PrincipleID: [Point]] = [:]
        for (id, points) in window.series {
            series[id] = points.filter { $0.timestamp >= start && $0.timestamp <= frame }
        }
        var data = TrendData(
            range: range, series: series, error: window.error, at: window.at,
            window: TrendWindow(start: start, end: frame, step: step), asOf: frame)
        data.variables = variables
        return data
    }
}
