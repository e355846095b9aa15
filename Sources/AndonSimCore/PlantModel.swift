import Foundation

/// A small Toyota-style plant in motion: work arrives in queues and is pulled by worker pools; requests travel
/// through components whose circuit breakers open and close; SLOs follow from latency and errors. Each `step`
/// advances it and says what happened, as metric values. Deterministic for a given seed and sequence of steps.
public struct PlantModel: Sendable {
    /// Requests per second across all endpoints in steady state.
    public static let requestsPerSecond = 200.0
    public private(set) var time = 0.0
    public private(set) var scenario: Scenario
    /// The share of requests simulated one by one (1: all). Each stands for `1 / sampling` requests in the
    /// counters and histograms, so rates and quantiles keep their values at a fraction of the work: how a day of
    /// history is made in seconds (`PlantHistory`).
    public var sampling = 1.0
    /// The leg chaos is currently on, and when it changes.
    public private(set) var chaosLeg = Scenario.steady
    var chaosUntil = 0.0
    var rng: SplitMix64

    var queues: [WorkQueue]
    var components: [Component]
    let endpoints: [Endpoint]
    var sloWindow: [RequestOutcome] = []
    var errorSeries: Set<[String]> = []
    var lastCheck = 0.0
    var lastScale = 0.0
    var mttd: [String: Double] = ["api": 45, "web": 60, "worker": 50]
    var weekly: [(String, Double)]
    var weekSum = 0.0
    var weekCount = 0.0

    public init(scenario: Scenario, seed: UInt64) {
        self.scenario = scenario
        rng = SplitMix64(seed: seed)
        queues = [
            WorkQueue(name: "orders", arrivals: 55, component: "inventory"),
            WorkQueue(name: "payments", arrivals: 45, component: "payment"),
            WorkQueue(name: "shipping", arrivals: 40, component: "db"),
            WorkQueue(name: "notifications", arrivals: 60, component: "gateway"),
        ]
        components = [
            Component(name: "gateway", latency: 0.005), Component(name: "auth", latency: 0.02),
            Component(name: "inventory", latency: 0.04), Component(name: "payment", latency: 0.08),
            Component(name: "search", latency: 0.06), Component(name: "db", latency: 0.015),
        ]
        endpoints = [
            Endpoint(name: "/checkout", service: "api", path: [0, 1, 2, 3, 5], share: 0.3),
            Endpoint(name: "/search", service: "web", path: [0, 4, 5], share: 0.5),
            Endpoint(name: "/login", service: "web", path: [0, 1, 5], share: 0.2),
        ]
        weekly = [("2026-W44", 0.991), ("2026-W45", 0.987), ("2026-W46", 0.994), ("2026-W47", 0.989)]
        if scenario == .chaos { pickChaosLeg() }
    }

    /// Switches the scenario from now on.
    public mutating func switchTo(_ next: Scenario) {
        scenario = next
        if next == .chaos { pickChaosLeg() }
    }

    var effects: Effects { (scenario == .chaos ? chaosLeg : scenario).effects }

    mutating func pickChaosLeg() {
        let legs: [Scenario] = [.steady, .surge, .outage, .slow]
        chaosLeg = legs[Int(rng.next() % UInt64(legs.count))]
        chaosUntil = time + 45 + rng.unit() * 75
    }

    /// Advances the plant by `dt` seconds.
    public mutating func step(_ dt: Double) -> Tick {
        time += dt
        if scenario == .chaos && time >= chaosUntil { pickChaosLeg() }
        var tick = Tick()
        let effects = self.effects
        serveRequests(dt, effects, &tick)
        pullWork(dt, effects, &tick)
        if time - lastScale >= 15 {
            lastScale = time
            autoscale(&tick)
        }
        if time - lastCheck >= 10 {
            lastCheck = time
            raiseAlertsAndRecommendations(effects, &tick)
        }
        emitGauges(effects, &tick)
        return tick
    }

    // MARK: Requests through components (Jidoka, Andon, Tracing)

    mutating func serveRequests(_ dt: Double, _ effects: Effects, _ tick: inout Tick) {
        let traffic = PlantModel.requestsPerSecond * effects.demand
        for endpoint in endpoints {
            let count = rng.poisson(traffic * endpoint.share * dt * sampling)
            let requests = Double(count) / sampling
            tick.counters.append(MetricValue("tps_tracing_requests_total", [("endpoint", endpoint.name)], requests))
            tick.counters.append(MetricValue("tps_andon_requests_total", [("service", endpoint.service)], requests))
            for _ in 0..<count { serveOne(endpoint, effects, &tick) }
        }
    }

