/// How the screen may be drawn: what the terminal can show, the clock's time zone, and whether a person drives
/// the board. Every view draws with one.
public struct Look: Sendable, Equatable {
    /// Whether the terminal can show non-ASCII characters, and braille.
    public var unicode: Bool
    public var braille: Bool
    /// The local time zone's offset from UTC, in seconds (for the clock).
    public var utcOffset: Int
    /// False for `andon snapshot`: no selection, no key hints, no "red for 12m" from a single look, and the
    /// whole alert list.
    public var interactive: Bool

    public init(unicode: Bool = true, braille: Bool = true, utcOffset: Int = 0, interactive: Bool = true) {
        self.unicode = unicode
        self.braille = braille
        self.utcOffset = utcOffset
        self.interactive = interactive
    }
}

/// A view of one pane: draws `BoardState` into a rectangle of the grid with a `Look`.
protocol PaneView {
    var look: Look { get }
}

extension PaneView {
    var unicode: Bool { look.unicode }
    var braille: Bool { look.braille }
    var utcOffset: Int { look.utcOffset }
    var interactive: Bool { look.interactive }
}
