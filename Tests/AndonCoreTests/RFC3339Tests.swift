import AndonCore
import AndonTestSupport
import Testing

@Suite(.enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct RFC3339Tests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", 0.0),
        ("2026-11-29T01:33:13.976624067Z", 1_795_915_993.976624067),
        ("2018-07-04T20:27:12.60602144+02:00", 1_530_728_832.60602144),
        ("2000-02-29T23:59:59-05:30", 951_888_599.0),
    ])
    func parses(text: String, seconds: Double) throws {
        let parsed = try #require(RFC3339.parse(text))
        #expect(abs(parsed - seconds) < 1e-6)
    }

    @Test(arguments: [
        "", "2026-13-01T00:00:00Z", "2026-11-29 01:33:13", "2026-11-29T01:33:13", "yesterday",
        "2026-11-29T01:33:13.Z", "2026-11-29T01:33:13Zjunk",
    ])
    func rejects(text: String) {
        #expect(RFC3339.parse(text) == nil)
    }

    @Test func formatsUTC() {
        #expect(RFC3339.format(0) == "1970-01-01T00:00:00Z")
        #expect(RFC3339.format(1_795_915_993.9) == "2026-11-29T01:33:13Z")
        #expect(RFC3339.parse(RFC3339.format(1_000_000_000)) == 1_000_000_000)
    }
}
