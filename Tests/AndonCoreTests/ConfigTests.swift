import AndonCore
import AndonTestSupport
import Foundation
import Testing

@Suite(
    "Configuration",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct ConfigTests {
    func parse(_ yaml: String) throws(ConfigError) -> Config {
        try ConfigParser.parse(yaml: yaml, file: "andon.yaml", directory: "/etc/andon")
    }

    func error(_ yaml: String) -> ConfigError? {
        do {
            _ = try parse(yaml)
            return nil
        } catch {
            return error
        }
    }

    @Test func emptyFileIsDefaults() throws {
        let config = try parse("")
        #expect(config.prometheus.url == "http://localhost:9090")
        #expect(config.refresh == 15)
        #expect(config.principles.map(\.id) == PrincipleID.allCases)
        #expect(config.principles == PrincipleID.allCases.map(PrincipleSpec.standard))
    }

    @Test func fullFile() throws {
        let config = try parse(
            """
            title: Line 3 · Final assembly
            refresh: 5
            stale_after: 12
            unknown_after: 120
            prometheus:
              url: https://prom.example:9090/prefix/
              timeout: 4
              connect_timeout: 1.5
              headers:
                X-Scope-OrgID: line3
              basic_auth:
                username: board
                password_file: secrets/password
              tls:
                ca_file: /etc/ssl/ca.pem
                cert_file: client.pem
                key_file: client.key
            principles:
              kanban:
                query: max(tps:kanban_queue_depth:max)
                green: "< 100"
                red: ">= 200"
              tracing:
                unit: s
                headline: P95 latency
            """)
        #expect(config.title == "Line 3 · Final assembly")
        #expect(config.refresh == 5)
        #expect(config.staleAge == 12)
        #expect(config.unknownAfter == 120)
        #expect(config.prometheus.url == "https://prom.example:9090/prefix")
        #expect(config.prometheus.timeout == 4)
        #expect(config.prometheus.connectTimeout == 1.5)
        #expect(config.prometheus.headers == [HTTPHeader(name: "X-Scope-OrgID", value: "line3")])
        #expect(config.prometheus.auth.username == "board")
        #expect(config.prometheus.auth.password == .file("/etc/andon/secrets/password"))
        #expect(config.prometheus.tls.caFile == "/etc/ssl/ca.pem")
        #expect(config.prometheus.tls.certFile == "/etc/andon/client.pem")
        #expect(config.prometheus.tls.insecureSkipVerify == false)
        let kanban = config.spec(.kanban)
        #expect(kanban.query == "max(tps:kanban_queue_depth:max)")
        #expect(kanban.thresholds == Thresholds(green: Condition(.less, 100), red: Condition(.greaterOrEqual, 200)))
        #expect(config.spec(.tracing).headline == "P95 latency")
        #expect(config.spec(.jidoka) == .standard(.jidoka))
    }

    @Test func badYAMLNamesTheLine() throws {
        let problem = try #require(error("title: ok\nprometheus:\n  url: [unclosed\n"))
        #expect(problem.file == "andon.yaml")
        #expect(problem.line != nil)
        #expect(problem.description.hasPrefix("andon.yaml:"))
        #expect(problem.description.contains("not valid YAML"))
    }

    @Test func unknownPrincipleNamesLineAndKey() throws {
        let problem = try #require(error("refresh: 10\nprinciples:\n  muda:\n    query: up\n"))
        #expect(problem.line == 3)
        #expect(problem.key == "principles.muda")
        #expect(problem.message.contains("jidoka, kanban, andon, kaizen, heijunka, tracing"))
    }

    @Test func alertmanagerEscalationAndHooks() throws {
        let config = try parse(
            """
            alertmanager:
              url: http://am:9093
              allow_ack: true
              ack_by: ana
              ack_for: 30m
              bearer_token_file: am.token
            escalation:
              escalate_after: 2m
              repeat: 30s
            hooks:
              - name: voice
                command: [/usr/bin/espeak-ng, -v, en]
                on: [status, escalation]
              - command: [hooks/tower]
                timeout: 2s
            """)
        let alertmanager = try #require(config.alertmanager)
        #expect(alertmanager.endpoint.url == "http://am:9093" && alertmanager.allowAck)
        #expect(alertmanager.ackBy == "ana" && alertmanager.ackFor == 1800)
        #expect(alertmanager.endpoint.auth.bearerToken == .file("/etc/andon/am.token"))
        #expect(config.escalation == EscalationConfig(after: 120, every: 30))
        #expect(config.hooks.map(\.name) == ["voice", "hook 2"])
        #expect(
            config.hooks[0].command == ["/usr/bin/espeak-ng", "-v", "en"]
                && config.hooks[0].on == [.status, .escalation])
        #expect(config.hooks[1].command == ["/etc/andon/hooks/tower"] && config.hooks[1].timeout == 2)
        #expect(config.hooks[1].on == HookTrigger.allCases)
        // Acknowledging is off unless allowed; an Alertmanager turns escalation on, `off` turns it off.
        let plain = try parse("alertmanager:\n  url: http://am:9093\n")
        #expect(plain.alertmanager?.allowAck == false && plain.escalation == EscalationConfig())
        #expect(try parse("alertmanager:\n  url: http://am:9093\nescalation: off\n").escalation == nil)
        #expect(try parse("refresh: 5\n").escalation == nil)
    }

    @Test func badResponseSettingsNameLineAndKey() throws {
        let shell = try #require(error("hooks:\n  - name: x\n    command: \"espeak-ng $ANDON_VALUE\"\n"))
        #expect(shell.line == 3 && shell.key == "hooks[0].command" && shell.message.contains("never through a shell"))
        let event = try #require(error("hooks:\n  - command: [x]\n    on: [status, sunrise]\n"))
        #expect(event.key == "hooks[0].on" && event.message.contains("sunrise"))
        let token = try #require(error("alertmanager:\n  url: http://am:9093\n  bearer_token: abc\n"))
        #expect(token.key == "alertmanager.bearer_token" && !token.description.contains("abc"))
        let noURL = try #require(error("alertmanager:\n  allow_ack: true\n"))
        #expect(noURL.key == "alertmanager.url")
        let ack = try #require(error("alertmanager:\n  url: http://am:9093\n  allow_ack: maybe\n"))
        #expect(ack.line == 3 && ack.key == "alertmanager.allow_ack")
        let after = try #require(error("escalation:\n  escalate_after: soon\n"))
        #expect(after.line == 2 && after.key == "escalation.escalate_after")
    }

    @Test func linesOfAPlant() throws {
        let config = try parse(
            """
            title: North works
            lines:
              - name: north
                prometheus: {url: "http://prom-north:9090"}
              - name: south
                prometheus: {url: "https://prom-south:9090", bearer_token_file: south.token}
                alertmanager: {url: "http://am-south:9093"}
              - name: line3
                variables: {line: "3"}
            """)
        #expect(config.lines.map(\.name) == ["north", "south", "line3"])
        #expect(config.lines[1].prometheus?.auth.bearerToken == .file("/etc/andon/south.token"))
        #expect(config.lines[1].alertmanager?.endpoint.url == "http://am-south:9093")
        #expect(config.lines[2].variables == ["line": .one("3")] && config.lines[2].prometheus == nil)
        let south = try config.line(config.lines[1])
        #expect(south.title == "North works · south" && south.prometheus.url == "https://prom-south:9090")
        #expect(south.lines.isEmpty && south.alertmanager?.endpoint.url == "http://am-south:9093")
        // The line knows its name (a call raised on its board carries it); the plant is no line.
        #expect(south.lineName == "south" && config.lineName == nil)
        let twice = try #require(
            error("lines:\n  - name: a\n    variables: {line: '1'}\n  - name: a\n    variables: {line: '2'}\n"))
        #expect(twice.line == 4 && twice.key == "lines[1].name" && twice.message.contains("another line"))
        let bare = try #require(error("lines:\n  - name: a\n"))
        #expect(bare.key == "lines[0].name" && bare.message.contains("prometheus"))
        let secret = try #require(
            error("lines:\n  - name: a\n    prometheus: {url: 'http://p:9090', bearer_token: x}\n"))
        #expect(secret.key == "lines[0].prometheus.bearer_token")
    }

    /// `lines: [{discover: line}]`: the values of a variable the profile declares become lines at start; a
    /// variable it does not declare is an error naming file, line and key.
    @Test func linesFoundFromAVariable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("plant.yaml")
        try "profile: tps-plant\nlines:\n  - {name: press, variables: {line: press}}\n  - discover: line\n".write(
            to: file, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(configFlag: file.path, prometheusFlag: nil, environment: [:])
        #expect(config.lines.map(\.name) == ["press"])
        #expect(config.discoverLines.map(\.variable) == ["line"])
        try "profile: tps-plant\nlines:\n  - discover: zone\n".write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigLoader.load(configFlag: file.path, prometheusFlag: nil, environment: [:])
            Issue.record("a variable the profile does not declare was taken")
        } catch {
            #expect(error.line == 3 && error.key == "lines[0].discover", "\(error)")
            #expect(error.message.contains("declares no variable zone (it declares line)"), "\(error)")
        }
        let mixed = try #require(error("lines:\n  - discover: line\n    name: x\n"))
        #expect(mixed.key == "lines[0].name", "\(mixed)")
    }

    @Test func unknownKeyIsAnError() throws {
        let problem = try #require(error("refesh: 10\n"))
        #expect(problem.line == 1)
        #expect(problem.key == "refesh")
    }

    @Test func badThreshold() throws {
        let problem = try #require(error("principles:\n  kanban:\n    red: lots\n"))
        #expect(problem.line == 3)
        #expect(problem.key == "principles.kanban.red")
        #expect(problem.message.contains("\"> 1000\""))
    }

    @Test func badNumber() throws {
        let problem = try #require(error("refresh: soon\n"))
        #expect(problem.key == "refresh")
        #expect(try #require(error("refresh: -1\n")).message.contains("greater than 0"))
    }

    @Test func secretsAreNotTakenFromTheFile() throws {
        let password = try #require(error("prometheus:\n  basic_auth:\n    username: a\n    password: hunter2\n"))
        #expect(password.key == "prometheus.basic_auth.password")
        #expect(!password.description.contains("hunter2"))
        let token = try #require(error("prometheus:\n  bearer_token: s3cr3t\n"))
        #expect(token.key == "prometheus.bearer_token")
        #expect(!token.description.contains("s3cr3t"))
    }

    @Test func credentialsInTheURLAreRefusedWithoutEchoingThem() throws {
        let problem = try #require(error("prometheus:\n  url: http://admin:hunter2@prom:9090\n"))
        #expect(problem.line == 2)
        #expect(!problem.description.contains("hunter2"))
    }

    @Test func prometheusURLs() {
        let accepted: [(String, String)] = [
            ("http://prom:9090", "http://prom:9090"), (" \thttps://prom/\u{00A0}", "https://prom"),
            ("HTTPS://Prom:9090/sub/path//", "HTTPS://Prom:9090/sub/path"), ("http://[::1]:9090", "http://[::1]:9090"),
        ]
        for (raw, url) in accepted { #expect(URLCheck.validate(raw) == .success(url), "\(raw)") }
        let refused: [(String, String)] = [
            ("prom:9090", "expected an http:// or https:// URL"), ("ftp://prom", "expected an http:// or https:// URL"),
            ("http://", "no host"), ("http:///path", "no host"), ("http://a:b@prom", "credentials"),
            ("http://prom/?q=1", "query or fragment"), ("http://prom/#top", "query or fragment"),
            ("http://prom/a b", "spaces or control"), ("http://prom/\u{7}", "spaces or control"),
        ]
        for (raw, reason) in refused {
            guard case .failure(let problem) = URLCheck.validate(raw) else {
                Issue.record("accepted \(raw)")
                continue
            }
            #expect(problem.message.contains(reason), "\(raw): \(problem.message)")
        }
    }

    @Test func unreadableTokenFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let yaml = "prometheus:\n  url: http://localhost:9090\n  bearer_token_file: missing-token\n"
        let file = directory.appendingPathComponent("config.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try ConfigLoader.load(configFlag: file.path, prometheusFlag: nil, environment: [:])
            Issue.record("loaded a config whose token file is missing")
        } catch {
            #expect(error.file == file.path)
            #expect(error.line == 3)
            #expect(error.key == "prometheus.bearer_token_file")
            #expect(error.message.contains("no such file"))
        }
        // A present token file loads, and its value is read fresh each time (rotation).
        let token = directory.appendingPathComponent("missing-token")
        try "first\n".write(to: token, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(configFlag: file.path, prometheusFlag: nil, environment: [:])
        #expect(config.prometheus.auth.bearerToken == .file(token.path))
        #expect(try SecretReader.read(.file(token.path), environment: [:]).get() == "first")
        try "second".write(to: token, atomically: true, encoding: .utf8)
        #expect(try SecretReader.read(.file(token.path), environment: [:]).get() == "second")
    }

    @Test func missingExplicitFile() {
        #expect(throws: ConfigError(file: "/nonexistent/andon.yaml", message: "no such file")) {
            try ConfigLoader.load(configFlag: "/nonexistent/andon.yaml", prometheusFlag: nil, environment: [:])
        }
    }

    @Test func missingDefaultFileIsDefaults() throws {
        let config = try ConfigLoader.load(
            configFlag: nil, prometheusFlag: nil, environment: ["HOME": "/nonexistent"])
        #expect(config == Config())
    }

    @Test func locationOrder() {
        let env = ["ANDON_CONFIG": "/a.yaml", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"]
        #expect(ConfigLoader.locate(flag: "/f.yaml", environment: env)! == ("/f.yaml", true))
        #expect(ConfigLoader.locate(flag: nil, environment: env)! == ("/a.yaml", true))
        #expect(
            ConfigLoader.locate(flag: nil, environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/h"])!
                == ("/xdg/andon/config.yaml", false))
        #expect(ConfigLoader.locate(flag: nil, environment: ["HOME": "/h"])! == ("/h/.config/andon/config.yaml", false))
    }

    @Test func urlPrecedence() throws {
        let env = ["ANDON_PROMETHEUS_URL": "http://env:9090", "HOME": "/nonexistent"]
        #expect(
            try ConfigLoader.load(configFlag: nil, prometheusFlag: nil, environment: env).prometheus.url
                == "http://env:9090")
        #expect(
            try ConfigLoader.load(configFlag: nil, prometheusFlag: "http://flag:1/", environment: env)
                .prometheus.url == "http://flag:1")
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(configFlag: nil, prometheusFlag: "ftp://x", environment: env)
        }
    }

    @Test func environmentSecret() throws {
        let config = try parse("prometheus:\n  bearer_token_env: PROM_TOKEN\n")
        #expect(config.prometheus.auth.bearerToken == .environment("PROM_TOKEN"))
        #expect(try SecretReader.read(.environment("PROM_TOKEN"), environment: ["PROM_TOKEN": "t0k\n"]).get() == "t0k")
        #expect(throws: SecretError.self) { try SecretReader.read(.environment("PROM_TOKEN"), environment: [:]).get() }
    }

    @Test func clientCertificateNeedsBoth() throws {
        let problem = try #require(error("prometheus:\n  tls:\n    cert_file: c.pem\n"))
        #expect(problem.key == "prometheus.tls.key_file")
    }

    @Test func duplicateKey() throws {
        // The second of the two is the mistake: named at its line, with the first's.
        let problem = try #require(error("title: x\nrefresh: 1\nrefresh: 2\n"))
        #expect(problem.line == 3)
        #expect(problem.key == "refresh")
        #expect(problem.message == "duplicate key (first at line 2)")
        let nested = try #require(
            error("title: x\nprometheus:\n  url: http://a:9090\n  timeout: 1\n  url: http://b:9090\n"))
        #expect(nested.line == 5 && nested.key == "url", "\(nested)")
    }
}

