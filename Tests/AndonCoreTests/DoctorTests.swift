import AndonCore
import AndonTestSupport
import Testing

/// The doctor's pure parts: which metrics a query reads, and the report's text and JSON.
@Suite(
    "doctor: metric names and the report",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct DoctorTests {
    @Test(arguments: [
        ("max(tps_kanban_queue_depth)", ["tps_kanban_queue_depth"]),
        (
            "100 * (sum(rate(tps_andon_errors_total[5m])) or vector(0)) / sum(rate(tps_andon_requests_total[5m]))",
            ["tps_andon_errors_total", "tps_andon_requests_total"]
        ),
        ("topk(5, sum by (error_type) (rate(tps_andon_errors_total[5m])))", ["tps_andon_errors_total"]),
        ("sum without (instance) (up{job=\"tps\"}) by (le)", ["up"]),
        (
            "histogram_quantile(0.99, sum by (le) (rate(tps_tracing_duration_seconds_bucket{le!=\"1e-3\"}[5m])))",
            ["tps_tracing_duration_seconds_bucket"]
        ),
        ("a + on(job) group_left(instance) b offset 1w > bool 0.5e-3", ["a", "b"]),
        ("label_replace(x, \"dst\", \"$1 (y)\", \"src\", \"(.+)\")", ["x"]),
        ("100 * 0x1F - 1e+5 + inf", []),
        ("rate(x[5m:30s]) unless y and z or w", ["x", "y", "z", "w"]),
    ])
    func metricNames(query: String, expected: [String]) {
        #expect(PromQLMetrics.names(in: query) == expected)
    }

    /// Every built-in headline and panel query names only contract metrics (and at least one).
    @Test func builtInQueriesReadContractMetrics() {
        let contract = Set(
            MetricContract.metrics.flatMap { metric in
                metric.kind == .histogram
                    ? [metric.name + "_bucket", metric.name + "_sum", metric.name + "_count"] : [metric.name]
            })
        let queries =
            PrincipleID.allCases.map { PrincipleSpec.standard($0).query }
            + PrincipleID.allCases.flatMap { Profile.standard.panels($0).map(\.query) }
        for query in queries {
            let names = PromQLMetrics.names(in: query)
            #expect(!names.isEmpty && Set(names).isSubset(of: contract), "\(query): \(names)")
        }
    }

    @Test func theReportSaysWhatToDo() {
        let report = DoctorReport(
            prometheus: "http://p:9090",
            checks: [
                DoctorCheck("connection", ok: true, "http://p:9090 answers"),
                DoctorCheck("target", ok: false, "tps 10.0.0.1:9464 is down", fix: "check the exporter\nsecond line"),
            ], notRun: 0)
        #expect(report.exitCode == 1)
        #expect(
            report.text(ascii: false) == """
                andon doctor · http://p:9090

                ✓ connection  http://p:9090 answers
                ✗ target      tps 10.0.0.1:9464 is down
                    fix: check the exporter
                         second line

                1 of 2 checks failed.

                """)
        #expect(report.text(ascii: true).contains("FAIL target      tps 10.0.0.1:9464 is down"))
        #expect(
            report.json().serialized().contains(
                "{\"area\": \"target\", \"ok\": false, \"detail\": \"tps 10.0.0.1:9464 is down\","
                    + " \"fix\": \"check the exporter\\nsecond line\"}"
            ))
        let blind = DoctorReport(prometheus: "p", checks: [], notRun: 8)
        #expect(!blind.ok && blind.exitCode == 1)
    }
}
