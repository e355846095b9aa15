/// A block font five rows high, for values and status words read from across a room: digits, the punctuation
/// of numbers and times, and the letters of the status words. `█` where Unicode is available, `#` otherwise.
public enum BigText {
    public static let height = 5

    static let glyphs: [Character: [String]] = [
        "0": [" ## ", "#  #", "#  #", "#  #", " ## "],
        "1": [" # ", "## ", " # ", " # ", "###"],
        "2": ["### ", "   #", " ## ", "#   ", "####"],
        "3": ["### ", "   #", " ## ", "   #", "### "],
        "4": ["#  #", "#  #", "####", "   #", "   #"],
        "5": ["####", "#   ", "### ", "   #", "### "],
        "6": [" ## ", "#   ", "### ", "#  #", " ## "],
        "7": ["####", "   #", "  # ", " #  ", " #  "],
        "8": [" ## ", "#  #", " ## ", "#  #", " ## "],
        "9": [" ## ", "#  #", " ###", "   #", " ## "],
        ".": [" ", " ", " ", " ", "#"],
        ",": [" ", " ", " ", "#", "#"],
        ":": [" ", "#", " ", "#", " "],
        "-": ["   ", "   ", "###", "   ", "   "],
        "+": ["   ", " # ", "###", " # ", "   "],
        "%": ["#  #", "  # ", " #  ", "#   ", "#  #"],
        " ": ["  ", "  ", "  ", "  ", "  "],
        "?": ["### ", "   #", " ## ", "    ", " #  "],
        "A": [" ## ", "#  #", "####", "#  #", "#  #"],
        "C": [" ###", "#   ", "#   ", "#   ", " ###"],
        "D": ["### ", "#  #", "#  #", "#  #", "### "],
        "E": ["####", "#   ", "### ", "#   ", "####"],
        "I": ["###", " # ", " # ", " # ", "###"],
        "K": ["#  #", "# # ", "##  ", "# # ", "#  #"],
        "L": ["#   ", "#   ", "#   ", "#   ", "####"],
        "N": ["#   #", "##  #", "# # #", "#  ##", "#   #"],
        "O": [" ## ", "#  #", "#  #", "#  #", " ## "],
        "R": ["### ", "#  #", "### ", "# # ", "#  #"],
        "S": [" ###", "#   ", " ## ", "   #", "### "],
        "T": ["###", " # ", " # ", " # ", " # "],
        "W": ["#   #", "#   #", "# # #", "## ##", "#   #"],
    ]

    /// Whether every character of `text` has a glyph.
    public static func canRender(_ text: String) -> Bool {
        text.allSatisfy { glyphs[$0] != nil }
    }

    /// Columns `text` takes: each glyph and one column between glyphs.
    public static func width(_ text: String) -> Int {
        let widths = text.compactMap { glyphs[$0]?.first?.count }
        return widths.reduce(0, +) + max(0, widths.count - 1)
    }

    /// The five rows of `text`.
    public static func rows(_ text: String, unicode: Bool) -> [String] {
        let ink: Character = unicode ? "█" : "#"
        let letters = text.compactMap { glyph(of: $0) }
        return (0..<height).map { row in
            var line = ""
            for (index, letter) in letters.enumerated() {
                if index > 0 { line.append(" ") }
                for stroke in letter[row] { line.append(stroke ? ink : " ") }
            }
            return line
        }
    }

    /// The glyph of `character` as strokes, row by row; nil when the font has none.
    static func glyph(of character: Character) -> [[Bool]]? {
        strokes[character]
    }

    /// `glyphs` as strokes, made once: a board draws its figures every second.
    static let strokes: [Character: [[Bool]]] = glyphs.mapValues { rows in
        rows.map { row in row.map { $0 == "#" } }
    }

    /// Splits a formatted value into what is drawn big and the unit drawn small beside it: `2,264 items` →
    /// (`2,264`, `items`), `28.7 %` → (`28.7%`, ``), `225 ms` → (`225`, `ms`).
    public static func split(_ value: String) -> (big: String, small: String) {
        let numeric = value.prefix { "0123456789.,-+".contains($0) }
        var rest = value.dropFirst(numeric.count).trimmingCharacters(in: .whitespaces)
        var big = String(numeric)
        if rest.hasPrefix("%") {
            big += "%"
            rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
        }
        return (big, rest)
    }
}

extension Grid {
    /// Draws `text` in the block font with its top-left corner at (x, y); returns the columns used.
    @discardableResult
    mutating func putBig(_ text: String, x: Int, y: Int, role: Role) -> Int {
        // The blanks between strokes take the same role as the ink: they look the same, and a changed digit then
        // costs ncurses one attribute change per row instead of one per stroke.
        let ink = Cell(unicode ? "█" : "#", role)
        let blank = Cell(" ", role)
        var column = x
        for (index, letter) in text.compactMap({ BigText.glyph(of: $0) }).enumerated() {
            if index > 0 {
                for row in 0..<BigText.height { setIfInside(column, y + row, blank) }
                column += 1
            }
            for (row, strokes) in letter.enumerated() {
                for (offset, stroke) in strokes.enumerated() {
                    setIfInside(column + offset, y + row, stroke ? ink : blank)
                }
            }
            column += letter.first?.count ?? 0
        }
        return column - x
    }

    private mutating func setIfInside(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        self[x, y] = cell
    }
}
