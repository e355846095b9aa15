/// What a board tells of itself (`heartbeat:`), in the Prometheus text format: when it last drew, when each line
/// last refreshed with an answer and how long that took, what it shows (each principle's status and each line's, as
/// `check`'s exit statuses: 0 green, 1 yellow, 2 red, 3 unknown) and how many alerts fire on it. A shipped rule
/// (`AndonBoardStale`) pages when the frame or a refresh is three periods old, so that a wall whose board hangs or
/// whose box froze is not trusted for its last frame.
public struct HeartbeatFigures: Sendable, Equatable {
    public struct Line: Sendable, Equatable {
        public var name: String
        public var interval: Double
        public var statuses: [(id: PrincipleID, status: Status)]
        public var overall: Status
        public var lastRefresh: Double?
        public var refreshSeconds: Double?
        public var firing: Int

        public static func == (a: Line, b: Line) -> Bool {
            (a.name, a.interval, a.overall, a.lastRefresh, a.refreshSeconds, a.firing)
                == (b.name, b.interval, b.overall, b.lastRefresh, b.refreshSeconds, b.firing)
                && a.statuses.map(\.id) == b.statuses.map(\.id) && a.statuses.map(\.status) == b.statuses.map(\.status)
        }
    }

    public var lines: [Line]

    public init(lines: [Line]) { self.lines = lines }

    /// The figures of `plant` as it shows now; `refreshSeconds` by line, as the loop measured them.
    public init(_ plant: PlantState, refreshSeconds: [Int: Double] = [:]) {
        lines = plant.lines.enumerated().map { index, line in
            let board = line.board
            return Line(
                name: line.name, interval: board.config.refresh,
                statuses: board.principles.map { ($0, board.shown($0).shown.effective) }, overall: board.overall,
                lastRefresh: board.lastRefresh, refreshSeconds: refreshSeconds[index],
                firing: board.firing.count)
        }
    }

    /// The exposition: `frame` the time of the last frame drawn (the loop and the terminal both at work), `version`
    /// andon's.
    public func exposition(frame: Double, version: String) -> String {
        var out = ""
        func family(_ name: String, _ help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples {
                let labels =
                    sample.labels.isEmpty
                    ? "" : "{" + sample.labels.map { "\($0.0)=\"\(Self.escaped($0.1))\"" }.joined(separator: ",") + "}"
                out += name + labels + " " + Self.number(sample.value) + "\n"
            }
        }
        family("andon_board_info", "The board's version.", [([("version", version)], 1)])
        family(
            "andon_board_last_frame_timestamp_seconds",
            "When the board last drew a frame (its loop and its terminal both at work), in seconds since the epoch.",
            [([], frame)])
        family(
            "andon_board_refresh_interval_seconds", "The seconds between the line's refreshes.",
            lines.map { ([("line", $0.name)], $0.interval) })
        family(
            "andon_board_last_refresh_timestamp_seconds",
            "When the line last refreshed with an answer, in seconds since the epoch (0: not yet).",
            lines.map { ([("line", $0.name)], $0.lastRefresh ?? 0) })
        family(
            "andon_board_refresh_duration_seconds", "How long the line's last refresh took.",
            lines.compactMap { line in line.refreshSeconds.map { ([("line", line.name)], $0) } })
        family(
            "andon_board_line_status", "The line's status as shown: 0 green, 1 yellow, 2 red, 3 unknown.",
            lines.map { ([("line", $0.name)], Double($0.overall.exitCode)) })
        family(
            "andon_board_status", "Each principle's status as shown: 0 green, 1 yellow, 2 red, 3 unknown.",
            lines.flatMap { line in
                line.statuses.map {
                    ([("line", line.name), ("principle", $0.id.rawValue)], Double($0.status.exitCode))
                }
            })
        family(
            "andon_board_alerts_firing", "The firing alerts the line shows.",
            lines.map { ([("line", $0.name)], Double($0.firing)) })
        return out
    }

    /// A label value as the text format writes it: backslash, quote and newline escaped.
    static func escaped(_ value: String) -> String {
        var out = ""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// A sample's value: whole numbers without a fraction, times to the millisecond.
    static func number(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String((value * 1000).rounded() / 1000)
    }
}
