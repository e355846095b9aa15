/// Checks a Prometheus base URL: http or https, a host, no credentials in it, no query or fragment.
public enum URLCheck {
    public struct Problem: Error, Equatable {
        public var message: String
    }

    public static func validate(_ raw: String) -> Result<String, Problem> {
        // Standard library only (no Foundation string APIs): this runs at every cold start.
        let blank: (Character) -> Bool = {
            $0 == " " || $0 == "\t"
                || (!$0.isASCII && $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .spaceSeparator })
        }
        let start = raw.firstIndex { !blank($0) } ?? raw.endIndex
        let end = raw[start...].lastIndex { !blank($0) }.map { raw.index(after: $0) } ?? start
        var url = String(raw[start..<end])
        let lower = url.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
            return .failure(
                Problem(message: "expected an http:// or https:// URL, got \"\(TextSanitizer.inert(raw, limit: 80))\""))
        }
        let afterScheme = url.dropFirst(lower.hasPrefix("https://") ? 8 : 7)
        let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if authority.contains("@") {
            // Never echo the credentials back.
            return .failure(
                Problem(
                    message: "credentials in the URL are not allowed (they would show in logs);"
                        + " use basic_auth with password_file or password_env"))
        }
        if authority.isEmpty { return .failure(Problem(message: "the URL has no host")) }
        if afterScheme.contains("?") || afterScheme.contains("#") {
            return .failure(Problem(message: "the URL must not have a query or fragment"))
        }
        if url.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 } ?? false }) {
            return .failure(Problem(message: "the URL contains spaces or control characters"))
        }
        while url.hasSuffix("/") { url.removeLast() }
        return .success(url)
    }
}
