import AndonCore
import Foundation
import Glibc

/// A `/metrics` endpoint on a free loopback port that serves a `Plant`, which a test can change at any time.
///
/// It runs on its own thread with blocking sockets, not on Swift concurrency: Prometheus scrapes it every second
/// with a one-second timeout, and a test process whose concurrency threads are busy (golden-screen walks, other
/// tests) must not make a scrape fail — a failed scrape marks every series stale, and the plant would look empty.
public final class TestExporter: @unchecked Sendable {
    let plant: Locked<Plant>
    let started = Date()
    let listener: Int32
    let stopped = Locked(false)
    public let port: UInt16

    public var target: String { "127.0.0.1:\(port)" }

    public static func start(_ plant: Plant) async throws -> TestExporter {
        let (fd, port) = try LoopbackSocket.bind(listening: true, reuseAddress: true)
        let exporter = TestExporter(listener: fd, plant: plant, port: port)
        let thread = Thread { exporter.serveConnections() }
        thread.name = "test-exporter"
        thread.start()
        return exporter
    }

    init(listener: Int32, plant: Plant, port: UInt16) {
        self.listener = listener
        self.plant = Locked(plant)
        self.port = port
    }

    public func serve(_ plant: Plant) {
        self.plant.withLock { $0 = plant }
    }

    public func stop() async {
        guard
            !stopped.withLock({ stopped in
                defer { stopped = true }
                return stopped
            })
        else { return }
        shutdown(listener, Int32(SHUT_RDWR))  // wakes the blocked accept()
        close(listener)
    }

    /// Accepts connections until stopped; each gets one answer and is closed.
    func serveConnections() {
        while !stopped.withLock({ $0 }) {
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
