/// How many terminal columns text takes: 0 for combining marks, 2 for East Asian wide and emoji, else 1.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        var width = 0
        for scalar in text.unicodeScalars {
            guard standsAlone(scalar) else { return text.reduce(0) { $0 + of($1) } }
            width += of(alone: scalar)
        }
        return width
    }

    /// Whether `scalar` is a character by itself whatever is around it: every scalar that can join another into
    /// one character (a combining mark, a joiner, a variation selector, a regional indicator, a Hangul jamo, an
    /// emoji modifier) is outside these ranges, which hold ASCII, Latin, and the symbols, arrows, boxes, blocks
    /// and braille the board draws. Text made only of them is measured and drawn scalar by scalar, without
    /// breaking it into grapheme clusters: the same result, for a fraction of the work.
    static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x300 || (0x2010...0x20CF).contains(v) || (0x2100...0x2BFF).contains(v)
    }

    /// The width of a scalar that `standsAlone`: what `of(Character(scalar))` is.
    static func of(alone scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x80 { return v < 0x20 || v == 0x7F ? 0 : 1 }
        return scalarWidth(scalar)
    }

    public static func of(_ character: Character) -> Int {
        guard let first = character.unicodeScalars.first else { return 0 }
        if character.isASCII { return first.value < 0x20 || first.value == 0x7F ? 0 : 1 }
        return scalarWidth(first)
    }

    static func scalarWidth(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format, .control: return 0
        default: break
        }
        if (0x1100...0x115F).contains(v) || (0x2E80...0x303E).contains(v) || (0x3041...0x33FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xA000...0xA4CF).contains(v)
            || (0xAC00...0xD7A3).contains(v) || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v)
            || (0xFF00...0xFF60).contains(v) || (0xFFE0...0xFFE6).contains(v) || (0x1F300...0x1F64F).contains(v)
            || (0x1F900...0x1F9FF).contains(v) || (0x20000...0x3FFFD).contains(v)
        {
            return 2
        }
        return 1
    }

    /// The longest prefix of `text` that fits in `width` columns, with `…` when cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: String = "…") -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        var out = ""
        var used = 0
        let room = width - of(ellipsis)
        for character in text {
            let w = of(character)
            if used + w > room { break }
            out.append(character)
            used += w
        }
        return out + ellipsis
    }

    /// `text` broken into at most `maxLines` lines of at most `width` columns: at spaces where it can, inside a
    /// word where a word is longer than a line, and the last line cut with `…` when text is left over.
    public static func wrap(_ text: String, to width: Int, maxLines: Int) -> [String] {
        guard width > 0, maxLines > 0 else { return [] }
        var lines: [String] = []
        var rest = Substring(text)
        while !rest.isEmpty, lines.count < maxLines {
            rest = rest.drop { $0 == " " }
            if lines.count == maxLines - 1 || of(String(rest)) <= width {
                lines.append(truncate(String(rest), to: width))
                break
            }
            // The longest prefix that fits, then back to its last space if there is one.
            var used = 0
            var end = rest.startIndex
            while end < rest.endIndex, used + of(rest[end]) <= width {
                used += of(rest[end])
                end = rest.index(after: end)
            }
            if end == rest.startIndex { end = rest.index(after: end) }  // a character wider than the line
            if end < rest.endIndex, rest[end] != " ", let space = rest[..<end].lastIndex(of: " "),
                space > rest.startIndex
            {
                end = space
            }
            lines.append(String(rest[..<end]).trimmingTrailingSpaces())
            rest = rest[end...]
        }
        return lines.filter { !$0.isEmpty }
    }

    /// `text` cut or filled with blanks to `width` columns.
    public static func pad(_ text: String, _ width: Int) -> String {
        let w = DisplayWidth.of(text)
        return w >= width ? text : text + String(repeating: " ", count: width - w)
    }

    /// `text` cut to `width` columns, or filled with blanks on its left.
    public static func padLeft(_ text: String, _ width: Int) -> String {
        let w = DisplayWidth.of(text)
        return w >= width ? text : String(repeating: " ", count: width - w) + text
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
