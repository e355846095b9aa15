import AndonCore
import Foundation

/// Why a command cannot go on: what it says (on standard error after `andon: `, or, in a reload, on the board),
/// and its exit status. The executable reports it in one place.
public struct LaunchFailure: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var status: Int32
    /// What a monitoring plugin prints on standard output instead (`check`'s UNKNOWN line).
    public var pluginLine: String?

    public init(_ message: String, status: Int32, pluginLine: String? = nil) {
        self.message = message
        self.status = status
        self.pluginLine = pluginLine
    }

    public var description: String { message }

    /// Prometheus cannot give what the command needs (EX_UNAVAILABLE).
    public static let unavailable: Int32 = 69
    /// The command line asks for what the configuration does not have (EX_USAGE).
    public static let usage: Int32 = 64
}

/// What every command does between reading its configuration and asking its lines: the profiles detected, the
/// variables' values listed, a plant's lines discovered, the lines built on a pool's clients.
public enum Launch {
    /// The configuration of the line named `name` of a plant (`--line`), or of its only line, or the configuration
    /// itself when no line is named; an unknown name is a usage error that lists the lines.
    public static func line(_ name: String?, of config: Config) throws -> Config {
        // A plant of one line is that line's board.
        guard let name = name ?? (config.lines.count == 1 ? config.lines[0].name : nil) else { return config }
        guard let line = config.lines.first(where: { $0.name == name }) else {
            let known = config.lines.map(\.name)
            throw LaunchFailure(
                "no line named '\(TextSanitizer.inert(name, limit: 40))'"
                    + (known.isEmpty
                        ? ": the configuration has no lines" : "; the lines: " + known.joined(separator: ", ")),
                status: LaunchFailure.usage)
        }
        return try config.line(line)
    }

    /// A usage error when the profile of `config` leaves one of `chosen` out (with the reason detection gave).
    public static func measured(_ chosen: Set<PrincipleID>?, by config: Config) throws(LaunchFailure) {
        for id in chosen ?? [] where config.profile.principle(id) == nil {
            let reason = config.detection?.notMeasured.first { $0.id == id }.map { ": " + $0.reason } ?? ""
            throw LaunchFailure(
                "the profile \(config.profile.name) leaves \(id.rawValue) out" + reason, status: LaunchFailure.usage)
        }
    }

    /// The configuration with its declared variables' values from Prometheus when none was given; when they
    /// cannot be listed the board cannot know what to show, which it says before it exits (69).
    public static func resolve(_ config: Config, client: PrometheusClient, at: Double? = nil, detecting: Bool = true)
        async throws(LaunchFailure) -> Config
    {
        let detected = detecting ? await detect(config, client: client, at: at) : config
        switch await VariableResolver.resolve(detected, client: client) {
        case .success(let resolved): return resolved
        case .failure(let failure): throw LaunchFailure("\(failure)", status: LaunchFailure.unavailable)
        }
    }

    /// The configuration reading the profiles detected on Prometheus when none was chosen (one request; a board
    /// of one line: a plant's lines read the profile they are given).
    public static func detect(_ config: Config, client: PrometheusClient, at: Double? = nil) async -> Config {
        guard config.lines.count <= 1 else { return config }
        return await ProfileDetector.detect(config, client: client, at: at)
    }

    /// The configuration with the lines its `discover:` entries find (no request when there are none). When they
    /// cannot be listed, or none is found, the command cannot know what to show: it says why and exits 69, or,
    /// for `check` (`plugin`), prints an UNKNOWN line and exits 3 as a monitoring plugin does.
    public static func discover(_ config: Config, pool: ClientPool, plugin: Bool = false) async throws(LaunchFailure)
        -> Config
    {
        guard !config.discoverLines.isEmpty else { return config }
        var reason: String
        switch await VariableResolver.discoverLines(config, client: pool.client(config.prometheus)) {
        case .success(let found) where !found.lines.isEmpty:
            return found
        case .success:
            reason = "Prometheus lists no line ($" + config.discoverLines.map(\.variable).joined(separator: ", $") + ")"
        case .failure(let failure):
            reason = failure.description
        }
        reason = TextSanitizer.inert(reason, limit: 300)
        guard plugin else { throw LaunchFailure(reason, status: LaunchFailure.unavailable) }
        throw LaunchFailure(reason, status: Status.unknown.exitCode, pluginLine: "ANDON UNKNOWN - \(reason)")
    }

