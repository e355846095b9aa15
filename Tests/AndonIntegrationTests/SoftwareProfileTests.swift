import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The profiles of the software plants run, each against the real program from Debian's archive and its real
/// exporter, scraped by a real Prometheus, all on free loopback ports with throwaway data. andon is given nothing
/// but the Prometheus URL: detection must choose the profile, and every figure is Prometheus' own answer to the
/// query `andon queries --json` lists (`HeadlineOracle`), at the same instant.
@Suite(
    "the software plants run, detected and read",
    .enabled(
        if: Sanitizers.normalPassOnly,
        "andon's code here is detection's and check's, which the sanitized suites cover; the rest is programs of others"
    ))
struct SoftwareProfileTests {
    /// A scrape job of the Prometheus these tests start: its name, targets, and any more of its configuration.
    struct Job {
        var name: String
        var targets: [String]
        var extra = ""
    }

    /// A Prometheus scraping `jobs` every two seconds. An exporter asks its program at every scrape: with eight
    /// plants on two busy cores a one-second timeout lost scrapes, and a lost scrape makes every series of the
    /// target stale, so that detection no longer saw Redis.
    static func prometheus(_ jobs: [Job]) async throws -> PrometheusServer {
        var config = """
            global:
              scrape_interval: 2s
              scrape_timeout: 2s
              evaluation_interval: 2s
            scrape_configs:

            """
        for job in jobs {
            let targets = job.targets.map { "'\($0)'" }.joined(separator: ", ")
            config += "  - job_name: \(job.name)\n    static_configs: [{targets: [\(targets)]}]\n\(job.extra)"
        }
        return try await PrometheusServer.start(config: config)
    }

    /// `andon check --json` with nothing but the URL, at an instant every sample before which is stored; once
    /// every headline detected has data, unless `waiting` is false (a stopped program's series are gone).
    static func check(_ prometheus: PrometheusServer, waiting: Bool = true) async throws -> (
        json: CheckJSON, at: String, stdout: String
    ) {
        if waiting { try await HeadlineOracle.waitForHeadlines(prometheus) }
        let at = try await HeadlineOracle.settledInstant(prometheus)
        let outcome = try await AndonProcess.run(["check", "--json", "--at", at, "--prometheus", prometheus.url])
        return (try CheckJSON(outcome.stdout), at, outcome.stdout + outcome.stderr)
    }

    static func principle(_ json: CheckJSON, _ id: String) -> [String: Any]? {
        json.principles.first { $0["id"] as? String == id }
    }

