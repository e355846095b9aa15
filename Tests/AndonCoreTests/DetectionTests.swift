import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Detection: with no profile chosen, one request finds which of the catalogue's metrics a plant exports, and
/// each principle is read from the first profile that measures it, or listed as not measured with what would.
@Suite(
    "profile detection",
    .enabled(if: Sanitizers.cover(.address), "answers and profiles through the decoders and libyaml"))
struct DetectionTests {
    static let catalogue = Profile.detectable

    /// The answer to the detection query for a plant exporting `names`.
    static func answer(_ names: [String]) -> Result<HTTPResponse, TransportError> {
        let series = names.map { name in
            let quoted = String(
                decoding: try! JSONSerialization.data(withJSONObject: [name], options: .fragmentsAllowed), as: UTF8.self
            )
            return #"{"metric":{"__name__":"# + quoted.dropFirst().dropLast() + #"},"value":[1,"3"]}"#
        }
        return RecordedTransport.json(
            #"{"status":"success","data":{"resultType":"vector","result":["# + series.joined(separator: ",") + "]}}")
    }

    static func client(_ names: [String]) -> PrometheusClient {
        let query = ProfileDetection.query(catalogue)!
        return PrometheusClient(transport: RecordedTransport(answers: ["/api/v1/query?" + query: answer(names)]))
    }

    /// The detection request is one query naming every metric of every profile's evidence once; a profile chosen
    /// by name only (it names no evidence) is not in the catalogue.
    @Test func oneRequestNamesEveryMetricOnce() throws {
        // What detection reads of a profile is what the whole profile says.
        for evidence in Self.catalogue {
            #expect(ProfileEvidence(try #require(Profile.builtin(evidence.name))) == evidence)
        }
        let query = try #require(ProfileDetection.query(Self.catalogue))
        #expect(query.hasPrefix("count by (__name__) ({__name__=~\""))
        for name in Set(Self.catalogue.flatMap(\.metrics)) {
            #expect(
                query.contains("\"" + name + "|") || query.contains("|" + name + "|")
                    || query.contains("|" + name + "\""))
        }
        #expect(Self.catalogue.first?.name == "tps")
        #expect(!Self.catalogue.map(\.name).contains("web-service"))
        #expect(!Self.catalogue.map(\.name).contains("tps-plant"))
        #expect(Self.catalogue.last?.name == "prometheus-targets")
    }

