import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The profiles for software that cannot run here (Micrometer and resilience4j in a Spring Boot service, an
/// OpenTelemetry SDK, the OpenTelemetry Collector's span-metrics connector, Sloth, Pyrra), proven with
/// `promtool test rules`: each profile's headline and culprit queries evaluated by Prometheus' own engine over
/// series named, labelled and measured as those projects document them (cited at each), with the values a person
/// computes by hand.
@Suite(
    "profiles for software that cannot run here, by promtool",
    .enabled(if: Sanitizers.normalPassOnly, "promtool's tests of our rules: nothing of andon's runs"))
struct ForeignProfileTests {
    /// One expectation: a principle's headline (or culprit) query of `profile` gives `value` (with `labels`).
    struct Expectation {
        var principle: PrincipleID
        var culprit = false
        var labels = "{}"
        var value: Double
    }

    /// Runs promtool over `series` (each `name{labels}` with its promtool values, one sample a minute) and checks
    /// every expectation at 10 minutes.
    static func prove(_ profileName: String, series: [(String, String)], _ expectations: [Expectation]) async throws {
        let profile = try #require(Profile.builtin(profileName))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-promtool-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "groups: []\n".write(to: directory.appendingPathComponent("none.yml"), atomically: true, encoding: .utf8)
        func quoted(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
        var tests = "rule_files: [none.yml]\nevaluation_interval: 1m\ntests:\n  - interval: 1m\n    input_series:\n"
        for (name, values) in series {
            tests += "      - series: \(quoted(name))\n        values: \(quoted(values))\n"
        }
        tests += "    promql_expr_test:\n"
        for expectation in expectations {
            let principle = try #require(profile.principle(expectation.principle))
            let query = try #require(expectation.culprit ? principle.culprit?.query : principle.spec.query)
            // Rounded to 1e-6 on both sides, as Prometheus' round() computes it: promtool compares floats exactly,
            // and the hand's arithmetic is not the engine's to the last bit.
            let inverse = 1.0 / 0.000001
            let rounded = (expectation.value * inverse + 0.5).rounded(.down) / inverse
            tests +=
                "      - expr: \(quoted("round((\(query)), 0.000001)"))\n        eval_time: 10m\n        exp_samples:\n"
            tests += "          - labels: \(quoted(expectation.labels))\n"
            tests += "            value: \(rounded)\n"
        }
        let file = directory.appendingPathComponent("tests.yml")
        try tests.write(to: file, atomically: true, encoding: .utf8)
        let result = try await CleanProcess.run(try executable("promtool"), ["test", "rules", file.path], limit: 60)
        #expect(result.status == 0, "\(profileName):\n\(result.stdout)\(result.stderr)\n\(tests)")
    }

    /// Spring Boot: Micrometer's `http.server.requests` timer (Spring Boot reference, "Observability: HTTP
    /// Server Requests": tags method, uri, status, outcome, exception; in Prometheus
    /// `http_server_requests_seconds_count` and, with percentiles-histogram on, `_bucket` by `le`), and
    /// resilience4j-micrometer's `resilience4j.circuitbreaker.state` gauge (tags name and state: closed, open,
    /// half_open, forced_open, disabled, metrics_only; 1 for the state the breaker is in).
    @Test func springBoot() async throws {
        var series: [(String, String)] = [
            (
                #"http_server_requests_seconds_count{method="GET",uri="/orders",status="200",outcome="SUCCESS",exception="none"}"#,
                "0+96x10"
            ),
            (
                #"http_server_requests_seconds_count{method="GET",uri="/orders",status="500",outcome="SERVER_ERROR",exception="IllegalStateException"}"#,
                "0+4x10"
            ),
            (
                #"http_server_requests_seconds_count{method="GET",uri="/health",status="404",outcome="CLIENT_ERROR",exception="none"}"#,
                "0+0x10"
            ),
        ]
        for (le, count) in [("0.1", 50), ("0.5", 90), ("1.0", 99), ("+Inf", 100)] {
            series.append(
                (#"http_server_requests_seconds_bucket{method="GET",uri="/orders",le="\#(le)"}"#, "0+\(count)x10"))
        }
        for name in ["payments", "inventory"] {
            for state in ["closed", "open", "half_open", "forced_open", "disabled", "metrics_only"] {
                let on = (name == "payments" && state == "open") || (name == "inventory" && state == "closed")
                series.append(
                    (#"resilience4j_circuitbreaker_state{name="\#(name)",state="\#(state)"}"#, on ? "1x10" : "0x10"))
            }
        }
        try await Self.prove(
            "spring-boot", series: series,
            [
                Expectation(principle: .andon, value: 4),  // 4 server errors in 100 requests a minute
                Expectation(principle: .andon, culprit: true, labels: #"{uri="/orders"}"#, value: 4.0 / 60),
                Expectation(principle: .tracing, value: 1),  // the 99th of 100 requests a minute is in (0.5 s, 1 s]
                Expectation(principle: .jidoka, value: 50),  // one of two breakers open
                Expectation(principle: .jidoka, culprit: true, labels: #"{name="payments"}"#, value: 1),
            ])
    }

    /// OpenTelemetry's semantic conventions for HTTP servers: the histogram `http.server.request.duration` in
    /// seconds, attributes http.request.method, http.response.status_code and http.route; the Prometheus exporter
    /// writes it as `http_server_request_duration_seconds` with the attributes' dots as underscores.
    @Test func openTelemetryHTTP() async throws {
        var series: [(String, String)] = [
            (
                #"http_server_request_duration_seconds_count{http_request_method="POST",http_route="/pay",http_response_status_code="200"}"#,
                "0+98x10"
            ),
            (
                #"http_server_request_duration_seconds_count{http_request_method="POST",http_route="/pay",http_response_status_code="503"}"#,
                "0+2x10"
            ),
            (
                #"http_server_request_duration_seconds_count{http_request_method="GET",http_route="/cart",http_response_status_code="404"}"#,
                "0+100x10"
            ),
        ]
        for (le, count) in [("0.25", 150), ("0.5", 190), ("2.5", 198), ("+Inf", 200)] {
            series.append(
                (#"http_server_request_duration_seconds_bucket{http_route="/pay",le="\#(le)"}"#, "0+\(count)x10"))
        }
        try await Self.prove(
            "otel-http", series: series,
            [
                Expectation(principle: .andon, value: 1),  // 2 of 200 requests a minute are 5xx (404s are not)
                Expectation(principle: .andon, culprit: true, labels: #"{http_route="/pay"}"#, value: 2.0 / 60),
                // Rank 198 of 200 falls at the top of (0.5 s, 2.5 s].
                Expectation(principle: .tracing, value: 2.5),
            ])
    }

    /// The OpenTelemetry Collector's span-metrics connector (its README: `traces.span.metrics.calls` and
    /// `traces.span.metrics.duration`, durations in milliseconds by default, dimensions service.name,
    /// span.name, span.kind, status.code): server spans only, client spans' errors are the callee's.
    @Test func collectorSpanMetrics() async throws {
        var series: [(String, String)] = [
            (
                #"traces_span_metrics_calls_total{service_name="checkout",span_name="POST /pay",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"}"#,
                "0+90x10"
            ),
            (
                #"traces_span_metrics_calls_total{service_name="checkout",span_name="POST /pay",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_ERROR"}"#,
                "0+10x10"
            ),
            (
                #"traces_span_metrics_calls_total{service_name="checkout",span_name="GET stock",span_kind="SPAN_KIND_CLIENT",status_code="STATUS_CODE_ERROR"}"#,
                "0+50x10"
            ),
        ]
        for (le, count) in [("100", 50), ("500", 90), ("1000", 99), ("+Inf", 100)] {
            series.append(
                (
                    #"traces_span_metrics_duration_milliseconds_bucket{service_name="checkout",span_name="POST /pay",span_kind="SPAN_KIND_SERVER",le="\#(le)"}"#,
                    "0+\(count)x10"
                ))
        }
        try await Self.prove(
            "spanmetrics", series: series,
            [
                Expectation(principle: .andon, value: 10),
                Expectation(principle: .andon, culprit: true, labels: #"{service_name="checkout"}"#, value: 10.0 / 60),
                Expectation(principle: .tracing, value: 1),  // 1,000 ms
            ])
    }

    /// Sloth's generated SLI recording rules (`slo:sli_error:ratio_rate30d`, labels sloth_id, sloth_service,
    /// sloth_slo, sloth_window): the error ratio over the SLO period.
    @Test func slothSLOs() async throws {
        try await Self.prove(
            "sloth",
            series: [
                (
                    #"slo:sli_error:ratio_rate30d{sloth_id="checkout-availability",sloth_service="checkout",sloth_slo="availability",sloth_window="30d"}"#,
                    "0.002x10"
                ),
                (
                    #"slo:sli_error:ratio_rate30d{sloth_id="checkout-latency",sloth_service="checkout",sloth_slo="latency",sloth_window="30d"}"#,
                    "0.03x10"
                ),
            ],
            [
                Expectation(principle: .kaizen, value: 97),
                Expectation(principle: .kaizen, culprit: true, labels: #"{sloth_slo="latency"}"#, value: 97),
            ])
    }

    /// Pyrra's generic recording rules (`--generic-rules`; Pyrra's examples/grafana README: pyrra_availability
    /// and pyrra_objective, one series per SLO by the label slo, as ratios).
    @Test func pyrraSLOs() async throws {
        try await Self.prove(
            "pyrra",
            series: [
                (#"pyrra_availability{slo="checkout-errors"}"#, "0.998x10"),
                (#"pyrra_availability{slo="search-latency"}"#, "0.96x10"),
                (#"pyrra_objective{slo="checkout-errors"}"#, "0.99x10"),
                (#"pyrra_objective{slo="search-latency"}"#, "0.95x10"),
            ],
            [
                Expectation(principle: .kaizen, value: 96),
                Expectation(principle: .kaizen, culprit: true, labels: #"{slo="search-latency"}"#, value: 96),
            ])
    }

    /// kafka_exporter (danielqsj/kafka_exporter, "Metrics"): `kafka_brokers`; per topic and partition
    /// `kafka_topic_partition_under_replicated_partition` (1 when under-replicated); per consumer group, topic and
    /// partition `kafka_consumergroup_lag`.
    @Test func kafkaLagAndReplicas() async throws {
        var series: [(String, String)] = [("kafka_brokers", "3x10")]
        for (topic, partition, under) in [("orders", 0, 1), ("orders", 1, 0), ("payments", 0, 0), ("payments", 1, 0)] {
            series.append(
                (
                    #"kafka_topic_partition_under_replicated_partition{topic="\#(topic)",partition="\#(partition)"}"#,
                    "\(under)x10"
                ))
        }
        for (group, partition, lag) in [("billing", 0, 3000), ("billing", 1, 2000), ("shipping", 0, 10)] {
            series.append(
                (
                    #"kafka_consumergroup_lag{consumergroup="\#(group)",topic="orders",partition="\#(partition)"}"#,
                    "\(lag)x10"
                ))
        }
        try await Self.prove(
            "kafka", series: series,
            [
                Expectation(principle: .jidoka, value: 25),  // one partition of four
                Expectation(principle: .jidoka, culprit: true, labels: #"{topic="orders"}"#, value: 1),
                Expectation(principle: .kanban, value: 5000),  // billing's two partitions on orders
                Expectation(principle: .kanban, culprit: true, labels: #"{lag="billing on orders"}"#, value: 5000),
            ])
    }

    /// kube-state-metrics (kubernetes/kube-state-metrics, docs "Pod Metrics"): `kube_pod_status_phase` (one series
    /// per phase, 1 for the pod's), `kube_pod_status_ready` (per condition true, false, unknown),
    /// `kube_pod_container_resource_limits` (labels resource and unit); the kubelet's cAdvisor:
    /// `container_cpu_usage_seconds_total` by namespace, pod and container (`container=""` for the pod's own cgroup).
    @Test func kubernetesPodsAndLimits() async throws {
        var series: [(String, String)] = []
        let pods: [(namespace: String, pod: String, phase: String, ready: Bool)] = [
            ("shop", "web-1", "Running", true), ("shop", "web-2", "Running", false), ("shop", "web-3", "Running", true),
            ("shop", "batch-1", "Succeeded", false), ("jobs", "queue-1", "Pending", false),
            ("jobs", "queue-2", "Pending", false),
        ]
        for pod in pods {
            for phase in ["Pending", "Running", "Succeeded", "Failed", "Unknown"] {
                series.append(
                    (
                        #"kube_pod_status_phase{namespace="\#(pod.namespace)",pod="\#(pod.pod)",phase="\#(phase)"}"#,
                        phase == pod.phase ? "1x10" : "0x10"
                    ))
            }
            for (condition, on) in [("true", pod.ready), ("false", !pod.ready)] {
                series.append(
                    (
                        #"kube_pod_status_ready{namespace="\#(pod.namespace)",pod="\#(pod.pod)",condition="\#(condition)"}"#,
                        on ? "1x10" : "0x10"
                    ))
            }
        }
        // web-1's app uses half a core of its 1, web-2's one core of its 2; web-1's proxy has no limit and the
        // pods' own cgroups are not containers: neither counts.
        series += [
            (#"container_cpu_usage_seconds_total{namespace="shop",pod="web-1",container="app"}"#, "0+30x10"),
            (#"container_cpu_usage_seconds_total{namespace="shop",pod="web-2",container="app"}"#, "0+60x10"),
            (#"container_cpu_usage_seconds_total{namespace="shop",pod="web-1",container="proxy"}"#, "0+60x10"),
            (#"container_cpu_usage_seconds_total{namespace="shop",pod="web-1",container=""}"#, "0+90x10"),
            (
                #"kube_pod_container_resource_limits{namespace="shop",pod="web-1",container="app",resource="cpu",unit="core"}"#,
                "1x10"
            ),
            (
                #"kube_pod_container_resource_limits{namespace="shop",pod="web-2",container="app",resource="cpu",unit="core"}"#,
                "2x10"
            ),
        ]
        try await Self.prove(
            "kubernetes", series: series,
            [
                // One of the three running pods is not ready; the finished and the pending ones are not counted.
                Expectation(principle: .jidoka, value: 100.0 / 3),
                Expectation(
                    principle: .jidoka, culprit: true,
                    labels: #"{condition="false",name="shop/web-2",namespace="shop",pod="web-2"}"#, value: 1),
                Expectation(principle: .kanban, value: 2),
                Expectation(principle: .kanban, culprit: true, labels: #"{namespace="jobs"}"#, value: 2),
                Expectation(principle: .heijunka, value: 50),  // 1.5 cores of 3
                Expectation(principle: .heijunka, culprit: true, labels: #"{namespace="shop"}"#, value: 50),
            ])
    }

    /// The Java client library's default exports (prometheus/client_java, simpleclient_hotspot: `process_open_fds`,
    /// `process_max_fds`, `jvm_memory_bytes_used{area}`) beside a Go service's (`go_gc_duration_seconds` by
    /// quantile): the busiest process by open files, Go's longest pause.
    @Test func runtimeDefaults() async throws {
        try await Self.prove(
            "runtime",
            series: [
                (#"process_open_fds{job="orders",instance="jvm-1:8080"}"#, "800x10"),
                (#"process_max_fds{job="orders",instance="jvm-1:8080"}"#, "1000x10"),
                (#"jvm_memory_bytes_used{job="orders",instance="jvm-1:8080",area="heap"}"#, "500x10"),
                (#"process_open_fds{job="api",instance="go-1:9000"}"#, "100x10"),
                (#"process_max_fds{job="api",instance="go-1:9000"}"#, "1024x10"),
                (#"go_gc_duration_seconds{job="api",instance="go-1:9000",quantile="0.5"}"#, "0.001x10"),
                (#"go_gc_duration_seconds{job="api",instance="go-1:9000",quantile="1"}"#, "0.02x10"),
            ],
            [
                Expectation(principle: .heijunka, value: 80),
                Expectation(principle: .heijunka, culprit: true, labels: #"{target="orders jvm-1:8080"}"#, value: 80),
                Expectation(principle: .tracing, value: 0.02),
                Expectation(principle: .tracing, culprit: true, labels: #"{job="api"}"#, value: 0.02),
            ])
    }
}
