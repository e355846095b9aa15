/// A label matcher as PromQL and Alertmanager write them, `principle="kanban"`, `line=~"1|2"`, `severity!="info"`,
/// judged on the board's side against an alert's labels: which alerts a board shows (a profile's `alerts:`), and
/// which principle each belongs to. The value is a PromQL string (`"…"` or `'…'`, with Go's escapes, as
/// `QueryTemplate` writes a variable's value into it); a regular expression matches the whole value, as in PromQL.
public struct LabelMatcher: Sendable, Equatable, CustomStringConvertible {
    public enum Operation: String, Sendable {
        case equal = "="
        case notEqual = "!="
        case matches = "=~"
        case notMatches = "!~"
    }

    public var label: String
    public var operation: Operation
    public var value: String
    /// The compiled expression of `=~` and `!~`, anchored at both ends.
    let expression: Expression?

    /// Parses one matcher; the reason when it is not one.
    public init(parsing text: String) throws(Problem) {
        var rest = Substring(text.trimmingBlanks())
        let name = rest.prefix { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard let first = name.first, !first.isNumber else {
            throw Problem("expected a label name, as in principle=\"kanban\"")
        }
        rest = rest.dropFirst(name.count).drop { $0 == " " }
        let operations: [Operation] = [.matches, .notMatches, .notEqual, .equal]
        guard let operation = operations.first(where: { rest.hasPrefix($0.rawValue) }) else {
            throw Problem("expected =, !=, =~ or !~ after \(name)")
        }
        rest = rest.dropFirst(operation.rawValue.count).drop { $0 == " " }
        try self.init(label: String(name), operation: operation, value: try Self.unquote(rest))
    }

    /// A matcher of its parts (a regular expression is compiled, anchored); the reason when the expression is not
    /// one.
    public init(label: String, operation: Operation, value: String) throws(Problem) {
        self.label = label
        self.operation = operation
        self.value = value
        if operation == .matches || operation == .notMatches {
            do {
                expression = Expression(try Regex("^(?:" + value + ")$"))
            } catch {
                throw Problem("not a regular expression: \(TextSanitizer.inert(value, limit: 60))")
            }
        } else {
            expression = nil
        }
    }

    /// Whether `labels` satisfy the matcher; a missing label is the empty value, as in PromQL.
    public func matches(_ labels: Labels) -> Bool {
        let actual = labels[label] ?? ""
        switch operation {
        case .equal: return actual == value
        case .notEqual: return actual != value
        case .matches: return expression?.wholeMatch(actual) ?? false
        case .notMatches: return !(expression?.wholeMatch(actual) ?? false)
        }
    }

    public var description: String { "\(label)\(operation.rawValue)\"\(QueryTemplate.escaped(value, quote: "\""))\"" }

    public static func == (a: LabelMatcher, b: LabelMatcher) -> Bool {
        a.label == b.label && a.operation == b.operation && a.value == b.value
    }

    /// Why a matcher does not parse.
    public struct Problem: Error, Sendable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    /// A compiled regular expression (Swift's `Regex`, which is not `Sendable`; it is only read).
    struct Expression: @unchecked Sendable {
        let regex: Regex<AnyRegexOutput>
        init(_ regex: Regex<AnyRegexOutput>) { self.regex = regex }
        func wholeMatch(_ text: String) -> Bool { (try? regex.wholeMatch(in: text)) != nil }
    }

    /// The text of a PromQL string literal, its escapes read (`\\`, `\"`, `\'`, `\n`, `\t`, `\r`, `\xHH`).
    static func unquote(_ literal: Substring) throws(Problem) -> String {
        guard let quote = literal.first, quote == "\"" || quote == "'", literal.count >= 2, literal.last == quote
        else {
            throw Problem("expected the value in quotes, as in principle=\"kanban\"")
        }
        var out = ""
        var characters = literal.dropFirst().dropLast()[...]
        while let character = characters.popFirst() {
            guard character == "\\" else {
                if character == quote { throw Problem("an unescaped \(quote) inside the value") }
                out.append(character)
                continue
            }
            guard let escaped = characters.popFirst() else { throw Problem("the value ends in a lone backslash") }
            switch escaped {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "x":
                let hex = String(characters.prefix(2))
                guard hex.count == 2, let value = UInt8(hex, radix: 16) else { throw Problem("a bad \\x escape") }
                out.unicodeScalars.append(Unicode.Scalar(value))
                characters = characters.dropFirst(2)
            default: out.append(escaped)
            }
        }
        return out
    }
}
