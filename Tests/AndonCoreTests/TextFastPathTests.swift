import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// Measuring, sanitising and drawing text scalar by scalar where no scalar can join another (`DisplayWidth
/// .standsAlone`) gives what the careful path, character by character, gives: for the text the board draws and
/// for text made to fool it.
@Suite(
    "text fast paths", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct TextFastPathTests {
    static let texts: [String] = [
        "", "l1", "✓ 0.0%", "✗ 2,264", "⚠ 4.96s", "? NO DATA · connection refused", "↑↓ select · ⏎ open",
        "café", "e\u{301}", "✓\u{FE0F}", "⚠\u{FE0F} warn", "a\u{200D}b", "👩‍🔧 line", "🇩🇪", "東京 ライン", "한국",
        "\r\n", "tab\there", "bell\u{7}", "\u{1B}[31mred", "\u{202E}evil", "zero\u{200B}width", "⠁⠃⠇⡇⣿", "▁▂▃█",
        "─│┌┐└┘", "x\u{20DD}", "\u{85}next", "≥ 99.9 %", "µs", "\u{2028}", "ｆｕｌｌ", "𝔘𝔫𝔦",
    ]

    @Test(arguments: texts)
    func widthIsTheWidthOfItsCharacters(text: String) {
        #expect(DisplayWidth.of(text) == text.reduce(0) { $0 + DisplayWidth.of($1) })
    }

    @Test(arguments: texts)
    func inertTextIsReturnedAsItIsOnlyWhenNothingIsReplaced(text: String) {
        let slow = String(
            String.UnicodeScalarView(
                text.unicodeScalars.flatMap { scalar -> [Unicode.Scalar] in
                    switch scalar.value {
                    case 0x09, 0x0A, 0x0D: [" "]
                    case _ where TextSanitizer.replaced(scalar): Array(String(TextSanitizer.replacement).unicodeScalars)
                    default: [scalar]
                    }
                }))
        #expect(TextSanitizer.inert(text) == slow)
        #expect(TextSanitizer.inert("✓ " + text, limit: 3).unicodeScalars.count <= 4)
    }

    /// The grid a fast put draws is the grid the character-by-character put draws, cell for cell.
    @Test(arguments: texts)
    func putDrawsWhatTheCarefulPathDraws(text: String) {
        for limit in [nil, 3] as [Int?] {
            var fast = Grid(size: Size(width: 12, height: 1))
            let written = fast.put(text, x: 1, y: 0, role: .text, limit: limit)
            var careful = Grid(size: Size(width: 12, height: 1))
            let end = min(12, limit.map { 1 + $0 } ?? 12)
            var column = 1
            for character in TextSanitizer.inert(text, limit: 1000) {
                let width = DisplayWidth.of(character)
                if width == 0 { continue }
                if column + width > end { break }
                careful[column, 0] = Cell(character, .text)
                if width == 2 { careful[column + 1, 0] = Cell(" ", .text, continuation: true) }
                column += width
            }
            #expect(fast == careful, "\(text.debugDescription), limit \(String(describing: limit))")
            #expect(written == column - 1)
        }
    }

    /// Literal replacement without Foundation gives what Foundation's literal `replacingOccurrences` gives.
    @Test(arguments: texts + ["· · ·", "aaaa", "{name}{name}", "items items", " · Tab · Tab"])
    func literalReplacementIsFoundations(text: String) {
        for (target, replacement) in [
            ("·", "|"), (" ", ""), ("aa", "b"), ("{name}", "x"), (" items", ""), (" · Tab", " · A ack · Tab"),
            ("e", "\u{301}"), ("↑↓", "jk"), ("", "never"), ("longer than any of the texts above", "-"),
        ] {
            #expect(
                Literal.replacing(text, target, with: replacement)
                    == text.replacingOccurrences(of: target, with: replacement),
                "\(text.debugDescription): \(target.debugDescription)")
        }
    }

    /// A template is filled in one pass: a value that reads like a placeholder is shown as it is.
    @Test func aTemplateIsFilledInOnePass() {
        let values = ["name": "{value}", "value": "12 %", "names": "a, {name}"]
        #expect(Literal.fill("{name}: {value}", values) == "{value}: 12 %")
        #expect(Literal.fill("{names} ({value})", values) == "a, {name} (12 %)")
        #expect(Literal.fill("{other} {{name}} {name", values) == "{other} {{value}} {name")
        #expect(Literal.fill("", values) == "")
    }

    /// The block font drawn into the grid stroke by stroke is the font's rows.
    @Test func bigFiguresAreTheFontsRows() {
        for unicode in [true, false] {
            for text in ["0123456789", "99.95%", "12:34", "NO DATA", "-4,2+?", "", "1 x 1"] {
                var grid = Grid(size: Size(width: 60, height: BigText.height), unicode: unicode)
                let width = grid.putBig(text, x: 0, y: 0, role: .title)
                let rows = BigText.rows(text, unicode: unicode)
                #expect(width == BigText.width(text))
                for (y, row) in rows.enumerated() {
                    let drawn = String((0..<row.count).map { grid[$0, y].character })
                    #expect(drawn == row, "\(text) row \(y)")
                }
            }
        }
    }
}
