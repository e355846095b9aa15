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

    /// A line as `line` wrote it (either format), read back; nil for a line that is not one (a message of
    /// another program in the same file, a line cut short).
    public static func parse(_ text: Substring) -> LogEntry? {
        if text.first == "{" {
            guard case .object(let pairs)? = JSONValue.parse(Array(text.utf8)) else { return nil }
            var time: Double?
            var event: String?
            var fields: [LogEntry.Field] = []
            for (key, value) in pairs {
                guard case .string(let string) = value else { continue }
                switch key {
                case "time": time = RFC3339.parse(string)
                case "event": event = string
                default: fields.append(.init(key, string))
                }
            }
            guard let time, let event else { return nil }
            return LogEntry(time: time, event: event, fields: fields)
        }
        var rest = text[...]
        func word() -> Substring {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            defer { rest = rest[end...].drop { $0 == " " } }
            return rest[..<end]
        }
        guard let time = RFC3339.parse(String(word())) else { return nil }
        let event = word()
        guard !event.isEmpty, !event.contains("=") else { return nil }
        var fields: [LogEntry.Field] = []
        while !rest.isEmpty {
            guard let equals = rest.firstIndex(of: "=") else { return nil }
            let key = String(rest[..<equals])
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var closed = false
                while let c = rest.first {
                    rest = rest.dropFirst()
                    if c == "\\", let next = rest.first {
                        value.append(next)
                        rest = rest.dropFirst()
                    } else if c == "\"" {
                        closed = true
                        break
                    } else {
                        value.append(c)
                    }
                }
                guard closed else { return nil }
                rest = rest.drop { $0 == " " }
            } else {
                value = String(word())
            }
            fields.append(.init(key, value))
        }
        return LogEntry(time: time, event: String(event), fields: fields)
    }
}
