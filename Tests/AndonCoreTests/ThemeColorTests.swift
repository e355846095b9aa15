import AndonCore
import AndonTestSupport
import Testing

@Suite(.enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct ThemeColorTests {
    @Test func mapsDownToWhatTheTerminalHas() {
        #expect(ThemeColor.rgb(255, 0, 0).mapped(to: 256) == 196)
        #expect(ThemeColor.rgb(255, 0, 0).mapped(to: 16) == 9)
        #expect(ThemeColor.rgb(255, 0, 0).mapped(to: 8) == 1)
        #expect(ThemeColor.indexed(196).mapped(to: 16) == 9)
        #expect(ThemeColor.indexed(21).mapped(to: 256) == 21)
        #expect(ThemeColor.basic(9).mapped(to: 8) == 1)
        #expect(ThemeColor.basic(9).mapped(to: 16) == 9)
    }
}
