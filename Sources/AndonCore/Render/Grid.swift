/// One character cell of the screen: what it shows and what it means. A double-width character occupies its
/// cell and the next, which is marked as a continuation.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var role: Role
    public var continuation: Bool

    public init(_ character: Character = " ", _ role: Role = .background, continuation: Bool = false) {
        self.character = character
        self.role = role
        self.continuation = continuation
    }
}

/// The whole screen as a value: the pure view renders into it, the terminal adapter copies it to the screen,
/// and golden tests compare it as text.
public struct Grid: Sendable, Equatable {
    public let size: Size
    public private(set) var cells: [Cell]
    /// Whether characters outside ASCII may be used (UTF-8 locale), and braille (not on the Linux console).
    public var unicode: Bool
    public var braille: Bool

    public init(size: Size, unicode: Bool = true, braille: Bool = true) {
        self.size = size
        self.unicode = unicode
        self.braille = braille && unicode
        cells = Array(repeating: Cell(), count: size.width * size.height)
    }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: size.width, height: size.height) }

    /// Writes `text` at (x, y) with `role`, never past `limit` columns nor the right edge; the text is made inert
    /// first. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, role: Role, limit: Int? = nil) -> Int {
        guard y >= 0, y < size.height, x < size.width else { return 0 }
        let end = min(size.width, limit.map { x + max(0, $0) } ?? size.width)
        var column = x
        let shown = shownText(text)
        if Self.standsAlone(shown) {
            // Most text by far (ASCII, the status symbols, arrows): a character a scalar, measured as such.
            for scalar in shown.unicodeScalars {
                let width = DisplayWidth.of(alone: scalar)
                if width == 0 { continue }
                if column + width > end { break }
                if column >= 0 {
                    self[column, y] = Cell(Character(scalar), role)
                    if width == 2 { self[column + 1, y] = Cell(" ", role, continuation: true) }
                }
                column += width
            }
            return max(0, column - x)
        }
        for shown in shown {
            let width = DisplayWidth.of(shown)
            if width == 0 { continue }
            if column + width > end { break }
            if column >= 0 {
                self[column, y] = Cell(shown, role)
                if width == 2 { self[column + 1, y] = Cell(" ", role, continuation: true) }
            }
            column += width
        }
        return max(0, column - x)
    }

    /// Sets one cell to a single-width character the caller made itself and knows the terminal can show (a
    /// braille or block glyph, an ASCII mark): no text to make inert or measure, for a chart's hundreds of cells.
    mutating func plot(_ character: Character, x: Int, y: Int, role: Role) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        self[x, y] = Cell(character, role)
    }

    /// Writes `text` right-aligned so that it ends at column `right` (exclusive).
    @discardableResult
    public mutating func putRight(_ text: String, right: Int, y: Int, role: Role) -> Int {
        let width = DisplayWidth.of(shownText(text))
        return put(text, x: right - width, y: y, role: role, limit: width)
    }

    /// Whether every scalar of `text` is a character of its own (`DisplayWidth.standsAlone`), in a plain loop.
    static func standsAlone(_ text: String) -> Bool {
        for scalar in text.unicodeScalars where !DisplayWidth.standsAlone(scalar) { return false }
        return true
    }

    /// What `text` looks like on this grid: inert, and in ASCII when the terminal cannot show more.
    func shownText(_ text: String) -> String {
        let inert = TextSanitizer.inert(text, limit: 1000)
        return unicode ? inert : Grid.ascii(inert)
    }

    /// The closest ASCII: typographic marks and arrows by their usual stand-ins, accents dropped (`é` → `e`),
    /// anything else `?`.
    public static func ascii(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var out = ""
        for character in text {
            if character.isASCII {
                out.append(character)
            } else if let replacement = asciiStandIns[character] {
                out += replacement
            } else {
                let folded = String(character).folding(
                    options: [.diacriticInsensitive, .widthInsensitive], locale: nil)
                out += folded.allSatisfy(\.isASCII) && !folded.isEmpty ? folded : "?"
            }
        }
        return out
    }

    static let asciiStandIns: [Character: String] = [
        "·": "-", "—": "-", "–": "-", "…": "...", "→": "->", "←": "<-", "↑": "^", "↓": "v", "⏎": "Enter",
        "✓": "v", "✗": "x", "⚠": "!", "“": "\"", "”": "\"", "‘": "'", "’": "'", "×": "x", "°": "o", "µ": "u",
        "≥": ">=", "≤": "<=", "€": "EUR", "£": "GBP",
    ]

    /// Paints the role of every cell of `rect`, keeping characters (a tile's status colour).
    public mutating func paint(_ rect: Rect, role: Role) {
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y].role = role }
        }
    }

    /// Fills `rect` with a character and role.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", role: Role = .background) {
        guard rect.width > 0, rect.height > 0 else { return }
        for y in max(0, rect.y)..<min(size.height, rect.maxY) {
            for x in max(0, rect.x)..<min(size.width, rect.maxX) { self[x, y] = Cell(character, role) }
        }
    }

    /// Draws a box around `rect` with an optional title in its top edge.
    public mutating func box(_ rect: Rect, role: Role = .border, title: String? = nil, titleRole: Role = .title) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let (h, v, tl, tr, bl, br): (Character, Character, Character, Character, Character, Character) =
            unicode ? ("─", "│", "┌", "┐", "└", "┘") : ("-", "|", "+", "+", "+", "+")
        for x in rect.x..<rect.maxX {
            set(x, rect.y, h, role)
            set(x, rect.maxY - 1, h, role)
        }
        for y in rect.y..<rect.maxY {
            set(rect.x, y, v, role)
            set(rect.maxX - 1, y, v, role)
        }
        set(rect.x, rect.y, tl, role)
        set(rect.maxX - 1, rect.y, tr, role)
        set(rect.x, rect.maxY - 1, bl, role)
        set(rect.maxX - 1, rect.maxY - 1, br, role)
        if let title, rect.width > 4 {
            put(" " + title + " ", x: rect.x + 1, y: rect.y, role: titleRole, limit: rect.width - 2)
        }
    }

    mutating func set(_ x: Int, _ y: Int, _ character: Character, _ role: Role) {
        guard x >= 0, y >= 0, x < size.width, y < size.height else { return }
        self[x, y] = Cell(character, role)
    }

    /// The characters, one line per row (continuation cells omitted), trailing spaces kept.
    public var text: String {
        // As bytes, then one string: appending characters to a string one by one cost 300 instructions a cell.
        var bytes: [UInt8] = []
        bytes.reserveCapacity(cells.count + size.height)
        for y in 0..<size.height {
            if y > 0 { bytes.append(0x0A) }
            for x in 0..<size.width where !self[x, y].continuation {
                bytes.append(contentsOf: self[x, y].character.utf8)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The roles, one letter per cell (see `Role.code`), for golden files.
    public var roles: String {
        var lines: [String] = []
        for y in 0..<size.height {
            var line = ""
            for x in 0..<size.width { line.append(self[x, y].role.code) }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
