/// Everything `andon` is configured with, after defaults, the file, the environment and flags are merged.
public struct Config: Sendable, Equatable {
    public var prometheus = PrometheusConfig()
    /// Seconds between refreshes.
    public var refresh: Double = 15
    /// The board's title (the line or area it watches).
    public var title = "Andon"
    /// After this many seconds without a successful refresh a value is shown STALE; default twice the refresh.
    public var staleAfter: Double?
    /// After this many seconds without a successful refresh a value becomes NO DATA.
    public var unknownAfter: Double = 300
    /// The profile: what every principle's headline, culprit, panels and alerts read (`profiles/tps.yaml` unless
    /// another is chosen).
    public var profile: Profile = .standard
    /// The six principles in board order, with their queries and thresholds: the profile's headlines with the
    /// configuration's overrides.
    public var principles: [PrincipleSpec] = Profile.standard.principles.map(\.spec)
    /// The configuration's changes to the profile's headlines (`principles:`), kept so that they apply to
    /// whichever profile is chosen (`profile:`, `--profile`).
    public var overrides: [PrincipleID: PrincipleOverride] = [:]
    /// The profile the configuration names (`profile:`): a built-in name, or a file's path (resolved against the
    /// configuration's folder); nil for the built-in `tps`.
    public var profileChoice: String?
    /// Whether a profile was chosen (`--profile`, `$ANDON_PROFILE`, `profile:`); if not, the commands that reach
    /// Prometheus detect what the plant exports and compose the profiles that fit (`ProfileDetector`).
    public var profileChosen = false
    /// What detection found, when it ran.
    public var detection: Detection?
    /// Whether `alertmanager` is the one Prometheus sends to (`/api/v1/alertmanagers`), none being configured.
    public var alertmanagerFound = false
    /// The variables' values (`variables:`, then `--var`), expanded into the queries by `expandVariables()`.
    public var variables: [String: QueryTemplate.Value] = [:]
    /// The line of each variable given in the configuration's `variables:` (for an error that names it).
    public var variableLines: [String: Int] = [:]
    /// The principles and profile as written, before `expandVariables()` put the values in: what a change of
    /// value (the board's `v`) expands again. Nil until the first expansion.
    public internal(set) var templates: ConfigTemplates?
    /// The file the configuration came from, if any.
    public var source: String?
    /// The theme's name or file (`themes/`); nil for the default.
    public var theme: String?
    /// Kiosk mode: no input needed, cycles through what is not green.
    public var kiosk = false
    /// Seconds each view stays in kiosk mode.
    public var dwell: Double = 15
    /// How a red tile calls attention in kiosk mode.
    public var kioskAlarm: KioskAlarm = .invert
    /// Which newly firing alerts ring the bell (`bell:`, `--bell`).
    public var bell: BellPolicy = .critical
    /// The trends' and status history's range (`range:`, `--range`; key t cycles on the board).
    public var range: TrendRange = .hours24
    /// How far `[` and `]` step through history on the board, in seconds.
    public var historyStep: Double = 900
    /// Times in UTC (`timezone: UTC`) instead of the machine's time zone, as on-call teams often ask.
    public var utc = false
    /// Alertmanager, when there is one: alerts with their silences, and where acknowledgements are written.
    public var alertmanager: AlertmanagerConfig?
    /// When a red principle or a critical alert that nobody answers escalates; nil: never.
    public var escalation: EscalationConfig?
    /// The annunciator's discipline: first-out, latch, ringback (`alarms:`).
    public var alarms = AlarmsConfig()
    /// Where the board serves its own metrics (`heartbeat: {listen:}`, `--heartbeat`); nil: nowhere.
    public var heartbeat: ListenAddress?
    /// Programs run when something happens on the board (a status change, a critical alert, an escalation, an ack).
    public var hooks: [HookConfig] = []
    /// The name of the plant's line this configuration is (`line(_:)`), nil for a board of its own: calls raised
    /// on it carry it as their `line`.
    public var lineName: String?
    /// The lines of a plant (`lines:`): each its own Prometheus, or a value of a label on a shared engine. Empty:
    /// one line, this configuration.
    public var lines: [LineConfig] = []
    /// The longest timeout of the Prometheus servers a plant reads (its own, and its lines' own): how long its
    /// slowest line may take.
    public var longestTimeout: Double {
        lines.compactMap { $0.prometheus?.timeout }.reduce(prometheus.timeout, max)
    }
    /// Lines found at start (`lines: [{discover: line}]`): every value Prometheus lists of each of these declared
    /// variables is a line of its own, named by the value (`VariableResolver.discoverLines`).
    public var discoverLines: [LineDiscovery] = []
    /// Where the board logs what it saw (`log:`): a file it appends to, or `stderr` (under systemd, the journal);
    /// nil: no log.
    public var log: String?
    /// The log's line format (`log_format:`, `--log-format`).
    public var logFormat: LogFormat = .text
    /// Who is on call (`oncall:`); nil: not said.
    public var oncall: OnCallConfig?
    /// Calls pulled by people (`calls:`); nil: none.
    public var calls: CallsConfig?
    /// How many times the running board has reloaded its configuration (SIGUSR1, `R`): answers carry the
    /// generation they were asked with, and one asked with an older configuration is dropped.
    public var generation = 0

