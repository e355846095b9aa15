import Foundation

/// `andon doctor`: walks the chain from the machine andon runs on to the board's numbers and says, for every link, whether it
/// holds and, when it does not, what to do. The reference design's troubleshooting list, automated.
public struct DoctorCheck: Sendable, Equatable {
    /// What was checked: "connection", "targets", "metric", "query", "clock", "rules", ...
    public var area: String
    public var ok: Bool
    public var detail: String
    /// What to do about it (for a failed check), or, for a note, what would change it.
    public var fix: String?
    /// A fact, not a check: neither passed nor failed (a principle this plant's metrics do not measure).
    public var note: Bool

    public init(_ area: String, ok: Bool, _ detail: String, fix: String? = nil, note: Bool = false) {
        self.area = area
        self.ok = ok
        self.detail = detail
        self.fix = fix
        self.note = note
    }

    /// A fact the report states without judging it, with what would change it.
    public static func note(_ area: String, _ detail: String, fix: String? = nil) -> DoctorCheck {
        DoctorCheck(area, ok: true, detail, fix: fix, note: true)
    }
}

public struct DoctorReport: Sendable, Equatable {
    public var prometheus: String
    public var checks: [DoctorCheck]
    /// Checks that could not run because Prometheus did not answer.
    public var notRun: Int

    public init(prometheus: String, checks: [DoctorCheck], notRun: Int) {
        self.prometheus = prometheus
        self.checks = checks
        self.notRun = notRun
    }

    public var ok: Bool { notRun == 0 && checks.allSatisfy(\.ok) }
    public var exitCode: Int32 { ok ? 0 : 1 }

    /// One line per check (✓ or ✗, or `ok`/`FAIL` in ASCII), the fix indented under each failure.
    public func text(ascii: Bool) -> String {
        var lines = ["andon doctor · \(prometheus)", ""]
        let width = max(12, (checks.map { DisplayWidth.of($0.area) }.max() ?? 0) + 2)
        for check in checks {
            let mark =
                check.note ? (ascii ? "--  " : "–") : ascii ? (check.ok ? "ok  " : "FAIL") : (check.ok ? "✓" : "✗")
            let area = check.area + String(repeating: " ", count: max(1, width - DisplayWidth.of(check.area)))
            lines.append("\(mark) \(area)\(check.detail)")
            if let fix = check.fix, !check.ok || check.note {
                let label = check.note ? "    how: " : "    fix: "
                for (index, line) in fix.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    lines.append((index == 0 ? label : "         ") + line)
                }
            }
        }
        lines.append("")
        let failed = checks.filter { !$0.ok }.count
        let judged = checks.filter { !$0.note }.count
        if notRun > 0 {
            lines.append("\(failed) failed; \(notRun) more checks need Prometheus to answer first.")
        } else {
            lines.append(failed == 0 ? "All \(judged) checks pass." : "\(failed) of \(judged) checks failed.")
        }
        let text = lines.joined(separator: "\n") + "\n"
        return ascii ? text.replacingOccurrences(of: "·", with: "-") : text
    }

    public func json() -> JSONValue {
        .object([
            ("ok", .bool(ok)),
            ("prometheus", .string(prometheus)),
            (
                "checks",
                .array(
                    checks.map { check in
                        var members: [(String, JSONValue)] = [
                            ("area", .string(check.area)), ("ok", .bool(check.ok)), ("detail", .string(check.detail)),
                        ]
                        if check.note { members.append(("note", .bool(true))) }
                        if let fix = check.fix, !check.ok || check.note { members.append(("fix", .string(fix))) }
                        return .object(members)
                    })
            ),
            ("not_run", .number(Double(notRun))),
        ])
    }
}

public enum Doctor {
    /// How far the local clock may be from Prometheus' before the doctor calls it a fault.
    public static let clockTolerance = 30.0

