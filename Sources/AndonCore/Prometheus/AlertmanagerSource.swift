/// Alertmanager as the board's alert source (API v2, `AlertmanagerAPI`): its alerts (what it notifies about,
/// silenced or inhibited, by what) beside Prometheus' (firing and pending: Alertmanager never sees a pending
/// alert), with its silences; acknowledgements are silences marked as acks. The same alert from both is shown once.
public struct AlertmanagerSource: AlertSource {
    public let client: PrometheusClient

    public init(client: PrometheusClient) { self.client = client }

    public func alerts() async -> Result<AlertMerge, PrometheusError> {
        let answers = await client.send([AlertmanagerAPI.alerts, AlertmanagerAPI.silences])
        do throws(PrometheusError) {
            let managed = try AlertmanagerAPI.answer(answers[0]).decoded(AlertmanagerAPI.decodeAlerts).get()
            let silences = try AlertmanagerAPI.answer(answers[1]).decoded(AlertmanagerAPI.decodeSilences).get()
            return .success({ Self.merge(prometheus: $0, managed: managed, silences: silences) })
        } catch {
            return .failure(error)
        }
    }

    public func acknowledge(_ acks: [Acknowledgement]) async -> [Result<String, PrometheusError>] {
        let answers = await client.send(acks.map { AlertmanagerAPI.create(SilenceDraft($0)) })
        return answers.map { AlertmanagerAPI.answer($0).decoded(AlertmanagerAPI.decodeCreated) }
    }

    public func holds() async -> Result<[Silence], PrometheusError> {
        AlertmanagerAPI.answer(await client.send([AlertmanagerAPI.silences])[0]).decoded(AlertmanagerAPI.decodeSilences)
    }

    public func end(_ holds: [Silence]) async -> [Result<Void, PrometheusError>] {
        let answers = await client.send(holds.map { AlertmanagerAPI.expire($0.id) })
        return answers.map { AlertmanagerAPI.answer($0).decoded(AlertmanagerAPI.decodeExpired) }
    }

    public func calls() async -> Result<[Call], PrometheusError> {
        AlertmanagerAPI.answer(await client.send([AlertmanagerAPI.calls])[0]).decoded(AlertmanagerAPI.decodeAlerts).map
        {
            $0.compactMap { Call(labels: $0.labels, annotations: $0.annotations, startsAt: $0.startsAt) }
                .sorted { $0.raisedAt < $1.raisedAt }
        }
    }

    public func post(_ calls: [Call], until: Double) async -> Result<Void, PrometheusError> {
        AlertmanagerAPI.answer(await client.send([AlertmanagerAPI.post(calls, until: until)])[0]).decoded {
            (response: HTTPResponse) throws(PrometheusError) in
            _ = try AlertmanagerAPI.success(response, emptyAllowed: true)
        }
    }

    public func startedAt() async -> Result<Double, PrometheusError> {
        AlertmanagerAPI.answer(await client.send([AlertmanagerAPI.status])[0]).decoded(AlertmanagerAPI.decodeStarted)
    }

    public func close() { client.transport.close() }

    /// Merges the two lists. An alert of Alertmanager is Prometheus' alert when its labels hold every label of
    /// that alert (Alertmanager's may have more: Prometheus' external labels); it then takes Alertmanager's
    /// labels (a silence is written against them) and its suppression. Alertmanager's other alerts (from another
    /// Prometheus, or sent before this one lost them) are firing alerts of their own. Every alert a silence in
    /// force covers is silenced by it, the way Alertmanager decides it (so a pending alert shows its ack too).
    public static func merge(prometheus: [Alert], managed: [ManagedAlert], silences: [Silence]) -> [Alert] {
        var unclaimed = managed
        var merged: [Alert] = []
        for var alert in prometheus {
            if let index = unclaimed.firstIndex(where: { candidate in
                alert.labels.allSatisfy { candidate.labels[$0.key] == $0.value }
            }) {
                let match = unclaimed.remove(at: index)
                alert.labels = match.labels
                alert.managed = match.state
                alert.suppression = suppression(match, managed: managed, silences: silences)
            }
            merged.append(alert)
        }
        for match in unclaimed {
            var alert = Alert(
                labels: match.labels, annotations: match.annotations, state: .firing, activeAt: match.startsAt)
            alert.managed = match.state
            alert.suppression = suppression(match, managed: managed, silences: silences)
            merged.append(alert)
        }
        let inForce = silences.filter { $0.state == .active }
        for index in merged.indices where merged[index].suppression == nil {
            let covering = inForce.filter { $0.covers(merged[index].labels) }
            if !covering.isEmpty { merged[index].suppression = .silenced(covering) }
        }
        return merged
    }

    /// Why Alertmanager holds an alert back: its silences (those it names, and any other in force that covers
    /// it), or the names of the alerts that inhibit it.
    static func suppression(_ alert: ManagedAlert, managed: [ManagedAlert], silences: [Silence]) -> Suppression? {
        let holding = silences.filter {
            alert.silencedBy.contains($0.id) || ($0.state == .active && $0.covers(alert.labels))
        }
        if !holding.isEmpty { return .silenced(holding) }
        guard !alert.inhibitedBy.isEmpty else { return nil }
        let names = alert.inhibitedBy.map { fingerprint in
            managed.first { $0.fingerprint == fingerprint }?.labels["alertname"] ?? fingerprint
        }
        return .inhibited(by: names)
    }
}