    /// One board's line for the instant `at` (nil: live), ready to be asked (`Lines.board`): its configuration
    /// resolved first (`resolve`, which detects the profiles at the instant `detectingAt` when none was chosen and
    /// `detecting`), on `pool`'s clients.
    public static func board(
        _ config: Config, at: Double?, detectingAt: Double?, detecting: Bool = true, pool: ClientPool
    ) async throws(LaunchFailure) -> Lines {
        let resolved = try await resolve(
            config, client: pool.client(config.prometheus), at: detectingAt, detecting: detecting)
        return Lines.board(resolved, at: at, pool: pool)
    }

    /// Every line of the plant `config` for the instant `at` (nil: live), ready to be asked (`Lines.plant`); a
    /// line whose configuration is wrong is a configuration error (78).
    public static func plant(_ config: Config, at: Double?, pool: ClientPool) async throws(LaunchFailure) -> Lines {
        do {
            return try await Lines.plant(config, at: at, pool: pool, now: Date().timeIntervalSince1970)
        } catch {
            throw LaunchFailure("\(error)", status: ConfigError.exitCode)
        }
    }

    /// The handover digest of `boards` (each line's name and configuration) over `from`…`to` at `step`: each line
    /// resolved as at the window's end and asked on `pool`'s clients, one after the other.
    /// The boards a command over a window reads: a plant's every line (or the one `line` names), each from its own
    /// configuration and named; a board of one line unnamed.
    public static func boards(of config: Config, line: String?) throws -> [(name: String?, config: Config)] {
        if config.lines.count > 1 && line == nil {
            return try config.lines.map { (name: $0.name, config: try Self.line($0.name, of: config)) }
        }
        return [(name: config.lines.count > 1 ? line : nil, config: try Self.line(line, of: config))]
    }

    public static func handover(
        title: String, prometheus: String, boards: [(name: String?, config: Config)], from: Double, to: Double,
        step: Double, pool: ClientPool
    ) async throws(LaunchFailure) -> Handover {
        var lines: [Handover.LineFacts] = []
        var configs: [Config] = []
        for board in boards {
            let client = pool.client(board.config.prometheus)
            let resolved = try await resolve(board.config, client: client, at: to)
            configs.append(resolved)
            let fetcher = HandoverFetcher(client: client, config: resolved, alertSource: pool.alertSource(resolved))
            let inputs = await fetcher.inputs(from: from, to: to, step: step)
            lines.append(Handover.line(board.name, inputs, from: from, to: to, step: step))
        }
        var handover = Handover(title: title, prometheus: prometheus, from: from, to: to, step: step, lines: lines)
        // Over the lines as resolved: the alerts routed by the profiles detected, as each line's facts are.
        handover.alarmHealth = await alarmHealth(configs, from: from, to: to, step: step, pool: pool)
        return handover
    }

    /// The alarm-health figures of `from`…`to` over the alerts of every board (a plant's lines are one wall):
    /// each alert counted once, whichever lines show it; held to the first board's targets (`alarms: health:`).
    public static func alarmHealth(_ boards: [Config], from: Double, to: Double, step: Double, pool: ClientPool) async
        -> AlarmHealthReport
    {
        var records: [[String: String]: AlarmHealth.Record] = [:]
        var acks: [String: Silence] = [:]
        var failure: PrometheusError?
        for board in boards {
            let fetcher = AlarmHealthFetcher(
                client: pool.client(board.prometheus), config: board, alertSource: pool.alertSource(board))
            switch await fetcher.records(from: from, to: to, step: step) {
            case .success(let found):
                for record in found.records { records[record.labels] = record }
                for ack in found.acks { acks[ack.id] = ack }
            case .failure(let error): failure = failure ?? error
            }
        }
        let targets = boards.first?.alarms.health ?? AlarmHealthTargets()
        // A line that cannot be read leaves the figures short: no verdict on part of the wall.
        let answer: Result<AlarmHealth, PrometheusError> =
            if let failure {
                .failure(failure)
            } else {
                .success(
                    AlarmHealth.of(
                        records.values.sorted { $0.detail + $0.name < $1.detail + $1.name },
                        acks: acks.values.sorted { $0.id < $1.id }, from: from, to: to))
            }
        return AlarmHealthReport(answer, targets: targets, from: from, to: to)
    }

