import AndonCore
import AndonTestSupport
import Testing

/// A panel sorted by value asks Prometheus for its top rows and how many there are, not for every series.
@Suite(
    "drill-down panels: the top rows only",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct PanelFetchTests {
    static let depth = Profile.standard.panels(.kanban)[0]

    @Test func aPanelSortedByValueAsksForItsTopRowsAndTheirCount() {
        #expect(Self.depth.sortByValue && Self.depth.query == "max by (queue_name) (tps_kanban_queue_depth)")
        #expect(
            Self.depth.fetchQuery
                == "topk(12, max by (queue_name) (tps_kanban_queue_depth)) or "
                + #"label_replace(count(max by (queue_name) (tps_kanban_queue_depth)), "andon_rows", "total", "", "")"#)
        // Fewest first: the bottom rows.
        let workers = Profile.standard.panels(.kanban).first { $0.metric == "tps_kanban_workers_available" }!
        #expect(workers.smallestFirst && workers.fetchQuery.hasPrefix("bottomk(12, max by (queue_name)"))
        // Sorted by label, or a trend: every series, as before.
        for id in PrincipleID.allCases {
            for panel in Profile.standard.panels(id) where panel.kind == .trend || !panel.sortByValue {
                #expect(panel.fetchQuery == panel.query)
            }
        }
    }

    /// The answer to the joined query: 12 rows and the count of 10,000; the drill-down says how many are not shown.
    @Test func theCountSaysHowManyRowsAreNotShown() {
        var series = (0..<12).map { index in
            #"{"metric":{"queue_name":"q\#(index)"},"value":[1,"\#(2000 - index)"]}"#
        }
        series.append(#"{"metric":{"andon_rows":"total"},"value":[1,"10000"]}"#)
        let answer = RecordedTransport.json(
            #"{"status":"success","data":{"resultType":"vector","result":["# + series.joined(separator: ",") + "]}}")
        let result = BoardFetcher.result(
            Self.depth,
            answer.mapError { PrometheusError.transport($0) }.decoded { (response) throws(PrometheusError) in
                try ResponseDecoder.query(response, keepingLabels: ["queue_name", Panel.rowCountMark])
            })
        #expect(result.rows.count == 12 && result.total == 10_000)
        #expect(result.rows.first == PanelResult.Row(label: "q0", value: 2000))
        #expect(!result.rows.contains { $0.label.isEmpty }, "the count is not a row")

        var state = BoardState(config: Config(), now: 1000, size: Size(width: 120, height: 60))
        _ = state.update(.key(.character("2")))
        var panels = Profile.standard.panels(.kanban).map { _ in PanelResult(problem: "none") }
        panels[0] = result
        _ = state.update(.drilled(DrillData(principle: .kanban, panels: panels, at: 1000)))
        let screen = BoardView().render(state).text
        #expect(screen.contains("q0") && screen.contains("+9988"), "\(screen)")
    }

    /// Without a count (an answer of every series, as a panel sorted by label gets), the rows are the total.
    @Test func withoutACountTheRowsAreAll() {
        let answer = RecordedTransport.json(
            #"{"status":"success","data":{"resultType":"vector","result":[{"metric":{"queue_name":"a"},"value":[1,"3"]}]}}"#
        )
        let result = BoardFetcher.result(
            Self.depth, answer.mapError { PrometheusError.transport($0) }.decoded(ResponseDecoder.query))
        #expect(result.rows == [PanelResult.Row(label: "a", value: 3)] && result.total == 1)
    }
}
