import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// The asciicast encoder (issue 21): a header, then only the rows that changed, each event valid JSON.
@Suite(
    "asciicast",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct AsciicastTests {
    @Test func onlyTheRowsThatChangedAreWritten() throws {
        var cast = Asciicast(size: Size(width: 20, height: 3), theme: .standard, start: 1000)
        let header = try #require(
            try JSONSerialization.jsonObject(with: Data(cast.header(title: "Line\u{1b}[2J 3").utf8)) as? [String: Any])
        #expect(header["version"] as? Int == 2 && header["width"] as? Int == 20 && header["height"] as? Int == 3)
        #expect((header["title"] as? String)?.contains("\u{1b}") == false, "outside text is inert")
        var grid = Grid(size: Size(width: 20, height: 3), unicode: true)
        grid.put("top", x: 0, y: 0, role: .text)
        grid.put("bottom", x: 0, y: 2, role: .crit)
        let firstFrame = cast.frame(grid, at: 1000.5)
        let first = try #require(firstFrame)
        let event = try #require(try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [Any])
        #expect(event[0] as? Double == 0.5 && event[1] as? String == "o")
        let output = try #require(event[2] as? String)
        #expect(output.hasPrefix("\u{1b}[?25l\u{1b}[0m\u{1b}[H\u{1b}[2J") && output.contains("\u{1b}[3;1H"))
        let unchanged = cast.frame(grid, at: 1001)
        #expect(unchanged == nil, "nothing changed")
        grid.put("BOTTOM", x: 0, y: 2, role: .crit)
        let secondFrame = cast.frame(grid, at: 1002)
        let second = try #require(secondFrame)
        #expect(second.contains("\\u001b[3;1H") && !second.contains("\\u001b[1;1H") && second.contains("BOTTOM"))
    }
}
