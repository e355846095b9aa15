import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The hand-written JSON reader against Foundation's parser and the standard library's number parser, over
/// random documents, random mutations of them and random numbers.
@Suite(
    "JSON reader",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct JSONReaderTests {
    typealias Generator = FreshnessTests.Generator

    static func read(_ text: String) -> JSONValue? {
        Array(text.utf8).withUnsafeBufferPointer { buffer in
            var reader = JSONReader(buffer)
            guard let value = try? reader.readValue(), (try? reader.expectEnd()) != nil else { return nil }
            return value
        }
    }

    static func foundation(_ text: String) -> Any? {
        try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
    }

    /// A random value: nested containers, strings with escapes and non-ASCII, numbers of every form.
    static func randomValue(_ random: inout Generator, depth: Int = 0) -> JSONValue {
        switch random.below(depth > 3 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.below(2) == 0)
        case 2:
            let forms: [Double] = [
                0, -0.0, 1, -1, 1e-7, 123_456.789, 1.7976931348623157e308, Double.leastNonzeroMagnitude, 0.1,
                1_732_860_000.123,
                Double(random.next() >> 11) / 1e6, -Double(random.below(1_000_000)),
            ]
            return .number(forms[random.below(forms.count)])
        case 3:
            let pieces = ["a", "queue", "\"", "\\", "/", "\n", "\t", "\u{01}", "é", "界", "😀", "\u{202E}", " "]
            return .string((0..<random.below(6)).map { _ in pieces[random.below(pieces.count)] }.joined())
        case 4:
            return .array((0..<random.below(5)).map { _ in randomValue(&random, depth: depth + 1) })
        default:
            return .object(
                (0..<random.below(5)).map { index in
                    ("k\(index)", randomValue(&random, depth: depth + 1))
                })
        }
    }

    /// What it writes, it reads back: the same value, for 2,000 random documents.
    @Test func readsBackWhatIsWritten() {
        var random = Generator(state: 0x5EED)
        for _ in 0..<2000 {
            let value = Self.randomValue(&random)
            let text = value.serialized()
            #expect(Self.read(text) == value, "\(text)")
            #expect(Self.read(" \n\t" + text + " \r\n") == value, "whitespace around \(text)")
        }
    }

    /// Mutated documents (bytes deleted, duplicated, replaced by JSON's own punctuation): accepted exactly when
    /// Foundation's parser accepts them (but for its one leniency, a trailing comma).
    @Test func acceptsExactlyWhatFoundationAccepts() {
        var random = Generator(state: 42)
        let punctuation = Array("{}[]:,\"\\0123456789.eE+-tfnul \t".utf8)
        var accepted = 0
        for _ in 0..<3000 {
            var bytes = Array(Self.randomValue(&random).serialized().utf8)
            for _ in 0..<(1 + random.below(2)) where !bytes.isEmpty {
                let at = random.below(bytes.count)
                switch random.below(3) {
                case 0: bytes.remove(at: at)
                case 1: bytes.insert(bytes[at], at: at)
                default: bytes[at] = punctuation[random.below(punctuation.count)]
                }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            let ours = Self.read(text) != nil
            // Foundation's parser also takes a trailing comma ("[1,]"), which JSON forbids and this reader refuses.
            let trailingComma = text.range(of: #",\s*[\]}]"#, options: .regularExpression) != nil
            let theirs = Self.foundation(text) != nil && !trailingComma
            if ours { accepted += 1 }
            #expect(ours == theirs, "\(text): ours \(ours), Foundation \(theirs)")
        }
        #expect(accepted > 100, "the mutations left too few valid documents to compare: \(accepted)")
    }

    @Test func refusesWhatJSONForbids() {
        for text in [
            "", " ", "{", "}", "[1,]", "{\"a\":1,}", "01", "1.", ".5", "+1", "1e", "1e+", "-", "tru", "nul",
            "\"\u{01}\"", "\"\\x\"", "\"\\u12\"", "[1 2]", "{\"a\" 1}", "{1:2}", "\"open", "1 2", "NaN", "Infinity",
        ] {
            #expect(Self.read(text) == nil, "\(text) was accepted")
        }
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(Self.read(deep) == nil, "100,000 levels of nesting")
        #expect(Self.read(String(repeating: "[", count: 200) + String(repeating: "]", count: 200)) != nil)
    }

    @Test func undoesEscapes() {
        #expect(Self.read(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        #expect(Self.read(#""\u00e9\u754c\ud83d\ude00""#) == .string("é界😀"))
        #expect(Self.read(#""\ud83d x""#) == .string("\u{FFFD} x"), "a lone surrogate")
    }

    /// Numbers: the same double as the standard library's parser, for 20,000 random decimal texts (short and
    /// long mantissas, leading zeros, exponents near the fast path's limits) and random doubles written out.
    @Test func numbersMatchTheStandardLibrary() {
        var random = Generator(state: 7)
        for _ in 0..<20_000 {
            var text = random.below(2) == 0 ? "" : "-"
            text += String(repeating: "0", count: random.below(3))
            text += String((0..<(1 + random.below(22))).map { _ in Character(String(random.below(10))) })
            if random.below(2) == 0 {
                text += "." + String((0..<(1 + random.below(20))).map { _ in Character(String(random.below(10))) })
            }
            if random.below(2) == 0 { text += "e" + String(random.below(60) - 30) }
            let expected = Double(text)
            let parsed = Array(text.utf8).withUnsafeBufferPointer { JSONNumber.parse($0) }
            #expect(parsed?.bitPattern == expected?.bitPattern, "\(text): \(String(describing: parsed))")
        }
        // 16 and 17 digits around 2^53, where the fast path ends, with the point anywhere.
        for _ in 0..<20_000 {
            let mantissa = (1 << 53) - 5_000_000 + UInt64(random.below(10_000_000))
            let digits = String(mantissa)
            let point = random.below(digits.count + 1)
            var text = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
            if text.hasPrefix(".") { text = "0" + text }
            if random.below(3) == 0 { text += "e" + String(random.below(40) - 20) }
            let parsed = Array(text.utf8).withUnsafeBufferPointer { JSONNumber.parse($0) }
            #expect(parsed?.bitPattern == Double(text)?.bitPattern, "\(text)")
        }
        for _ in 0..<20_000 {
            let value = Double(bitPattern: random.next())
            guard value.isFinite else { continue }
            let text = "\(value)"
            let parsed = Array(text.utf8).withUnsafeBufferPointer { JSONNumber.parse($0) }
            #expect(parsed?.bitPattern == value.bitPattern, "\(text)")
        }
    }
}