    mutating func serveOne(_ endpoint: Endpoint, _ effects: Effects, _ tick: inout Tick) {
        // What this request stands for: `1 / sampling` requests.
        let weight = 1 / sampling
        var total = 0.0
        var errorType: String?
        for index in endpoint.path {
            let name = components[index].name
            guard components[index].breaker.allows(at: time) else {
                tick.counters.append(MetricValue("tps_jidoka_requests_rejected_total", [("component", name)], weight))
                errorType = "circuit_open"
                tick.counters.append(MetricValue("tps_tracing_error_traces_total", [("error_component", name)], weight))
                break
            }
            let slowdown = effects.slowdown[name] ?? 1
            let load = 1 + 0.15 * max(0, effects.demand - 1)
            var latency = components[index].latency * slowdown * load * rng.logNormal(sigma: 0.35)
            if rng.chance(0.0001) { latency *= 8 }  // an occasional outlier
            let failureRate = effects.failures[name] ?? 0.00015
            var failure: String?
            if latency > 10 {
                latency = 10
                failure = "timeout"
            } else if rng.chance(failureRate) {
                failure = ["5xx", "timeout", "connection_refused"][Int(rng.next() % 3)]
            }
            total += latency
            components[index].observe(latency)
            var observation = MetricValue(
                "tps_tracing_duration_seconds", [("component", name), ("endpoint", endpoint.name)], latency)
            observation.weight = weight
            tick.observations.append(observation)
            if latency > 5 * components[index].latency * max(1, slowdown) {
                tick.counters.append(MetricValue("tps_kaizen_outliers_detected_total", [], weight))
            }
            if components[index].breaker.record(failure: failure != nil, at: time) {
                tick.counters.append(MetricValue("tps_andon_alerts_total", [("alert_type", "circuit_open")], 1))
            }
            if let failure {
                tick.counters.append(MetricValue("tps_jidoka_failures_total", [("component", name)], weight))
                tick.counters.append(MetricValue("tps_jidoka_failure_types_total", [("failure_type", failure)], weight))
                tick.counters.append(MetricValue("tps_tracing_error_traces_total", [("error_component", name)], weight))
                errorType = failure
                break
            }
        }
        if let errorType {
            errorSeries.insert([endpoint.service, errorType])
            tick.counters.append(
                MetricValue(
                    "tps_andon_errors_total", [("service", endpoint.service), ("error_type", errorType)], weight))
        }
        sloWindow.append(RequestOutcome(time: time, failed: errorType != nil, latency: total, endpoint: endpoint.name))
    }

    // MARK: Work pulled from queues by pools (Kanban, Heijunka)

    mutating func pullWork(_ dt: Double, _ effects: Effects, _ tick: inout Tick) {
        for index in queues.indices {
            var queue = queues[index]
            let expected = queue.arrivals * effects.demand * dt
            let arrived = rng.poisson(expected)
            queue.depth += Double(arrived)
            // A burst: arrivals at twice their recent average (so a sustained surge is one burst, not many).
            let recent = queue.recentArrivals
            queue.recentArrivals = 0.9 * recent + 0.1 * Double(arrived) / dt
            if Double(arrived) > 2 * recent * dt && expected > 0 {
                tick.counters.append(MetricValue("tps_heijunka_burst_detected_total", [("pool_name", queue.name)], 1))
            }
            let slowdown = effects.slowdown[queue.component] ?? 1
            let perWorker = queue.serviceRate / min(slowdown, 2)
            let capacity = Double(queue.workers) * perWorker * dt
            let served = min(queue.depth, capacity.rounded(.down))
            queue.depth -= served
            // Items whose component fails go to the dead-letter queue after their retries.
            let failing = effects.failures[queue.component] ?? 0
            let deadLetters = Double(rng.poisson(served * failing * 0.05))
            queue.dlq = max(0, queue.dlq + deadLetters - 1.0 * dt)
            queue.busy = served / (perWorker * dt)
            let utilization = min(1, queue.busy / Double(queue.workers))
            queue.utilization = 0.7 * queue.utilization + 0.3 * utilization
            tick.counters.append(MetricValue("tps_kanban_throughput_total", [("queue_name", queue.name)], served))
            // Lead time: the wait behind the remaining depth plus the service time.
            let wait = queue.depth / max(1, Double(queue.workers) * perWorker)
            let observations = min(Int(served), 40)
            for _ in 0..<observations {
                let lead = wait * rng.unit() + (1 / perWorker) * rng.logNormal(sigma: 0.3)
                tick.observations.append(MetricValue("tps_kanban_latency_seconds", [("queue_name", queue.name)], lead))
            }
            queues[index] = queue
        }
    }

