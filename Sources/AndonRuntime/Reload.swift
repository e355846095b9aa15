import AndonCore

/// What rereading the configuration, profile and theme produced (SIGUSR1, `systemctl reload`, `R`): every line's
/// configuration and runner in the board's order, the shared engine's fetcher, the theme and the view. The loop
/// goes on with it; what the board knows of unchanged principles stays (`BoardState.reconfigure`).
public struct Reloaded: Sendable {
    /// The lines, in order, with what they are asked through: a plant whose lines changed cannot go on unless it
    /// was a plant of discovered lines (its rows are its lines).
    public var lines: Lines
    public var theme: Theme
    public var view: BoardView

    public init(lines: Lines, theme: Theme, view: BoardView) {
        self.lines = lines
        self.theme = theme
        self.view = view
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