    /// Runs every check. `clock` is the local time (a test may skew it); queries are evaluated at it, as the
    /// board's trends and `--at` are.
    public static func run(client: PrometheusClient, config: Config, clock: @Sendable () -> Double) async
        -> DoctorReport
    {
        var checks: [DoctorCheck] = []
        let url = config.prometheus.url
        // 1. The link: does the URL answer, over TLS, with our credentials; which Prometheus, is it ready.
        let first = await client.send([PrometheusClient.ready, PrometheusClient.buildInfo])
        switch first[0] {
        case .failure(.transport(let error)):
            checks.append(DoctorCheck("connection", ok: false, "\(url): \(error)", fix: fix(for: error, config)))
            return DoctorReport(prometheus: url, checks: checks, notRun: 8)
        case .failure(let error):
            checks.append(DoctorCheck("connection", ok: false, "\(url): \(error)"))
            return DoctorReport(prometheus: url, checks: checks, notRun: 8)
        case .success(let response):
            checks.append(DoctorCheck("connection", ok: true, "\(url) answers"))
            checks.append(tlsCheck(config))
            if response.status == 401 || response.status == 403 {
                checks.append(
                    DoctorCheck(
                        "authentication", ok: false,
                        "HTTP \(response.status): "
                            + (config.prometheus.auth == AuthConfig()
                                ? "credentials asked for, none configured" : "\(authDescription(config)) refused"),
                        fix: config.prometheus.auth == AuthConfig()
                            ? "this Prometheus (or its proxy) asks for credentials: set prometheus.basic_auth"
                                + " (username, password_file) or prometheus.bearer_token_file in the configuration"
                            : "the credentials were refused: check the user and the secret in "
                                + secretSources(config) + " (rotated? expired?)"))
                return DoctorReport(prometheus: url, checks: checks, notRun: 7)
            }
            checks.append(
                DoctorCheck(
                    "authentication", ok: true,
                    config.prometheus.auth == AuthConfig() ? "none needed" : authDescription(config) + " accepted"))
            let version = (try? first[1].get()).flatMap { try? ResponseDecoder.buildInfo($0).version }
            let name = version.map { "Prometheus \($0)" } ?? "Prometheus (version unknown)"
            if response.status == 200 {
                checks.append(DoctorCheck("prometheus", ok: true, "\(name), ready"))
            } else {
                let body = ResponseDecoder.snippet(response.body)
                checks.append(
                    DoctorCheck(
                        "prometheus", ok: false, "\(name) is not ready: HTTP \(response.status) \(body)",
                        fix: "Prometheus is starting (replaying its write-ahead log) or stopping: wait, and see its"
                            + " log (journalctl -u prometheus)"))
            }
        }

        // 2. Everything else in one concurrent batch, evaluated at the local time.
        let now = clock()
        let queries = allQueries(config)
        let watched = WatchedMetrics(config, queries: queries)
        var requests: [HTTPRequest] = [
            HTTPRequest(path: "/api/v1/targets", parameters: [QueryParameter("state", "active")]),
            PrometheusClient.rules,
            PrometheusClient.instant("count by (__name__) (\(watched.selector))", at: now),
            PrometheusClient.instant("count by (job) (\(watched.selector))", at: now),
            PrometheusClient.instant(
                "max by (metric) (timestamp(label_replace(\(watched.selector), \"metric\", \"$1\", \"__name__\","
                    + " \"(.+)\")))", at: now),
        ]
        let sentAt = clock()
        requests.append(PrometheusClient.instant("time()"))
        requests += queries.map { PrometheusClient.instant($0.query, at: now) }
        let answers = await client.send(requests)
        let receivedAt = clock()

        checks += targetChecks(answers[0])
        let counts = vectorByLabel(answers[2], "__name__")
        let jobs = vectorByLabel(answers[3], "job")
        if let jobs, !jobs.isEmpty {
            let list = jobs.sorted { $0.value > $1.value }.map { "\($0.key) (\(Int($0.value)) series)" }
            checks.append(DoctorCheck(watched.title, ok: true, "exposed by job " + list.joined(separator: ", ")))
        } else if watched.contract {
            checks.append(
                DoctorCheck(
                    watched.title, ok: false, "no job exposes any tps_ series at the local time",
                    fix: "scrape the exporter that implements the metric contract (docs/metrics.md): add it to"
                        + " scrape_configs in prometheus.yml, and check its target is up"))
        } else {
            checks.append(
                DoctorCheck(
                    watched.title, ok: false, "no job exposes any metric the profile reads, at the local time",
                    fix: "scrape the exporters of \(watched.names.joined(separator: ", ")): add them to scrape_configs"
                        + " in prometheus.yml, and check their targets are up"))
        }
        checks += detectionChecks(config)
        // Detection that found nothing has said so principle by principle: the contract's metrics and queries it
        // fell back to would only repeat it, a line each.
        let undetected = config.detection.map { $0.fitting.isEmpty } ?? false
        if !undetected { checks += watched.contract ? metricChecks(counts) : watched.checks(counts) }
        checks += millisecondHistograms(counts)
        let newest = vectorByLabel(answers[4], "metric") ?? [:]
        checks.append(clockCheck(answers[5], sentAt: sentAt, receivedAt: receivedAt))
        for (index, query) in queries.enumerated() where !undetected {
            checks.append(queryCheck(query, answers[6 + index], newest: newest, now: now, config: config))
        }
        checks += ruleChecks(answers[1])
        if let groups = try? answers[1].decoded(ResponseDecoder.rules).get() {
            checks += driftChecks(groups, config: config)
        }
        return DoctorReport(prometheus: url, checks: checks, notRun: 0)
    }

