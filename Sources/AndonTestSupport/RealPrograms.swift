import AndonCore
import Foundation
import Glibc

/// A real RabbitMQ (Debian's `rabbitmq-server`) on free loopback ports, with throwaway data, the
/// `rabbitmq_prometheus` plugin (per-queue series on `/metrics/per-object`) and the management plugin (its HTTP
/// API declares queues and publishes, as a producer would). Its own Erlang port mapper (`epmd`, on a port of its
/// own) is stopped with it: `stop()` ends the node with `rabbitmqctl stop` (killing the wrapper would leave the
/// Erlang VM running), then that `epmd`.
public final class RabbitMQServer: @unchecked Sendable {
    public let node: String
    public let prometheusPort: UInt16
    public let managementPort: UInt16
    let epmdPort: UInt16
    let directory: URL
    let process: CleanProcess
    let environment: [String: String]

    /// Where Prometheus scrapes the per-queue series: `metrics_path: /metrics/per-object` on this target.
    public var metricsTarget: String { "127.0.0.1:\(prometheusPort)" }

    init(
        node: String, prometheusPort: UInt16, managementPort: UInt16, epmdPort: UInt16, directory: URL,
        process: CleanProcess, environment: [String: String]
    ) {
        self.node = node
        self.prometheusPort = prometheusPort
        self.managementPort = managementPort
        self.epmdPort = epmdPort
        self.directory = directory
        self.process = process
        self.environment = environment
    }

    /// Starts a node and waits until its metrics and management API answer (RabbitMQ takes some seconds). Its
    /// `epmd` is started first and asked until it answers: left to the Erlang VM, on a busy machine the node's
    /// distribution sometimes started before that `epmd` listened, and the node stopped at once (`nodistribution`).
    /// A node that still ends before it answers is started once more, on new ports.
    public static func start() async throws -> RabbitMQServer {
        var failure = ""
        for _ in 0..<2 {
            let (server, log) = try await attempt()
            if let server { return server }
            failure = log
        }
        throw TestHarnessError("RabbitMQ did not start: \(failure.suffix(2000))")
    }

