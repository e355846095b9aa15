import AndonCore
import Glibc

/// The signals a terminal program must handle (interrupt, terminate, hang-up, suspend), turned into plain
/// messages for one thread (the self-pipe pattern).
///
/// A signal handler runs on whichever thread the kernel picks, in the middle of whatever that thread was doing.
/// In a Swift program that is usually the main thread, which libdispatch parks in `sigsuspend` with every signal
/// unblocked; ncurses' own handlers (which call `endwin` and `exit` from there) would race the thread that draws.
/// So `install()` puts a handler in place before ncurses starts (ncurses then leaves these signals alone); the
/// handler only writes the signal's number to a pipe, and a dedicated thread reads it and hands it to whoever has
/// asked. Without a receiver, interrupt, terminate and hang-up end the process as they would by default, suspend
/// stops it, and SIGUSR1 (the board's reload) is ignored: a reload asked while the board starts finds it reading
/// the configuration anyway, and `andon check` is not killed by a `systemctl reload` meant for a board. A signal
/// that was ignored when the program started (`nohup`, a background job) stays ignored.
public enum ProcessSignals {
    public static let handled: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGTSTP, SIGUSR1]

    final class Registry: Sendable {
        let receiver = Locked<(@Sendable (Int32) -> Void)?>(nil)
    }

    static let registry = Registry()

    /// The pipe's write end, for the handler: set once by `install()` before any handler can run.
    nonisolated(unsafe) static var writeEnd: Int32 = -1

    /// Installs the handlers and starts the thread that receives them. Call first thing in `main`.
    public static func install() {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return }
        for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        writeEnd = ends[1]
        let readEnd = ends[0]
        for number in handled where !ignoredAtStart(number) { setHandler(number) }
        // A parent may have started us with signals blocked (a Swift program's Foundation.Process does, from a
        // concurrency thread): unblock ours, and SIGWINCH, which ncurses needs to see resizes.
        var ours = sigset_t()
        sigemptyset(&ours)
        for number in handled + [SIGWINCH, SIGCONT] { sigaddset(&ours, number) }
        pthread_sigmask(SIG_UNBLOCK, &ours, nil)
        var thread = pthread_t()
        let context = UnsafeMutableRawPointer(bitPattern: Int(readEnd) + 1)
        _ = pthread_create(
            &thread, nil,
            { context in
                let readEnd = Int32(Int(bitPattern: context) - 1)
                var byte: UInt8 = 0
                while true {
                    let count = read(readEnd, &byte, 1)
                    if count == 1 {
                        ProcessSignals.deliver(Int32(byte))
                    } else if count == 0 || (count < 0 && errno != EINTR) {
                        return nil
                    }
                }
            }, context)
        pthread_detach(thread)
    }

    static func ignoredAtStart(_ number: Int32) -> Bool {
        var current = sigaction()
        sigaction(number, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
            == unsafeBitCast(SIG_IGN, to: Int.self)
    }

    static func setHandler(_ number: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            var byte = UInt8(truncatingIfNeeded: number)
            let saved = errno
            _ = write(ProcessSignals.writeEnd, &byte, 1)
            errno = saved
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(number, &action, nil)
    }

    static func deliver(_ number: Int32) {
        if let receiver = registry.receiver.withLock({ $0 }) {
            receiver(number)
        } else if number == SIGTSTP {
            stopProcess()
        } else if number == SIGUSR1 {
            return
        } else {
            // As the default disposition would, but through exit so that standard output is flushed.
            exit(128 + number)
        }
    }

    /// Sends every handled signal to `receiver` (on the signal thread) from now on, until another receiver.
    public static func receive(_ receiver: @escaping @Sendable (Int32) -> Void) {
        registry.receiver.withLock { $0 = receiver }
    }

    /// Stops the whole process as Ctrl-Z does (the shell reports it as "Stopped") and returns after `fg` or
    /// `bg` continues it. Call with the terminal already restored.
    public static func stopProcess() {
        var suspend = sigset_t()
        sigemptyset(&suspend)
        sigaddset(&suspend, SIGTSTP)
        var previous = sigset_t()
        // The default action (stop) needs the default disposition, and SIGTSTP unblocked on this thread, which is
        // the only one it is sent to.
        signal(SIGTSTP, SIG_DFL)
        pthread_sigmask(SIG_UNBLOCK, &suspend, &previous)
        pthread_kill(pthread_self(), SIGTSTP)
        // Here the process has been continued.
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        setHandler(SIGTSTP)
    }
}
