import AndonCore
import Foundation

/// What rereading the configuration, profile and theme produced (SIGUSR1, `systemctl reload`, `R`): every line's
/// configuration and runner in the board's order, the shared engine's fetcher, the theme and the view. The loop
/// goes on with it; what the board knows of unchanged principles stays (`BoardState.reconfigure`).
public struct Reloaded: Sendable {
    /// The lines, in order, with what they are asked through: a plant whose lines changed cannot go on unless it
    /// was a plant of discovered lines (its rows are its lines).
    public var lines: Lines
    public var theme: Theme
    public var view: BoardView
    /// Who is on call, read again with the configuration (nil: no schedule configured).
    public var oncall: OnCallLoad?

    public init(lines: Lines, theme: Theme, view: BoardView, oncall: OnCallLoad? = nil) {
        self.lines = lines
        self.theme = theme
        self.view = view
        self.oncall = oncall
    }

    /// The lines `names` on `configs`, each asked through its runner.
    public init(names: [String], configs: [Config], runners: [EffectRunner?], theme: Theme, view: BoardView) {
        self.init(lines: Lines(names: names, configs: configs, runners: runners), theme: theme, view: view)
    }
}

/// Why a reload was refused: the board goes on with what it had and says this.
public struct ReloadFailure: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// Rereads everything the board was started from, as it was started (the same flags).
public typealias Reloader = @Sendable () async -> Result<Reloaded, ReloadFailure>

/// What a board is made of, read from its configuration and flags at start and again on a reload.
public struct BoardSettings: Sendable {
    public var config: Config
    public var theme: Theme
    public var view: BoardView

    public init(config: Config, theme: Theme, view: BoardView) {
        self.config = config
        self.theme = theme
        self.view = view
    }

    /// Each line ready to be asked for the instant `at` (a board of one line is a plant of one line): a plant's
    /// lines with their shared engine, or one board on its resolved configuration. Not `detecting`, a board whose
    /// profile was not chosen shows itself at once and detects as a reload right after
    /// (`BoardLoop.reloadAtStart`): a Prometheus that takes the connection and never answers must not keep the
    /// board from answering keys.
    public func lines(at: Double?, detecting: Bool = true, pool: ClientPool) async throws(LaunchFailure) -> Lines {
        try await lines(at: at, detectingAt: at, detecting: detecting, pool: pool)
    }

    /// `lines(at:)`, a board's profiles detected at the instant `detectingAt` (a replay's: the end of its window).
    public func lines(at: Double?, detectingAt: Double?, detecting: Bool = true, pool: ClientPool)
        async throws(LaunchFailure) -> Lines
    {
        var config = config
        if config.lines.count > 1 { return try await Launch.plant(config, at: at, pool: pool) }
        if !detecting, !config.profileChosen { config.detection = Detection(pending: true) }
        return try await Launch.board(config, at: at, detectingAt: detectingAt, detecting: detecting, pool: pool)
    }

    /// Rereads everything as at start with `read` (SIGUSR1, `systemctl reload`, `R`), the lines asked on a new
    /// `pool()`: the failure, said on the board, keeps the old configuration. The log file is opened again first
    /// (logrotate's `postrotate` reloads the board), whatever the configuration says now: its path is the one the
    /// board started with.
    public static func reloader(
        at: Double?, log: EventLogWriter?, pool: @escaping @Sendable () -> ClientPool,
        read: @escaping @Sendable () async throws -> BoardSettings
    ) -> Reloader {
        {
            log?.reopen()
            do {
                let settings = try await read()
                let lines = try await settings.lines(at: at, pool: pool())
                let oncall = await OnCallLoader.board(
                    settings.config, pool: pool(), environment: ProcessInfo.processInfo.environment)
                return .success(Reloaded(lines: lines, theme: settings.theme, view: settings.view, oncall: oncall))
            } catch {
                return .failure(ReloadFailure(TextSanitizer.inert("\(error)", limit: 300)))
            }
        }
    }
}
