import Foundation
import Testing

/// The one golden-file helper: compares text with a file of `Tests/AndonCoreTests/Golden`. With
/// `ANDON_RECORD=1` it writes the file instead, and fails, so that a recording run never passes for a test run.
public enum Golden {
    /// The golden files' folder.
    public static let directory = Repository.file("Tests/AndonCoreTests/Golden")

    public static func compare(_ text: String, name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = directory.appendingPathComponent(name + ".txt")
        if ProcessInfo.processInfo.environment["ANDON_RECORD"] == "1" {
            try text.write(to: file, atomically: true, encoding: .utf8)
            Issue.record(
                "\(name) re-recorded: review the diff, then run the tests again", sourceLocation: sourceLocation)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(
            text == expected, "\(name) differs from its golden file; ANDON_RECORD=1 re-records it",
            sourceLocation: sourceLocation)
    }
}
