import AndonSimCore
import AndonTestSupport
import Testing

/// The plant's headline figures computed from its ticks, the way the board's queries compute them.
struct Headlines {
    var openPercent = 0.0
    var deepestQueue = 0.0
    var errorPercent = 0.0
    var worstSLO = 0.0
    var poolUtilization = 0.0
    var p99 = 0.0

    /// Runs `model` for `seconds` and measures the last `window` seconds.
    static func measure(_ model: inout PlantModel, seconds: Double, window: Double = 60) -> Headlines {
        var requests = 0.0
        var errors = 0.0
        var latencies: [Double] = []
        var last = Tick()
        let dt = 0.5
        var t = 0.0
        while t < seconds {
            last = model.step(dt)
            t += dt
            guard t > seconds - window else { continue }
            requests += last.counters.filter { $0.name == "tps_andon_requests_total" }.map(\.value).reduce(0, +)
            errors += last.counters.filter { $0.name == "tps_andon_errors_total" }.map(\.value).reduce(0, +)
            latencies += last.observations.filter { $0.name == "tps_tracing_duration_seconds" }.map(\.value)
        }
        func gauges(_ name: String) -> [Double] { last.gauges.filter { $0.name == name }.map(\.value) }
        var out = Headlines()
        let states = gauges("tps_jidoka_circuit_state")
        out.openPercent = 100 * Double(states.filter { $0 == 1 }.count) / Double(states.count)
        out.deepestQueue = gauges("tps_kanban_queue_depth").max() ?? 0
        out.errorPercent = requests > 0 ? 100 * errors / requests : .nan
        out.worstSLO = 100 * (gauges("tps_kaizen_slo_attainment").min() ?? 0)
        let pools = gauges("tps_heijunka_pool_utilization")
        out.poolUtilization = 100 * pools.reduce(0, +) / Double(pools.count)
        latencies.sort()
        out.p99 = latencies.isEmpty ? .nan : latencies[Int(Double(latencies.count - 1) * 0.99)]
        return out
    }
}

@Suite(
    "The simulated plant",
    .enabled(if: Sanitizers.normalPassOnly, "the simulator's model: safe Swift on one thread, and not andon's code"))
struct PlantModelTests {
    @Test func steadyIsGreenEverywhere() {
        var model = PlantModel(scenario: .steady, seed: 1)
        let h = Headlines.measure(&model, seconds: 300)
        #expect(h.openPercent == 0)
        #expect(h.deepestQueue < 500, "\(h)")
        #expect(h.errorPercent < 0.5, "\(h)")
        #expect(h.worstSLO > 95, "\(h)")
        #expect(h.poolUtilization < 70, "\(h)")
        #expect(h.p99 < 3, "\(h)")
    }

    @Test func surgeBacksUpQueuesAndSaturatesPools() {
        var model = PlantModel(scenario: .surge, seed: 2)
        let h = Headlines.measure(&model, seconds: 120)
        #expect(h.deepestQueue > 1000, "\(h)")
        #expect(h.poolUtilization > 85, "\(h)")
        #expect(h.openPercent == 0, "\(h)")
    }

    @Test func outageOpensCircuitsAndRaisesErrors() {
        var model = PlantModel(scenario: .outage, seed: 3)
        let h = Headlines.measure(&model, seconds: 120)
        #expect(h.openPercent > 0, "\(h)")
        #expect(h.errorPercent > 1, "\(h)")
        #expect(h.worstSLO < 90, "\(h)")
    }

    @Test func slowClimbsLatency() {
        var model = PlantModel(scenario: .slow, seed: 4)
        let h = Headlines.measure(&model, seconds: 120)
        #expect(h.p99 > 5, "\(h)")
        #expect(h.worstSLO < 90, "\(h)")
    }

    @Test func sameSeedSamePlant() {
        var a = PlantModel(scenario: .chaos, seed: 42)
        var b = PlantModel(scenario: .chaos, seed: 42)
        for _ in 0..<400 {
            let ta = a.step(0.5)
            let tb = b.step(0.5)
            #expect(ta.gauges == tb.gauges)
            #expect(ta.counters == tb.counters)
        }
    }

    @Test func switchingScenarioRecovers() {
        var model = PlantModel(scenario: .outage, seed: 5)
        _ = Headlines.measure(&model, seconds: 60)
        model.switchTo(.steady)
        let h = Headlines.measure(&model, seconds: 180)
        #expect(h.openPercent == 0, "\(h)")
        #expect(h.errorPercent < 0.5, "\(h)")
    }

    @Test func breakerOpensHalfOpensAndCloses() {
        var breaker = Breaker()
        var time = 0.0
        for _ in 0..<10 {
            let allowed = breaker.allows(at: time)
            #expect(allowed)
            breaker.record(failure: true, at: time)
            time += 0.1
        }
        #expect(breaker.state == .open)
        let whileOpen = breaker.allows(at: time + 1)
        #expect(!whileOpen)
        time += 10
        let afterCoolDown = breaker.allows(at: time)
        #expect(afterCoolDown)
        #expect(breaker.state == .halfOpen)
        for _ in 0..<3 {
            breaker.record(failure: false, at: time)
            time += 0.1
        }
        #expect(breaker.state == .closed)
        #expect(breaker.lastRecovery > 10)
        #expect(breaker.halfOpenSuccessRate == 1)
    }
}
