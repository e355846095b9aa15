import AndonCore
import Glibc

/// A self-pipe that wakes a thread sleeping in `poll` (the terminal thread, when the event loop hands it a grid
/// to draw). Signalling is async-signal-safe and never blocks; several signals before a drain wake it once.
public final class Wakeup: TerminalWaker {
    public let readFD: Int32
    let writeFD: Int32

    public init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        for fd in fds where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    public func wake() { signal() }

    public func signal() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    public func drain() {
        var buffer = [UInt8](repeating: 0, count: 64)
        while read(readFD, &buffer, buffer.count) > 0 {}
    }
}

extension Wakeup {
    /// Wakes the sleeper also when the terminal is resized: a `SIGWINCH` handler, which runs on whichever thread
    /// the kernel picks, writes to this pipe and then runs the handler that was there before (ncurses', which
    /// notes the resize for the next read). So the terminal thread can sleep until something happens instead of
    /// waking every 100 ms to look for a resize. Call after ncurses has started; `stopWakingOnResize()` before
    /// this wake-up goes away.
    public func wakeOnResize() {
        var previous = sigaction()
        sigaction(SIGWINCH, nil, &previous)
        let handler = previous.__sigaction_handler.sa_handler
        let raw = unsafeBitCast(handler, to: Int.self)
        let isFunction =
            previous.sa_flags & SA_SIGINFO == 0 && raw != unsafeBitCast(SIG_DFL, to: Int.self)
            && raw != unsafeBitCast(SIG_IGN, to: Int.self)
        ResizeSignal.chained = isFunction ? handler : nil
        ResizeSignal.writeFD = writeFD
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { number in
            let saved = errno
            var byte: UInt8 = 1
            _ = write(ResizeSignal.writeFD, &byte, 1)
            errno = saved
            ResizeSignal.chained?(number)
        }
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        sigaction(SIGWINCH, &action, nil)
    }

    /// The resize handler writes nowhere from now on (it still runs the handler before it).
    public func stopWakingOnResize() {
        ResizeSignal.writeFD = -1
    }
}

/// What the `SIGWINCH` handler uses: set before the handler is installed (a C function pointer captures nothing).
enum ResizeSignal {
    nonisolated(unsafe) static var writeFD: Int32 = -1
    nonisolated(unsafe) static var chained: (@convention(c) (Int32) -> Void)?
}
