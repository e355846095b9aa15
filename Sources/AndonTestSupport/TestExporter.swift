import Foundation
import Glibc
import Synchronization

/// A `/metrics` endpoint on a free loopback port that serves a `Plant`, which a test can change at any time.
///
/// It runs on its own thread with blocking sockets, not on Swift concurrency: Prometheus scrapes it every second
/// with a one-second timeout, and a test process whose concurrency threads are busy (golden-screen walks, other
/// tests) must not make a scrape fail — a failed scrape marks every series stale, and the plant would look empty.
public final class TestExporter: @unchecked Sendable {
    let plant: Mutex<Plant>
    let started = Date()
    let listener: Int32
    let stopped = Atomic<Bool>(false)
    public let port: UInt16

    public var target: String { "127.0.0.1:\(port)" }

    public static func start(_ plant: Plant) async throws -> TestExporter {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestHarnessError("socket() failed") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw TestHarnessError("the test exporter cannot listen on a loopback port")
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        let exporter = TestExporter(listener: fd, plant: plant, port: UInt16(bigEndian: address.sin_port))
        let thread = Thread { exporter.serveConnections() }
        thread.name = "test-exporter"
        thread.start()
        return exporter
    }

    init(listener: Int32, plant: Plant, port: UInt16) {
        self.listener = listener
        self.plant = Mutex(plant)
        self.port = port
    }

    public func serve(_ plant: Plant) {
        self.plant.withLock { $0 = plant }
    }

    public func stop() async {
        guard !stopped.exchange(true, ordering: .sequentiallyConsistent) else { return }
        shutdown(listener, Int32(SHUT_RDWR))  // wakes the blocked accept()
        close(listener)
    }

    /// Accepts connections until stopped; each gets one answer and is closed.
    func serveConnections() {
        while !stopped.load(ordering: .sequentiallyConsistent) {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else {
                if errno == EINTR { continue }
                return
            }
            answer(connection)
            close(connection)
        }
    }

    func answer(_ connection: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Read the request head (the request line is all that matters).
        var request = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while request.count < 65536 {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return }
            request += buffer[0..<count]
            if String(decoding: request, as: UTF8.self).contains("\r\n\r\n") { break }
        }
        let line = String(decoding: request.prefix { $0 != 13 && $0 != 10 }, as: UTF8.self)
        let (status, body): (String, String)
        if line.hasPrefix("GET /metrics") {
            status = "200 OK"
            body = plant.withLock { $0.exposition(elapsed: Date().timeIntervalSince(started)) }
        } else {
            status = "404 Not Found"
            body = "not found\n"
        }
        let payload = Array(body.utf8)
        let head =
            "HTTP/1.1 \(status)\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: \(payload.count)\r\n"
            + "Connection: close\r\n\r\n"
        let bytes = Array(head.utf8) + payload
        var sent = 0
        while sent < bytes.count {
            let count = bytes[sent...].withUnsafeBytes {
                send(connection, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
            }
            if count <= 0 { return }
            sent += count
        }
    }
}

/// A failure of the test harness itself (not of the code under test).
public struct TestHarnessError: Error, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}
