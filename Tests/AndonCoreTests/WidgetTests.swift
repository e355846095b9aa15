import AndonTestSupport
import Testing

@testable import AndonCore

@Suite("widgets", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct WidgetTests {
    static func points(_ pairs: [(Double, Double)]) -> [Point] { pairs.map { Point(timestamp: $0.0, value: $0.1) } }

    @Test func sparseSeriesHoldsEachPointUntilTheNext() {
        // Three points every 15 s across 9 columns: each value holds until the next, no holes.
        let line = Widgets.sparkline(Self.points([(0, 1), (15, 2), (30, 3)]), width: 9, unicode: true)
        #expect(line == "▁▁▁▁▅▅▅▅█")
    }

    @Test func aMissingStretchStaysBlank() {
        // Samples every 10 s, then nothing for 60 s: the hole is blank, not drawn as the last value.
        let series = Self.points([(0, 1), (10, 1), (20, 1), (80, 2), (90, 2), (100, 2)])
        let line = Widgets.sparkline(series, width: 11, unicode: true)
        #expect(line == "▁▁▁     ███")
    }

    @Test func noPointsIsBlankAndNaNIsAHole() {
        #expect(Widgets.sparkline([], width: 4, unicode: true) == "    ")
        let line = Widgets.sparkline(Self.points([(0, 1), (10, .nan), (20, 3)]), width: 3, unicode: false)
        #expect(line.count == 3 && line.dropFirst().first == " ")
    }
}

@Suite("line chart", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct LineChartTests {
    static let rising = (0..<8).map { Point(timestamp: Double($0) * 10, value: Double($0)) }

    @Test func brailleRisesFromBottomLeftToTopRight() {
        let rows = Widgets.lineChart(Self.rising, width: 4, height: 2, low: 0, high: 7, unicode: true, braille: true)
        #expect(rows.count == 2 && rows.allSatisfy { $0.count == 4 })
        // Eight points over eight dot columns and eight dot rows: one dot per column, climbing.
        #expect(rows[1].first != " " && rows[0].first == " ")
        #expect(rows[0].last != " " && rows[1].last == " ")
        #expect(rows.joined().unicodeScalars.allSatisfy { $0.value == 32 || (0x2800...0x28FF).contains($0.value) })
    }

    @Test func blocksAndASCIIFillTheArea() {
        let blocks = Widgets.lineChart(Self.rising, width: 8, height: 2, low: 0, high: 7, unicode: true, braille: false)
        #expect(blocks[1].last == "█" && blocks[0].last == "█")
        #expect(blocks[0].first == " ")
        let ascii = Widgets.lineChart(Self.rising, width: 8, height: 2, low: 0, high: 7, unicode: false, braille: false)
        #expect(ascii.joined().allSatisfy { $0.isASCII })
        #expect(ascii[0].last == "#")
    }
}

@Suite(
    "wrapping by display width",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct WrapTests {
    @Test func breaksAtSpacesAndCutsWhatIsLeftOver() {
        let reason = "not a Prometheus API answer: vector result is not a list"
        #expect(
            DisplayWidth.wrap(reason, to: 20, maxLines: 5) == [
                "not a Prometheus API", "answer: vector", "result is not a list",
            ])
        #expect(DisplayWidth.wrap(reason, to: 20, maxLines: 2) == ["not a Prometheus API", "answer: vector resu…"])
        #expect(DisplayWidth.wrap(reason, to: 80, maxLines: 3) == [reason])
    }

    @Test func longWordsAndWideCharactersNeverOverflow() {
        let text = String(repeating: "x", count: 25) + " 界界界界界 end"
        for width in 1...12 {
            for maxLines in 1...6 {
                let lines = DisplayWidth.wrap(text, to: width, maxLines: maxLines)
                #expect(lines.count <= maxLines)
                #expect(lines.allSatisfy { DisplayWidth.of($0) <= max(width, 2) }, "\(width): \(lines)")
            }
        }
        #expect(DisplayWidth.wrap(text, to: 10, maxLines: 9) == ["xxxxxxxxxx", "xxxxxxxxxx", "xxxxx", "界界界界界", "end"])
        #expect(DisplayWidth.wrap("", to: 10, maxLines: 3).isEmpty)
    }
}
