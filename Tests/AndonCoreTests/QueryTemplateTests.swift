import AndonCore
import AndonTestSupport
import Testing

/// Variables in queries: every value lands as data, never as PromQL.
@Suite(
    "query variables", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct QueryTemplateTests {
    @Test func bothSpellingsAndEveryStringKind() throws {
        let query = #"max(q{line="$line", zone='${zone}', raw=`$raw`}) offset $window"#
        let expanded = try QueryTemplate.expand(
            query, ["line": .one("3"), "zone": .one("north"), "raw": .one("a\\b"), "window": .one("5m")])
        #expect(expanded == #"max(q{line="3", zone='north', raw=`a\b`}) offset 5m"#)
        #expect(QueryTemplate.variables(in: query) == ["line", "zone", "raw", "window"])
    }

    /// A hostile value stays inside its string: the query's structure (everything outside the strings) is the
    /// same as with a harmless value.
    @Test(arguments: [
        #"""#, #"\"#, #"3"} or vector(1) or q{a=""#, "3\n} or vector(1)", "\u{0}\u{7}\u{1B}[2J", #"\""#, "'", "`",
    ])
    func aHostileValueStaysInItsString(value: String) throws {
        let query = #"sum(q{line="$line"}) / sum(r{zone='$line'})"#
        let expanded = try QueryTemplate.expand(query, ["line": .one(value)])
        #expect(Self.structure(expanded) == Self.structure(try QueryTemplate.expand(query, ["line": .one("x")])))
        #expect(!expanded.contains("\n"))
    }

    @Test func aHostileValueOutsideAStringIsRefused() {
        for value in ["5m) or vector(1", "1 or vector(1)", "", "a\"b"] {
            #expect(throws: QueryTemplate.Problem.self) {
                try QueryTemplate.expand("rate(q[1m]) offset $window", ["window": .one(value)])
            }
        }
        #expect(throws: QueryTemplate.Problem.self) { try QueryTemplate.expand("q{a=`$v`}", ["v": .one("x`y")]) }
    }

    @Test func severalValuesOrAllMakeARegularExpression() throws {
        #expect(
            try QueryTemplate.expand(#"q{line=~"$line"}"#, ["line": .several(["1", "2.5"])]) == #"q{line=~"1|2\\.5"}"#)
        #expect(try QueryTemplate.expand(#"q{line=~"$line"}"#, ["line": .all]) == #"q{line=~".*"}"#)
        #expect(throws: QueryTemplate.Problem.self) {
            try QueryTemplate.expand("q offset $w", ["w": .several(["1m", "2m"])])
        }
    }

    @Test func anUnknownVariableIsNamed() {
        #expect {
            try QueryTemplate.expand(#"q{line="$line"}"#, [:])
        } throws: { error in
            "\(error)".hasPrefix("$line: no value")
        }
    }

    @Test func whatIsNotAVariableIsLeftAlone() throws {
        let query = #"label_replace(q, "dst", "$1", "src", "(.*)") # $comment"#
        #expect(try QueryTemplate.expand(query, [:]) == query)
    }

    /// A query with its strings' contents taken out: what PromQL parses as structure.
    static func structure(_ query: String) -> String {
        var out = ""
        var quote: Character?
        var escaped = false
        for character in query {
            if let open = quote {
                if escaped {
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == open {
                    quote = nil
                    out.append(character)
                }
                continue
            }
            out.append(character)
            if character == "\"" || character == "'" { quote = character }
        }
        return out
    }
}
