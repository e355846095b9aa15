import Foundation
import Glibc

/// Runs the built `andon` binary as a user or script would, and collects what it printed.
public enum AndonProcess {
    public struct Outcome: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// The process' own wall-clock time, when run with `timed: true`.
        public var seconds: Double?
    }

    /// The `andon` executable next to the test bundle (`swift build` puts all products in one folder).
    public static var path: String {
        if let explicit = ProcessInfo.processInfo.environment["ANDON_BINARY"] { return explicit }
        return sibling("andon")
    }

    /// A product built beside the test bundle.
    public static func sibling(_ name: String) -> String {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = bundle.deletingLastPathComponent()
        // The test binary may sit inside an .xctest bundle directory.
        if directory.lastPathComponent.hasSuffix(".xctest") { directory.deleteLastPathComponent() }
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent(name).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        return ".build/debug/\(name)"
    }

    /// Runs andon with `arguments`, the given extra environment, no terminal, and a hard limit.
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], limit: Double = 60, timed: Bool = false
    ) async throws -> Outcome {
        var env = ProcessInfo.processInfo.environment
        env["HOME"] = "/nonexistent"  // no user config file leaks into a test
        env.removeValue(forKey: "ANDON_CONFIG")
        env.removeValue(forKey: "ANDON_PROMETHEUS_URL")
        env.removeValue(forKey: "XDG_CONFIG_HOME")
        env.removeValue(forKey: "NO_COLOR")  // `swift test` sets it; a test that wants it says so
        env.removeValue(forKey: "COLUMNS")
        for (key, value) in environment { env[key] = value }
        guard timed else {
            let (status, stdout, stderr) = try await CleanProcess.run(path, arguments, environment: env, limit: limit)
            return Outcome(status: status, stdout: stdout, stderr: stderr)
        }
        // bash's `time` keyword, its figure on the last line of standard error.
        let (status, stdout, stderr) = try await CleanProcess.run(
            try executable("bash"), ["-c", "TIMEFORMAT=%R; time \"$0\" \"$@\"", path] + arguments,
            environment: env, limit: limit)
        var lines = stderr.split(separator: "\n", omittingEmptySubsequences: false)
        while lines.last?.isEmpty == true { lines.removeLast() }
        let seconds = lines.last.flatMap { Double($0) }
        return Outcome(
            status: status, stdout: stdout, stderr: lines.dropLast().joined(separator: "\n"), seconds: seconds)
    }

    /// The time `andon check` takes where every request fails at once (nothing listens on port 9): its start,
    /// its work and its exit, on the machine under its load right now. Tests that bound how long `check` may
    /// wait add this to the timeout they grant, instead of a constant that a loaded machine or an instrumented
    /// build (the sanitizers) would miss.
    public static func baselineSeconds() async throws -> Double {
        let outcome = try await run(["check", "--timeout", "5", "--prometheus", "http://127.0.0.1:9"], timed: true)
        guard let seconds = outcome.seconds else { throw TestHarnessError("no time for the baseline check") }
        return seconds
    }

    /// The most a `check` with `--timeout timeout` may take: the timeout, plus three times the baseline, plus
    /// two seconds for the load changing between the two (the suite runs tests in parallel). A `check` that
    /// waited past its timeout takes the fault's whole delay (a hang: the test's limit of 30 s).
    public static func checkBound(timeout: Double) async throws -> Double {
        timeout + 3 * (try await baselineSeconds()) + 2
    }
}
