import Foundation
import Glibc

/// Starts a program the way a login shell would: every signal unblocked and at its default disposition, no file
/// descriptor but the three standard ones, which go to the given files.
///
/// Foundation's `Process` spawns from the calling thread, and Swift concurrency's threads block signals: a child
/// would inherit that mask. tmux (and a board running inside it) then never sees SIGCHLD, SIGWINCH or SIGTSTP,
/// and waits forever. Inherited pipes would keep another test's reader from ever seeing end of file.
public struct CleanProcess: Sendable {
    public let pid: pid_t

    public init(
        _ path: String, _ arguments: [String], stdin: String = "/dev/null", stdout: String = "/dev/null",
        stderr: String = "/dev/null", environment: [String: String]? = nil
    ) throws {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdin, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        for fd in 3..<Int32(1024) where fcntl(fd, F_GETFD) != -1 {
            posix_spawn_file_actions_addclose(&actions, fd)
        }

        let argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?]? = environment.map {
            $0.map { strdup("\($0.key)=\($0.value)") } + [nil]
        }
        defer { for pointer in envp ?? [] { free(pointer) } }
        var child: pid_t = 0
        let result: Int32
        if let envp {
            result = posix_spawn(&child, path, &actions, &attributes, argv, envp)
        } else {
            result = posix_spawn(&child, path, &actions, &attributes, argv, environ)
        }
        guard result == 0 else {
            throw TestHarnessError("cannot start \(path): \(String(cString: strerror(result)))")
        }
        pid = child
    }

    /// The exit status once the process has ended, or nil while it runs.
    public func poll() -> Int32? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return result == -1 ? -1 : nil }
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Waits, without blocking a thread, for the process to end; kills it after `limit` seconds of patience
    /// (`Deadline`: a bound on a hang, scaled under a sanitizer and on a loaded machine).
    @discardableResult
    public func wait(limit: Double, what: @autoclosure () -> String) async throws -> Int32 {
        var deadline = Deadline(seconds: limit)
        while true {
            if let status = poll() { return status }
            if deadline.passed() {
                kill(pid, SIGKILL)
                _ = waitpid(pid, nil, 0)
                throw TestHarnessError("\(what()) did not finish within \(Int(deadline.seconds)) s of patience")
            }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Runs a program to its end with its output in files (never pipes, which a process spawned concurrently
    /// elsewhere could inherit and hold open), and returns its status and output.
    public static func run(
        _ path: String, _ arguments: [String], environment: [String: String]? = nil, limit: Double
    ) async throws -> (status: Int32, stdout: String, stderr: String) {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("andon-run-\(UUID())").path
        defer {
            try? FileManager.default.removeItem(atPath: base + ".out")
            try? FileManager.default.removeItem(atPath: base + ".err")
        }
        let process = try CleanProcess(
            path, arguments, stdout: base + ".out", stderr: base + ".err", environment: environment)
        let status = try await process.wait(limit: limit, what: "\(path) \(arguments.joined(separator: " "))")
        return (
            status, (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? "",
            (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        )
    }

    /// SIGTERM, then SIGKILL after `grace` seconds; returns once the process is gone (blocking: for clean-up).
    public func terminate(grace: Double) {
        guard poll() == nil else { return }
        kill(pid, SIGTERM)
        if waitBlocking(limit: grace) == nil { return }  // killed and reaped by waitBlocking
    }

    /// The same, blocking the calling thread (for `deinit` and other synchronous code); nil when it was killed
    /// after `limit` seconds of patience.
    @discardableResult
    public func waitBlocking(limit: Double) -> Int32? {
        if let status = Wait.blocking(timeout: limit, { poll() }) { return status }
        kill(pid, SIGKILL)
        _ = waitpid(pid, nil, 0)
        return nil
    }
}
