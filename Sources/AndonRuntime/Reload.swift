import AndonCore

/// What rereading the configuration, profile and theme produced (SIGUSR1, `systemctl reload`, `R`): every line's
/// configuration and runner in the board's order, the shared engine's fetcher, the theme and the view. The loop
/// goes on with it; what the board knows of unchanged principles stays (`BoardState.reconfigure`).
public struct Reloaded: Sendable {
    /// The lines' names, in order: a plant whose lines changed cannot go on (its rows are its lines).
    public var names: [String]
    public var configs: [Config]
    public var runners: [EffectRunner?]
    public var plantFetcher: PlantFetcher?
    public var theme: Theme
    public var view: BoardView

    public init(
        names: [String], configs: [Config], runners: [EffectRunner?], plantFetcher: PlantFetcher? = nil,
        theme: Theme, view: BoardView
    ) {
        self.names = names
        self.configs = configs
        self.runners = runners
        self.plantFetcher = plantFetcher
        self.theme = theme
        self.view = view
    }
}

/// Why a reload was refused: the board goes on with what it had and says this.
public struct ReloadFailure: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) { self.description = description }
}

/// Rereads everything the board was started from, as it was started (the same flags).
public typealias Reloader = @Sendable () async -> Result<Reloaded, ReloadFailure>
