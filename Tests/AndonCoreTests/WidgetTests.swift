import Testing

@testable import AndonCore

@Suite("widgets")
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