    mutating func autoscale(_ tick: inout Tick) {
        for index in queues.indices {
            let name = queues[index].name
            var delta = 0
            if queues[index].utilization > 0.85 && queues[index].workers < WorkQueue.maxWorkers {
                delta = min(4, WorkQueue.maxWorkers - queues[index].workers)
                tick.counters.append(
                    MetricValue("tps_kaizen_recommendations_total", [("recommendation_type", "scale_up")], 1))
            } else if queues[index].utilization < 0.25 && queues[index].workers > WorkQueue.minWorkers {
                delta = -2
            }
            guard delta != 0 else { continue }
            queues[index].workers += delta
            tick.counters.append(MetricValue("tps_heijunka_scaling_events_total", [("pool_name", name)], 1))
            tick.counters.append(
                MetricValue("tps_heijunka_scaling_cost_total", [("pool_name", name)], Double(abs(delta)) * 2.5))
        }
    }

    // MARK: Detection, SLOs and recommendations (Andon, Kaizen)

    mutating func raiseAlertsAndRecommendations(_ effects: Effects, _ tick: inout Tick) {
        let (availability, latencySLO, _) = sloAttainment()
        if availability < 0.99 {
            tick.counters.append(MetricValue("tps_andon_alerts_total", [("alert_type", "error_rate")], 1))
            tick.counters.append(
                MetricValue("tps_kaizen_recommendations_total", [("recommendation_type", "tune_retry")], 1))
        }
        if latencySLO < 0.95 {
            tick.counters.append(MetricValue("tps_andon_alerts_total", [("alert_type", "latency")], 1))
            tick.counters.append(
                MetricValue("tps_kaizen_recommendations_total", [("recommendation_type", "add_cache")], 1))
        }
        if queues.contains(where: { $0.depth > 1000 }) {
            tick.counters.append(MetricValue("tps_andon_alerts_total", [("alert_type", "queue_depth")], 1))
        }
        if balanceCoefficient < 0.7 {
            tick.counters.append(
                MetricValue("tps_kaizen_recommendations_total", [("recommendation_type", "rebalance")], 1))
        }
        for service in mttd.keys.sorted() {
            let target =
                [45.0, 60, 50][["api", "web", "worker"].firstIndex(of: service) ?? 0] * effects.detectionDelay
            mttd[service] = max(5, 0.8 * mttd[service]! + 0.2 * target * rng.logNormal(sigma: 0.15))
        }
        weekSum += availability
        weekCount += 1
    }

    /// Availability, latency (requests under 1 s) and checkout (success under 1.5 s) over the last 60 s.
    func sloAttainment() -> (Double, Double, Double) {
        let recent = sloWindow
        guard !recent.isEmpty else { return (1, 1, 1) }
        let ok = Double(recent.filter { !$0.failed }.count) / Double(recent.count)
        let fast = Double(recent.filter { $0.latency < 1 && !$0.failed }.count) / Double(recent.count)
        let checkout = recent.filter { $0.endpoint == "/checkout" }
        let good =
            checkout.isEmpty
            ? 1 : Double(checkout.filter { !$0.failed && $0.latency < 1.5 }.count) / Double(checkout.count)
        return (ok, fast, good)
    }

    var balanceCoefficient: Double {
        let values = queues.map(\.utilization)
        let mean = values.reduce(0, +) / Double(values.count)
        guard mean > 0.01 else { return 1 }
        let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
        return max(0, min(1, 1 - variance.squareRoot() / mean))
    }

    // MARK: Gauges

    mutating func emitGauges(_ effects: Effects, _ tick: inout Tick) {
        sloWindow.removeAll { $0.time < time - 60 }
        for component in components {
            let labels = [("component", component.name)]
            tick.gauges.append(
                MetricValue("tps_jidoka_circuit_state", labels, Double(component.breaker.state.rawValue)))
            tick.gauges.append(MetricValue("tps_jidoka_recovery_time_seconds", labels, component.breaker.lastRecovery))
            tick.gauges.append(
                MetricValue("tps_jidoka_halfopen_success_rate", labels, component.breaker.halfOpenSuccessRate))
            tick.gauges.append(MetricValue("tps_tracing_component_latency_seconds", labels, component.meanLatency))
        }
        for queue in queues {
            let labels = [("queue_name", queue.name)]
            tick.gauges.append(MetricValue("tps_kanban_queue_depth", labels, queue.depth.rounded()))
            tick.gauges.append(MetricValue("tps_kanban_dlq_depth", labels, queue.dlq.rounded(.down)))
            let available = queue.depth > 0 ? 0 : max(0, Double(queue.workers) - queue.busy.rounded(.up))
            tick.gauges.append(MetricValue("tps_kanban_workers_available", labels, available))
            let capacity = Double(WorkQueue.capacity)
            tick.gauges.append(MetricValue("tps_kanban_queue_utilization", labels, min(1, queue.depth / capacity)))
            tick.gauges.append(
                MetricValue("tps_heijunka_pool_utilization", [("pool_name", queue.name)], queue.utilization))
        }
        tick.gauges.append(MetricValue("tps_heijunka_balance_coefficient", [], balanceCoefficient))
        for (service, value) in mttd.sorted(by: { $0.key < $1.key }) {
            tick.gauges.append(MetricValue("tps_andon_mttd_seconds", [("service", service)], value))
        }
        let (availability, latency, checkout) = sloAttainment()
        tick.gauges.append(MetricValue("tps_kaizen_slo_attainment", [("slo_name", "availability")], availability))
        tick.gauges.append(MetricValue("tps_kaizen_slo_attainment", [("slo_name", "latency")], latency))
        tick.gauges.append(MetricValue("tps_kaizen_slo_attainment", [("slo_name", "checkout")], checkout))
        for (week, value) in weekly {
            tick.gauges.append(MetricValue("tps_kaizen_slo_attainment_weekly", [("week", week)], value))
        }
        let current = weekCount > 0 ? weekSum / weekCount : availability
        tick.gauges.append(MetricValue("tps_kaizen_slo_attainment_weekly", [("week", "2026-W48")], current))
    }

