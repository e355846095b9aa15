import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// A schedule read from a calendar's URL, as calendars publish one: served by a real HTTP server (Python's
/// `http.server`) from a folder; the address given in the configuration or kept in the environment; a server
/// that answers 404, and one that is gone, are said with their reasons (69), never an empty schedule.
@Suite(
    "on call from a calendar's URL",
    .enabled(if: Sanitizers.normalPassOnly, "the command line over a real HTTP server; the parser is unit-tested"))
struct OnCallIntegrationTests {
    /// `python3 -m http.server` on a port the kernel chooses, serving `folder`; it names the port on its first line.
    static func serve(_ folder: URL) async throws -> (process: CleanProcess, url: String) {
        let log = folder.appendingPathComponent("server.log").path
        let process = try CleanProcess(
            try executable("python3"),
            ["-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", folder.path],
            stdout: log, stderr: log)
        do {
            let port = try await Wait.until("the HTTP server to start", timeout: 20, every: .milliseconds(50)) {
                () -> Wait.Probe<String> in
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if process.poll() != nil { throw TestHarnessError("the HTTP server exited: \(text)") }
                if let match = text.firstMatch(of: /port (\d+)/) { return .done(String(match.output.1)) }
                return .notYet(text)
            }
            return (process, "http://127.0.0.1:\(port)")
        } catch {
            process.terminate(grace: 2)
            throw error
        }
    }

    /// Two people a week each in turn, Monday 08:00 in Berlin, from Monday 2 March 2026.
    static let alternating = """
        BEGIN:VCALENDAR\r
        VERSION:2.0\r
        BEGIN:VEVENT\r
        UID:1\r
        DTSTART;TZID=Europe/Berlin:20260302T080000\r
        DTEND;TZID=Europe/Berlin:20260309T080000\r
        RRULE:FREQ=WEEKLY;INTERVAL=2\r
        SUMMARY:ana\r
        END:VEVENT\r
        BEGIN:VEVENT\r
        UID:2\r
        DTSTART;TZID=Europe/Berlin:20260309T080000\r
        DTEND;TZID=Europe/Berlin:20260316T080000\r
        RRULE:FREQ=WEEKLY;INTERVAL=2\r
        SUMMARY:bo\r
        END:VEVENT\r
        END:VCALENDAR\r

        """

    @Test func aScheduleFromACalendarsAddress() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("andon-ics-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.alternating.write(
            to: folder.appendingPathComponent("oncall.ics"), atomically: true, encoding: .utf8)
        let (server, url) = try await Self.serve(folder)
        defer { server.terminate(grace: 2) }
        func config(_ oncall: String) throws -> String {
            let file = folder.appendingPathComponent("andon-\(UUID()).yaml")
            try "oncall: \(oncall)\n".write(to: file, atomically: true, encoding: .utf8)
            return file.path
        }
        func ask(_ config: String, environment: [String: String] = [:]) async throws -> AndonProcess.Outcome {
            try await AndonProcess.run(
                ["oncall", "--at", "2026-12-07T12:00:00Z", "--json", "--config", config], environment: environment)
        }
        // Monday 7 December 2026 is ana's, from 08:00 in Berlin (07:00Z); bo's turn starts a week later.
        for (config, environment) in [
            (try config("{calendar_url: \"\(url)/oncall.ics\"}"), [:]),
            (try config("{calendar_url_env: ANDON_TEST_ICS}"), ["ANDON_TEST_ICS": "\(url)/oncall.ics"]),
        ] {
            let answer = try await ask(config, environment: environment)
            #expect(answer.status == 0, "\(answer.stderr)")
            let root = try #require(try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])
            let now = try #require(root["now"] as? [String: Any], "\(answer.stdout)")
            let next = try #require(root["next"] as? [String: Any], "\(answer.stdout)")
            #expect(now["person"] as? String == "ana" && now["start"] as? String == "2026-12-07T07:00:00Z")
            #expect(next["person"] as? String == "bo" && next["start"] as? String == "2026-12-14T07:00:00Z")
        }
        // The secret address is not said when it fails; a 404 is said with its status.
        let missing = try await ask(
            try config("{calendar_url_env: ANDON_TEST_ICS}"), environment: ["ANDON_TEST_ICS": "\(url)/gone.ics"])
        #expect(missing.status == 69 && missing.stderr.contains("HTTP 404"), "\(missing.stderr)")
        #expect(missing.stderr.contains("the calendar in $ANDON_TEST_ICS") && !missing.stderr.contains("gone.ics"))
        // The server gone: the reason, and no one shown as on call.
        server.terminate(grace: 2)
        let down = try await ask(try config("{calendar_url: \"\(url)/oncall.ics\"}"))
        #expect(down.status == 69 && down.stdout.isEmpty, "\(down.stdout) \(down.stderr)")
        #expect(down.stderr.contains("oncall.ics"), "\(down.stderr)")
    }
}
