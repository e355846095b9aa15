/// The board's screens as an asciicast v2 recording (the format of asciinema): a JSON header line, then one
/// `[seconds, "o", text]` event per screen that changed, the text being the terminal output that draws it (the
/// rows that changed, each addressed and cleared to its end, in the theme's colours). `asciinema play` plays it;
/// a post-mortem can embed it.
public struct Asciicast: Sendable {
    public let size: Size
    var theme: Theme
    let colors: Int
    public let start: Double
    /// The last screen written, to write only the rows that changed.
    var last: Grid?

    /// A recording of screens `size` large, in `theme` with `colors` colours, begun at `start` (seconds since the
    /// epoch).
    /// Records in `theme` from now on (a reload): the next frame is written whole.
    public mutating func use(_ theme: Theme) {
        self.theme = theme
        last = nil
    }

    public init(size: Size, theme: Theme, colors: Int = 256, start: Double) {
        self.size = size
        self.theme = theme
        self.colors = colors
        self.start = start
    }

    /// The header line: version 2, the size, when it began, and the terminal it was made for.
    public func header(title: String) -> String {
        // Whole numbers as integers, as asciinema writes them.
        "{\"version\": 2, \"width\": \(size.width), \"height\": \(size.height), \"timestamp\": \(Int(start)), \"title\": "
            + JSONValue.string(TextSanitizer.inert(title, limit: 120)).serialized()
            + ", \"env\": {\"TERM\": \"xterm-256color\"}}\n"
    }

    /// The event line of `grid` shown at `time`; nil when nothing changed. The first screen clears the terminal and
    /// hides its cursor; a screen of another size is drawn whole.
    public mutating func frame(_ grid: Grid, at time: Double) -> String? {
        var output = ""
        let whole = last?.size != grid.size
        if last == nil { output += "\u{1B}[?25l" }
        if whole { output += "\u{1B}[0m\u{1B}[H\u{1B}[2J" }
        for y in 0..<min(grid.size.height, size.height) {
            let changed = whole || (0..<grid.size.width).contains { grid[$0, y] != last![$0, y] }
            guard changed else { continue }
            output += "\u{1B}[\(y + 1);1H" + TextOutput.row(grid, y, theme: theme, colors: colors) + "\u{1B}[K"
        }
        last = grid
        guard !output.isEmpty else { return nil }
        let seconds = max(0, ((time - start) * 1000).rounded() / 1000)
        return JSONValue.array([.number(seconds), .string("o"), .string(output)]).serialized() + "\n"
    }
}
