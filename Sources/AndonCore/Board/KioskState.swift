/// Kiosk mode: when the current view was put up, and what was typed lately (to recognise `quit`).
public struct KioskState: Sendable, Equatable {
    public var shownAt: Double
    public var typed = ""
    public var typedAt: Double = 0

    public init(shownAt: Double) { self.shownAt = shownAt }

    /// What a kiosk quits on: typed within a few seconds, so a passer-by's stray key never does it.
    public static let quitWord = "quit"
}