    public init() {}

    /// The effective STALE age.
    public var staleAge: Double { staleAfter ?? 2 * refresh }

    public func spec(_ id: PrincipleID) -> PrincipleSpec {
        principles.first { $0.id == id } ?? .standard(id)
    }

    /// Reads `profile`: its principles, with the configuration's overrides merged over its headlines.
    public mutating func use(_ profile: Profile) {
        var profile = profile
        // A principle read from another built-in profile (`principles: {kanban: {profile: redis}}`).
        for (id, change) in overrides.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            guard let name = change.profile, let principle = Profile.builtin(name)?.principle(id) else { continue }
            if let index = profile.principles.firstIndex(where: { $0.id == id }) {
                profile.principles[index] = principle
            } else {
                let order = PrincipleID.allCases
                let at = profile.principles.firstIndex { order.firstIndex(of: $0.id)! > order.firstIndex(of: id)! }
                profile.principles.insert(principle, at: at ?? profile.principles.endIndex)
            }
        }
        self.profile = profile
        principles = profile.principles.map { $0.spec.overridden(by: overrides[$0.id]) }
    }
}

/// The principles and profile of a configuration as written, with `$variables` in their queries.
public struct ConfigTemplates: Sendable, Equatable {
    public var principles: [PrincipleSpec]
    public var profile: Profile
}

/// What the configuration changes of a principle's headline; a field left nil is the profile's.
public struct PrincipleOverride: Sendable, Equatable {
    /// The built-in profile the principle is read from (`profile: redis`), whichever profile the rest is.
    public var profile: String?
    public var headline: String?
    public var query: String?
    public var unit: Unit?
    public var green: Condition?
    public var red: Condition?

    public init(
        headline: String? = nil, query: String? = nil, unit: Unit? = nil, green: Condition? = nil,
        red: Condition? = nil
    ) {
        self.headline = headline
        self.query = query
        self.unit = unit
        self.green = green
        self.red = red
    }
}

extension PrincipleSpec {
    /// The headline with `change`'s fields over its own.
    public func overridden(by change: PrincipleOverride?) -> PrincipleSpec {
        guard let change else { return self }
        var spec = self
        if let headline = change.headline { spec.headline = headline }
        if let query = change.query { spec.query = query }
        if let unit = change.unit { spec.unit = unit }
        if let green = change.green { spec.thresholds.green = green }
        if let red = change.red { spec.thresholds.red = red }
        return spec
    }
}

/// The event log's line format: `key=value` text, or a JSON object a line.
public enum LogFormat: String, Sendable, CaseIterable {
    case text
    case json
}

/// How a red tile calls attention in kiosk mode: inverted, flashing once a second, or as any other tile (for
/// people who ask for reduced motion, `invert` or `none`).
public enum KioskAlarm: String, Sendable, CaseIterable {
    case invert
    case flash
    case none
}

/// Where Prometheus is and how to reach it.
public struct PrometheusConfig: Sendable, Equatable {
    public var url = "http://localhost:9090"
    /// Seconds for one whole request, connection included.
    public var timeout: Double = 10
    /// Seconds to establish a connection.
    public var connectTimeout: Double = 3
    public var auth = AuthConfig()
    public var tls = TLSConfig()
    /// Extra HTTP headers, in the order written (for instance a tenant header for a multi-tenant proxy).
    public var headers: [HTTPHeader] = []

    public init() {}
}

/// An HTTP header sent with every request.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Where a secret comes from: a file (re-read on every refresh, so rotation works) or an environment variable.
/// Never the command line, never the config file itself.
public enum SecretSource: Sendable, Equatable, CustomStringConvertible {
    case file(String)
    case environment(String)