    /// A query the board issues: where it comes from and what it is called.
    struct NamedQuery {
        var name: String
        var query: String
        /// Where to correct it ("principles.kanban.query in line3.yaml"); nil for the built-in profile's.
        var origin: String?
        /// A culprit names nothing when nothing is wrong (no circuit open): no series is no fault then.
        var mayBeEmpty = false
    }

    /// Every query of the configuration and its profile: headlines, culprits and every panel, each named by its
    /// principle and panel.
    static func allQueries(_ config: Config) -> [NamedQuery] {
        let profileFile = config.profile.source
        func origin(_ key: String) -> String? { profileFile.map { "\(key) in \($0)" } }
        var out = config.principles.map {
            NamedQuery(
                name: "\($0.id.rawValue) headline", query: $0.query,
                origin: $0.query == config.profile.principle($0.id)?.spec.query
                    ? origin("principles.\($0.id.rawValue).query")
                    : "principles.\($0.id.rawValue).query in \(config.source ?? "the configuration")")
        }
        for principle in config.profile.principles {
            let id = principle.id.rawValue
            if let culprit = principle.culprit {
                out.append(
                    NamedQuery(
                        name: "\(id) culprit", query: culprit.query, origin: origin("principles.\(id).culprit.query"),
                        mayBeEmpty: true))
            }
            for (index, panel) in principle.panels.enumerated() where panel.query != principle.spec.query {
                out.append(
                    NamedQuery(
                        name: "\(id) panel \"\(panel.title)\"", query: panel.query,
                        origin: origin("principles.\(id).panels[\(index)].query")))
            }
        }
        return out
    }

    static func fix(for error: TransportError, _ config: Config) -> String {
        switch error.kind {
        case .dns:
            return "the host name in prometheus.url does not resolve: check its spelling, /etc/hosts and DNS"
        case .connectionRefused:
            return "nothing listens there: is Prometheus running (systemctl status prometheus), on that port"
                + " (--web.listen-address), and is prometheus.url right?"
        case .timeout:
            return "no answer within \(NumberText.plain(config.prometheus.timeout)) s: a firewall dropping packets,"
                + " a wrong address, or an overloaded Prometheus; try a longer prometheus.timeout"
        case .tls:
            return config.prometheus.tls.caFile == nil
                ? "the certificate was not accepted: set prometheus.tls.ca_file to the CA that signed it"
                    + " (and cert_file/key_file if the server asks for a client certificate)"
                : "the certificate was not accepted by \(config.prometheus.tls.caFile!): is it the CA that signed the"
                    + " server's certificate, and does the URL's host match the certificate?"
        case .redirect:
            return "the URL redirects elsewhere: put the final address in prometheus.url (andon does not follow"
                + " redirects, so credentials never go to another host)"
        case .tooLarge, .other:
            return "see the error above; `curl -v` on the same URL shows the whole exchange"
        }
    }

    static func tlsCheck(_ config: Config) -> DoctorCheck {
        guard config.prometheus.url.lowercased().hasPrefix("https://") else {
            return DoctorCheck("tls", ok: true, "not used (http://)")
        }
        if config.prometheus.tls.insecureSkipVerify {
            return DoctorCheck(
                "tls", ok: true,
                "NOT VERIFIED (insecure_skip_verify: true): anyone in between can read and change the numbers")
        }
        let authority = config.prometheus.tls.caFile.map { "the CA in \($0)" } ?? "the system's CAs"
        let client = config.prometheus.tls.certFile == nil ? "" : ", with a client certificate"
        return DoctorCheck("tls", ok: true, "verified against \(authority)\(client)")
    }