    /// Every counter series the plant has, at zero, so that each exists from the first scrape. Error series are
    /// left out on purpose: as in a real application, `tps_andon_errors_total` appears with the first error.
    public func counterSeries() -> [MetricValue] {
        var out: [MetricValue] = []
        for component in components {
            for name in ["tps_jidoka_failures_total", "tps_jidoka_requests_rejected_total"] {
                out.append(MetricValue(name, [("component", component.name)], 0))
            }
            out.append(MetricValue("tps_tracing_error_traces_total", [("error_component", component.name)], 0))
        }
        for type in ["5xx", "timeout", "connection_refused"] {
            out.append(MetricValue("tps_jidoka_failure_types_total", [("failure_type", type)], 0))
        }
        for queue in queues {
            out.append(MetricValue("tps_kanban_throughput_total", [("queue_name", queue.name)], 0))
            for name in [
                "tps_heijunka_scaling_events_total", "tps_heijunka_burst_detected_total",
                "tps_heijunka_scaling_cost_total",
            ] {
                out.append(MetricValue(name, [("pool_name", queue.name)], 0))
            }
        }
        for service in ["api", "web"] {
            out.append(MetricValue("tps_andon_requests_total", [("service", service)], 0))
        }
        for type in ["circuit_open", "error_rate", "latency", "queue_depth"] {
            out.append(MetricValue("tps_andon_alerts_total", [("alert_type", type)], 0))
        }
        out.append(MetricValue("tps_kaizen_outliers_detected_total", [], 0))
        for type in ["scale_up", "tune_retry", "add_cache", "rebalance"] {
            out.append(MetricValue("tps_kaizen_recommendations_total", [("recommendation_type", type)], 0))
        }
        for endpoint in endpoints {
            out.append(MetricValue("tps_tracing_requests_total", [("endpoint", endpoint.name)], 0))
        }
        return out
    }

    /// Read access for tests: depth of each queue, breaker states, SLO attainment.
    public var queueDepths: [String: Double] { Dictionary(uniqueKeysWithValues: queues.map { ($0.name, $0.depth) }) }
    public var breakerStates: [String: Breaker.State] {
        Dictionary(uniqueKeysWithValues: components.map { ($0.name, $0.breaker.state) })
    }
    public var slo: (availability: Double, latency: Double, checkout: Double) { sloAttainment() }
    public var poolUtilization: [String: Double] {
        Dictionary(uniqueKeysWithValues: queues.map { ($0.name, $0.utilization) })
    }
}

struct WorkQueue: Sendable {
    static let minWorkers = 12
    static let maxWorkers = 30
    static let capacity = 5000
    var name: String
    /// Items per second in steady state.
    var arrivals: Double
    /// The component the items of this queue depend on.
    var component: String
    var depth = 0.0
    var dlq = 0.0
    var workers = 20
    /// Items per second one worker completes.
    var serviceRate = 5.0
    var busy = 0.0
    var utilization = 0.5
    /// Moving average of arrivals per second.
    var recentArrivals: Double

    init(name: String, arrivals: Double, component: String) {
        self.name = name
        self.arrivals = arrivals
        self.component = component
        recentArrivals = arrivals
    }
}

struct Component: Sendable {
    var name: String
    /// Median latency in seconds when healthy.
    var latency: Double
    var breaker = Breaker()
    var meanLatency: Double

    init(name: String, latency: Double) {
        self.name = name
        self.latency = latency
        meanLatency = latency
    }

    mutating func observe(_ value: Double) {
        meanLatency = 0.98 * meanLatency + 0.02 * value
    }
}

struct Endpoint: Sendable {
    var name: String
    var service: String
    var path: [Int]
    var share: Double
}

struct RequestOutcome: Sendable {
    var time: Double
    var failed: Bool
    var latency: Double
    var endpoint: String
}
