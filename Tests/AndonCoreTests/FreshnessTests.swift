import AndonCore
import AndonTestSupport
import Testing

/// The honesty rule, checked over random sequences of poll outcomes: whatever Prometheus does, in whatever order
/// and at whatever pace, the board shows green only for a fresh, answered, green value.
@Suite(
    "freshness: never green when blind",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct FreshnessTests {
    /// A small deterministic generator (SplitMix64), so that a failing sequence can be replayed from its seed.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    enum Outcome: CaseIterable {
        case green, yellow, red, emptyAnswer, nanAnswer, partialAnswer, noAnswer
    }

    /// Values of each principle that give green, yellow and red with the standard thresholds.
    static let values: [PrincipleID: (green: Double, yellow: Double, red: Double)] = [
        .jidoka: (0, 20, 40), .kanban: (10, 700, 1500), .andon: (0.1, 0.7, 2), .kaizen: (99, 92, 80),
        .heijunka: (50, 80, 95), .tracing: (1, 4, 9),
    ]

    static func reading(_ id: PrincipleID, _ outcome: Outcome) -> Reading {
        let spec = PrincipleSpec.standard(id)
        let value: Double
        switch outcome {
        case .green: value = values[id]!.green
        case .yellow: value = values[id]!.yellow
        case .red: value = values[id]!.red
        case .emptyAnswer: return Reading(id: id, value: nil, status: .unknown, reason: "no data: no series")
        case .nanAnswer: return Reading(id: id, value: nil, status: .unknown, reason: "no data: NaN")
        case .partialAnswer:
            return Reading(id: id, value: nil, status: .unknown, reason: "partial answer", warnings: ["partial"])
        case .noAnswer:
            return Reading(id: id, value: nil, status: .unknown, reason: "connection refused", answered: false)
        }
        return Reading(id: id, value: value, status: spec.thresholds.status(for: value))
    }

    @Test(arguments: 0..<400)
    func randomPollSequences(seed: Int) {
        var random = Generator(state: UInt64(seed) &* 7919 &+ 17)
        var config = Config()
        config.refresh = [1, 5, 15][random.below(3)]
        config.unknownAfter = config.staleAge * Double(2 + random.below(10))
        var state = BoardState(config: config, now: 1000, size: Size(width: 120, height: 40))
        var now = 1000.0
        // The model: the last answered outcome per principle and when.
        var lastAnswer: [PrincipleID: (outcome: Outcome, at: Double)] = [:]
        for _ in 0..<60 {
            // Time passes: often a little, sometimes past the stale or unknown age.
            now += random.below(4) == 0 ? random.unit() * config.unknownAfter * 1.5 : random.unit() * config.refresh * 3
            _ = state.update(.tick(now))
            if random.below(5) > 0 {
                var readings: [Reading] = []
                for id in PrincipleID.allCases {
                    let outcome = Outcome.allCases[random.below(Outcome.allCases.count)]
                    readings.append(Self.reading(id, outcome))
                    if outcome != .noAnswer { lastAnswer[id] = (outcome, now) }
                }
                let alerts: Result<[Alert], PrometheusError> =
                    random.below(6) == 0 ? .failure(.transport(TransportError(.timeout, "t"))) : .success([])
                let evaluation = Evaluation(evaluatedAt: now, prometheus: "p", readings: readings, alerts: alerts)
                _ = state.update(.refreshed(OverviewData(evaluation: evaluation, culprits: [:], at: now)))
            }
            for id in PrincipleID.allCases {
                let shown = state.shown(id)
                let context =
                    "seed \(seed), \(id) at \(now): shown \(shown.shown), last \(String(describing: lastAnswer[id]))"
                guard let last = lastAnswer[id] else {
                    #expect(shown.shown == .status(.unknown), "\(context)")
                    continue
                }
                let age = now - last.at
                if shown.shown == .status(.green) {
                    // Green only for an answered green value no older than the stale age.
                    #expect(last.outcome == .green && age <= config.staleAge, "\(context)")
                }
                if [.emptyAnswer, .nanAnswer, .partialAnswer].contains(last.outcome) {
                    #expect(shown.shown.effective == .unknown, "\(context)")
                }
                if age > config.unknownAfter {
                    #expect(shown.shown == .status(.unknown) && shown.value == nil, "\(context)")
                } else if age > config.staleAge {
                    #expect(shown.shown.effective == .unknown, "\(context)")
                    if case .status = shown.shown { #expect(last.outcome != .green) }
                } else {
                    // Fresh: exactly the last answer's status.
                    let expected = Self.reading(id, last.outcome).status
                    #expect(shown.shown == .status(expected), "\(context)")
                }
                if shown.shown.effective == .unknown { #expect(shown.reason != nil || last.outcome != .green) }
            }
            // The whole board is green only when every principle is, and the alerts could be read.
            if state.overall == .green {
                #expect(PrincipleID.allCases.allSatisfy { state.shown($0).shown == .status(.green) })
                #expect(state.alertsError == nil)
            }
        }
    }

    @Test func partialAnswersAreUnknown() {
        let body =
            #"{"status":"success","warnings":["partial response: store x unavailable"],"#
            + #""data":{"resultType":"vector","result":[{"metric":{},"value":[1,"0"]}]}}"#
        let answer = Result { () throws(PrometheusError) in
            try ResponseDecoder.query(HTTPResponse(status: 200, body: Array(body.utf8)))
        }
        let reading = Reading.evaluate(.standard(.jidoka), answer)
        #expect(reading.status == .unknown && reading.value == nil)
        #expect(reading.reason == "partial answer: partial response: store x unavailable")
    }
}
