import Glibc

/// A TCP port on 127.0.0.1 that takes connections (the kernel completes the handshake into the backlog) and
/// never answers: the shape of a hung Prometheus. `stop()` closes it.
public final class SilentServer: @unchecked Sendable {
    public let port: UInt16
    private var fd: Int32

    public init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestHarnessError("socket() failed") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw TestHarnessError("cannot listen on a loopback port")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = UInt16(bigEndian: address.sin_port)
        self.fd = fd
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public func stop() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { stop() }
}
