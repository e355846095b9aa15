/// Secrets taken out of text that comes from outside (an error page, a proxy's message, curl's words) before it is
/// shown or written anywhere: a server or proxy that echoes the request's credentials must not put them on a wall
/// display, in `check`'s output or in the event log.
public enum Redaction {
    /// What stands in for a secret.
    public static let mark = "[redacted]"

    /// `text` with every occurrence of every secret replaced by `mark` (the longest secrets first, so that a
    /// secret that contains another is taken out whole).
    public static func apply(_ text: String, secrets: [String]) -> String {
        var out = text
        for secret in secrets.filter({ !$0.isEmpty }).sorted(by: { $0.count > $1.count })
        where out.contains(secret) {
            out = Literal.replacing(out, secret, with: mark)
        }
        return out
    }

    /// The same for bytes (an answer's body): unchanged when no secret is in it.
    public static func apply(_ bytes: [UInt8], secrets: [String]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        let redacted = apply(text, secrets: secrets)
        return redacted == text ? bytes : Array(redacted.utf8)
    }
}