    static func authDescription(_ config: Config) -> String {
        let auth = config.prometheus.auth
        if let user = auth.username, let source = auth.password {
            return "basic auth as \(TextSanitizer.inert(user, limit: 40)) (password from the \(source))"
        }
        if let source = auth.bearerToken { return "bearer token (from the \(source))" }
        return "no credentials"
    }

    static func secretSources(_ config: Config) -> String {
        let auth = config.prometheus.auth
        return [auth.password, auth.bearerToken].compactMap { $0.map { "the \($0)" } }.joined(separator: " and ")
    }

    static func targetChecks(_ answer: Result<HTTPResponse, PrometheusError>) -> [DoctorCheck] {
        let targets: [ScrapeTarget]
        switch answer.decoded(ResponseDecoder.targets) {
        case .failure(let error):
            return [DoctorCheck("targets", ok: false, "cannot list the scrape targets: \(error)")]
        case .success(let list):
            targets = list
        }
        guard !targets.isEmpty else {
            return [
                DoctorCheck(
                    "targets", ok: false, "Prometheus scrapes nothing",
                    fix: "add the exporter to scrape_configs in prometheus.yml (see prometheus/prometheus.yml)")
            ]
        }
        let up = targets.filter { $0.health == "up" }
        var checks = [
            DoctorCheck(
                "targets", ok: up.count == targets.count,
                "\(up.count) of \(targets.count) up"
                    + (up.isEmpty ? "" : " (" + Set(up.map(\.job)).sorted().joined(separator: ", ") + ")"))
        ]
        for target in targets where target.health != "up" {
            checks.append(
                DoctorCheck(
                    "target", ok: false,
                    "\(target.job) \(target.instance) is \(target.health)"
                        + (target.lastError.isEmpty ? "" : ": \(target.lastError)"),
                    fix: "check the exporter at \(target.scrapeURL) (is it running, does `curl \(target.scrapeURL)`"
                        + " answer from the Prometheus host?)"))
        }
        return checks
    }

    /// A vector answer as label value → sample value, or nil if it failed.
    static func vectorByLabel(_ answer: Result<HTTPResponse, PrometheusError>, _ label: String) -> [String: Double]? {
        guard case .success(let response) = answer.decoded(ResponseDecoder.query),
            case .vector(let samples) = response.result
        else { return nil }
        var out: [String: Double] = [:]
        for sample in samples {
            out[sample.labels[label] ?? "", default: 0] = max(out[sample.labels[label] ?? ""] ?? 0, sample.value)
        }
        return out
    }

    static func metricChecks(_ counts: [String: Double]?) -> [DoctorCheck] {
        guard let counts else {
            return [DoctorCheck("metrics", ok: false, "cannot count the tps_ series")]
        }
        return MetricContract.metrics.map { metric in
            let name = metric.seriesName
            if let count = counts[name] {
                return DoctorCheck("metric", ok: true, "\(name): \(Int(count)) series")
            }
            let labels = metric.labels.isEmpty ? "no labels" : "labels " + metric.labels.joined(separator: ", ")
            return DoctorCheck(
                "metric", ok: false, "\(name): missing",
                fix:
                    "the exporter must expose \(metric.name) (a \(metric.kind.rawValue), \(labels)): see docs/metrics.md;"
                    + " the \(metric.principle.title) tile and drill-down need it"
                    + (metric.kind == .gauge
                        ? ""
                        : ". A \(metric.kind.rawValue) with labels appears only after its first increment: if nothing"
                            + " of the kind has happened yet, start it at zero for every label value"))
        }
    }

    /// The metrics `doctor` looks for: the contract's (`tps_*`) for the built-in profile, else every metric the
    /// profile's queries name, each checked for series at the local time.
    struct WatchedMetrics {
        let contract: Bool
        let names: [String]
        /// A selector of every watched series.
        let selector: String
        let title: String

