import Glibc

/// A TCP socket bound to a free port of 127.0.0.1: the one place the test servers and ports get theirs.
enum LoopbackSocket {
    /// A socket on `port`, or on a port the kernel picks when it is 0; listening (with a backlog of 64) if asked,
    /// with `SO_REUSEADDR` if asked. Closed again when anything fails.
    static func bind(listening: Bool, reuseAddress: Bool = false, port: UInt16 = 0) throws -> (fd: Int32, port: UInt16)
    {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestHarnessError("socket() failed") }
        if reuseAddress {
            var yes: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = port.bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
        }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard bound == 0, named == 0, !listening || listen(fd, 64) == 0 else {
            close(fd)
            throw TestHarnessError("cannot \(listening ? "listen on" : "bind") a loopback port")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }
}
