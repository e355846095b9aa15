import AndonSimCore
import AndonTestSupport
import Testing

/// The plant's past, written for promtool: what a demo board opens on.
@Suite(
    "The simulated plant's past",
    .enabled(if: Sanitizers.normalPassOnly, "the simulator's model: safe Swift on one thread, and not andon's code"))
struct PlantHistoryTests {
    static let buckets: [Double] = [0.1, 1, 5]

    /// The samples of one series, by its name and labels as written (`name{a="b"}`).
    static func samples(_ text: String, _ series: String) -> [(value: Double, time: Double)] {
        text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix(series + " ") else { return nil }
            let parts = line.split(separator: " ")
            return (Double(parts[parts.count - 2])!, Double(parts[parts.count - 1])!)
        }
    }

    @Test func theLegsAreLongSteadyStretchesWithEpisodesAndAQuietLastHour() {
        let legs = PlantHistory.schedule(seed: 5, length: 86400)
        #expect(legs.first?.start == 0 && legs.first?.scenario == .steady)
        #expect(legs.contains { $0.scenario != .steady }, "\(legs)")
        // Each episode is followed by steady, and none runs into the last hour.
        for (leg, next) in zip(legs, legs.dropFirst()) where leg.scenario != .steady {
            #expect(next.scenario == .steady && next.start - leg.start <= 2400)
        }
        #expect(legs.last!.scenario == .steady || legs.last!.start < 86400 - 3600)
        #expect(legs.filter { $0.scenario != .steady }.allSatisfy { $0.start < 86400 - 3600 })
    }

    @Test func thePastIsOpenMetrics() throws {
        var model = PlantModel(scenario: .steady, seed: 9)
        var past = PlantHistory(buckets: Self.buckets)
        let end = 1_800_000_000.0
        past.record(&model, line: "north", seed: 9, end: end, length: 7200)
        let text = past.openMetrics()
        #expect(text.hasSuffix("# EOF\n"))
        // Each family once, its type before its samples; every sample line carries a timestamp in the window.
        var families: Set<String> = []
        for line in text.split(separator: "\n") where line != "# EOF" {
            if line.hasPrefix("# TYPE ") {
                let name = String(line.split(separator: " ")[2])
                #expect(families.insert(name).inserted, "\(name) twice")
                continue
            }
            let time = Double(line.split(separator: " ").last!)!
            #expect(time > end - 7200 && time <= end, "\(line)")
            #expect(line.contains("line=\"north\""), "\(line)")
        }
        #expect(families.contains("tps_andon_requests") && families.contains("tps_tracing_duration_seconds"))
        // A sample a minute for two hours; counters never go down; the request rate is the live plant's.
        let requests = Self.samples(text, #"tps_andon_requests_total{service="web",line="north"}"#)
        #expect(requests.count == 120)
        #expect(zip(requests, requests.dropFirst()).allSatisfy { $0.value <= $1.value && $0.time < $1.time })
        let api = Self.samples(text, #"tps_andon_requests_total{service="api",line="north"}"#)
        let perSecond = (requests.last!.value + api.last!.value) / 7200
        #expect(abs(perSecond - PlantModel.requestsPerSecond) < 0.1 * PlantModel.requestsPerSecond, "\(perSecond)")
        // A histogram's buckets are cumulative and its +Inf bucket is its count.
        let le = #"tps_tracing_duration_seconds_bucket{component="db",endpoint="/search",line="north",le=""#
        let counts = ["0.1", "1.0", "5.0", "+Inf"].map { Self.samples(text, le + $0 + "\"}").last!.value }
        #expect(counts == counts.sorted() && counts[0] > 0, "\(counts)")
        let count = Self.samples(
            text, #"tps_tracing_duration_seconds_count{component="db",endpoint="/search",line="north"}"#)
        #expect(count.last!.value == counts[3])
        // The present starts from the past's totals, so a counter does not reset; the model is live again.
        let totals = past.totals(line: "north")
        let web = totals.first {
            $0.name == "tps_andon_requests_total" && $0.labels.contains { $0 == ("service", "web") }
        }
        #expect(web != nil && web!.value >= requests.last!.value && !web!.labels.contains { $0.0 == "line" })
        #expect(model.sampling == 1 && model.scenario == .steady && model.time == 7200)
    }
}
