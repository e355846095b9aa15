import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore
@testable import AndonRuntime

/// The board's heartbeat as Prometheus reads it: a plant of three lines (one blind) in the text format, labels
/// escaped; and the answers of its server to what a scraper, a browser and a stranger send.
@Suite(
    "the board's heartbeat",
    .enabled(if: Sanitizers.normalPassOnly, "text over a plant's state: nothing a sanitizer watches"))
struct HeartbeatTests {
    @Test func theExpositionOfAPlant() throws {
        var plant = PlantViewTests.plant(3, size: Size(width: 120, height: 40))
        // A line named to break out of its label, if it could.
        plant.lines[1].name = "south\"} 1\nandon_board_up 0 #\\"
        let text = HeartbeatFigures(plant, refreshSeconds: [0: 0.25]).exposition(
            frame: 1_795_910_400.5, version: "0.1.0")
        try Golden.compare(text, name: "heartbeat-exposition")
        // Every sample line is a name, labels and a number: nothing a label held became a line of its own.
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            #expect(line.hasPrefix("andon_board_"), "\(line)")
            #expect(Double(line.split(separator: " ").last ?? "") != nil, "\(line)")
        }
        #expect(text.contains(#"andon_board_line_status{line="line 3"} 3"#) == false)
        #expect(text.contains(#"andon_board_line_status{line="east-assembly"} 3"#), "\(text)")
        #expect(text.contains(#"andon_board_refresh_duration_seconds{line="north"} 0.25"#))
        #expect(text.contains("andon_board_last_frame_timestamp_seconds 1795910400.5\n"))
    }

    @Test func theServersAnswers() {
        func answer(_ request: String) -> String {
            String(
                decoding: HeartbeatServer.response(to: Array(request.utf8)) { "andon_board_info 1\n" }, as: UTF8.self)
        }
        let metrics = answer("GET /metrics HTTP/1.1\r\nHost: wall\r\n\r\n")
        #expect(metrics.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(metrics.hasSuffix("\r\n\r\nandon_board_info 1\n") && metrics.contains("Content-Length: 19\r\n"))
        #expect(answer("GET /metrics?x=1 HTTP/1.0\r\n\r\n").hasSuffix("andon_board_info 1\n"))
        let head = answer("HEAD /metrics HTTP/1.1\r\n\r\n")
        #expect(head.hasPrefix("HTTP/1.1 200 OK") && head.hasSuffix("\r\n\r\n") && head.contains("Content-Length: 19"))
        #expect(answer("GET / HTTP/1.1\r\n\r\n").contains("/metrics"))
        #expect(answer("GET /../etc/passwd HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404 Not Found"))
        #expect(answer("POST /metrics HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 405 Method Not Allowed"))
        #expect(answer("\u{1B}[2J garbage").hasPrefix("HTTP/1.1 400 Bad Request"))
        #expect(answer("").hasPrefix("HTTP/1.1 400 Bad Request"))
    }

    @Test func addressesToListenOn() throws {
        #expect(ListenAddress.parse("127.0.0.1:9780") == ListenAddress(host: "127.0.0.1", port: 9780))
        #expect(ListenAddress.parse("localhost:9780") == ListenAddress(host: "127.0.0.1", port: 9780))
        #expect(ListenAddress.parse("[::1]:9780")?.description == "[::1]:9780")
        for bad in ["9780", "wall:9780", "127.0.0.1:0", "127.0.0.1:70000", "1.2.3:9780", "[wall]:1", "127.0.0.1:"] {
            #expect(ListenAddress.parse(bad) == nil, "\(bad)")
        }
        let config = try ConfigParser.parse(
            yaml: "heartbeat: {listen: 0.0.0.0:9780}\n", file: "c.yaml", directory: nil)
        #expect(config.heartbeat == ListenAddress(host: "0.0.0.0", port: 9780))
        let error = #expect(throws: ConfigError.self) {
            try ConfigParser.parse(yaml: "heartbeat:\n  listen: wall:9780\n", file: "c.yaml", directory: nil)
        }
        #expect(error?.key == "heartbeat.listen" && error?.line == 2, "\(String(describing: error))")
    }

    /// The service manager's side: READY=1 first, then a ping at most every quarter interval while the terminal
    /// lives, none when it does not.
    @Test func theWatchdogsPings() {
        let notifier = ServiceNotifier(environment: [
            "NOTIFY_SOCKET": "/nonexistent/notify", "WATCHDOG_USEC": "8000000",
        ])
        #expect(notifier?.watchdog == 8)
        #expect(ServiceNotifier(environment: [:]) == nil)
        #expect(
            ServiceNotifier(environment: ["NOTIFY_SOCKET": "/x", "WATCHDOG_USEC": "1", "WATCHDOG_PID": "1"])?.watchdog
                == nil)
    }
}
