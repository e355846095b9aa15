import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The overview as one joined query (`OverviewQuery`): the same readings and culprits as a request each, two
/// requests a steady refresh, and a query that fails does not blind the others.
@Suite(
    "the overview as one query",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct OverviewQueryTests {
    /// Counts the batches and requests it passes on.
    final class Counting: HTTPTransport, Sendable {
        let inner: RecordedTransport
        private let seen = Locked<[[String]]>([])

        init(_ inner: RecordedTransport) { self.inner = inner }

        var batches: [[String]] { seen.withLock { $0 } }

        func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            seen.withLock { $0.append(requests.map(RecordedTransport.key)) }
            return await inner.perform(requests)
        }
    }

    static let joinedKey = "/api/v1/query?" + OverviewQuery.joined(Config().principles)!

    static func overview(_ transport: RecordedTransport, config: Config = Config()) async -> (OverviewData, Counting) {
        let counting = Counting(transport)
        let fetcher = BoardFetcher(client: PrometheusClient(transport: counting), config: config)
        return (await fetcher.overview(now: BoardRecording.now), counting)
    }

    static func refused(_ type: String, _ message: String) -> Result<HTTPResponse, TransportError> {
        RecordedTransport.json(#"{"status":"error","errorType":"\#(type)","error":"\#(message)"}"#, status: 400)
    }

    @Test func oneJoinedRequestGivesWhatOneRequestEachGave() async throws {
        let (joined, counting) = await Self.overview(BoardRecording.transport)
        #expect(counting.batches.count == 1 && counting.batches[0].count == 2, "\(counting.batches)")
        // The same recording with the joined query refused: the board asks again, one request each.
        var transport = BoardRecording.transport
        transport.answers[Self.joinedKey] = Self.refused("bad_data", "1:5: parse error")
        let (separate, again) = await Self.overview(transport)
        #expect(again.batches.map(\.count) == [2, 7], "\(again.batches)")
        #expect(joined.evaluation.readings == separate.evaluation.readings)
        #expect(joined.culprits == separate.culprits)
        #expect(joined.evaluation.readings.allSatisfy { $0.answered && $0.value != nil })
        // Every principle names its culprit (three circuits are open in the recording).
        #expect(Set(joined.culprits.keys) == Set(PrincipleID.allCases), "\(joined.culprits)")
        #expect(joined.culprits[.jidoka] == "open: inventory, payment, search", "\(joined.culprits)")
        #expect(joined.culprits[.kanban]?.hasSuffix("items") == true, "\(joined.culprits)")
    }

    @Test func aQueryThatFailsDoesNotBlindTheOthers() async throws {
        var config = Config()
        config.principles[1].query = "max(tps_kanban_queue_depth"
        var transport = BoardRecording.transport
        let parseError = "1:27: parse error: unclosed left parenthesis"
        transport.answers["/api/v1/query?" + OverviewQuery.joined(config.principles)!] = Self.refused(
            "bad_data", parseError)
        transport.answers["/api/v1/query?max(tps_kanban_queue_depth"] = Self.refused("bad_data", parseError)
        let (data, counting) = await Self.overview(transport, config: config)
        #expect(counting.batches.map(\.count) == [2, 7])
        let readings = data.evaluation.readings
        #expect(readings[1].status == .unknown && readings[1].reason == "Prometheus bad_data: \(parseError)")
        #expect(readings.enumerated().allSatisfy { $0.offset == 1 || $0.element.value != nil }, "\(readings)")
        // The culprits are one query of their own: all six, Kanban's too.
        #expect(data.culprits.count == 6)
    }

    @Test func aPartialAnswerAsksAgain() async throws {
        var transport = BoardRecording.transport
        transport.answers[Self.joinedKey] = RecordedTransport.json(
            #"{"status":"success","warnings":["partial response"],"data":{"resultType":"vector","result":[]}}"#)
        let (data, counting) = await Self.overview(transport)
        #expect(counting.batches.map(\.count) == [2, 7])
        #expect(data.evaluation.readings.allSatisfy { $0.value != nil })
    }

    /// Prometheus unreachable or not answering like Prometheus: said once for all six, not asked six more times.
    @Test(arguments: [
        (RecordedTransport.json("<html>bad gateway</html>", status: 502), "HTTP 502"),
        (.failure(TransportError(.connectionRefused, "connection refused")), "connection refused"),
        (RecordedTransport.json(#"{"status":"success","data":{"resultType":"vector","result":{}}}"#), "not a list"),
    ])
    func aPrometheusThatCannotAnswerIsNotAskedAgain(answer: Result<HTTPResponse, TransportError>, reason: String)
        async throws
    {
        var transport = BoardRecording.transport
        transport.answers[Self.joinedKey] = answer
        let (data, counting) = await Self.overview(transport)
        #expect(counting.batches.map(\.count) == [2])
        #expect(data.evaluation.readings.allSatisfy { $0.status == .unknown && $0.reason?.contains(reason) == true })
        #expect(data.culprits.isEmpty)
    }

    /// A series the joined query did not give for a principle is that principle's empty answer.
    @Test func aMissingHeadlineIsNoData() async throws {
        var transport = BoardRecording.transport
        transport.answers[Self.joinedKey] = RecordedTransport.json(
            #"{"status":"success","data":{"resultType":"vector","result":["#
                + #"{"metric":{"andon_headline":"kanban"},"value":[1,"600"]},"#
                + #"{"metric":{"andon_principle":"kanban","queue_name":"orders"},"value":[1,"600"]}]}}"#)
        let (data, _) = await Self.overview(transport)
        #expect(data.evaluation.readings.map(\.status) == [.unknown, .yellow, .unknown, .unknown, .unknown, .unknown])
        #expect(data.evaluation.readings[0].reason == "no data: the query returned no series")
        #expect(data.culprits == [.kanban: "orders: 600 items"])
    }

    /// The Jidoka culprit names five open circuits at most (its query asks for six, to know there are more).
    @Test(arguments: [
        (["c3", "c1", "c2"], "open: c1, c2, c3"),
        (["c6", "c1", "c5", "c2", "c4", "c3"], "open: c1, c2, c3, c4, c5 and more"),
    ])
    func theOpenCircuitsNamedAreFew(open: [String], line: String) async throws {
        let culprit = try #require(Profile.standard.culprit(.jidoka))
        #expect(culprit.query.hasPrefix("topk(\(culprit.names + 1), "))
        let series = open.map { #"{"metric":{"andon_principle":"jidoka","component":"\#($0)"},"value":[1,"1"]}"# }
        let answer = RecordedTransport.json(
            #"{"status":"success","data":{"resultType":"vector","result":["# + series.joined(separator: ",") + "]}}")
        #expect(Culprits.lines(answer.mapError { PrometheusError.transport($0) }) == [.jidoka: line])
    }

    /// A `#` starts a PromQL comment that would swallow the rest of the joined query: no join then.
    @Test func aHeadlineWithACommentIsAskedAlone() async throws {
        var config = Config()
        config.principles[1].query = "max(tps_kanban_queue_depth) # deepest"
        #expect(OverviewQuery.joined(config.principles) == nil)
        let (_, counting) = await Self.overview(BoardRecording.transport, config: config)
        #expect(counting.batches.map(\.count) == [1, 7])
    }
}
