extension BoardState {
    /// In a replay, the clock moves the cursor on, and a frame starts when the last one is answered.
    mutating func advanceReplay(_ time: Double) -> [Effect] {
        guard var replay else { return [] }
        if replay.playing, let last = replay.lastTick {
            replay.cursor = min(replay.to, replay.cursor + max(0, time - last) * replay.speed)
            if replay.cursor >= replay.to { replay.playing = false }
        }
        replay.lastTick = time
        self.replay = replay
        return replayFrame()
    }

    /// Shows the frame of the cursor when it is not shown yet and nothing is in flight: the board moves to its
    /// instant keeping what it shows until the answers come (no blank screen between frames), the tiles' trends
    /// come from the window, and the refresh (and the open drill-down) is asked at that instant.
    mutating func replayFrame() -> [Effect] {
        guard var replay, !refreshing, !replay.drillPending else { return [] }
        let frame = replay.frame(replay.cursor)
        guard frame != at || !primed else { return [] }
        at = frame
        let trendData = replay.trends(at: frame, range: range, variables: config.variables)
        replaceAll(\.trend, trendData.series)
        trendRange = trendData.range
        trendWindow = trendData.window
        trendError = trendData.error
        trendsAt = now
        let effects = startRefresh().filter {
            if case .fetchTrends = $0 { return false }
            return true
        }
        replay.drillPending = effects.contains {
            if case .fetchDrill = $0 { return true }
            return false
        }
        self.replay = replay
        return effects
    }

    /// The replay's keys: space or p plays and pauses, + and - change the speed, . and , step a frame, n and N
    /// jump to the next and previous change of status, [ and ] a history step; nil for a key the board handles.
    mutating func replayKey(_ key: Key) -> [Effect]? {
        guard var replay else { return nil }
        switch key {
        case .character(" "), .character("p"):
            replay.playing.toggle()
            if replay.playing && replay.cursor >= replay.to { replay.cursor = replay.from }
        case .character("+"), .character("="):
            replay.speed = ReplayClock.speeds.first { $0 > replay.speed } ?? replay.speed
        case .character("-"):
            replay.speed = ReplayClock.speeds.last { $0 < replay.speed } ?? replay.speed
        case .character("."), .character(","):
            replay.playing = false
            let frame = replay.frame(replay.cursor)
            replay.cursor = replay.frame(key == .character(".") ? frame + replay.step : frame - replay.step)
        case .character("n"):
            let frame = replay.frame(replay.cursor)
            replay.cursor = replay.changes(config).first { $0 > frame } ?? replay.to
        case .character("N"):
            let frame = replay.frame(replay.cursor)
            replay.cursor = replay.changes(config).last { $0 < frame } ?? replay.from
        case .character("["), .character("]"):
            let sign: Double = key == .character("]") ? 1 : -1
            replay.cursor = min(replay.to, max(replay.from, replay.cursor + sign * config.historyStep))
        default:
            return nil
        }
        self.replay = replay
        return replayFrame()
    }

    /// A drill-down answered: the next frame may start.
    mutating func replayDrilled() {
        replay?.drillPending = false
    }
}
