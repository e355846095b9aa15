import AndonCore
import Foundation
import Glibc

/// A real terminal for tests: a detached tmux session on its own server socket, driven with `send-keys` and
/// read with `capture-pane`. `kill()` ends the server and everything in it.
///
/// tmux forks a server that lives on after the command that started it. If that server inherited a pipe of the
/// test process (ours, or one a concurrent test had open at that moment), whoever reads that pipe to its end
/// would wait forever. So every tmux command is a `CleanProcess` (no inherited descriptors, no blocked signals)
/// whose output goes to a file; the test polls for its exit and reads the file.
public final class TmuxSession: @unchecked Sendable {
    public let socket: String
    public let name = "andon"
    private let tmuxPath: String
    private let scratch: URL
    /// The tmux server's process, signalled directly by `kill()` as well: a `kill-server` client spawned as the
    /// test process ends may never get to run.
    private let serverPID = Locked<pid_t?>(nil)
    /// The gate files `recordOutput` opened: removed with the session.
    private let gates = Locked<[String]>([])

    /// Starts `command` (run by sh) in a `width`×`height` window.
    public init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) async throws {
        socket = "andon-test-\(UUID().uuidString.prefix(8))"
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("\(socket).out")
        tmuxPath = try executable("tmux")
        // A sanitizer's options reach the program under test too: its reports go to the run's report files (a
        // report printed on the terminal would be painted over by the board) and its suppressions apply.
        // The report files of a program in tmux are named after its command line, so that a report says which
        // test's board it came from.
        let sanitizer = ProcessInfo.processInfo.environment.filter {
            ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"].contains($0.key)
        }.mapValues { $0.replacing(/log_path=([^: ]+)/) { "log_path=\($0.1)-tmux-\(Self.slug(command))" } }
        let env = sanitizer.merging(environment) { $1 }.map { "\($0.key)=\(TmuxSession.quote($0.value))" }.joined(
            separator: " ")
        do {
            try await tmux([
                "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)",
                "env \(env) sh -c \(TmuxSession.quote(command))",
            ])
            let pid = try await tmux(["display-message", "-p", "-t", name, "#{pid}"])
            serverPID.withLock { $0 = pid_t(pid.trimmingCharacters(in: .whitespacesAndNewlines)) }
        } catch {
            kill()
            throw error
        }
    }

    deinit {
        kill()
        try? FileManager.default.removeItem(at: scratch)
        for gate in gates.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: gate) }
    }

    /// A command line as part of a file name: its arguments after the program's path, letters, digits and dashes.
    static func slug(_ command: String) -> String {
        let arguments = command.split(separator: " ").drop { !$0.hasSuffix("/andon") }.dropFirst().joined(
            separator: " ")
        let kept = arguments.map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(String(kept).replacing(/-+/, with: "-").prefix(80))
    }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    private func spawn(_ arguments: [String], stdout: String? = nil) throws -> CleanProcess {
        // tmux passes its own environment to the session: keep it to PATH, so that nothing of the test runner's
        // (`swift test` sets NO_COLOR=1, for one) reaches the program under test except what a test sets.
        try CleanProcess(
            tmuxPath, ["-L", socket, "-f", "/dev/null"] + arguments, stdout: stdout ?? scratch.path,
            environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
    }

    /// Runs one tmux command and returns what it printed.
    @discardableResult
    func tmux(_ arguments: [String], limit: Double = 10) async throws -> String {
        try await spawn(arguments).wait(limit: limit, what: "tmux \(arguments.joined(separator: " "))")
        return (try? String(contentsOf: scratch, encoding: .utf8)) ?? ""
    }

    /// The screen's text now.
    public func capture() async throws -> String { try await tmux(["capture-pane", "-p", "-t", name]) }

    /// The screen with its colours and attributes as escape sequences (`capture-pane -e`).
    public func captureWithAttributes() async throws -> String {
        try await tmux(["capture-pane", "-p", "-e", "-t", name])
    }

    /// Types keys (tmux key names such as `Enter`, `Escape`, `C-z`, or literal text).
    public func send(_ keys: String...) async throws { try await tmux(["send-keys", "-t", name] + keys) }

    /// Resizes the window, as a user dragging the terminal would.
    public func resize(width: Int, height: Int) async throws {
        try await tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }

    /// Appends every byte the pane's programs write to the terminal to `file` (tmux `pipe-pane`), and opens
    /// `gate` (see `gated`), so that a command waiting for it starts only once recording has begun.
    public func recordOutput(to file: String, thenOpen gate: String? = nil) async throws {
        try await tmux(["pipe-pane", "-o", "-t", name, "cat >> " + TmuxSession.quote(file)])
        // pipe-pane starts its `cat` asynchronously: wait until it has created the file.
        try await Wait.until("tmux pipe-pane to create \(file)", timeout: 10, every: .milliseconds(10)) {
            FileManager.default.fileExists(atPath: file)
        }
        if let gate {
            gates.withLock { $0.append(gate) }
            _ = FileManager.default.createFile(atPath: gate, contents: Data())
        }
    }

    /// `command`, run only once the file `gate` exists.
    public static func gated(gate: String, _ command: String) -> String {
        "while [ ! -e \(quote(gate)) ]; do sleep 0.05; done; " + command
    }

    /// The process id of the command the session started (the shell, when the session runs one).
    public func panePID() async throws -> pid_t {
        let text = try await tmux(["display-message", "-p", "-t", name, "#{pane_pid}"])
        guard let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw TestHarnessError("tmux did not say the pane's process id: \(text)")
        }
        return pid
    }

    /// The terminal device of the pane (`/dev/pts/N`), for a program started elsewhere to draw in it.
    public func paneTTY() async throws -> String {
        let text = try await tmux(["display-message", "-p", "-t", name, "#{pane_tty}"])
        let tty = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard tty.hasPrefix("/dev/") else { throw TestHarnessError("tmux did not say the pane's terminal: \(text)") }
        return tty
    }

    /// Seconds from typing `key` until the screen shows `text`, measured by a shell loop outside this test
    /// process (so a busy test scheduler does not count); nil if it never shows within `timeout` seconds of
    /// patience (`Patience.seconds`).
    public func secondsUntil(key: String, shows text: String, timeout: Double = 10) async throws -> Double? {
        let timeout = Patience.seconds(timeout)
        let tmux = "\(TmuxSession.quote(tmuxPath)) -L \(TmuxSession.quote(socket)) -f /dev/null"
        let script = """
            start=$(date +%s%N)
            \(tmux) send-keys -t \(name) \(TmuxSession.quote(key))
            while :; do
              if \(tmux) capture-pane -p -t \(name) | grep -qF -- \(TmuxSession.quote(text)); then break; fi
              if [ $(( $(date +%s%N) - start )) -gt \(Int(timeout * 1e9)) ]; then echo never; exit 0; fi
            done
            echo $(( $(date +%s%N) - start ))
            """
        let (_, out, _) = try await CleanProcess.run(try executable("bash"), ["-c", script], limit: timeout + 10)
        return Double(out.trimmingCharacters(in: .whitespacesAndNewlines)).map { $0 / 1e9 }
    }

    /// Waits until the screen satisfies `condition`, returning the last capture (with its colours and attributes
    /// as escape sequences when `attributes` is set). `timeout` bounds a hang, never judges speed (`Wait`: scaled
    /// under a sanitizer, stretched on a loaded machine, where an instrumented board on 2 busy cores can take
    /// seconds just to exit).
    ///
    /// The screen returned is a whole frame: a frame reaches the terminal in several writes, and a capture taken
    /// between two of them shows the top of the new frame over the bottom of the old (a slow, instrumented board
    /// on a loaded machine leaves time for it). A capture that matches counts only when the one taken just after
    /// it is the same.
    @discardableResult
    public func waitFor(timeout: Double = 30, attributes: Bool = false, _ condition: (String) -> Bool) async throws
        -> String
    {
        try await Wait.until("the screen to match", timeout: timeout, every: .milliseconds(200)) {
            () -> Wait.Probe<String> in
            let screen = try await attributes ? captureWithAttributes() : capture()
            guard condition(screen) else { return .notYet("screen:\n\(screen)") }
            try await Task.sleep(for: .milliseconds(50))
            let again = try await attributes ? captureWithAttributes() : capture()
            return again == screen ? .done(screen) : .notYet("the screen was still being drawn:\n\(again)")
        }
    }

    /// Ends the tmux server and everything running in it. Safe to call more than once.
    public func kill() {
        // Not waited for here (a test's `defer` runs on the shared concurrency pool): reaped by a thread of its own.
        // Once only: a second kill() must not signal whatever process has the number by then.
        if let pid = serverPID.withLock({ pid in
            defer { pid = nil }; return pid
        }), pid > 1 {
            _ = Glibc.kill(pid, SIGTERM)
        }
        // Its output is not read, and must not recreate the scratch file that deinit removes.
        guard let process = try? spawn(["kill-server"], stdout: "/dev/null") else { return }
        Thread.detachNewThread { process.waitBlocking(limit: 5) }
    }
}
