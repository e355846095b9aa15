/// Kiosk mode: when the current view was put up, and what was typed lately (to recognise `quit`).
public struct KioskState: Sendable, Equatable {
    public var shownAt: Double
    public var typed = ""
    public var typedAt: Double = 0

    public init(shownAt: Double) { self.shownAt = shownAt }

    /// What a kiosk quits on: typed within a few seconds, so a passer-by's stray key never does it.
    public static let quitWord = "quit"

    /// Takes a key typed at the kiosk at `now`: true when it completes the quit word.
    public mutating func type(_ key: Key, now: Double) -> Bool {
        guard case .character(let character) = key else { return false }
        if now - typedAt > 5 { typed = "" }
        typed = String((typed + String(character).lowercased()).suffix(Self.quitWord.count))
        typedAt = now
        return typed == Self.quitWord
    }
}
