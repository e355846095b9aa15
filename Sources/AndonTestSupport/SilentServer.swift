import Foundation
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

    /// The connections the kernel has completed to this port and that wait in its backlog (`/proc/net/tcp`, the
    /// established ones whose local port is this one): the transfers under way against it.
    public var waiting: Int {
        // Read to its end: a file of /proc has no size to read up to.
        guard let handle = FileHandle(forReadingAtPath: "/proc/net/tcp") else { return 0 }
        defer { try? handle.close() }
        let table = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        let local = String(format: ":%04X", port)
        return table.split(separator: "\n").dropFirst().count { row in
            let fields = row.split(separator: " ")
            return fields.count > 3 && fields[1].hasSuffix(local) && fields[3] == "01"
        }
    }

    public func stop() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    deinit { stop() }
}