        init(_ config: Config, queries: [NamedQuery]) {
            contract = config.profile.source == nil && config.profile.name == "tps"
            var names: Set<String> = []
            for query in queries { names.formUnion(PromQLMetrics.names(in: query.query)) }
            self.names = names.sorted()
            // Metric names hold letters, digits, _ and :, none of which a regular expression reads specially.
            selector =
                contract || names.isEmpty
                ? "{__name__=~\"tps_.+\"}" : "{__name__=~\"" + self.names.joined(separator: "|") + "\"}"
            title = contract ? "tps_ series" : "series"
        }

        func checks(_ counts: [String: Double]?) -> [DoctorCheck] {
            guard let counts else { return [DoctorCheck("metrics", ok: false, "cannot count the profile's series")] }
            return names.map { name in
                if let count = counts[name] { return DoctorCheck("metric", ok: true, "\(name): \(Int(count)) series") }
                return DoctorCheck(
                    "metric", ok: false, "\(name): missing",
                    fix: "the profile's queries read \(name): its exporter must expose it and its target must be up"
                        + " (a counter with labels appears only after its first increment)")
            }
        }
    }

    /// With no profile chosen: which profile measures each principle, which are not measured here and what would
    /// measure them, and the profiles that fit; nothing when a profile was chosen.
    static func detectionChecks(_ config: Config) -> [DoctorCheck] {
        guard let detection = config.detection else { return [] }
        if detection.fitting.isEmpty {
            return [
                DoctorCheck(
                    "profiles", ok: false, detection.problem ?? "no profile fits",
                    fix: "scrape the exporters of the software the plant runs (`andon profiles` lists what each"
                        + " profile looks for), choose a profile (--profile NAME), or instrument the metric contract"
                        + " (docs/metrics.md)")
            ]
                + detection.notMeasured.map { missing in
                    .note(
                        missing.id.rawValue, "not measured here: " + missing.reason,
                        fix: missing.lookedFor.isEmpty ? nil : "scrape what a profile reads: " + missing.lookedFor)
                }
        }
        var checks = [
            DoctorCheck("profiles", ok: true, "detected: " + detection.fitting.joined(separator: ", ") + " fit")
        ]
        for id in PrincipleID.allCases {
            if let name = detection.suppliers[id] {
                checks.append(DoctorCheck(id.rawValue, ok: true, "measured by the profile \(name)"))
            } else if let missing = detection.notMeasured.first(where: { $0.id == id }) {
                checks.append(
                    .note(
                        id.rawValue, "not measured here: " + missing.reason,
                        fix: missing.lookedFor.isEmpty ? nil : "scrape what a profile reads: " + missing.lookedFor))
            }
        }
        return checks
    }

    /// The reference design's histograms are in milliseconds; andon reads seconds.
    static func millisecondHistograms(_ counts: [String: Double]?) -> [DoctorCheck] {
        let found = (counts ?? [:]).keys.filter { $0.hasSuffix("_ms_bucket") }.sorted()
        return found.map { name in
            let base = String(name.dropLast("_ms_bucket".count))
            var fix = "andon reads \(base)_seconds_bucket (Prometheus' base unit); expose seconds from the exporter"
            if base == "tps_tracing_duration" {
                fix +=
                    ", or map the Tracing headline in the configuration:\n"
                    + "principles:\n  tracing:\n    query: histogram_quantile(0.99, sum by (le)"
                    + " (rate(tps_tracing_duration_ms_bucket[5m]))) / 1000\n    unit: s"
            } else {
                fix += " (the drill-down panels that read it stay empty until then)"
            }
            return DoctorCheck(
                "milliseconds", ok: false, "\(name) looks like the reference design's millisecond histogram", fix: fix)
        }
    }

    static func clockCheck(_ answer: Result<HTTPResponse, PrometheusError>, sentAt: Double, receivedAt: Double)
        -> DoctorCheck
    {
        guard case .success(let response) = answer.decoded(ResponseDecoder.query),
            case .scalar(let point) = response.result
        else {
            return DoctorCheck("clock", ok: false, "cannot read Prometheus' time (the query time() failed)")
        }
        // Prometheus evaluated time() between sending and receiving: compare with the middle.
        let offset = (sentAt + receivedAt) / 2 - point.value
        let uncertainty = (receivedAt - sentAt) / 2
        // To the nearest second: the estimate is the middle of the round trip, and a skew of exactly 10 minutes
        // measured as 599.9 s must not read "9m" (it did under the thread sanitizer in CI).
        let amount = DurationText.short(abs(offset).rounded())
        if abs(offset) <= clockTolerance + uncertainty {
            return DoctorCheck(
                "clock", ok: true,
                "the local clock and Prometheus' agree within \(NumberText.plain((abs(offset) * 10).rounded(.up) / 10)) s"
            )
        }
        return DoctorCheck(
            "clock", ok: false,
            "the local clock is \(amount) \(offset > 0 ? "ahead of" : "behind") Prometheus': queries evaluated"
                + " at the local time (trends, status history, --at) are shifted by that much, and beyond 5m"
                + " they come back empty",
            fix: "synchronise the clocks of both machines with NTP (timedatectl set-ntp true, or chrony)")
    }

