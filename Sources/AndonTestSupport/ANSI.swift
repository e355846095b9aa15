/// Reading terminal output in tests.
public enum ANSI {
    /// Whether `text` contains an SGR sequence that sets a colour (30–37, 39–47, 49, 90–97, 100–107, 38;…, 48;…),
    /// as opposed to attributes only (bold, dim, underline, reverse, reset).
    public static func hasColour(_ text: String) -> Bool {
        for match in text.matches(of: /\x1B\[([0-9;]*)m/) {
            let parameters = match.1.split(separator: ";").compactMap { Int($0) }
            if parameters.contains(where: { (30...49).contains($0) || (90...107).contains($0) }) {
                // 39 and 49 are "default colour": only a colour when other colours are set nearby; count them
                // only together with a real colour.
                if parameters.contains(where: {
                    $0 != 39 && $0 != 49 && ((30...48).contains($0) || (90...107).contains($0))
                }) {
                    return true
                }
            }
        }
        return false
    }
}
