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
}