    public var description: String {
        switch self {
        case .file(let path): "file \(path)"
        case .environment(let name): "environment variable \(name)"
        }
    }
}

/// Credentials for Prometheus or a proxy in front of it.
public struct AuthConfig: Sendable, Equatable {
    public var username: String?
    public var password: SecretSource?
    public var bearerToken: SecretSource?

    public init(username: String? = nil, password: SecretSource? = nil, bearerToken: SecretSource? = nil) {
        self.username = username
        self.password = password
        self.bearerToken = bearerToken
    }
}

/// TLS settings; verification is on unless `insecureSkipVerify` is set explicitly.
public struct TLSConfig: Sendable, Equatable {
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    public var insecureSkipVerify = false

    public init() {}
}

/// The board's alert source as the rest of the house sees it: where it is, whether and how this board
/// acknowledges, and the source itself on a client of its endpoint. Built from the one source a configuration
/// names (`alertmanager:`); a new kind of source is a new case here and in the parser.
public struct AlertSourceConfig: Sendable {
    /// Its key in the configuration, for messages: "alertmanager" (as in `alertmanager.allow_ack`).
    public var key: String
    public var endpoint: PrometheusConfig
    public var allowAck: Bool
    public var ackBy: String?
    public var ackFor: Double
    /// The source, on a client of `endpoint`.
    public var make: @Sendable (PrometheusClient) -> any AlertSource

    /// What a command that needs a source says when there is none.
    public static let missing =
        "no Alertmanager is configured: set alertmanager.url in the configuration, or --alertmanager URL"
    /// What a report says when there is none.
    public static let absent = "no Alertmanager configured"
    /// Why a board without a source cannot acknowledge.
    public static let none = "no Alertmanager is configured (alertmanager: in the configuration)"
    /// The key of what the source says of an alert in `check --json` (`Alert.managed`).
    public static let stateKey = "alertmanager"
    /// The help screen's note on the ack key.
    public static let ackHelp = "Alertmanager, allow_ack"
}

extension Config {
    /// Every request within `seconds` (`--timeout`): Prometheus', and the alert source's, so that a hanging one
    /// costs no more.
    public mutating func bound(timeout seconds: Double) {
        prometheus.timeout = seconds
        prometheus.connectTimeout = min(prometheus.connectTimeout, seconds)
        alertmanager?.endpoint.timeout = seconds
        if let connect = alertmanager?.endpoint.connectTimeout {
            alertmanager?.endpoint.connectTimeout = min(connect, seconds)
        }
    }

    /// The alert source beside Prometheus, when one is configured.
    public var alertSource: AlertSourceConfig? {
        alertmanager.map {
            AlertSourceConfig(
                key: "alertmanager", endpoint: $0.endpoint, allowAck: $0.allowAck, ackBy: $0.ackBy, ackFor: $0.ackFor,
                make: { AlertmanagerSource(client: $0) })
        }
    }
}

/// Where Alertmanager is, how to reach it (as `prometheus:`), and whether this board may acknowledge.
public struct AlertmanagerConfig: Sendable, Equatable {
    /// URL, timeouts, auth, TLS and headers, as for Prometheus.
    public var endpoint = PrometheusConfig()
    /// Whether acknowledgements may be written (off unless configured; a kiosk never writes).
    public var allowAck = false
    /// Who an acknowledgement is by; nil: `$USER@host`.
    public var ackBy: String?
    /// How long an acknowledgement lasts unless `--for` says otherwise, in seconds.
    public var ackFor: Double = 3600

    public init() {
        endpoint.url = "http://localhost:9093"
    }
}

/// Calls pulled by people (`calls:`): whether this board may raise and answer them, their types, each with its
/// response deadline and ladder of tiers, and whom each tier notifies.
public struct CallsConfig: Sendable, Equatable {
    /// Raising, answering and closing are writes: allowed only where the configuration says so.
    public var allow = false
    public var types: [CallType] = []
    /// Each target a tier names: a program and its arguments, run with the call's variables.
    public var notify: [String: [String]] = [:]
    /// The variables of the board's environment each target is given besides its basic ones (`pass_environment:`).
    public var passEnvironment: [String: [String]] = [:]
    /// Keys that raise a call of a type at once, on any board and at a kiosk (a foot switch, a button box): the
    /// only keys a kiosk takes besides `quit`.
    public var keys: [Character: String] = [:]
    /// Alerts from rules that climb a type's ladder as calls (`alerts:`), the first that matches.
    public var alerts: [AlertLadder] = []

