/// The board's alerts from both sources: Prometheus' `/api/v1/alerts` (firing and pending: Alertmanager never
/// sees a pending alert) and Alertmanager's `/api/v2/alerts` (what it notifies about, silenced or inhibited, by
/// what), with Alertmanager's silences. The same alert from both is shown once.
public enum AlertSources {
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
