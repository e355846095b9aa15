import AndonCore
import AndonTestSupport
import Foundation

/// Answers recorded from a real Prometheus scraping `andon-sim` (Fixtures/board-recording.json: request key →
/// response body), replayed for the golden screens. Re-record with `scripts/record-board-fixture`.
enum BoardRecording {
    /// The instant the answers were recorded at (the fixture's `_now`).
    static let now: Double = {
        let object = try! JSONSerialization.jsonObject(with: Data(Fixture.bytes("board-recording.json")))
        return Double((object as! [String: String])["_now"] ?? "") ?? 1_795_920_000
    }()

    static var transport: RecordedTransport {
        let data = Fixture.bytes("board-recording.json")
        let object = try! JSONSerialization.jsonObject(with: Data(data)) as! [String: String]
        var answers: [String: Result<HTTPResponse, TransportError>] = [:]
        for (key, body) in object { answers[key] = RecordedTransport.json(body) }
        return RecordedTransport(answers: answers)
    }

    /// A board state after one refresh, trends and every drill-down over the last hour (what the recording holds),
    /// as of `now`.
    static func state(
        size: Size, kiosk: Bool = false, leavingOut: Set<PrincipleID> = [], alertmanager: (any HTTPTransport)? = nil,
        detection: Detection? = nil
    ) async -> BoardState {
        var config = Config()
        config.detection = detection
        config.kiosk = kiosk
        config.title = "Line 3 · Final assembly"
        config.prometheus.url = "http://prometheus:9090"
        // The recording answers the built-in profile's queries: a board that leaves principles out is shown the
        // answers of all six, of which it reads its own.
        if alertmanager != nil {
            var settings = AlertmanagerConfig()
            settings.allowAck = true
            settings.ackBy = "ana@wall-3"
            config.alertmanager = settings
            config.escalation = EscalationConfig(after: 180, every: 60)
        }
        let fetcher = BoardFetcher(
            client: PrometheusClient(transport: transport), config: config,
            alertSource: alertmanager.map { AlertmanagerSource(client: PrometheusClient(transport: $0)) })
        if !leavingOut.isEmpty {
            var profile = Profile.standard
            profile.principles.removeAll { leavingOut.contains($0.id) }
            config.use(profile)
        }
        // The kiosk's cycle starts with the state: at the last tick (`now + 3`), as a wall display put up just then.
        var state = BoardState(config: config, now: kiosk ? now + 3 : now, size: size, range: .hour1)
        _ = state.update(.tick(now))
        _ = state.update(.refreshed(await fetcher.overview(now: now)))
        _ = state.update(.trends(await fetcher.trends(.hour1, points: 40, now: now)))
        for id in state.principles {
            _ = state.update(.drilled(await fetcher.drill(id, range: .hour1, points: 40, now: now)))
        }
        _ = state.update(.tick(now + 3))
        return state
    }
}
