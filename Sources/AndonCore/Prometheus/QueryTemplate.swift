/// A query with variables (`$line`, `${line}`), as Grafana's dashboards write them, expanded so that no value can
/// change the query's structure: a value is escaped for the string it lands in (`"…"`, `'…'`), refused inside a
/// raw string (`` `…` ``) when it holds a backtick, and outside a string allowed only as a plain token (letters,
/// digits, `_`, `:`, `.`). A variable with several values (or all of them) becomes a regular expression of the
/// values, each escaped, for a `=~` matcher: `line=~"$line"`; in such a matcher one value is escaped the same way,
/// so that it matches itself only (a line named `[north]` or `a.*|b` selects that line, not others).
public enum QueryTemplate {
    /// A variable's value: one, several, or all (`.*`).
    public enum Value: Sendable, Equatable {
        case one(String)
        case several([String])
        case all
    }

    /// Why a query cannot be expanded.
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public var variable: String
        public var message: String
        public var description: String { "$\(variable): \(message)" }
    }

    /// The names of the variables `query` uses, in order of first use.
    public static func variables(in query: String) -> [String] {
        var names: [String] = []
        for piece in pieces(query) {
            if case .variable(let name, _) = piece, !names.contains(name) { names.append(name) }
        }
        return names
    }

    /// `query` with every variable replaced by its value; a variable without a value, or a value that would
    /// change the query where it lands, is a `Problem` naming it.
    public static func expand(_ query: String, _ values: [String: Value]) throws(Problem) -> String {
        guard query.utf8.contains(UInt8(ascii: "$")) else { return query }  // most queries have no variable
        var out = ""
        for piece in pieces(query) {
            switch piece {
            case .text(let text): out += text
            case .variable(let name, let context):
                guard let value = values[name] else {
                    throw Problem(variable: name, message: "no value: give one with --var \(name)=VALUE or variables:")
                }
                out += try insert(value, name: name, into: context)
            }
        }
        return out
    }

    /// Where in the query a variable stands; a string right after `=~` or `!~` is a regular expression.
    enum Context: Equatable {
        case outside
        case doubleQuoted(regex: Bool)
        case singleQuoted(regex: Bool)
        case backticks(regex: Bool)

        var regex: Bool {
            switch self {
            case .outside: false
            case .doubleQuoted(let regex), .singleQuoted(let regex), .backticks(let regex): regex
            }
        }

        var escapes: Bool {
            switch self {
            case .doubleQuoted, .singleQuoted: true
            case .outside, .backticks: false
            }
        }
    }

    enum Piece: Equatable {
        case text(String)
        case variable(String, Context)
    }

    /// Splits a query into text and variables, following PromQL's strings (`"…"` and `'…'` with backslash
    /// escapes, `` `…` `` raw) and comments (`#` to the end of the line, outside strings: no variable there).
    static func pieces(_ query: String) -> [Piece] {
        var pieces: [Piece] = []
        var text = ""
        var context = Context.outside
        var comment = false
        // The last two characters outside strings and spaces: `=~` or `!~` makes the next string a regex.
        var last: (Character?, Character?) = (nil, nil)
        var characters = Array(query)[...]
        while let character = characters.popFirst() {
            if comment {
                text.append(character)
                if character == "\n" { comment = false }
                continue
            }
            if character == "\\", context.escapes {
                text.append(character)
                if let escaped = characters.popFirst() { text.append(escaped) }
                continue
            }
            if character == "$", let name = variableName(&characters) {
                if !text.isEmpty { pieces.append(.text(text)) }
                text = ""
                pieces.append(.variable(name, context))
                continue
            }
            text.append(character)
            let regex = last.1 == "~" && (last.0 == "=" || last.0 == "!")
            switch (context, character) {
            case (.outside, "\""): context = .doubleQuoted(regex: regex)
            case (.outside, "'"): context = .singleQuoted(regex: regex)
            case (.outside, "`"): context = .backticks(regex: regex)
            case (.outside, "#"): comment = true
            case (.doubleQuoted, "\""), (.singleQuoted, "'"), (.backticks, "`"): context = .outside
            default: break
            }
            if context == .outside, !character.isWhitespace { last = (last.1, character) }
        }
        if !text.isEmpty { pieces.append(.text(text)) }
        return pieces
    }

    /// `name` or `{name}` after a `$`, consumed; nil (nothing consumed) when none follows.
    static func variableName(_ characters: inout ArraySlice<Character>) -> String? {
        func isNameCharacter(_ c: Character, first: Bool) -> Bool {
            c == "_" || (c.isASCII && c.isLetter) || (!first && c.isASCII && c.isNumber)
        }
        if characters.first == "{" {
            let body = characters.dropFirst().prefix { $0 != "}" }
            guard body.count < characters.count - 1, let first = body.first, isNameCharacter(first, first: true),
                body.allSatisfy({ isNameCharacter($0, first: false) })
            else { return nil }
            characters = characters.dropFirst(body.count + 2)
            return String(body)
        }
        guard let first = characters.first, isNameCharacter(first, first: true) else { return nil }
        let name = characters.prefix { isNameCharacter($0, first: false) }
        characters = characters.dropFirst(name.count)
        return String(name)
    }

    static func insert(_ value: Value, name: String, into context: Context) throws(Problem) -> String {
        let text: String
        switch value {
        case .one(let one): text = context.regex ? regexEscaped(one) : one
        case .several(let values): text = values.map(regexEscaped).joined(separator: "|")
        case .all: text = ".*"
        }
        switch context {
        case .doubleQuoted: return escaped(text, quote: "\"")
        case .singleQuoted: return escaped(text, quote: "'")
        case .backticks:
            guard !text.contains("`") else {
                throw Problem(variable: name, message: "a value with a backtick cannot stand in a `raw string`")
            }
            return text
        case .outside:
            guard case .one = value else {
                throw Problem(
                    variable: name,
                    message: "several values (or all) make a regular expression: use it in a matcher, =~\"$\(name)\"")
            }
            guard !text.isEmpty,
                text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == ".") })
            else {
                throw Problem(
                    variable: name,
                    message: "outside a string a value may hold only letters, digits, _ : and . (got \""
                        + TextSanitizer.inert(text, limit: 40) + "\"); put the variable in quotes in the query")
            }
            return text
        }
    }

    /// `text` as the inside of a PromQL string quoted by `quote`: backslash, the quote, control characters and
    /// characters that reorder or hide text escaped as Go's strconv.Unquote reads them.
    static func escaped(_ text: String, quote: Character) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\" + String(quote)
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                out += "\\x" + (hex.count < 2 ? "0" : "") + hex
            case _ where TextSanitizer.replaced(scalar):
                // Bidi controls, zero-width and C1 characters: the same character to Prometheus, and nothing that
                // reorders or hides text when the query is printed (`andon queries`, an error).
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A value as a literal inside a regular expression (RE2): its metacharacters escaped.
    static func regexEscaped(_ value: String) -> String {
        var out = ""
        for character in value {
            if "\\.+*?()|[]{}^$".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
