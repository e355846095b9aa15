import AndonTestSupport
import Foundation
import Testing

/// Every input kept in `Tests/Fuzz` (the seed corpora and anything `scripts/fuzz` ever found) goes through the
/// decoder, the configuration parser and the theme parser again, without a crash.
@Suite(
    "fuzz regressions",
    .enabled(
        if: Sanitizers.cover(.address), "replays fuzz findings through the decoders and libyaml: no thread of ours"))
struct FuzzRegressionTests {
    @Test func everyKeptInputStillParsesOrFailsCleanly() async throws {
        let folders = ["corpus/decoder", "corpus/config", "corpus/theme", "findings"].map {
            Repository.file("Tests/Fuzz/\($0)").path
        }
        let outcome = try await CleanProcess.run(AndonProcess.sibling("andon-fuzz"), folders, limit: 120)
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("without a crash"))
        let count = Int(outcome.stdout.split(separator: " ").dropFirst(2).first ?? "") ?? 0
        #expect(count >= 19, "\(outcome.stdout)")
    }
}