    /// A Prometheus that scrapes itself and node_exporter: four principles measured by three profiles, the other
    /// two not measured, each with what would measure it.
    @Test func prometheusAndNodeExporterFillFourTiles() throws {
        let present: Set<String> = [
            "up", "prometheus_http_requests_total", "prometheus_http_request_duration_seconds_bucket",
            "prometheus_rule_group_rules", "node_cpu_seconds_total",
        ]
        let detection = try #require(ProfileDetection.compose(Self.catalogue, present: present))
        let profile = try #require(ProfileDetection.profile(detection, load: Profile.builtin))
        #expect(profile.principles.map(\.id) == [.jidoka, .andon, .heijunka, .tracing])
        #expect(
            detection.suppliers == [
                .jidoka: "prometheus-targets", .andon: "prometheus", .heijunka: "node", .tracing: "prometheus",
            ])
        #expect(detection.profiles == ["prometheus-targets", "prometheus", "node"])
        #expect(detection.fitting == ["node", "prometheus", "prometheus-targets"])
        #expect(detection.notMeasured.map(\.id) == [.kanban, .kaizen])
        let kanban = try #require(detection.notMeasured.first)
        #expect(kanban.reason == "no queues found")
        #expect(kanban.text.hasPrefix("no queues found (looked for rabbitmq: rabbitmq_queue_messages_ready"))
        #expect(profile.principle(.andon) == Profile.builtin("prometheus")!.principle(.andon))
        #expect(profile.name == "prometheus-targets+prometheus+node")
    }

    /// A stack of node_exporter, Redis (a list named to its exporter) and probes: the probes take what users see
    /// (Jidoka, Kaizen, Tracing), Redis the rest, before the host; the client libraries' defaults, which every
    /// exporter has, are never detected.
    @Test func aStackComposesInTheOrderOfPreference() throws {
        let present: Set<String> = [
            "up", "node_cpu_seconds_total", "process_open_fds", "process_max_fds", "go_gc_duration_seconds",
            "redis_up", "redis_key_size", "redis_commands_total", "redis_commands_failed_calls_total",
            "redis_commands_rejected_calls_total", "redis_connected_clients", "redis_config_maxclients",
            "redis_latency_percentiles_usec", "probe_success", "probe_duration_seconds",
        ]
        let detection = try #require(ProfileDetection.compose(Self.catalogue, present: present))
        #expect(
            detection.suppliers == [
                .jidoka: "blackbox", .kanban: "redis", .andon: "redis", .kaizen: "blackbox", .heijunka: "redis",
                .tracing: "blackbox",
            ])
        #expect(detection.profiles == ["blackbox", "redis"])
        #expect(detection.fitting == ["blackbox", "redis", "node", "prometheus-targets"])
        #expect(!Self.catalogue.map(\.name).contains("runtime"))
        // Without a list named to the exporter, Redis has no queue: Kanban is not measured, and says what would.
        let withoutLists = try #require(
            ProfileDetection.compose(Self.catalogue, present: present.subtracting(["redis_key_size"])))
        let kanban = try #require(withoutLists.notMeasured.first)
        #expect(kanban.id == .kanban && withoutLists.notMeasured.count == 1)
        #expect(kanban.text.contains("redis: redis_up, redis_key_size"), "\(kanban.text)")
    }

    /// A principle whose `needs:` are missing is left to the next profile: without Prometheus' own metrics the
    /// base reads only Jidoka (its Andon needs the rule groups), and the HTTP profile nothing.
    @Test func aPrincipleWithoutItsNeedsGoesToTheNextProfile() throws {
        let detection = try #require(ProfileDetection.compose(Self.catalogue, present: ["up"]))
        let profile = try #require(ProfileDetection.profile(detection, load: Profile.builtin))
        #expect(profile.principles.map(\.id) == [.jidoka])
        #expect(detection.notMeasured.map(\.id) == [.kanban, .andon, .kaizen, .heijunka, .tracing])
        let withRules = try #require(
            ProfileDetection.compose(Self.catalogue, present: ["up", "prometheus_rule_group_rules"]))
        #expect(withRules.suppliers[.andon] == "prometheus-targets")
    }

    /// The metric contract is taken whole as soon as any of it is exported: today's board, six tiles.
    @Test func theMetricContractIsTakenWhole() throws {
        let detection = try #require(
            ProfileDetection.compose(
                Self.catalogue, present: ["tps_kanban_queue_depth", "up", "node_cpu_seconds_total"]))
        let profile = try #require(ProfileDetection.profile(detection, load: Profile.builtin))
        #expect(profile == Profile.standard)
        #expect(detection.profiles == ["tps"])
        #expect(detection.notMeasured.isEmpty)
    }

    /// `principles: {heijunka: {profile: ...}}` overrides the choice for one principle.
    @Test func aChoiceOverridesThePreferredProfile() throws {
        let present: Set<String> = ["up", "node_cpu_seconds_total", "rabbitmq_queue_messages_ready"]
        let detection = try #require(
            ProfileDetection.compose(Self.catalogue, present: present, choices: [.jidoka: "haproxy"]))
        let profile = try #require(ProfileDetection.profile(detection, load: Profile.builtin))
        #expect(detection.suppliers[.jidoka] == "haproxy")
        #expect(detection.suppliers[.kanban] == "rabbitmq")
        #expect(profile.principle(.jidoka) == Profile.builtin("haproxy")!.principle(.jidoka))
    }

    /// Nothing the catalogue knows: no composition (the caller keeps its profile and says nothing fits).
    @Test func nothingKnownComposesNothing() {
        #expect(ProfileDetection.compose(Self.catalogue, present: []) == nil)
        #expect(ProfileDetection.compose(Self.catalogue, present: ["some_metric_nobody_knows"]) == nil)
    }

    /// An answer is read for the names the catalogue asked about and nothing else: a hostile or unrelated name,
    /// or a million of them, changes no query.
    @Test func onlyTheCataloguesNamesCount() async {
        let hostile = ["node_cpu_seconds_total\"}) or vector(1", "up{job=\"x\"}", "\u{1B}[2J", "", "UP"]
        let noise = (0..<20_000).map { "metric_\($0)" }
        let config = await ProfileDetector.detect(Config(), client: Self.client(hostile + noise + ["up"]))
        #expect(config.detection?.problem == nil)
        #expect(config.detection?.profiles == ["prometheus-targets"])
        #expect(config.principles.map(\.id) == [.jidoka])
        #expect(config.spec(.jidoka).query == Profile.builtin("prometheus-targets")!.principle(.jidoka)!.spec.query)
    }

    /// Against a Prometheus: the configuration reads the composed profiles; a chosen profile skips detection
    /// (no request); a failed request keeps the profile and says why, never green.
    @Test func detectionAgainstAnAnswer() async {
        let config = await ProfileDetector.detect(
            Config(), client: Self.client(["up", "node_cpu_seconds_total", "prometheus_http_requests_total"]))
        #expect(
            config.detection?.suppliers == [.jidoka: "prometheus-targets", .andon: "prometheus", .heijunka: "node"])
        #expect(config.principles.map(\.id) == [.jidoka, .andon, .heijunka])
        #expect(config.profile.principles.map(\.id) == [.jidoka, .andon, .heijunka])

        var chosen = Config()
        chosen.profileChosen = true
        let unchanged = await ProfileDetector.detect(chosen, client: PrometheusClient(transport: RecordedTransport()))
        #expect(unchanged == chosen)

        let refused = await ProfileDetector.detect(Config(), client: PrometheusClient(transport: RecordedTransport()))
        #expect(refused.profile == Profile.standard)
        #expect(refused.detection?.problem?.hasPrefix("cannot detect the profiles: ") == true)

        let nothing = await ProfileDetector.detect(Config(), client: Self.client([]))
        #expect(nothing.profile == Profile.standard)
        #expect(nothing.detection?.notMeasured.count == 6)
        #expect(nothing.detection?.problem == "none of the metrics the profiles look for is exported")
    }

    /// `detect:` and `needs:` name metrics: an empty list or a name that is not a metric's is an error at its key.
    @Test func detectionListsAreChecked() {
        let principles =
            "principles:\n  kanban:\n    headline: depth\n    query: max(q)\n    green: \"< 1\"\n    red: \"> 2\"\n"
        for (yaml, key, line) in [
            ("name: x\ndetect: []\n" + principles, "detect", 2),
            ("name: x\ndetect: [\"q{a=\\\"b\\\"}\"]\n" + principles, "detect[0]", 2),
            ("name: x\n" + principles + "    needs: []\n", "principles.kanban.needs", 8),
            ("name: x\n" + principles + "    needs: [\"1abc\"]\n", "principles.kanban.needs[0]", 8),
        ] {
            #expect {
                _ = try ProfileParser.parse(yaml: yaml, file: "p.yaml")
            } throws: { error in
                let error = error as! ConfigError
                return error.key == key && error.line == line
            }
        }
        let parsed = try? ProfileParser.parse(
            yaml: "name: x\ndetect: [q, \"slo:ratio\"]\n" + principles + "    needs: [r_total]\n", file: "p.yaml")
        #expect(parsed.map(ProfileEvidence.init)?.evidence(.kanban) == ["q", "slo:ratio", "r_total"])
    }

    /// `principles: {X: {profile: NAME}}` reads one principle from another built-in profile; a name that is not
    /// one, or a profile that leaves the principle out, is an error at the key.
    @Test func aPrincipleFromAnotherProfile() throws {
        let yaml = "principles:\n  kanban:\n    profile: rabbitmq\n"
        let config = try ConfigParser.parse(yaml: yaml, file: "c.yaml")
        #expect(config.spec(.kanban).query == "max(rabbitmq_queue_messages_ready)")
        #expect(config.profile.principles.count == 6)
        for (yaml, message) in [
            ("principles:\n  kanban:\n    profile: nosuch\n", "no built-in profile \"nosuch\""),
            ("principles:\n  kanban:\n    profile: node\n", "the profile node leaves kanban out"),
        ] {
            #expect {
                _ = try ConfigParser.parse(yaml: yaml, file: "c.yaml")
            } throws: { error in
                let error = error as! ConfigError
                return error.key == "principles.kanban.profile" && error.line == 3 && error.message.hasPrefix(message)
            }
        }
    }

    /// `$ANDON_PROFILE` chooses a profile as `--profile` does (the flag wins); with none, nothing is chosen.
    @Test func theEnvironmentChoosesAProfile() throws {
        let none = try ConfigLoader.load(configFlag: nil, prometheusFlag: nil, environment: [:])
        #expect(!none.profileChosen)
        let env = try ConfigLoader.load(configFlag: nil, prometheusFlag: nil, environment: ["ANDON_PROFILE": "node"])
        #expect(env.profileChosen)
        #expect(env.profile.name == "node")
        let flag = try ConfigLoader.load(
            configFlag: nil, prometheusFlag: nil, profileFlag: "haproxy", environment: ["ANDON_PROFILE": "node"])
        #expect(flag.profile.name == "haproxy")
    }

    /// `andon init`'s file reads back as the board detection gave: each measured principle from its profile, the
    /// Alertmanager read-only; what came from Prometheus (label values) stays in comments, however it is written.
    @Test func theStarterConfigurationReadsBackAsTheDetectedBoard() throws {
        let detection = try #require(
            ProfileDetection.compose(
                Self.catalogue,
                present: [
                    "up", "node_cpu_seconds_total", "prometheus_http_requests_total", "prometheus_rule_group_rules",
                ]))
        let starter = StarterConfig(
            prometheus: "http://prom:9090", alertmanager: "http://am:9093", detection: detection,
            candidates: [
                StarterConfig.Candidate(label: "job", values: ["node", "prometheus"]),
                StarterConfig.Candidate(
                    label: "instance", values: ["a\nprofile: evil", "b\"}\u{1B}[2J", "c", "d", "e", "f"]),
            ], writtenAt: "2026-12-07T04:00:00Z")
        let yaml = starter.yaml()
        let config = try ConfigParser.parse(yaml: yaml, file: "init.yaml")
        #expect(config.profileChoice == nil)
        #expect(config.prometheus.url == "http://prom:9090")
        #expect(config.alertmanager?.endpoint.url == "http://am:9093")
        #expect(config.alertmanager?.allowAck == false)
        #expect(config.overrides.compactMapValues(\.profile) == detection.suppliers)
        #expect(yaml.contains("#   instance: 6 values (a profile: evil, b\"}"))
        #expect(!yaml.contains("\u{1B}"))
        // The board it gives: detection with the file's choices composes the same profile.
        let again = try #require(
            ProfileDetection.compose(
                Self.catalogue,
                present: [
                    "up", "node_cpu_seconds_total", "prometheus_http_requests_total", "prometheus_rule_group_rules",
                ],
                choices: config.overrides.compactMapValues(\.profile)))
        #expect(again == detection)
        // Nothing fitted: a commented choice, and no principles section to read.
        let bare = StarterConfig(
            prometheus: "http://prom:9090", alertmanager: nil,
            detection: Detection(problem: "none of the metrics the profiles look for is exported"), candidates: [],
            writtenAt: "2026-12-07T04:00:00Z")
        let empty = try ConfigParser.parse(yaml: bare.yaml(), file: "init.yaml")
        #expect(empty.overrides.isEmpty)
        #expect(empty.alertmanager == nil)
    }
}
