/// Literal text replacement without Foundation: the render path runs every second on a board that stays up for
/// weeks, and `replacingOccurrences` bridges each string to an `NSString` and back.
public enum Literal {
    /// `text` with every occurrence of `target` replaced by `replacement`, left to right and without overlaps,
    /// compared byte by byte in UTF-8, where a match begins and ends between characters: as `replacingOccurrences`
    /// without options, `e` is not replaced inside `e\u{301}`.
    public static func replacing(_ text: String, _ target: String, with replacement: String) -> String {
        let bytes = Array(text.utf8)
        let pattern = Array(target.utf8)
        guard !pattern.isEmpty, bytes.count >= pattern.count else { return text }
        var out: [UInt8] = []
        var index = 0
        var copied = 0
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern),
                whole(text, from: index, to: index + pattern.count)
            {
                if out.isEmpty { out.reserveCapacity(bytes.count) }
                out.append(contentsOf: bytes[copied..<index])
                out.append(contentsOf: replacement.utf8)
                index += pattern.count
                copied = index
            } else {
                index += 1
            }
        }
        guard copied > 0 else { return text }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the bytes `from..<to` of `text` begin and end on character boundaries.
    static func whole(_ text: String, from: Int, to: Int) -> Bool {
        let utf8 = text.utf8
        return [from, to].allSatisfy { utf8.index(utf8.startIndex, offsetBy: $0).samePosition(in: text) != nil }
    }

    /// `template` with each `{name}` it holds replaced by `values[name]`, in one pass: a value that itself holds
    /// a placeholder's text (a label of a monitored system) stays as it is. Braces around any other word are kept.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest.index(after: open)
            if let close = rest[after...].firstIndex(of: "}"), let value = values[String(rest[after..<close])] {
                out += value
                rest = rest[rest.index(after: close)...]
            } else {
                out += "{"
                rest = rest[after...]
            }
        }
        return out + rest
    }
}
