/// The log's lines (`log:`): one per event, an RFC 3339 time first. Text (`key=value`, for `grep` and
/// `journalctl`) or JSON (one object a line, for log shippers), with the same fields in the same order. Every value
/// comes out inert: control, bidi and zero-width characters replaced (`TextSanitizer`), so that a hostile label
/// value can neither forge a line nor act on the terminal that shows the log.
public enum EventLogFormat {
    /// The line for `event`, without its newline.
    public static func line(_ event: LogEntry, format: LogFormat) -> String {
        let time = RFC3339.format(event.time.rounded(.down))
        switch format {
        case .text:
            var line = time + " " + event.event
            for field in event.fields {
                line += " " + field.key + "=" + quoted(TextSanitizer.inert(field.value, limit: 512))
            }
            return line
        case .json:
            let pairs: [(String, JSONValue)] =
                [("time", .string(time)), ("event", .string(event.event))]
                + event.fields.map { ($0.key, .string(TextSanitizer.inert($0.value, limit: 512))) }
            return JSONValue.object(pairs).serialized()
        }
    }

    /// A value as it is when it reads unambiguously (no space, quote, `=` or backslash), else in double quotes
    /// with `"` and `\` escaped: a value can never look like another field.
    static func quoted(_ value: String) -> String {
        let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\\" }
        if plain { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            + "\""
    }
}