@Suite(
    "configuration: look and kiosk",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct ConfigLookTests {
    @Test func kioskAndThemeKeys() throws {
        let config = try ConfigParser.parse(
            yaml: "theme: colorblind\nkiosk: true\ndwell: 20\nkiosk_alarm: flash\n", file: "c.yaml")
        #expect(config.theme == "colorblind" && config.kiosk && config.dwell == 20 && config.kioskAlarm == .flash)
        #expect(throws: ConfigError.self) { try ConfigParser.parse(yaml: "kiosk_alarm: strobe\n", file: "c.yaml") }
        // The bell and the range, as --bell and --range say them (`off` is the word, not YAML's false).
        let quiet = try ConfigParser.parse(yaml: "bell: off\nrange: 7d\n", file: "c.yaml")
        #expect(quiet.bell == .off && quiet.range == .days7)
        #expect(Config().bell == .critical && Config().range == .hours24)
        do {
            _ = try ConfigParser.parse(yaml: "title: x\nrange: 2d\n", file: "c.yaml")
            Issue.record("a range the board cannot show was accepted")
        } catch {
            #expect("\(error)".hasPrefix("c.yaml:2:8: range: expected one of 1h, 6h, 24h, 7d (got \"2d\")"), "\(error)")
        }
        do {
            _ = try ConfigParser.parse(yaml: "dwell: -1\n", file: "c.yaml")
            Issue.record("a negative dwell was accepted")
        } catch {
            #expect("\(error)".hasPrefix("c.yaml:1:8: dwell: must be greater than 0"))
        }
    }
}