    private static func attempt() async throws -> (RabbitMQServer?, String) {
        let directory = URL(fileURLWithPath: "/tmp").appendingPathComponent("andon-rabbit-\(UUID().uuidString)")
        for folder in ["mnesia", "log"] {
            try FileManager.default.createDirectory(
                at: directory.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let (amqp, dist, prometheus, management, epmd) = (
            try freePort(), try freePort(), try freePort(), try freePort(), try freePort()
        )
        try """
        listeners.tcp.default = 127.0.0.1:\(amqp)
        prometheus.tcp.ip = 127.0.0.1
        prometheus.tcp.port = \(prometheus)
        management.tcp.ip = 127.0.0.1
        management.tcp.port = \(management)
        loopback_users = none
        """.write(to: directory.appendingPathComponent("rabbitmq.conf"), atomically: true, encoding: .utf8)
        try "[rabbitmq_prometheus,rabbitmq_management].".write(
            to: directory.appendingPathComponent("enabled_plugins"), atomically: true, encoding: .utf8)
        // Debian's wrapper drops to the rabbitmq user, which must own the node's folders.
        let chown = try await CleanProcess.run(
            try executable("chown"), ["-R", "rabbitmq:rabbitmq", directory.path], limit: 10)
        guard chown.status == 0 else { throw TestHarnessError("cannot give rabbitmq its folder: \(chown.stderr)") }
        let node = "andon\(UInt32.random(in: 0...UInt32.max))@localhost"
        var environment = ProcessInfo.processInfo.environment
        environment["RABBITMQ_NODENAME"] = node
        environment["RABBITMQ_CONFIG_FILE"] = directory.appendingPathComponent("rabbitmq").path
        environment["RABBITMQ_MNESIA_BASE"] = directory.appendingPathComponent("mnesia").path
        environment["RABBITMQ_LOG_BASE"] = directory.appendingPathComponent("log").path
        environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = directory.appendingPathComponent("enabled_plugins").path
        environment["RABBITMQ_DIST_PORT"] = "\(dist)"
        environment["ERL_EPMD_PORT"] = "\(epmd)"
        try await startPortMapper(port: epmd, environment: environment)
        let process = try CleanProcess(
            try executable("rabbitmq-server"), [], stdout: directory.appendingPathComponent("stdout").path,
            stderr: directory.appendingPathComponent("stderr").path, environment: environment)
        let server = RabbitMQServer(
            node: node, prometheusPort: prometheus, managementPort: management, epmdPort: epmd, directory: directory,
            process: process, environment: environment)
        let answered =
            (try? await Wait.until("RabbitMQ to answer", timeout: 90, every: .milliseconds(500)) {
                guard process.poll() == nil else { throw TestHarnessError("RabbitMQ ended") }
                guard try await server.curl(["http://127.0.0.1:\(management)/api/overview"]).status == 0 else {
                    return false
                }
                return try await server.curl(["http://127.0.0.1:\(prometheus)/metrics/per-object"]).status == 0
            }) != nil
        if answered { return (server, "") }
        let ended = process.poll() != nil
        let log = (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
        server.stop()
        guard ended else { throw TestHarnessError("RabbitMQ did not answer: \(log.suffix(2000))") }
        return (nil, log)
    }

    /// Starts an `epmd` on `port` and waits until it answers.
    private static func startPortMapper(port: UInt16, environment: [String: String]) async throws {
        let epmd = try executable("epmd")
        let daemon = try await CleanProcess.run(
            epmd, ["-port", "\(port)", "-daemon"], environment: environment, limit: 10)
        guard daemon.status == 0 else { throw TestHarnessError("epmd did not start: \(daemon.stderr)") }
        try await Wait.until("epmd on port \(port) to answer", timeout: 10) {
            try await CleanProcess.run(epmd, ["-port", "\(port)", "-names"], environment: environment, limit: 10)
                .status == 0
        }
    }

    /// curl against this node's management API (as guest, which `loopback_users = none` lets in).
    func curl(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await CleanProcess.run(
            try executable("curl"), ["-sf", "--max-time", "10", "-u", "guest:guest"] + arguments, limit: 20)
    }

    /// Declares a classic queue.
    public func declare(_ queue: String) async throws {
        let result = try await curl([
            "-X", "PUT", "-H", "content-type: application/json", "-d", #"{"durable":false}"#,
            "http://127.0.0.1:\(managementPort)/api/queues/%2F/\(queue)",
        ])
        guard result.status == 0 else { throw TestHarnessError("cannot declare \(queue): \(result.stderr)") }
    }

    /// Publishes `count` messages to `queue` through the default exchange, over one kept-alive connection.
    public func publish(_ count: Int, to queue: String) async throws {
        let script = """
            import base64, http.client, json, sys
            port, queue, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            headers = {"Authorization": "Basic " + base64.b64encode(b"guest:guest").decode(),
                       "content-type": "application/json"}
            body = json.dumps({"properties": {}, "routing_key": queue, "payload": "work", "payload_encoding": "string"})
            for _ in range(count):
                connection.request("POST", "/api/exchanges/%2F/amq.default/publish", body, headers)
                answer = connection.getresponse()
                data = answer.read()
                if answer.status != 200 or b'"routed":true' not in data:
                    sys.exit("publish failed: %d %s" % (answer.status, data))
            """
        let result = try await CleanProcess.run(
            try executable("python3"), ["-c", script, "\(managementPort)", queue, "\(count)"], limit: 120)
        guard result.status == 0 else { throw TestHarnessError("cannot publish to \(queue): \(result.stderr)") }
    }

    /// Removes every message of `queue`, as consumers that caught up would.
    public func purge(_ queue: String) async throws {
        let result = try await curl([
            "-X", "DELETE", "http://127.0.0.1:\(managementPort)/api/queues/%2F/\(queue)/contents",
        ])
        guard result.status == 0 else { throw TestHarnessError("cannot purge \(queue): \(result.stderr)") }
    }

    /// Stops the node, then its epmd, and removes its data.
    public func stop() {
        if process.poll() == nil {
            let stop = try? CleanProcess(
                try executable("rabbitmqctl"), ["-n", node, "stop"], environment: environment)
            _ = stop?.waitBlocking(limit: 60)
            if process.waitBlocking(limit: 30) == nil {
                // Not gone: whatever runs as this node is ended by force.
                _ = try? CleanProcess(try executable("pkill"), ["-KILL", "-f", node]).waitBlocking(limit: 10)
            }
        }
        _ = try? CleanProcess(
            try executable("epmd"), ["-port", "\(epmdPort)", "-kill"], environment: environment
        ).waitBlocking(limit: 10)
        try? FileManager.default.removeItem(at: directory)
    }
}

/// A real HAProxy (Debian's `haproxy`) in front of `servers` listening sockets (each accepts and says nothing: an
/// L4 health check passes), with its built-in Prometheus exporter on `/metrics`. Checks run every 200 ms and two
/// failures take a server out, so a stopped server is DOWN within a second.
public final class HAProxyServer: @unchecked Sendable {
    public let metricsPort: UInt16
    public let frontendPort: UInt16
    public private(set) var servers: [SilentServer]
    let directory: URL
    let process: CleanProcess

    public var metricsTarget: String { "127.0.0.1:\(metricsPort)" }

    init(metricsPort: UInt16, frontendPort: UInt16, servers: [SilentServer], directory: URL, process: CleanProcess) {
        self.metricsPort = metricsPort
        self.frontendPort = frontendPort
        self.servers = servers
        self.directory = directory
        self.process = process
    }

    public static func start(servers count: Int, backend: String = "app") async throws -> HAProxyServer {
        try await retryingOnPortClash { try await attempt(servers: count, backend: backend) }
    }

    private static func attempt(servers count: Int, backend: String) async throws -> HAProxyServer {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-haproxy-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let servers = try (0..<count).map { _ in try SilentServer() }
        let (metrics, frontend) = (try freePort(), try freePort())
        let lines = servers.enumerated().map { index, server in
            "    server s\(index + 1) 127.0.0.1:\(server.port) check inter 200ms fall 2 rise 1"
        }
        let config = """
            global
                maxconn 200
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend prometheus
                bind 127.0.0.1:\(metrics)
                http-request use-service prometheus-exporter if { path /metrics }
            frontend web
                bind 127.0.0.1:\(frontend)
                default_backend \(backend)
            backend \(backend)
            \(lines.joined(separator: "\n"))

            """
        let file = directory.appendingPathComponent("haproxy.cfg")
        try config.write(to: file, atomically: true, encoding: .utf8)
        let process = try CleanProcess(
            try executable("haproxy"), ["-f", file.path, "-db"],
            stdout: directory.appendingPathComponent("haproxy.log").path,
            stderr: directory.appendingPathComponent("haproxy.err").path)
        let server = HAProxyServer(
            metricsPort: metrics, frontendPort: frontend, servers: servers, directory: directory, process: process)
        let ready =
            (try? await Wait.until("HAProxy to serve with its servers up", timeout: 20) {
                guard process.poll() == nil else { throw TestHarnessError("HAProxy ended") }
                let answer = try await CleanProcess.run(
                    try executable("curl"), ["-sf", "--max-time", "2", "http://127.0.0.1:\(metrics)/metrics"], limit: 5)
                // Up once every server has passed its first check.
                let up = answer.stdout.split(separator: "\n").filter {
                    $0.hasPrefix("haproxy_server_status{") && $0.hasSuffix("state=\"UP\"} 1")
                }
                return answer.status == 0 && up.count == count
            }) != nil
        if ready { return server }
        let log = (try? String(contentsOf: directory.appendingPathComponent("haproxy.err"), encoding: .utf8)) ?? ""
        server.stop()
        throw TestHarnessError("HAProxy did not start with its servers up: \(log)")
    }

    /// Stops server `index` (0-based): its checks fail and HAProxy takes it out.
    public func stopServer(_ index: Int) { servers[index].stop() }

    public func stop() {
        process.terminate(grace: 5)
        for server in servers { server.stop() }
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Starts a program again, on new ports, while it fails because a port `freePort()` handed it was taken before it
/// bound it (the error names "already in use"); at most `attempts` times.
func retryingOnPortClash<T>(attempts: Int = 4, _ start: () async throws -> T) async throws -> T {
    var attempt = 1
    while true {
        do {
            return try await start()
        } catch let error as TestHarnessError
            where attempt < attempts && error.description.lowercased().contains("already in use")
        {
            attempt += 1
        }
    }
}