    /// A starter configuration for the Prometheus of `config` (`andon init`), as YAML, and the configuration with
    /// what detection found: the profiles that fit, the Alertmanager Prometheus sends to, the labels that could
    /// tell lines apart. Prometheus that cannot be asked is a failure (69).
    public static func starter(_ config: Config, pool: ClientPool) async throws(LaunchFailure) -> (String, Config) {
        var config = config
        let client = pool.client(config.prometheus)
        config.profileChosen = false
        config = await ProfileDetector.detect(config, client: client)
        if let problem = config.detection?.problem, config.detection?.failed == true {
            throw LaunchFailure(problem, status: LaunchFailure.unavailable)
        }
        let starter = StarterConfig(
            prometheus: config.prometheus.url, alertmanager: config.alertSource?.endpoint.url,
            detection: config.detection, candidates: await ProfileDetector.lineCandidates(client: client),
            writtenAt: RFC3339.format(Date().timeIntervalSince1970.rounded(.down)))
        return (starter.yaml(), config)
    }

    /// Writes `text` to `path`, its folder made first; an existing file only when `replacing` (then atomically).
    /// A file that cannot be written is a failure (73, EX_CANTCREAT).
    public static func write(_ text: String, to path: String, replacing: Bool) throws(LaunchFailure) {
        let url = URL(fileURLWithPath: path)
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url, options: replacing ? .atomic : .withoutOverwriting)
        } catch {
            throw LaunchFailure("cannot write \(path): \(error.localizedDescription)", status: 73)
        }
    }

    /// Who acknowledges when the configuration does not say: `$USER@host` (the login name when USER is unset).
    public static func author(environment: [String: String]) -> String {
        var user = environment["USER"] ?? ""
        if user.isEmpty, let entry = getpwuid(getuid()), let name = entry.pointee.pw_name {
            user = String(cString: name)
        }
        var host = [UInt8](repeating: 0, count: 256)
        let named = host.withUnsafeMutableBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { gethostname($0.baseAddress!, $0.count - 1) == 0 }
        }
        let hostName = named ? String(decoding: host.prefix { $0 != 0 }, as: UTF8.self) : "localhost"
        return TextSanitizer.inert((user.isEmpty ? "andon" : user) + "@" + hostName, limit: 80)
    }

    /// The secret files of `config` that other users can read, each a warning to give at start.
    public static func secretWarnings(_ config: Config) -> [String] {
        let auths = [config.prometheus.auth] + (config.alertSource.map { [$0.endpoint.auth] } ?? [])
        return auths.flatMap { [$0.password, $0.bearerToken] }.compactMap { secret in
            guard case .file(let path) = secret, SecretReader.isReadableByOthers(path) else { return nil }
            return "warning: \(path) is readable by other users; chmod 600 it"
        }
    }

    /// Whether the locale's character set is UTF-8 (LC_ALL, then LC_CTYPE, then LANG).
    public static func utf8Locale(_ environment: [String: String]) -> Bool {
        let locale =
            [environment["LC_ALL"], environment["LC_CTYPE"], environment["LANG"]]
            .compactMap { $0 }.first { !$0.isEmpty } ?? ""
        let lower = locale.lowercased()
        return lower.contains("utf-8") || lower.contains("utf8")
    }
}

extension Config {
    /// The board's time zone: UTC with `timezone: UTC`, else the machine's (at `time`, for its daylight saving).
    public func utcOffset(at time: Double = Date().timeIntervalSince1970) -> Int {
        utc ? 0 : TimeZone.current.secondsFromGMT(for: Date(timeIntervalSince1970: time))
    }

    /// The time zone's short name, as times in reports name it (`UTC`, `CET`).
    public func zoneName(at time: Double = Date().timeIntervalSince1970) -> String {
        utc
            ? "UTC"
            : TimeZone.current.abbreviation(for: Date(timeIntervalSince1970: time)) ?? TimeZone.current.identifier
    }
}
