/// An alert from `/api/v1/alerts`: firing or pending.
public struct Alert: Sendable, Equatable {
    public enum State: String, Sendable {
        case firing
        case pending
    }

    public var labels: Labels {
        didSet { fingerprint = Self.fingerprint(of: labels) }
    }
    /// The alert's identity across refreshes: its labels, sorted; worked out once when the labels are set (a storm
    /// of alerts is compared by it at every refresh).
    public private(set) var fingerprint: String
    public var annotations: Labels
    public var state: State
    /// When the alert became active (pending), seconds since the epoch.
    public var activeAt: Double?
    public var value: String
    /// The principle the alert belongs to: by its `principle` label until the profile's matchers say
    /// (`AlertRouting`).
    public var principle: PrincipleID?
    /// Why the alert source does not notify about it (silenced, acknowledged, inhibited); nil when it does, or
    /// when no source is configured.
    public var suppression: Suppression?
    /// What the alert source says of it (Alertmanager: `active`, it notifies; `suppressed` or `unprocessed`); nil
    /// when it does not know the alert (pending, not sent yet) or no source is configured.
    public var managed: String?

    public init(labels: Labels, annotations: Labels, state: State, activeAt: Double?, value: String = "") {
        self.labels = labels
        fingerprint = Self.fingerprint(of: labels)
        self.annotations = annotations
        self.state = state
        self.activeAt = activeAt
        self.value = value
        principle = labels["principle"].flatMap { PrincipleID(rawValue: $0.lowercased()) }
    }

    public var name: String { labels["alertname"] ?? "(unnamed)" }
    public var severity: String { labels["severity"] ?? "none" }
    public var summary: String { annotations["summary"] ?? annotations["description"] ?? "" }

    /// The acknowledgement in force for the alert (a silence marked as an ack), if any.
    public var ack: Silence? {
        guard case .silenced(let silences) = suppression else { return nil }
        return silences.first(where: \.isAck)
    }

    /// Whether someone answers it: acknowledged, or silenced (a silence is an answer too; only an inhibited alert
    /// still calls for one).
    public var answered: Bool {
        if case .silenced = suppression { return true }
        return false
    }

    /// Orders severities from the loudest: critical, then warning, then anything else.
    public var severityRank: Int {
        switch severity.lowercased() {
        case "critical", "page": 0
        case "warning", "warn": 1
        case "info": 2
        default: 3
        }
    }

    /// Firing before pending, then by severity, then the longest-active first, then by name.
    public static func boardOrder(_ a: Alert, _ b: Alert) -> Bool {
        if a.state != b.state { return a.state == .firing }
        if a.severityRank != b.severityRank { return a.severityRank < b.severityRank }
        let ta = a.activeAt ?? .infinity
        let tb = b.activeAt ?? .infinity
        if ta != tb { return ta < tb }
        return a.name < b.name
    }
}

extension Alert {
    /// `labels` sorted, as `k=v` joined by commas.
    static func fingerprint(of labels: Labels) -> String {
        labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}

/// A rule group from `/api/v1/rules`.
public struct RuleGroup: Sendable, Equatable {
    public var name: String
    public var file: String
    public var rules: [Rule]

    public init(name: String, file: String, rules: [Rule]) {
        self.name = name
        self.file = file
        self.rules = rules
    }
}

/// An alerting or recording rule and its health.
public struct Rule: Sendable, Equatable {
    public var name: String
    public var type: String
    public var query: String
    /// `ok`, `err` or `unknown`.
    public var health: String
    public var lastError: String
    /// An alerting rule's `for:`, in seconds.
    public var duration: Double = 0
    /// An alerting rule's own labels (`severity`, `principle`, ...).
    public var labels: Labels = [:]

    public init(name: String, type: String, query: String, health: String, lastError: String) {
        self.name = name
        self.type = type
        self.query = query
        self.health = health
        self.lastError = lastError
    }
}

/// An active scrape target from `/api/v1/targets`.
public struct ScrapeTarget: Sendable, Equatable {
    public var job: String
    public var instance: String
    public var scrapeURL: String
    /// `up`, `down` or `unknown`.
    public var health: String
    public var lastError: String

    public init(job: String, instance: String, scrapeURL: String, health: String, lastError: String) {
        self.job = job
        self.instance = instance
        self.scrapeURL = scrapeURL
        self.health = health
        self.lastError = lastError
    }
}

/// `/api/v1/status/buildinfo`.
public struct BuildInfo: Sendable, Equatable {
    public var version: String
    public var revision: String

    public init(version: String, revision: String) {
        self.version = version
        self.revision = revision
    }
}
