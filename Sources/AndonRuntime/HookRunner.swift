import AndonCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the configured hooks (`hooks:`): each program directly, never through a shell, with what happened in its
/// environment (`HookEvent.environment`) added to the few variables of the board's every program needs and those
/// the hook's `pass_environment:` names (`HookConfig.environment`); killed with its process group at its timeout; one
/// at a time per hook, the events in the order they came. A failure (not started, a non-zero exit, killed at the
/// timeout) is reported through `failed` and never stops the board. Standard input and output are /dev/null
/// (nothing reaches the board's terminal); the last line of its standard error is the reason shown.
public final class HookRunner: Sendable {
    let hooks: [HookConfig]
    let failed: @Sendable (String, String) -> Void
    /// A serial queue per hook: its events wait their turn.
    private let queues: [DispatchQueue]
    private let environment: [String: String]
    /// Set when the board ends: queued events are dropped, and a hook still running is ended with its group.
    private let ending = Locked(false)

    public init(
        hooks: [HookConfig], environment: [String: String] = ProcessInfo.processInfo.environment,
        failed: @escaping @Sendable (_ hook: String, _ reason: String) -> Void
    ) {
        self.hooks = hooks
        self.failed = failed
        self.environment = environment
        queues = hooks.indices.map { DispatchQueue(label: "andon.hook.\($0)") }
    }

    /// Hands `event` to every hook that listens for it; returns at once.
    public func run(_ event: HookEvent) {
        for (hook, queue) in zip(hooks, queues) where hook.on.contains(event.trigger) {
            let environment = hook.environment(board: self.environment, event: event.environment)
            queue.async { [failed, ending] in
                guard !ending.withLock({ $0 }) else { return }
                if let reason = Self.run(hook, environment: environment, ending: ending) { failed(hook.name, reason) }
            }
        }
    }

    /// Waits until every hook handed an event so far has ended (tests).
    public func drain() {
        for queue in queues { queue.sync {} }
    }

    /// The board ends: what waits is dropped, what runs is ended with its process group; returns when no hook
    /// runs any more. Nothing the board started outlives it.
    public func stop() {
        ending.withLock { $0 = true }
        drain()
    }

    /// Runs one hook to its end; the reason it failed, or nil.
    public static func run(_ hook: HookConfig, environment: [String: String], ending: Locked<Bool>? = nil) -> String? {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return "cannot make a pipe" }
        // Close-on-exec, so that no other child inherits it (the hook gets its copy as fd 2); the read end does
        // not block.
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        _ = fcntl(ends[0], F_SETFL, O_NONBLOCK)
        defer { close(ends[0]) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Every signal unblocked and at its default (the board's threads block them), in a process group of its
        // own, so that a timeout ends what it started too.
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(
            &attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, ends[1], 2)
        let argv: [UnsafeMutablePointer<CChar>?] = hook.command.map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in envp { free(pointer) } }
        var pid: pid_t = 0
        let started = posix_spawnp(&pid, hook.command[0], &actions, &attributes, argv, envp)
        close(ends[1])
        guard started == 0 else {
            return
                "cannot run \(TextSanitizer.inert(hook.command[0], limit: 80)): \(String(cString: strerror(started)))"
        }
        var errors: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Date().addingTimeInterval(hook.timeout)
        var status: Int32 = 0
        while true {
            // Its standard error, the last 2 KB of it, read as it comes (a full pipe would stall the hook).
            let count = read(ends[0], &buffer, buffer.count)
            if count > 0 { errors = Array((errors + buffer[0..<count]).suffix(2048)) }
            if waitpid(pid, &status, WNOHANG) == pid { break }
            if Date() > deadline {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return "killed after \(NumberText.plain(hook.timeout)) s"
            }
            if ending?.withLock({ $0 }) == true {
                kill(-pid, SIGKILL)
                _ = waitpid(pid, &status, 0)
                return nil
            }
            usleep(10_000)
        }
        let last = String(decoding: errors, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init)
        let detail = last.map { ": " + TextSanitizer.inert($0, limit: 120) } ?? ""
        if (status & 0x7f) != 0 { return "ended by signal \(status & 0x7f)\(detail)" }
        let code = (status >> 8) & 0xff
        // The hook's own children may outlive it; what it started in its group is ended with it.
        kill(-pid, SIGKILL)
        return code == 0 ? nil : "exit status \(code)\(detail)"
    }
}
