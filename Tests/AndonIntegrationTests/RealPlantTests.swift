import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The shipped profiles against the real programs from Debian's archive: RabbitMQ, HAProxy, node_exporter and
/// Prometheus itself, each on free loopback ports with throwaway data, scraped by a real Prometheus. The board's
/// figures are checked against what was done to the programs.
@Suite(
    "real plants: the shipped profiles against the real programs",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is check's and the board's, which the sanitized suites cover; the rest is programs of others"
    ))
struct RealPlantTests {
    /// A Prometheus scraping one target every second.
    static func prometheus(job: String, target: String, path: String = "/metrics") async throws -> PrometheusServer {
        try await PrometheusServer.start(
            config: """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: \(job)
                    metrics_path: \(path)
                    static_configs:
                      - targets: ['\(target)']
                """)
    }

    static func check(_ arguments: [String], _ prometheus: PrometheusServer) async throws -> (Int32, CheckJSON) {
        let outcome = try await AndonProcess.run(["check", "--json"] + arguments + ["--prometheus", prometheus.url])
        return (outcome.status, try CheckJSON(outcome.stdout))
    }

    /// 1,200 messages published to a queue nobody consumes: Kanban is 1,200 items, red, that queue to blame; a
    /// second, shallower queue is not the headline; purged, the shallower one is, and Kanban is green.
    @Test func rabbitMQQueuesAreKanban() async throws {
        let rabbit = try await RabbitMQServer.start()
        defer { rabbit.stop() }
        let prometheus = try await Self.prometheus(
            job: "rabbitmq", target: rabbit.metricsTarget, path: "/metrics/per-object")
        defer { prometheus.stop() }
        try await rabbit.declare("orders")
        try await rabbit.declare("billing")
        try await rabbit.publish(1200, to: "orders")
        try await rabbit.publish(300, to: "billing")
        try await prometheus.waitForData(#"rabbitmq_queue_messages_ready{queue="orders"} == 1200"#, timeout: 60)
        try await prometheus.waitForData(#"rabbitmq_queue_messages_ready{queue="billing"} == 300"#, timeout: 60)

        let (red, deep) = try await Self.check(["--profile", "rabbitmq"], prometheus)
        #expect(red == 2)
        #expect(deep.ids == ["kanban"])
        #expect(deep.values == [1200])
        #expect(deep.statuses == ["red"])
        #expect(deep.principles[0]["culprit"] as? String == "orders: 1,200 items", "\(deep.root)")

        try await rabbit.purge("orders")
        try await prometheus.waitForData(#"rabbitmq_queue_messages_ready{queue="orders"} == 0"#, timeout: 60)
        let (green, drained) = try await Self.check(["--profile", "rabbitmq"], prometheus)
        #expect(green == 0)
        #expect(drained.values == [300] && drained.statuses == ["green"])
        #expect(drained.principles[0]["culprit"] as? String == "billing: 300 items", "\(drained.root)")
    }

    /// Four servers behind HAProxy, all up: Jidoka 0 %, green; one stopped, its health checks fail: 25 %, the
    /// server named.
    @Test func haproxyServersAreCircuits() async throws {
        let haproxy = try await HAProxyServer.start(servers: 4)
        defer { haproxy.stop() }
        let prometheus = try await Self.prometheus(job: "haproxy", target: haproxy.metricsTarget)
        defer { prometheus.stop() }
        try await prometheus.waitForData(#"count(haproxy_server_status{state="UP"} == 1) == 4"#)

        let (up, all) = try await Self.check(["--profile", "haproxy", "--principle", "jidoka"], prometheus)
        #expect(up == 0, "\(all.root)")
        #expect(all.values == [0] && all.statuses == ["green"])

        haproxy.stopServer(3)
        try await prometheus.waitForData(#"haproxy_server_status{server="s4",state="DOWN"} == 1"#)
        let (_, one) = try await Self.check(["--profile", "haproxy", "--principle", "jidoka"], prometheus)
        #expect(one.values == [25], "\(one.root)")
        #expect(one.statuses == ["yellow"])
        #expect(one.principles[0]["culprit"] as? String == "down: s4", "\(one.root)")
    }

    /// Prometheus' own HTTP metrics after a burst of bad queries (HTTP 400): Andon's value is what Prometheus
    /// computes for the profile's query at the same instant.
    @Test func prometheusOwnRequestsAreAndon() async throws {
        let prometheus = try await Self.prometheus(job: "prometheus", target: "{{self}}")
        defer { prometheus.stop() }
        // A first bad query, scraped, so that the burst is an increase of a series Prometheus already has (a
        // counter's first sample says nothing of how it grew).
        func ask(_ query: String) async throws {
            _ = try await CleanProcess.run(
                try executable("curl"),
                ["-s", "-o", "/dev/null", "\(prometheus.url)/api/v1/query", "--data-urlencode", "query=\(query)"],
                limit: 10)
        }
        try await ask("sum(")
        try await prometheus.waitForData(#"prometheus_http_requests_total{code="400"}"#)
        for index in 0..<40 {
            try await ask(index % 4 == 0 ? "up" : "sum(")
        }
        try await prometheus.waitForData(#"sum(prometheus_http_requests_total{code="400"}) >= 31"#)
        try await prometheus.waitForScrapes(2)  // for rate()
        let at = (Date().timeIntervalSince1970 - 1).rounded(.down)
        let (_, json) = try await Self.check(
            ["--profile", "prometheus", "--principle", "andon", "--at", "\(Int(at))"], prometheus)
        let query = try #require(
            Profile.builtin("prometheus")?.principle(.andon)?.spec.query)
        let oracle = try #require(try await Oracle.value(prometheus.url, query, at: at))
        let value = try #require(json.values[0])
        #expect(oracle > 1, "the burst of 400s is a large share of the requests: \(oracle)")
        #expect(abs(value - oracle) <= 0.001 * oracle, "andon \(value), Prometheus \(oracle)")
        #expect(json.statuses == ["red"])
    }

    /// node_exporter on this host: Heijunka has a value and names the busiest CPU.
    @Test func nodeExporterIsHeijunka() async throws {
        let node = try await ExporterProcess.node()
        defer { node.stop() }
        let prometheus = try await Self.prometheus(job: "node", target: node.target)
        defer { prometheus.stop() }
        try await prometheus.waitForData(#"rate(node_cpu_seconds_total{mode="idle"}[5m])"#)
        let (_, json) = try await Self.check(["--profile", "node"], prometheus)
        #expect(json.ids == ["heijunka"])
        let value = try #require(json.values[0], "\(json.root)")
        #expect(value >= 0 && value <= 100)
        let culprit = try #require(json.principles[0]["culprit"] as? String, "\(json.root)")
        #expect(culprit.hasPrefix("CPU "), "\(culprit)")
    }
}
