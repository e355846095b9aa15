/// How a source changes Prometheus' list of alerts: it adds the alerts only it knows, and says which are held back
/// (silenced, acknowledged, inhibited) and by what.
public typealias AlertMerge = @Sendable ([Alert]) -> [Alert]

/// A source of alerts beside Prometheus' own list, and the place acknowledgements are written. The board, `check`,
/// `ack`, `unack` and the handover speak only this; `AlertmanagerSource` is the one built in. The configuration
/// says which source a board has (`Config.alertSource`).
public protocol AlertSource: Sendable {
    /// What it knows of the alerts now, as a change of Prometheus' list; or why it answered nothing usable (the
    /// board then shows its alerts as unknown, never as none).
    func alerts() async -> Result<AlertMerge, PrometheusError>
    /// Writes `acks`: each one's id, or why the source refused it.
    func acknowledge(_ acks: [Acknowledgement]) async -> [Result<String, PrometheusError>]
    /// Every hold the source keeps (acknowledgements and other silences, those ended lately too).
    func holds() async -> Result<[Silence], PrometheusError>
    /// Ends the holds `holds` (acknowledgements in force): each one done, or why not.
    func end(_ holds: [Silence]) async -> [Result<Void, PrometheusError>]
    /// The calls it holds open (`Call`).
    func calls() async -> Result<[Call], PrometheusError>
    /// Writes each of `calls` as it now is (raised, renewed, a tier reached, an arrival; a closed one ends), to
    /// hold until `until` unless renewed.
    func post(_ calls: [Call], until: Double) async -> Result<Void, PrometheusError>
    /// When the source started: what it held in memory only (calls) before then is gone.
    func startedAt() async -> Result<Double, PrometheusError>
    /// Closes its connections.
    func close()
}

/// "I have it": an acknowledgement of one alert, by someone, for a while, with a note. A source turns it into what
/// it stores (Alertmanager: a silence with an exact matcher for each label, its comment marked as an ack).
public struct Acknowledgement: Sendable, Equatable {
    /// The alert's labels: the acknowledgement covers that alert and no other.
    public var labels: Labels
    public var by: String
    /// Seconds since the epoch.
    public var from: Double
    public var until: Double
    /// In words, without any mark of the source's.
    public var note: String

    public init(labels: Labels, by: String, from: Double, until: Double, note: String) {
        self.labels = labels
        self.by = by
        self.from = from
        self.until = until
        self.note = note
    }

    /// The acknowledgement of `alert` by `by` from `now` for `seconds`.
    /// An acknowledgement of the cleared reds of `principle` (nil: of every principle): a hold a minute long
    /// that matches no alert.
    public static func latches(of principle: PrincipleID?, by: String, now: Double, note: String) -> Acknowledgement {
        var labels = [Silence.latchLabel: "acknowledged"]
        if let principle { labels["principle"] = principle.rawValue }
        return Acknowledgement(labels: labels, by: by, from: now, until: now + 60, note: note)
    }

    public init(of alert: Alert, by: String, now: Double, seconds: Double, note: String) {
        self.init(labels: alert.labels, by: by, from: now, until: now + seconds, note: note)
    }

    /// The exact matchers of its labels, sorted by name: what it covers, as a hold says it.
    public var matchers: [Silence.Matcher] {
        labels.sorted { $0.key < $1.key }.map { Silence.Matcher(name: $0.key, value: $0.value) }
    }
}
