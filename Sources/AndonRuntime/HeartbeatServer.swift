import AndonCore
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The board's heartbeat (`heartbeat: {listen:}`), served on its own thread so that a loop that hangs is seen as
/// a frame that ages instead of a scrape that fails: `GET /metrics` answers `HeartbeatFigures`' exposition of what
/// the loop last published, with the time of the last frame both the loop and the terminal thread lived through.
/// One request at a time, each answered and closed; a request that does not arrive within two seconds is dropped.
public final class HeartbeatServer: Sendable {
    struct State {
        var figures: HeartbeatFigures?
        /// When the loop last took a tick, and when the terminal thread last finished a round (wall clock).
        var loopAt = 0.0
        var terminalAt = 0.0
    }

    let state = Locked(State())
    let fd: Int32
    public let address: ListenAddress
    /// The port bound (the one asked for, or the kernel's choice for port 0 in tests).
    public let port: UInt16

    /// Listens on `address`, or fails with why (the port in use, an address no interface has).
    public init(_ address: ListenAddress) throws(LaunchFailure) {
        self.address = address
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw LaunchFailure("heartbeat: cannot open a socket", status: 71) }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        /// Binds `address` (a `sockaddr_in` or `sockaddr_in6`) and reads back what was bound (the port, when 0).
        func bind<Address>(_ address: inout Address) -> Int32 {
            var length = socklen_t(MemoryLayout<Address>.size)
            let status = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(fd, $0, length) }
            }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            return status
        }
        let bound: Int32
        let port: UInt16
        if address.isIPv6 {
            var socketAddress = sockaddr_in6()
            socketAddress.sin6_family = sa_family_t(AF_INET6)
            socketAddress.sin6_port = address.port.bigEndian
            _ = inet_pton(AF_INET6, address.host, &socketAddress.sin6_addr)
            bound = bind(&socketAddress)
            port = UInt16(bigEndian: socketAddress.sin6_port)
        } else {
            var socketAddress = sockaddr_in()
            socketAddress.sin_family = sa_family_t(AF_INET)
            socketAddress.sin_port = address.port.bigEndian
            _ = inet_pton(AF_INET, address.host, &socketAddress.sin_addr)
            bound = bind(&socketAddress)
            port = UInt16(bigEndian: socketAddress.sin_port)
        }
        guard bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw LaunchFailure("heartbeat: cannot listen on \(address): \(reason)", status: 71)
        }
        self.fd = fd
        self.port = port
    }

    /// Serves until `stop`, on a thread of its own.
    public func start() {
        let thread = Thread { [self] in serve() }
        thread.name = "andon-heartbeat"
        thread.start()
    }

    /// Stops listening: the thread ends at its next accept.
    public func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        close(fd)
    }

    /// The loop's figures at a tick (`wall`), and when the terminal thread last finished a round (drew what it
    /// was given, took the input, waited).
    func publish(_ figures: HeartbeatFigures, at wall: Double, terminal: Double) {
        state.withLock {
            $0.figures = figures
            $0.loopAt = wall
            $0.terminalAt = terminal
        }
    }

    /// The exposition now: the frame is as old as the older of the loop's tick and the terminal's round.
    public func exposition() -> String {
        let (figures, frame) = state.withLock { ($0.figures, min($0.loopAt, $0.terminalAt)) }
        return (figures ?? HeartbeatFigures(lines: [])).exposition(frame: frame, version: AndonVersion.current)
    }

    private func serve() {
        while true {
            let client = accept(fd, nil, nil)
            if client < 0 {
                if errno == EINTR || errno == ECONNABORTED { continue }
                return
            }
            // Not for the hooks the board starts.
            _ = fcntl(client, F_SETFD, FD_CLOEXEC)
            answer(client)
            close(client)
        }
    }

    /// Reads one request (its head, at most 8 KB, within two seconds) and answers it.
    private func answer(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(client, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var head: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 2048)
        while head.count < 8192 {
            let count = buffer.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            head += buffer[..<count]
            if head.count >= 4
                && head.indices.dropFirst(3).contains(where: { index in
                    head[index - 3] == 13 && head[index - 2] == 10 && head[index - 1] == 13 && head[index] == 10
                })
            {
                break
            }
        }
        let response = Self.response(to: head, exposition: exposition)
        var sent = 0
        while sent < response.count {
            let count = response.withUnsafeBytes {
                send(client, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            guard count > 0 else { return }
            sent += count
        }
    }

    /// The answer to a request's head: the metrics for `GET /metrics` (and `HEAD`), a pointer to them at `/`, 404
    /// and 405 otherwise.
    static func response(to head: [UInt8], exposition: () -> String) -> [UInt8] {
        let line = String(decoding: head.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let parts = line.split(separator: " ")
        func reply(_ status: String, _ type: String, _ body: String, head only: Bool = false, extra: String = "")
            -> [UInt8]
        {
            let bytes = Array(body.utf8)
            let header =
                "HTTP/1.1 \(status)\r\nContent-Type: \(type)\r\nContent-Length: \(bytes.count)\r\n"
                + "Connection: close\r\nCache-Control: no-store\r\n\(extra)\r\n"
            return Array(header.utf8) + (only ? [] : bytes)
        }
        guard parts.count == 3, parts[2].hasPrefix("HTTP/1.") else {
            return reply("400 Bad Request", "text/plain", "bad request\n")
        }
        guard parts[0] == "GET" || parts[0] == "HEAD" else {
            return reply("405 Method Not Allowed", "text/plain", "GET only\n", extra: "Allow: GET, HEAD\r\n")
        }
        let path = parts[1].split(separator: "?", maxSplits: 1).first.map(String.init) ?? ""
        switch path {
        case "/metrics":
            return reply(
                "200 OK", "text/plain; version=0.0.4; charset=utf-8", exposition(), head: parts[0] == "HEAD")
        case "/":
            return reply("200 OK", "text/plain; charset=utf-8", "andon board: its metrics are at /metrics\n")
        default:
            return reply("404 Not Found", "text/plain", "not found: the metrics are at /metrics\n")
        }
    }
}

/// The service manager's notifications (`sd_notify`, for a unit of `Type=notify` with `WatchdogSec=`): `READY=1`
/// once the board draws, then `WATCHDOG=1` from the loop at every tick while the terminal thread lives too, at
/// most every quarter of the watchdog's interval; nothing without `NOTIFY_SOCKET`. A board whose loop or terminal
/// stops pinging is restarted by the service manager.
public final class ServiceNotifier: Sendable {
    let path: String
    /// The watchdog's interval in seconds (`WATCHDOG_USEC`), nil when the unit has none.
    public let watchdog: Double?
    let state = Locked((ready: false, pinged: -Double.infinity))

    /// From the environment the service manager set; nil when there is none (not run by it).
    public init?(environment: [String: String]) {
        guard let path = environment["NOTIFY_SOCKET"], !path.isEmpty, path.utf8.count < 108 else { return nil }
        self.path = path
        // WATCHDOG_PID, when set, names the process the watchdog is for.
        let forUs = environment["WATCHDOG_PID"].map { Int32($0) == getpid() } ?? true
        watchdog = forUs ? environment["WATCHDOG_USEC"].flatMap(Double.init).map { $0 / 1_000_000 } : nil
    }

    /// At a tick of the loop: ready the first time, then the watchdog's ping when due and `alive`.
    func tick(at wall: Double, alive: Bool) {
        let message: String? = state.withLock { state in
            if !state.ready {
                state.ready = true
                state.pinged = wall
                return "READY=1\nWATCHDOG=1"
            }
            guard let watchdog, alive, wall - state.pinged >= min(1, watchdog / 4) else { return nil }
            state.pinged = wall
            return "WATCHDOG=1"
        }
        if let message { send(message) }
    }

    /// `STOPPING=1` as the board ends.
    func stopping() { send("STOPPING=1") }

    func send(_ message: String) {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        // An abstract socket: its name begins with a NUL where the path has '@'.
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in bytes.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count)
        let payload = Array(message.utf8)
        _ = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                payload.withUnsafeBytes {
                    sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), socketAddress, length)
                }
            }
        }
    }
}
