import AndonCore
import AndonTestSupport
import Testing

@testable import AndonCurl

/// The curl transport on its own, against real sockets.
@Suite("the curl transport") struct TransportTests {
    /// curl's "after N ms" is cut from its messages, so that one cause reads as one; nothing else is touched.
    @Test(arguments: [
        (
            "Failed to connect to 127.0.0.1 port 9 after 0 ms: Couldn't connect to server",
            "Failed to connect to 127.0.0.1 port 9: Couldn't connect to server"
        ),
        ("Connection timed out after 3001 milliseconds", "Connection timed out"),
        ("Resolving timed out after 12 ms and after 7 ms", "Resolving timed out and"),
        ("retry after lunch", "retry after lunch"),
        ("after 5 msecs", "after 5 msecs"),
    ])
    func curlsElapsedTimeIsCut(message: String, expected: String) {
        #expect(Transfer.withoutElapsed(message) == expected)
    }

    static func transport(_ url: String, timeout: Double) -> CurlTransport {
        var config = PrometheusConfig()
        config.url = url
        config.timeout = timeout
        config.connectTimeout = timeout
        return CurlTransport(options: .init(config: config))
    }

    static let requests = (0..<3).map { HTTPRequest(path: "/api/v1/query", parameters: [.init("query", "up\($0)")]) }

    /// `close` ends the transfers under way (the board closes its transport before it exits, so that nothing is
    /// inside libcurl or OpenSSL while `exit` cleans them up) and refuses new ones.
    @Test(.timeLimit(.minutes(1))) func closeEndsTransfersUnderWayAndRefusesNewOnes() async throws {
        let server = try SilentServer()
        defer { server.stop() }
        let transport = Self.transport(server.url, timeout: 600)
        let underWay = Task { await transport.perform(Self.requests) }
        try await Wait.until("a transfer under way") { server.waiting > 0 }
        transport.close()
        // Answered by the close, not by the 600 s timeout: every answer is the abort.
        let answers = await underWay.value
        #expect(answers.count == 3)
        for answer in answers {
            guard case .failure(let error) = answer else {
                Issue.record("an answer from a server that never answers: \(answer)")
                continue
            }
            #expect(error.kind == .other && error.detail.lowercased().contains("abort"), "\(error)")
        }
        let after = await transport.perform(Self.requests)
        #expect(after.count == 3)
        #expect(after.allSatisfy { if case .failure(let error) = $0 { error.kind != .timeout } else { false } })
        // Closing twice, or a transport with nothing under way, returns at once.
        transport.close()
        Self.transport(server.url, timeout: 600).close()
    }
}
