import Glibc

/// A TCP port on 127.0.0.1 that takes connections (the kernel completes the handshake into the backlog) and
/// never answers: the shape of a hung Prometheus. `stop()` closes it.
public final class SilentServer: @unchecked Sendable {
    public let port: UInt16
    private var fd: Int32

    public init() throws {
        (fd, port) = try LoopbackSocket.bind(listening: true)
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { stop() }
}