    public init() {}

    public func type(_ name: String) -> CallType? { types.first { $0.name == name } }

    /// The call type whose ladder an alert with `labels` climbs, if one matches.
    public func ladder(for labels: Labels) -> String? {
        alerts.first { $0.matches(labels) }?.type
    }
}

/// Alerts whose labels hold every one of `match` (equal values) climb the ladder of the call type `type`.
public struct AlertLadder: Sendable, Equatable {
    public var match: [String: String]
    public var type: String

    public init(match: [String: String], type: String) {
        self.match = match
        self.type = type
    }

    public func matches(_ labels: Labels) -> Bool { match.allSatisfy { labels[$0.key] == $0.value } }
}

/// A kind of call and its ladder: someone must arrive within `respondWithin`; tier `k` is reached `ladder[k].after`
/// seconds after the call is raised, unless someone has arrived.
public struct CallType: Sendable, Equatable {
    public struct Tier: Sendable, Equatable {
        public var after: Double
        public var notify: String

        public init(after: Double, notify: String) {
            self.after = after
            self.notify = notify
        }
    }

    public var name: String
    public var principle: PrincipleID?
    public var respondWithin: Double
    public var ladder: [Tier]

    public init(name: String, principle: PrincipleID?, respondWithin: Double, ladder: [Tier]) {
        self.name = name
        self.principle = principle
        self.respondWithin = respondWithin
        self.ladder = ladder
    }

    /// A new call of this type, with a new id, raised by `by` at `now`; its note made inert.
    public func raise(line: String?, note: String, by: String, now: Double) -> Call {
        Call(
            id: Call.newID(UInt64.random(in: 0...UInt64.max)), type: name, line: line, principle: principle,
            raisedBy: by, raisedAt: now, note: TextSanitizer.inert(note, limit: 200))
    }
}

/// Who is on call (`oncall:`): an iCalendar schedule (a file, or a URL given plainly or, when it carries a
/// token, through an environment variable), or a rotation of people, each for `every` seconds from `from`.
public enum OnCallConfig: Sendable, Equatable {
    case calendarFile(String)
    case calendarURL(String)
    /// The URL is in this environment variable (a calendar's secret address).
    case calendarURLFrom(variable: String)
    case rotation(people: [String], every: Double, from: Double)
}

/// The takt timer: a red principle or a critical alert that nobody acknowledges within `after` seconds
/// escalates, and the bell rings again every `every` seconds (`repeat:`) until it is acknowledged or green.
public struct EscalationConfig: Sendable, Equatable {
    public var after: Double = 300
    /// Seconds between the bells of an escalation.
    public var every: Double = 60

    public init(after: Double = 300, every: Double = 60) {
        self.after = after
        self.every = every
    }
}

/// An annunciator's discipline over the statuses (ISA-18.1): the first principle to go red after a calm interval is
/// marked as the first out of its cascade; a red that clears before anyone acknowledged it stays latched until
/// acknowledged; a principle back to green after red rings back.
public struct AlarmsConfig: Sendable, Equatable {
    /// How long the board must have had no red for the next red to be a first out; nil: no first-out marks.
    public var firstOut: Double? = 300
    public var latch = true
    public var ringback = true
    /// What `check --alarm-health` holds the alerting to (`health:`).
    public var health = AlarmHealthTargets()

    public init(firstOut: Double? = 300, latch: Bool = true, ringback: Bool = true) {
        self.firstOut = firstOut
        self.latch = latch
        self.ringback = ringback
    }
}

/// An address to listen on: an IP address (IPv6 in brackets) or `localhost`, and a port: `127.0.0.1:9780`,
/// `[::1]:9780`, `0.0.0.0:9780` (every interface).
public struct ListenAddress: Sendable, Equatable, CustomStringConvertible {
    public var host: String
    public var port: UInt16

    public init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    /// What an address must be, for the error of one that is not.
    public static let expected =
        "expected HOST:PORT such as 127.0.0.1:9780 or [::1]:9780 (an IP address, not a name; a port from 1 to 65535)"

    /// `HOST:PORT`, or nil when it is not one.
    public static func parse(_ text: String) -> ListenAddress? {
        guard let colon = text.lastIndex(of: ":"), let port = UInt16(text[text.index(after: colon)...]), port > 0
        else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
        } else if host == "localhost" {
            host = "127.0.0.1"
        } else {
            let parts = host.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4, parts.allSatisfy({ UInt8($0) != nil }) else { return nil }
        }
        return ListenAddress(host: host, port: port)
    }

    public var isIPv6: Bool { host.contains(":") }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// What the alarm-health figures are held to (`alarms: health:`); the defaults are EEMUA 191's: about one alert