    static func queryCheck(
        _ query: NamedQuery, _ answer: Result<HTTPResponse, PrometheusError>, newest: [String: Double], now: Double,
        config: Config
    ) -> DoctorCheck {
        let metrics = PromQLMetrics.names(in: query.query)
        let newestSample = metrics.compactMap { newest[$0] }.max()
        let age = newestSample.map { "newest sample \(DurationText.short(max(0, now - $0))) old" }
        let source = query.origin.map { "correct \($0)" }
        switch answer.decoded(ResponseDecoder.query) {
        case .failure(let error):
            return DoctorCheck(
                "query", ok: false, "\(query.name): \(error)",
                fix: (source ?? "this query is built in: please report it") + "\n" + query.query)
        case .success(let response):
            let count: Int
            switch response.result {
            case .vector(let samples): count = samples.count
            case .scalar: count = 1
            case .matrix(let series): count = series.count
            case .string: count = 1
            }
            if count > 0 {
                return DoctorCheck(
                    "query", ok: true, "\(query.name): \(count) series" + (age.map { ", \($0)" } ?? ""))
            }
            let missing = metrics.filter { newest[$0] == nil }
            if query.mayBeEmpty, missing.isEmpty {
                return DoctorCheck("query", ok: true, "\(query.name): nothing to name now (no series)")
            }
            var why = "no data"
            if !missing.isEmpty {
                why += ": no recent sample of " + missing.joined(separator: ", ")
            } else if let age {
                why += " (\(age))"
            }
            let fix =
                !missing.isEmpty
                ? "the exporter must expose \(missing.joined(separator: ", ")), and its target must be up"
                : source ?? "the metrics are there but the query selects nothing: check its label matchers"
            return DoctorCheck("query", ok: false, "\(query.name): \(why)", fix: fix)
        }
    }

    static func ruleChecks(_ answer: Result<HTTPResponse, PrometheusError>) -> [DoctorCheck] {
        let groups: [RuleGroup]
        switch answer.decoded(ResponseDecoder.rules) {
        case .failure(let error):
            return [DoctorCheck("rules", ok: false, "cannot list the rules: \(error)")]
        case .success(let list):
            groups = list
        }
        let rules = groups.flatMap { group in group.rules.map { (group, $0) } }
        let alerting = rules.filter { $0.1.type == "alerting" }.count
        let recording = rules.count - alerting
        guard alerting > 0 else {
            return [
                DoctorCheck(
                    "rules", ok: false, "no alerting rules loaded (\(recording) recording)",
                    fix: "add prometheus/alert-rules.yml, or the output of `andon rules`, to rule_files in"
                        + " prometheus.yml and reload Prometheus (SIGHUP or POST /-/reload)")
            ]
        }
        let broken = rules.filter { $0.1.health == "err" }
        var checks = [
            DoctorCheck(
                "rules", ok: broken.isEmpty,
                "\(alerting) alerting and \(recording) recording rules loaded"
                    + (broken.isEmpty ? ", all healthy" : ", \(broken.count) failing"))
        ]
        for (group, rule) in broken {
            let file = group.file.isEmpty ? "" : " (\(TextSanitizer.inert(group.file, limit: 120)))"
            checks.append(
                DoctorCheck(
                    "rule", ok: false,
                    "\(TextSanitizer.inert(rule.name, limit: 80)) in group \(TextSanitizer.inert(group.name, limit: 60))"
                        + "\(file): \(TextSanitizer.inert(rule.lastError, limit: 200))",
                    fix: "fix its expression and check the file with `promtool check rules`; then reload Prometheus"))
        }
        return checks
    }
}
