/// Makes text from Prometheus (label values, annotations, error messages) inert before it reaches a terminal,
/// a log or `check`'s text: no control sequences, no cursor movement, no bidi overrides, no zero-width tricks.
public enum TextSanitizer {
    /// The replacement for anything that could act on a terminal.
    public static let replacement: Character = "\u{FFFD}"

    /// Returns `text` with every control, format and bidi character replaced, newlines and tabs folded to a
    /// space, and cut to `limit` characters (with `…`).
    /// Whether every byte of `text` is printable ASCII: a plain loop over the bytes, the common case of every cell
    /// the board draws.
    static func isPrintableASCII(_ text: String) -> Bool {
        for byte in text.utf8 where byte < 0x20 || byte >= 0x7F { return false }
        return true
    }

    public static func inert(_ text: String, limit: Int = 4096) -> String {
        // Printable ASCII within the limit, most text by far, is already inert: returned as it is, without
        // building a copy scalar by scalar.
        if text.utf8.count <= limit, isPrintableASCII(text) { return text }
        // So is other text with nothing to replace within the limit (a status symbol, an arrow, an accent): looked
        // at, not copied.
        var scalars = 0
        if text.unicodeScalars.allSatisfy({ scalar in
            scalars += 1
            return scalars <= limit && !replaced(scalar)
        }) {
            return text
        }
        var out = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count >= limit {
                out.append("…")
                break
            }
            switch scalar.value {
            case 0x09, 0x0A, 0x0D:
                out.append(" ")
            case 0x00...0x1F, 0x7F...0x9F:
                out.append(contentsOf: String(replacement).unicodeScalars)
            case 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB:
                // zero-width spaces and joiners, bidi embeddings/overrides/isolates, BOM, interlinear annotations
                out.append(contentsOf: String(replacement).unicodeScalars)
            default:
                out.append(scalar)
            }
            count += 1
        }
        return String(out)
    }

    /// Whether `inert` replaces `scalar` (by a space or the replacement character).
    static func replaced(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2069, 0xFEFF, 0xFFF9...0xFFFB:
            true
        default: false
        }
    }
}
