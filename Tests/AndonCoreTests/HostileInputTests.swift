import AndonCore
import AndonTestSupport
import Foundation
import Testing

@testable import AndonCore

/// Input from outside that once made the board lie, stop or leak: a value that is a regular expression, a
/// misspelled variable, a span too long to hold, YAML aliases that expand to gigabytes, files that are not files,
/// a credential echoed in an error, a line break in a token file, a hook given the board's secrets.
@Suite(
    "hostile input",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through libyaml and the decoders"))
struct HostileInputTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("andon-hostile-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func load(
        _ yaml: String, variables: [String] = [], profile: String? = nil, environment: [String: String] = [:]
    ) throws(ConfigError) -> Config {
        let folder = try! folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("andon.yaml")
        try! yaml.write(to: file, atomically: true, encoding: .utf8)
        return try ConfigLoader.load(
            configFlag: file.path, prometheusFlag: nil, profileFlag: profile, variableFlags: variables,
            environment: environment)
    }

    static func failure(_ body: () throws(ConfigError) -> Config) -> ConfigError? {
        do {
            _ = try body()
            return nil
        } catch {
            return error
        }
    }

    /// One value in a regex matcher matches itself only: a line named `[north]` or `a.*|b`, or one that is not a
    /// valid regular expression (`north[2`), selects that line and no other.
    @Test func oneValueInARegexMatcherIsLiteral() throws {
        let query = #"max(q{line=~"$line"}) + max(q{line="$line"}) + max(q{line!~'$line'})"#
        #expect(
            try QueryTemplate.expand(query, ["line": .one("north[2")])
                == #"max(q{line=~"north\\[2"}) + max(q{line="north[2"}) + max(q{line!~'north\\[2'})"#)
        #expect(
            try QueryTemplate.expand(#"q{line=~"$line"}"#, ["line": .one("a.*|b")]) == #"q{line=~"a\\.\\*\\|b"}"#)
        #expect(try QueryTemplate.expand(#"q{line =~ "$line"}"#, ["line": .one("[n]")]) == #"q{line =~ "\\[n\\]"}"#)
        // All values stay a pattern that matches every line.
        #expect(try QueryTemplate.expand(#"q{line=~"$line"}"#, ["line": .all]) == #"q{line=~".*"}"#)
    }

    /// A value with bidi controls or zero-width characters is escaped in the query (the same string to
    /// Prometheus), so that printing the query (`andon queries`) cannot reorder or hide its text.
    @Test func invisibleCharactersAreEscapedInQueries() throws {
        let expanded = try QueryTemplate.expand(#"q{line="$line"}"#, ["line": .one("a\u{202E}b\u{200B}c\u{85}")])
        #expect(expanded == #"q{line="a\u202eb\u200bc\u0085"}"#, "\(expanded)")
        #expect(expanded.unicodeScalars.allSatisfy { $0.isASCII })
        // An acknowledgement's subject escapes a quote inside a value.
        let silence = Silence(
            id: "1", matchers: [.init(name: "alertname", value: "A"), .init(name: "queue", value: #"or"ders"#)],
            createdBy: "ana", comment: "ACK!", startsAt: 0, endsAt: 1, state: .active)
        #expect(silence.subject == #"A{queue="or\"ders"}"#, "\(silence.subject)")
    }

    /// A variable nothing uses is a mistake, named where it was given: on the command line or at its line.
    @Test func aMisspelledVariableIsAnError() throws {
        let flag = Self.failure { () throws(ConfigError) in
            try Self.load("title: x\n", variables: ["lnie=4"], profile: "tps-plant")
        }
        #expect(flag?.file == "--var" && flag?.key == "lnie", "\(String(describing: flag))")
        #expect(flag?.description.contains("it declares line") == true, "\(String(describing: flag))")
        let file = Self.failure { () throws(ConfigError) in
            try Self.load("profile: tps-plant\nvariables:\n  lnie: \"4\"\n")
        }
        #expect(file?.key == "variables.lnie" && file?.line == 3, "\(String(describing: file))")
        // Spelled right, it is taken.
        let right = try Self.load("title: x\n", variables: ["line=4"], profile: "tps-plant")
        #expect(right.variables["line"] == .one("4"))
    }

    /// Every span of time has one range, said in the error: a timeout of 1e17 seconds once stopped the process.
    @Test func spansOutOfRangeAreErrors() throws {
        for (yaml, key) in [
            ("prometheus: {timeout: 1e17}", "prometheus.timeout"), ("refresh: 0.01", "refresh"),
            ("alertmanager: {url: 'http://am:9093', ack_for: 999999999999y}", "alertmanager.ack_for"),
            ("history_step: 999999999999y", "history_step"), ("dwell: 1e300", "dwell"),
        ] {
            let error = Self.failure { () throws(ConfigError) in try Self.load(yaml + "\n") }
            #expect(error?.key == key, "\(yaml): \(String(describing: error))")
            #expect(error?.message.contains("10 years") == true, "\(yaml): \(String(describing: error))")
        }
        #expect(Span.problem(900) == nil)
        #expect(Span.problem(0.2, least: Span.shortestRefresh) != nil)
        #expect(Span.problem(.infinity) != nil && Span.problem(.nan) != nil)
    }

    /// Anchors are refused where they stand, before an alias to them is read: nine levels of aliases to aliases
    /// (a few hundred bytes, 10^9 values expanded) answer at once.
    @Test func yamlAliasesAreRefusedBeforeTheyExpand() throws {
        var yaml = "a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n"
        for (level, name) in "bcdefghi".enumerated() {
            let previous = "abcdefghi"[String.Index(utf16Offset: level, in: "abcdefghi")]
            yaml += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ",") + "]\n"
        }
        let error = Self.failure { () throws(ConfigError) in try Self.load(yaml) }
        #expect(
            error?.message == "YAML anchors and aliases (&name, *name) are not supported",
            "\(String(describing: error))")
        #expect(error?.line == 1, "\(String(describing: error))")
    }

    /// A directory, a FIFO or a device is said to be one (reading `/dev/zero` would never end).
    @Test func aPathThatIsNotAFileIsSaidToBeOne() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("fifo").path
        #expect(mkfifo(fifo, 0o600) == 0)
        for (path, expected) in [
            (folder.path, "a directory"), (fifo, "not a regular file"), ("/dev/zero", "not a regular file"),
            ("/dev/null", "not a regular file"),
        ] {
            let error = Self.failure { () throws(ConfigError) in
                try ConfigLoader.load(configFlag: path, prometheusFlag: nil, environment: [:])
            }
            #expect(error?.message.contains(expected) == true, "\(path): \(String(describing: error))")
            let profile = Self.failure { () throws(ConfigError) in
                try ConfigLoader.load(configFlag: nil, prometheusFlag: nil, profileFlag: path, environment: [:])
            }
            #expect(profile?.message.contains(expected) == true, "\(path): \(String(describing: profile))")
        }
    }

    /// A token file with a line break inside would add a header to every request: refused, without the token.
    @Test func aLineBreakInATokenIsRefused() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("token")
        try "s3cret\r\nX-Injected: 1\n".write(to: file, atomically: true, encoding: .utf8)
        guard case .failure(let error) = SecretReader.read(.file(file.path), environment: [:]) else {
            Issue.record("a token with a line break was read")
            return
        }
        #expect(error.message.contains("line break") && !error.message.contains("s3cret"))
        #expect(SecretReader.read(.environment("T"), environment: ["T": "abc\ndef"]).isFailure)
        // A trailing newline, as editors write, is no line break inside.
        try "s3cret\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try SecretReader.read(.file(file.path), environment: [:]).get() == "s3cret")
    }

    /// Every secret comes out of text from outside, the longest first.
    @Test func secretsAreTakenOutOfOutsideText() {
        let secrets = ["tokenvalue", "tokenvalue-2", "dXNlcjpwYXNz"]
        #expect(
            Redaction.apply("401: bad token tokenvalue-2 (Basic dXNlcjpwYXNz)", secrets: secrets)
                == "401: bad token [redacted] (Basic [redacted])")
        #expect(Redaction.apply(Array("no secret here".utf8), secrets: secrets) == Array("no secret here".utf8))
        #expect(Redaction.apply("x", secrets: [""]) == "x")
    }

    /// A hook gets the basics, what it passes on purpose and the event: never the rest of the board's environment,
    /// and never a variable the board reads a credential from.
    @Test func aHookGetsACleanEnvironment() throws {
        let hook = HookConfig(name: "chat", command: ["/bin/true"], passEnvironment: ["ANDON_WEBHOOK_URL"])
        let environment = hook.environment(
            board: [
                "PATH": "/usr/bin", "LANG": "C.UTF-8", "ANDON_WEBHOOK_URL": "https://chat/hook",
                "ANDON_PROM_TOKEN": "s3cret", "AWS_SECRET_ACCESS_KEY": "k",
            ], event: ["ANDON_EVENT": "critical"])
        #expect(
            environment == [
                "PATH": "/usr/bin", "LANG": "C.UTF-8", "ANDON_WEBHOOK_URL": "https://chat/hook",
                "ANDON_EVENT": "critical",
            ])
        let error = Self.failure { () throws(ConfigError) in
            try Self.load(
                """
                prometheus: {url: "http://p:9090", bearer_token_env: ANDON_PROM_TOKEN}
                hooks:
                  - name: chat
                    command: [/bin/true]
                    pass_environment: [ANDON_WEBHOOK_URL, ANDON_PROM_TOKEN]

                """, environment: ["ANDON_PROM_TOKEN": "s3cret"])
        }
        #expect(error?.key == "hooks[0].pass_environment", "\(String(describing: error))")
    }
}