/// raised per 10 minutes in steady operation (two at most), a flood is more than ten in 10 minutes and takes at most
/// 1 % of the time (5 % at worst), and the highest priority is about 5 % of the raises.
public struct AlarmHealthTargets: Sendable, Equatable {
    /// Raised per 10 minutes on average: acceptable up to `steady`, manageable up to `steadyLimit`.
    public var steady = 1.0
    public var steadyLimit = 2.0
    /// More than this raised in 10 minutes is a flood.
    public var flood = 10
    /// The share of 10-minute intervals in flood: acceptable up to `floodShare`, at worst `floodShareLimit`.
    public var floodShare = 0.01
    public var floodShareLimit = 0.05
    /// The share of raises of the highest priority (critical) the mix allows (EEMUA: 5 % high, 15 % medium, 80 %
    /// low); more than twice that is a warning.
    public var critical = 0.05

    public init() {}
}

/// What a hook is run for.
public enum HookTrigger: String, Sendable, CaseIterable {
    /// A principle's status changed.
    case status
    /// A critical alert started firing.
    case critical
    /// Something escalated.
    case escalation
    /// Someone acknowledged from this board.
    case ack
    /// A call was raised, reached a tier of its ladder, was answered by a responder's arrival, or closed.
    case call
    /// A principle went red first out of a calm board, or a red cleared unacknowledged (latched), or a principle
    /// is green again after red (ringback).
    case alarm
}

/// A program run directly (never through a shell) when one of `on` happens, with what happened in its
/// environment; killed after `timeout` seconds; one at a time.
public struct HookConfig: Sendable, Equatable {
    public var name: String
    public var command: [String]
    public var on: [HookTrigger]
    public var timeout: Double
    /// The variables of the board's environment the hook is given (`pass_environment:`), beyond the few every
    /// program needs (`HookConfig.baseEnvironment`) and the event's own.
    public var passEnvironment: [String]

    public init(
        name: String, command: [String], on: [HookTrigger] = HookTrigger.allCases, timeout: Double = 10,
        passEnvironment: [String] = []
    ) {
        self.name = name
        self.command = command
        self.on = on
        self.timeout = timeout
        self.passEnvironment = passEnvironment
    }

    /// What every hook is given of the board's environment: where programs are, whose they are, the language,
    /// the time zone and the user's runtime folder (a voice needs the sound server). Nothing else: a credential
    /// the board reads from its environment never reaches a hook.
    public static let baseEnvironment = [
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE", "LC_MESSAGES", "TZ", "TMPDIR",
        "XDG_RUNTIME_DIR",
    ]

    /// The environment this hook runs in: the base and the names it passes, from `board`, then the event's.
    public func environment(board: [String: String], event: [String: String]) -> [String: String] {
        var out: [String: String] = [:]
        for name in Self.baseEnvironment + passEnvironment {
            if let value = board[name] { out[name] = value }
        }
        return out.merging(event) { $1 }
    }
}

/// A `lines:` entry that finds lines: the values of a declared variable, each a line of the shared engine.
public struct LineDiscovery: Sendable, Equatable {
    /// The profile's variable whose values are the lines.
    public var variable: String
    /// Where it was written (`lines[2].discover`, its line in the file), for errors.
    public var key: String
    public var line: Int?

    public init(variable: String, key: String, line: Int? = nil) {
        self.variable = variable
        self.key = key
        self.line = line
    }
}

/// One line of a plant: a name, and what differs from the configuration for it: its own Prometheus (and
/// Alertmanager), or its variables' values on a shared engine.
public struct LineConfig: Sendable, Equatable {
    public var name: String
    public var prometheus: PrometheusConfig?
    public var alertmanager: AlertmanagerConfig?
    public var variables: [String: QueryTemplate.Value]

    public init(
        name: String, prometheus: PrometheusConfig? = nil, alertmanager: AlertmanagerConfig? = nil,
        variables: [String: QueryTemplate.Value] = [:]
    ) {
        self.name = name
        self.prometheus = prometheus
        self.alertmanager = alertmanager
        self.variables = variables
    }

    /// Whether the line has an engine or an alert source of its own (it then cannot share the plant's).
    public var ownsEndpoints: Bool { prometheus != nil || alertmanager != nil }
}