    /// Redis with two lists as queues (named to the exporter), commands that fail and are refused: Kanban is the
    /// longer list, Andon the share of errors, Heijunka the clients against maxclients, Tracing Redis' own P99;
    /// Redis stopped, Jidoka names it.
    @Test func redis() async throws {
        let redis = try await RedisServer.start(lists: ["orders", "billing"])
        defer { redis.stop() }
        let exporter = try #require(redis.exporter)
        let prometheus = try await Self.prometheus([Job(name: "redis", targets: [exporter.target])])
        defer { prometheus.stop() }
        try await redis.cli(["RPUSH", "orders"] + (0..<1200).map { "job\($0)" })
        try await redis.cli(["RPUSH", "billing", "a", "b", "c"])
        try await prometheus.waitForData(#"redis_key_size{key="orders"} == 1200"#)
        // A command's counters appear with its first call: one failed call scraped first, so that the rate sees
        // the others arrive.
        try await redis.cli(["INCR", "orders"])  // WRONGTYPE: a call that ran and failed
        try await prometheus.waitForData(#"redis_commands_failed_calls_total{cmd="incr"}"#)
        for _ in 0..<20 {
            try await redis.cli(["INCR", "orders"])
            try await redis.cli(["LLEN", "billing"])
        }
        try await prometheus.waitForData(#"rate(redis_commands_failed_calls_total{cmd="incr"}[5m]) > 0"#)

        let (json, at, said) = try await Self.check(prometheus)
        #expect(json.root["profiles"] as? [String] == ["redis"], "\(said)")
        #expect(json.ids == ["jidoka", "kanban", "andon", "heijunka", "tracing"], "\(said)")
        let kanban = try #require(Self.principle(json, "kanban"))
        #expect(kanban["value"] as? Double == 1200 && kanban["status"] as? String == "red", "\(kanban)")
        #expect(kanban["culprit"] as? String == "orders: 1,200 items")
        let andon = try #require(Self.principle(json, "andon"))
        #expect((andon["value"] as? Double ?? 0) > 0, "\(andon)")
        #expect((andon["culprit"] as? String)?.hasPrefix("incr: ") == true, "\(andon)")
        #expect(Self.principle(json, "jidoka")?["value"] as? Double == 0)
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)

        redis.stopRedis()
        try await prometheus.waitForData("redis_up == 0")
        let (down, _, downSaid) = try await Self.check(prometheus, waiting: false)
        let jidoka = try #require(Self.principle(down, "jidoka"))
        #expect(jidoka["value"] as? Double == 100 && jidoka["status"] as? String == "red", "\(downSaid)")
        #expect(jidoka["culprit"] as? String == "down: redis \(exporter.target)")
    }

    /// PostgreSQL: statements that fail roll their transactions back (Andon), a transaction left open is the
    /// longest (Tracing), backends against max_connections (Heijunka); the server stopped, Jidoka names it.
    @Test func postgres() async throws {
        let postgres = try await PostgresServer.start()
        defer { postgres.stop() }
        let exporter = try #require(postgres.exporter)
        // The exporter takes a second to say that PostgreSQL is down (it tries to connect again): a scrape timeout
        // of a second would lose the answer.
        let prometheus = try await Self.prometheus([
            Job(
                name: "postgres", targets: [exporter.target],
                extra: "    scrape_interval: 3s\n    scrape_timeout: 3s\n")
        ])
        defer { prometheus.stop() }
        try await prometheus.waitForData("pg_stat_database_xact_rollback")
        for _ in 0..<15 {
            try await postgres.psql("SELECT 1/0")
        }
        let open = try postgres.psqlInBackground("BEGIN; SELECT pg_sleep(600)")
        defer { open.terminate(grace: 5) }
        try await prometheus.waitForData(#"rate(pg_stat_database_xact_rollback{datname="postgres"}[5m]) > 0"#)
        try await prometheus.waitForData(#"pg_stat_activity_max_tx_duration{datname="postgres",state="active"} > 2"#)

        let (json, at, said) = try await Self.check(prometheus)
        #expect(json.root["profiles"] as? [String] == ["postgres"], "\(said)")
        #expect(json.ids == ["jidoka", "andon", "heijunka", "tracing"], "\(said)")
        let andon = try #require(Self.principle(json, "andon"))
        #expect((andon["value"] as? Double ?? 0) > 1, "\(andon)")
        #expect((andon["culprit"] as? String)?.hasPrefix("postgres: ") == true, "\(andon)")
        let tracing = try #require(Self.principle(json, "tracing"))
        #expect((tracing["value"] as? Double ?? 0) > 2, "\(tracing)")
        #expect((tracing["culprit"] as? String)?.hasPrefix("postgres active: ") == true, "\(tracing)")
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)

        open.terminate(grace: 5)
        try await postgres.stopServer()
        try await prometheus.waitForData("pg_up == 0")
        let (down, _, downSaid) = try await Self.check(prometheus, waiting: false)
        let jidoka = try #require(Self.principle(down, "jidoka"))
        #expect(jidoka["value"] as? Double == 100, "\(downSaid)")
        #expect(jidoka["culprit"] as? String == "down: postgres \(exporter.target)")
    }

    /// MariaDB: a session that holds a row lock and one that waits for it (Kanban: one waiting), logins with a
    /// wrong password (Andon), connections against max_connections (Heijunka).
    @Test func mariadb() async throws {
        let mariadb = try await MariaDBServer.start()
        defer { mariadb.stop() }
        let exporter = try #require(mariadb.exporter)
        let prometheus = try await Self.prometheus([Job(name: "mariadb", targets: [exporter.target])])
        defer { prometheus.stop() }
        let created = try await mariadb.sql(
            "CREATE DATABASE plant; CREATE TABLE plant.stock (id INT PRIMARY KEY, n INT) ENGINE=InnoDB; "
                + "INSERT INTO plant.stock VALUES (1, 10);")
        #expect(created.status == 0, "\(created.stderr)")
        let holder = try mariadb.sqlInBackground(
            "BEGIN; SELECT n FROM plant.stock WHERE id = 1 FOR UPDATE; SELECT SLEEP(600);")
        defer { holder.terminate(grace: 5) }
        try await prometheus.waitForData("mysql_global_status_aborted_connects")
        let waiter = try await Wait.value("the holder to take its lock", timeout: 30) { () -> CleanProcess? in
            let locks = try await mariadb.sql("SELECT COUNT(*) FROM information_schema.INNODB_TRX")
            guard locks.stdout.contains("1") else { return nil }
            return try mariadb.sqlInBackground("UPDATE plant.stock SET n = 9 WHERE id = 1;")
        }
        defer { waiter.terminate(grace: 5) }
        for _ in 0..<10 {
            let refused = try await mariadb.sql("SELECT 1", user: "exporter", password: "wrong")
            #expect(refused.status != 0)
        }
        try await prometheus.waitForData("mysql_global_status_innodb_row_lock_current_waits == 1")
        try await prometheus.waitForData("rate(mysql_global_status_aborted_connects[5m]) > 0")

        let (json, at, said) = try await Self.check(prometheus)
        #expect(json.root["profiles"] as? [String] == ["mariadb"], "\(said)")
        #expect(json.ids == ["jidoka", "kanban", "andon", "heijunka"], "\(said)")
        #expect(Self.principle(json, "kanban")?["value"] as? Double == 1, "\(said)")
        let andon = try #require(Self.principle(json, "andon"))
        #expect((andon["value"] as? Double ?? 0) > 5 && andon["status"] as? String == "red", "\(andon)")
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)
    }

    /// nginx through stub_status: nothing dropped while it serves; stopped, Jidoka names it.
    @Test func nginx() async throws {
        let nginx = try await NginxServer.start()
        defer { nginx.stop() }
        let exporter = try #require(nginx.exporter)
        let prometheus = try await Self.prometheus([Job(name: "nginx", targets: [exporter.target])])
        defer { prometheus.stop() }
        // Clients, each on a connection of its own (the exporter keeps its one open): a counter scraped first, so
        // that the rate sees the connections arrive.
        try await prometheus.waitForData("nginx_connections_accepted")
        for _ in 0..<10 {
            let answer = try await CleanProcess.run(try executable("curl"), ["-sf", nginx.url + "/"], limit: 10)
            #expect(answer.stdout == "ok\n")
        }
        try await prometheus.waitForData("rate(nginx_connections_accepted[5m]) > 0")

        let (json, at, said) = try await Self.check(prometheus)
        #expect(json.root["profiles"] as? [String] == ["nginx"], "\(said)")
        #expect(json.ids == ["jidoka", "andon"], "\(said)")
        #expect(json.values == [0, 0] && json.statuses == ["green", "green"], "\(said)")
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)

        nginx.stopNginx()
        try await prometheus.waitForData("nginx_up == 0")
        let (down, _, downSaid) = try await Self.check(prometheus, waiting: false)
        let jidoka = try #require(Self.principle(down, "jidoka"))
        #expect(jidoka["value"] as? Double == 100 && jidoka["status"] as? String == "red", "\(downSaid)")
        #expect(jidoka["culprit"] as? String == "down: nginx \(exporter.target)")
    }

    /// The scrape job that probes `endpoints` through the blackbox exporter, each named by its URL (`instance`),
    /// as the exporter's documentation relabels.
    static func probes(_ blackbox: ExporterProcess, _ endpoints: [String]) -> Job {
        Job(
            name: "blackbox", targets: endpoints,
            extra: """
                    metrics_path: /probe
                    params: {module: [http_2xx]}
                    relabel_configs:
                      - {source_labels: [__address__], target_label: __param_target}
                      - {source_labels: [__param_target], target_label: instance}
                      - {target_label: __address__, replacement: '\(blackbox.target)'}

                """)
    }

    /// Probes of an endpoint that answers and one that does not: Jidoka half down, the endpoint named; its
    /// availability is the worst (Kaizen); Tracing the slowest probe.
    @Test func blackbox() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("andon-blackbox-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let blackbox = try await ExporterProcess.blackbox(directory: folder)
        defer { blackbox.stop() }
        let healthy = try await ExporterProcess.pushgateway()  // any endpoint that answers 200
        defer { healthy.stop() }
        let (up, down) = ("http://\(healthy.target)/-/healthy", "http://127.0.0.1:\(try freePort())/")
        let prometheus = try await Self.prometheus([Self.probes(blackbox, [up, down])])
        defer { prometheus.stop() }
        try await prometheus.waitForData(#"probe_success{instance="\#(down)"} == 0"#)
        try await prometheus.waitForData(#"probe_success{instance="\#(up)"} == 1"#)

        let (json, at, said) = try await Self.check(prometheus)
        #expect(json.root["profiles"] as? [String] == ["blackbox"], "\(said)")
        #expect(json.ids == ["jidoka", "kaizen", "tracing"], "\(said)")
        let jidoka = try #require(Self.principle(json, "jidoka"))
        #expect(jidoka["value"] as? Double == 50 && jidoka["status"] as? String == "red", "\(said)")
        #expect(jidoka["culprit"] as? String == "down: \(down)")
        let kaizen = try #require(Self.principle(json, "kaizen"))
        #expect(kaizen["value"] as? Double == 0, "\(kaizen)")
        #expect((kaizen["culprit"] as? String)?.hasPrefix("\(down): ") == true, "\(kaizen)")
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)
    }

    /// Batch jobs through the Pushgateway: one pushed its result, one's push was refused (Jidoka: half, that job);
    /// Tracing is the time since the stalest push.
    @Test func pushgateway() async throws {
        let gateway = try await ExporterProcess.pushgateway()
        defer { gateway.stop() }
        let prometheus = try await Self.prometheus([
            Job(name: "pushgateway", targets: [gateway.target], extra: "    honor_labels: true\n")
        ])
        defer { prometheus.stop() }
        #expect(try await gateway.push("backup_rows 12\n", job: "backup") == 200)
        #expect(try await gateway.push("# TYPE report_rows gauge\nreport_rows 3\n", job: "report") == 200)
        // The same name with another type: refused, and the group's last push is a failure.
        #expect(try await gateway.push("# TYPE backup_rows counter\nbackup_rows 4\n", job: "report") == 400)
        try await prometheus.waitForData(#"push_failure_time_seconds{job="report"} > 0"#)

        let (json, at, said) = try await Self.check(prometheus)
        #expect(json.root["profiles"] as? [String] == ["pushgateway"], "\(said)")
        #expect(json.ids == ["jidoka", "tracing"], "\(said)")
        let jidoka = try #require(Self.principle(json, "jidoka"))
        #expect(jidoka["value"] as? Double == 50 && jidoka["culprit"] as? String == "failed: report", "\(said)")
        let tracing = try #require(Self.principle(json, "tracing"))
        #expect((tracing["value"] as? Double ?? -1) >= 0 && tracing["status"] as? String == "green", "\(tracing)")
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)
    }

    /// The client libraries' default metrics, chosen by name (every exporter has them too, so detection does not
    /// choose them): a service instrumented with the Python client library (Debian's python3-prometheus-client)
    /// and a Go program (the Pushgateway). Heijunka is the busiest's open files against its limit, Tracing Go's
    /// longest GC pause.
    @Test func clientLibraries() async throws {
        let python = try await ExporterProcess.start("/usr/bin/python3", ready: "process_open_fds") {
            [
                "-c",
                "import time, prometheus_client; prometheus_client.start_http_server(\($0), addr='127.0.0.1')\n"
                    + "while True: time.sleep(60)",
            ]
        }
        defer { python.stop() }
        let go = try await ExporterProcess.pushgateway()
        defer { go.stop() }
        let prometheus = try await Self.prometheus([
            Job(name: "python", targets: [python.target]), Job(name: "go", targets: [go.target]),
        ])
        defer { prometheus.stop() }
        try await prometheus.waitForData(#"process_open_fds{job="python"}"#)
        try await prometheus.waitForData(#"go_gc_duration_seconds{job="go"}"#)

        let detected = try await Self.check(prometheus)
        #expect(detected.json.root["profiles"] as? [String] == ["prometheus-targets"], "\(detected.stdout)")
        let at = detected.at
        let outcome = try await AndonProcess.run([
            "check", "--json", "--at", at, "--profile", "runtime", "--prometheus", prometheus.url,
        ])
        let json = try CheckJSON(outcome.stdout)
        #expect(json.ids == ["heijunka", "tracing"], "\(outcome.stdout)")
        let busiest = try #require(Self.principle(json, "heijunka")?["culprit"] as? String)
        #expect(busiest.hasPrefix("python ") || busiest.hasPrefix("go "), "\(busiest)")
        #expect((Self.principle(json, "tracing")?["culprit"] as? String)?.hasPrefix("go: ") == true)
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at, profile: "runtime")
    }

    /// A stack: node_exporter, Redis and probes with one endpoint down. The profiles compose, the board is not
    /// green, and the endpoint that does not answer is the culprit.
    @Test func aStackWithOneEndpointDown() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("andon-stack-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let node = try await ExporterProcess.node()
        defer { node.stop() }
        let redis = try await RedisServer.start(lists: ["orders"])
        defer { redis.stop() }
        let blackbox = try await ExporterProcess.blackbox(directory: folder)
        defer { blackbox.stop() }
        let redisExporter = try #require(redis.exporter)
        let (up, down) = ("http://\(node.target)/metrics", "http://127.0.0.1:\(try freePort())/checkout")
        let prometheus = try await Self.prometheus([
            Job(name: "node", targets: [node.target]), Job(name: "redis", targets: [redisExporter.target]),
            Self.probes(blackbox, [up, down]),
        ])
        defer { prometheus.stop() }
        try await redis.cli(["RPUSH", "orders", "a", "b"])
        try await prometheus.waitForData(#"probe_success{instance="\#(down)"} == 0"#)
        try await prometheus.waitForData(#"redis_key_size{key="orders"} == 2"#)
        let (json, at, said) = try await Self.check(prometheus)
        let profiles = json.root["profiles"] as? [String] ?? []
        #expect(profiles.starts(with: ["blackbox", "redis"]), "\(said)")
        #expect(json.status == "red", "\(said)")
        let jidoka = try #require(Self.principle(json, "jidoka"))
        #expect(jidoka["profile"] as? String == "blackbox")
        #expect(jidoka["culprit"] as? String == "down: \(down)", "\(said)")
        #expect(Self.principle(json, "kanban")?["culprit"] as? String == "orders: 2 items")
        try await HeadlineOracle.expectAgreement(json, prometheus: prometheus, at: at)

        // The board says the same: red, the endpoint named on Jidoka's tile.
        let snapshot = try await AndonProcess.run([
            "snapshot", "--at", at, "--width", "160", "--prometheus", prometheus.url,
        ])
        #expect(snapshot.stdout.contains("down: \(down)"), "\(snapshot.stdout)")
    }
}
