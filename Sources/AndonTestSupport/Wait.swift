import AndonCore
import Foundation
import Glibc

/// How patient the tests are, from one place. A timeout in a test stops a hang; it never judges speed. So every
/// timeout is scaled here: four times as long under a sanitizer (`scripts/sanitize` sets ANDON_SANITIZER; an
/// instrumented build runs several times slower), times `ANDON_TEST_PATIENCE` when set (a slow machine), and spent
/// more slowly while the machine is loaded (`Deadline`).
public enum Patience {
    /// Whether the tests run under a sanitizer (`scripts/sanitize` sets ANDON_SANITIZER).
    public static var sanitized: Bool { sanitizer != nil }

    /// The sanitizer the tests run under, if any: "address" or "thread".
    public static var sanitizer: String? {
        let kind = ProcessInfo.processInfo.environment["ANDON_SANITIZER"] ?? ""
        return kind.isEmpty ? nil : kind
    }

    /// Whether this is `scripts/test --quick` (ANDON_TEST_QUICK=1), which leaves out what needs a release build.
    public static var quick: Bool { ProcessInfo.processInfo.environment["ANDON_TEST_QUICK"] == "1" }

    /// The fixed part of the scale: 4 under a sanitizer, times ANDON_TEST_PATIENCE (a number, 1 unless set).
    public static var factor: Double {
        let asked = ProcessInfo.processInfo.environment["ANDON_TEST_PATIENCE"].flatMap(Double.init) ?? 1
        return (sanitized ? 4 : 1) * max(1, asked)
    }

    /// `seconds` scaled by `factor`: for a limit handed to a program (a `--timeout`, curl's `--max-time`) or to a
    /// wait that is not a loop of ours.
    public static func seconds(_ seconds: Double) -> Double { factor * seconds }

    /// How loaded the machine is now: the last minute's load average over the cores, from 1 (idle or just busy)
    /// to 4. Read at most twice a second.
    public static var load: Double {
        loadCache.withLock { cache in
            let now = Date()
            if let (value, at) = cache, now.timeIntervalSince(at) < 0.5 { return value }
            let value = readLoad()
            cache = (value, now)
            return value
        }
    }

    private static let loadCache = Locked<(Double, Date)?>(nil)

    private static func readLoad() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
            let first = text.split(separator: " ").first, let average = Double(first)
        else { return 1 }
        let cores = Double(max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        return min(4, max(1, average / cores))
    }
}

/// The bound on one wait: `seconds` of patience (scaled by `Patience.factor`), spent at the pace the machine
/// allows. While the load average is above the number of cores, a second of wall time spends only a share of a
/// second (at the least a quarter), so a wait on a loaded machine lasts longer, and at most four times as long.
public struct Deadline: Sendable {
    /// The patience granted, in seconds, after scaling.
    public let seconds: Double
    private var spent: Double = 0
    private var last: Date

    public init(seconds: Double) {
        self.seconds = Patience.seconds(seconds)
        last = Date()
    }

    /// Whether the patience is spent (counting the time since the last call at the machine's current load).
    public mutating func passed() -> Bool {
        let now = Date()
        spent += now.timeIntervalSince(last) / Patience.load
        last = now
        return spent >= seconds
    }
}

/// The one way a test waits: for a condition to hold (a port answers, a sample is stored, a screen shows a text, a
/// process has exited), asking `probe` every `every` until it gives a value, within `timeout` seconds of patience
/// (`Deadline`: scaled under a sanitizer, stretched on a loaded machine). Throws, naming `what` and the last thing
/// `probe` reported, when the patience is spent: that is a hang, never a judgement of speed.
public enum Wait {
    /// What a probe says: the value waited for, or what it saw instead (kept for the error).
    public enum Probe<T> {
        case done(T)
        case notYet(String)
    }

    /// Waits until `probe` is `.done`, and returns its value.
    public static func until<T>(
        _ what: @autoclosure () -> String, timeout: Double = 30, every: Duration = .milliseconds(100),
        _ probe: () async throws -> Probe<T>
    ) async throws -> T {
        var deadline = Deadline(seconds: timeout)
        var seen = ""
        while true {
            switch try await probe() {
            case .done(let value): return value
            case .notYet(let saw): seen = saw
            }
            if deadline.passed() {
                throw TestHarnessError(
                    "\(what()): not within \(Int(deadline.seconds)) s of patience"
                        + (seen.isEmpty ? "" : "; last: \(seen)"))
            }
            try await Task.sleep(for: every)
        }
    }

    /// Waits until `condition` holds.
    public static func until(
        _ what: @autoclosure () -> String, timeout: Double = 30, every: Duration = .milliseconds(100),
        _ condition: () async throws -> Bool
    ) async throws {
        try await until(what(), timeout: timeout, every: every) { () -> Probe<Void> in
            try await condition() ? .done(()) : .notYet("")
        }
    }

    /// Waits until `probe` gives a value, and returns it.
    public static func value<T>(
        _ what: @autoclosure () -> String, timeout: Double = 30, every: Duration = .milliseconds(100),
        _ probe: () async throws -> T?
    ) async throws -> T {
        try await until(what(), timeout: timeout, every: every) { () -> Probe<T> in
            try await probe().map { .done($0) } ?? .notYet("")
        }
    }

    /// Whether `condition` holds within `timeout` (false when the patience is spent), for a test that asserts it.
    public static func holds(
        timeout: Double = 30, every: Duration = .milliseconds(100), _ condition: () async throws -> Bool
    ) async rethrows -> Bool {
        var deadline = Deadline(seconds: timeout)
        while true {
            if try await condition() { return true }
            if deadline.passed() { return false }
            try? await Task.sleep(for: every)
        }
    }

    /// The same, blocking the calling thread (for `deinit` and other synchronous clean-up): the value, or nil
    /// when the patience is spent.
    public static func blocking<T>(timeout: Double, everyMicroseconds: UInt32 = 5_000, _ probe: () -> T?) -> T? {
        var deadline = Deadline(seconds: timeout)
        while true {
            if let value = probe() { return value }
            if deadline.passed() { return nil }
            usleep(everyMicroseconds)
        }
    }
}

/// A sanitizer a pass of the tests runs under (`scripts/sanitize` sets ANDON_SANITIZER).
public enum Sanitizer: String, Sendable {
    case address, thread
}

/// Which passes run a suite (docs/reliability.md, "What each pass runs"): every suite runs in the normal pass; a
/// suite says which sanitizers have something to find in it, with `.enabled(if: Sanitizers.cover(...), "why")`.
/// A suite without that trait runs under both.
public enum Sanitizers {
    /// True in the normal pass, and under a sanitizer when it is one of `kinds`.
    public static func cover(_ kinds: Sanitizer...) -> Bool {
        guard let current = Patience.sanitizer else { return true }
        return kinds.contains { $0.rawValue == current }
    }

    /// True in the normal pass only: nothing a sanitizer watches (safe Swift on one thread, or programs of others).
    public static var normalPassOnly: Bool { !Patience.sanitized }
}