extension Result {
    fileprivate var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }
}

/// What a server may send in bulk costs a screen's worth to draw: a million-point trend is kept as at most
/// `Point.drawnLimit` points (each span's lowest and highest, so a spike survives), and the alerts pane makes lines
/// only for the alerts that can be in view.
@Suite("heavy input, drawn", .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread"))
struct HeavyInputTests {
    @Test func aMillionPointsAreKeptAsAChartCanDrawThem() {
        let start = 1_795_910_400.0
        var points = (0..<1_000_000).map { Point(timestamp: start + Double($0), value: Double($0 % 7)) }
        points[654_321].value = 1_000  // one spike
        let kept = Point.resampled(points)
        #expect(kept.count <= Point.drawnLimit && kept.count > Point.drawnLimit / 2, "\(kept.count)")
        #expect(kept.contains { $0.value == 1_000 })
        #expect(zip(kept, kept.dropFirst()).allSatisfy { $0.timestamp < $1.timestamp })
        #expect(kept.first?.timestamp == start)
        // A series a chart can draw as it is stays as it is.
        #expect(Point.resampled(Array(points.prefix(720))) == Array(points.prefix(720)))
    }

    @Test func theAlertsPaneDrawsOnlyWhatCanBeSeen() {
        var state = BoardState(config: Config(), now: 1_000, size: Size(width: 120, height: 40))
        let alerts = (0..<100_000).map { index in
            Alert(
                labels: ["alertname": "Down\(index)", "severity": "critical"], annotations: ["summary": "gone"],
                state: .firing, activeAt: 0)
        }
        _ = state.update(.refreshed(KioskTests.data(KioskTests.allGreen, at: 1_000, alerts: alerts)))
        _ = state.update(.key(.character("a")))
        for _ in 0..<60 { _ = state.update(.key(.down)) }
        let text = BoardView().render(state).text
        // The 61st alert (sorted by name) is selected and in view, with more below.
        let selected = state.alerts[60].name
        #expect(text.contains("> FIRING critical  \(selected) "), "\(text)")
        #expect(text.contains("↓ more"))
        // The lines made are those around it: from a screen's height of alerts above it.
        let lines = AlertsView(look: Look(unicode: true, braille: true, utcOffset: 0, interactive: true))
            .alertLines(state, width: 120, rows: 20..<101)
        #expect(lines.count < 400 && lines.contains { $0.0.contains(selected) })
    }

    /// A storm: 20,000 alerts of one name and principle and three of another are two rows with their counts;
    /// Enter opens the selected group (its alerts under it), Enter again closes it; `A` on a group is one
    /// acknowledgement of its name and principle, not twenty thousand.
    @Test func aStormIsGroupedByNameAndPrinciple() throws {
        var config = Config()
        var settings = AlertmanagerConfig()
        settings.allowAck = true
        config.alertmanager = settings
        var state = BoardState(config: config, now: 1_000, size: Size(width: 120, height: 40))
        let storm = (0..<20_000).map { index in
            Alert(
                labels: [
                    "alertname": "InstanceDown", "severity": index == 7 ? "critical" : "warning", "principle": "andon",
                    "instance": "host-\(index).plant.example:9100/" + String(repeating: "x", count: 120),
                ], annotations: ["summary": "gone"], state: .firing, activeAt: 100 + Double(index))
        }
        let few = (0..<3).map { index in
            Alert(
                labels: ["alertname": "QueueDeep", "severity": "warning", "principle": "kanban", "queue": "q\(index)"],
                annotations: [:], state: index == 0 ? .pending : .firing, activeAt: 500)
        }
        _ = state.update(.refreshed(KioskTests.data(KioskTests.allGreen, at: 1_000, alerts: storm + few)))
        _ = state.update(.key(.character("a")))
        #expect(state.alertRows.rows.count == 2, "\(state.alertRows.rows.prefix(5))")
        var text = BoardView().render(state).text
        #expect(text.contains("> ▸ 20,000× InstanceDown [andon]  20,000 firing · critical · oldest since"), "\(text)")
        #expect(text.contains("  ▸ 3× QueueDeep [kanban]  2 firing, 1 pending · warning"), "\(text)")
        _ = state.update(.key(.enter))
        #expect(state.alertRows.rows.count == 20_002)
        text = BoardView().render(state).text
        #expect(text.contains("> ▾ 20,000× InstanceDown"), "\(text)")
        _ = state.update(.key(.down))
        text = BoardView().render(state).text
        #expect(text.contains(">   FIRING "), "\(text)")
        _ = state.update(.key(.up))
        _ = state.update(.key(.enter))
        #expect(state.alertRows.rows.count == 2)
        _ = state.update(.key(.character("A")))
        let order = try #require(state.proposal)
        #expect(order.acks.count == 1 && order.acks[0].labels == ["alertname": "InstanceDown", "principle": "andon"])
        #expect(order.what == "20,000 alerts of Andon" || order.what == "20000 alerts of Andon", "\(order.what)")
    }
}

/// Lines found from a label's values: every value is a line, whatever its name looks like once made inert and cut.
@Suite("discovered lines", .enabled(if: Sanitizers.cover(.address), "answers through the decoders"))
struct DiscoveredLineTests {
    /// Answers every request with the same label values.
    struct Values: HTTPTransport {
        let values: [String]
        func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
            let data = try! JSONSerialization.data(withJSONObject: ["status": "success", "data": values])
            return requests.map { _ in .success(HTTPResponse(status: 200, body: Array(data))) }
        }
        func close() {}
    }

    /// Two values alike once cut to 40 characters, one alike once made inert, one that is not a valid regular
    /// expression: four lines (none dropped), each reading its own value.
    @Test func valuesAlikeOnceCutAreLinesOfTheirOwn() async throws {
        let long = String(repeating: "assembly-", count: 5)
        let values = [long + "north", long + "south", "press\u{1b}[2J", "press ?[2J", "north[2"]
        var config = Config()
        config.use(try #require(Profile.builtin("tps-plant")))
        config.discoverLines = [LineDiscovery(variable: "line", key: "lines[0].discover")]
        let found = try await VariableResolver.discoverLines(
            config, client: PrometheusClient(transport: Values(values: values))
        ).get()
        #expect(found.lines.count == values.count, "\(found.lines.map(\.name))")
        #expect(Set(found.lines.map(\.name)).count == values.count)
        #expect(found.lines.map { $0.variables["line"] } == values.map { .one($0) })
        #expect(found.lines.allSatisfy { $0.name.count <= 41 && !$0.name.contains("\u{1b}") })
        // A line named `north[2` is a line like any other: its value is literal in the profile's regex matchers
        // (its alerts' scope), which once made the whole plant refuse to start.
        let line = try found.line(found.lines[4])
        #expect(line.profile.alertScope == [#"line=~"north\\[2|""#], "\(line.profile.alertScope)")
        #expect(line.spec(.kanban).query.contains(#"line="north[2""#))
    }
}

/// What the board asks of a principle's alerts, worked out once a refresh (`AlertTally`), agrees with the alerts
/// themselves: the counts, the unanswered, the oldest critical, the latest acknowledgement; calls and alerts that
/// climb a ladder of their own left out of the escalation's counts.
@Suite(
    "a principle's alert facts",
    .enabled(if: Sanitizers.normalPassOnly, "safe Swift on one thread: nothing a sanitizer watches"))
struct AlertTallyTests {
    @Test func theFactsOfAMixOfAlerts() {
        func alert(_ name: String, _ principle: String, _ severity: String, since: Double, state: Alert.State = .firing)
            -> Alert
        {
            Alert(
                labels: ["alertname": name, "principle": principle, "severity": severity], annotations: [:],
                state: state, activeAt: since)
        }
        var acked = alert("KanbanDeep", "kanban", "critical", since: 100)
        acked.suppression = .silenced([
            Silence(
                id: "s1", matchers: [], createdBy: "ana", comment: Silence.ackMarker + " on it", startsAt: 150,
                endsAt: 4000, state: .active)
        ])
        let alerts = [
            acked, alert("KanbanSlow", "kanban", "warning", since: 50),
            alert("KanbanDeep", "kanban", "critical", since: 300),
            alert(Call.alertName, "kanban", "critical", since: 10),
            alert("AndonErrors", "andon", "critical", since: 200, state: .pending),
        ]
        let tally = AlertTally(alerts) { $0.labels["alertname"] == Call.alertName }
        #expect(tally.firing == 4)
        let kanban = tally[.kanban]
        // Three firing without the call; two of them unanswered; the unanswered critical since 300.
        #expect(kanban.firing == 3 && kanban.open == 2)
        #expect(kanban.openCritical && kanban.openCriticalSince == 300)
        #expect(kanban.firingAcknowledged && kanban.firingSince == 10 && kanban.latestAck?.id == "s1")
        // A pending alert is nothing to answer yet.
        #expect(tally[.andon] == AlertTally.OfPrinciple())
        #expect(tally[.tracing].firing == 0 && tally[.tracing].latestAck == nil)
    }
}
