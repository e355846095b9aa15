import Foundation
import Glibc

/// A program from Debian's archive that serves Prometheus metrics (an exporter, the Pushgateway) on a free loopback
/// port, started with `arguments(port)` and ready once its metrics contain `ready`. `program`: a name looked for
/// on the PATH, or an absolute path.
public final class ExporterProcess: @unchecked Sendable {
    public let port: UInt16
    let process: CleanProcess

    /// What a Prometheus scrape configuration names: `127.0.0.1:PORT`.
    public var target: String { "127.0.0.1:\(port)" }

    init(port: UInt16, process: CleanProcess) {
        self.port = port
        self.process = process
    }

    public static func start(
        _ program: String, ready: String, environment: [String: String]? = nil,
        _ arguments: @escaping (UInt16) -> [String]
    ) async throws -> ExporterProcess {
        try await retryingOnPortClash {
            let port = try freePort()
            let name = URL(fileURLWithPath: program).lastPathComponent
            let log = FileManager.default.temporaryDirectory.appendingPathComponent("andon-\(name)-\(UUID()).log")
            defer { try? FileManager.default.removeItem(at: log) }
            let path = program.hasPrefix("/") ? program : try executable(program)
            let process = try CleanProcess(
                path, arguments(port), stdout: log.path, stderr: log.path, environment: environment)
            let exporter = ExporterProcess(port: port, process: process)
            let served =
                (try? await Wait.until("\(program) to serve its metrics", timeout: 30) {
                    guard process.poll() == nil else { throw TestHarnessError("\(program) ended") }
                    return try await exporter.metrics().contains(ready)
                }) != nil
            if served { return exporter }
            exporter.stop()
            let said = (try? String(contentsOf: log, encoding: .utf8)).map { String($0.suffix(2000)) } ?? ""
            throw TestHarnessError("\(program) did not serve \(ready): \(said)")
        }
    }

    /// Its metrics now, as text ("" when it does not answer).
    public func metrics() async throws -> String {
        let answer = try await CleanProcess.run(
            try executable("curl"), ["-sf", "--max-time", "2", "http://\(target)/metrics"], limit: 10)
        return answer.status == 0 ? answer.stdout : ""
    }

    /// node_exporter (Debian's `prometheus-node-exporter`), reading this host.
    public static func node() async throws -> ExporterProcess {
        try await start("prometheus-node-exporter", ready: "node_cpu_seconds_total") {
            ["--web.listen-address=127.0.0.1:\($0)"]
        }
    }

    /// The Pushgateway (Debian's `prometheus-pushgateway`), keeping nothing on disk.
    public static func pushgateway() async throws -> ExporterProcess {
        try await start("prometheus-pushgateway", ready: "pushgateway_build_info") {
            ["--web.listen-address=127.0.0.1:\($0)", "--persistence.file="]
        }
    }

    /// Pushes `body` (the text format) to the Pushgateway as group `job` with `method` (POST adds to the group);
    /// returns the HTTP status.
    public func push(_ body: String, job: String, method: String = "POST") async throws -> Int {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("andon-push-\(UUID())")
        try body.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let answer = try await CleanProcess.run(
            try executable("curl"),
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "-X", method, "--data-binary",
                "@" + file.path, "http://\(target)/metrics/job/\(job)",
            ], limit: 10)
        return Int(answer.stdout) ?? 0
    }

    /// The blackbox exporter (Debian's `prometheus-blackbox-exporter`) with an `http_2xx` module that probes with a
    /// short timeout.
    public static func blackbox(directory: URL) async throws -> ExporterProcess {
        let config = directory.appendingPathComponent("blackbox.yml")
        try """
        modules:
          http_2xx:
            prober: http
            timeout: 2s
        """.write(to: config, atomically: true, encoding: .utf8)
        return try await start("prometheus-blackbox-exporter", ready: "blackbox_exporter_build_info") {
            ["--config.file=\(config.path)", "--web.listen-address=127.0.0.1:\($0)"]
        }
    }

    public func stop() { process.terminate(grace: 5) }
}

/// A scratch folder for a server's data, removed by `remove()`; owned by `user` when the tests run as root (the
/// databases refuse to run as root and drop to their own user).
struct ScratchFolder {
    let url: URL

    init(_ name: String, owner user: String? = nil) async throws {
        url = URL(fileURLWithPath: "/tmp").appendingPathComponent("andon-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        if let user, getuid() == 0 {
            let chown = try await CleanProcess.run(try executable("chown"), ["-R", "\(user):", url.path], limit: 10)
            guard chown.status == 0 else { throw TestHarnessError("cannot give \(user) \(url.path): \(chown.stderr)") }
        }
    }

    var path: String { url.path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// A real Redis (Debian's `redis-server`) on a free loopback port, keeping nothing on disk, with redis_exporter
/// (Debian's `prometheus-redis-exporter`) reading it and the lists `lists` (`-check-keys`).
public final class RedisServer: @unchecked Sendable {
    public let port: UInt16
    let process: CleanProcess
    let folder: ScratchFolder
    public private(set) var exporter: ExporterProcess?

    init(port: UInt16, process: CleanProcess, folder: ScratchFolder) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    public static func start(lists: [String]) async throws -> RedisServer {
        let server = try await retryingOnPortClash { try await attempt() }
        do {
            let keys = lists.map { "db0=" + $0 }.joined(separator: ",")
            server.exporter = try await ExporterProcess.start("prometheus-redis-exporter", ready: "redis_up 1") {
                [
                    "--redis.addr=redis://127.0.0.1:\(server.port)", "--web.listen-address=127.0.0.1:\($0)",
                    "--check-keys=\(keys)",
                ]
            }
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    private static func attempt() async throws -> RedisServer {
        let folder = try await ScratchFolder("redis")
        let port = try freePort()
        let process = try CleanProcess(
            try executable("redis-server"),
            [
                "--port", "\(port)", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder.path,
                "--daemonize", "no",
            ], stdout: folder.path + "/redis.log", stderr: folder.path + "/redis.log")
        let server = RedisServer(port: port, process: process, folder: folder)
        let ready =
            (try? await Wait.until("Redis to answer", timeout: 20) {
                guard process.poll() == nil else { throw TestHarnessError("Redis ended") }
                return try await server.cli(["PING"]).stdout.contains("PONG")
            }) != nil
        if ready { return server }
        let log = (try? String(contentsOfFile: folder.path + "/redis.log", encoding: .utf8)) ?? ""
        server.stop()
        throw TestHarnessError("Redis did not answer: \(log.suffix(2000))")
    }

    /// `redis-cli` against this server.
    @discardableResult
    public func cli(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        try await CleanProcess.run(
            try executable("redis-cli"), ["-h", "127.0.0.1", "-p", "\(port)"] + arguments, limit: 20)
    }

    /// Stops Redis (the exporter then says `redis_up 0`), leaving the exporter running.
    public func stopRedis() { process.terminate(grace: 5) }

    public func stop() {
        exporter?.stop()
        process.terminate(grace: 5)
        folder.remove()
    }
}

/// A real PostgreSQL (Debian's `postgresql`: `initdb`, `pg_ctl`, as the postgres user when the tests run as root)
/// on a free loopback port with a throwaway cluster, and postgres_exporter (Debian's
/// `prometheus-postgres-exporter`) reading it.
public final class PostgresServer: @unchecked Sendable {
    public private(set) var port: UInt16
    let folder: ScratchFolder
    let binaries: String
    public private(set) var exporter: ExporterProcess?

    init(port: UInt16, folder: ScratchFolder, binaries: String) {
        self.port = port
        self.folder = folder
        self.binaries = binaries
    }

    /// Debian installs PostgreSQL's programs under /usr/lib/postgresql/VERSION/bin.
    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        guard let newest = versions.compactMap(Int.init).max() else {
            throw TestHarnessError("PostgreSQL is not installed (no \(root)/VERSION/bin)")
        }
        return "\(root)/\(newest)/bin"
    }

    /// Runs a PostgreSQL program as the postgres user (as this user when not root).
    func run(_ program: String, _ arguments: [String], limit: Double = 60) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        let path = binaries + "/" + program
        if getuid() == 0 {
            return try await CleanProcess.run(
                try executable("runuser"), ["-u", "postgres", "--", path] + arguments, limit: limit)
        }
        return try await CleanProcess.run(path, arguments, limit: limit)
    }

    public static func start() async throws -> PostgresServer {
        let folder = try await ScratchFolder("postgres", owner: "postgres")
        let server = PostgresServer(port: try freePort(), folder: folder, binaries: try binaries())
        do {
            let initdb = try await server.run("initdb", ["-D", folder.path + "/data", "-A", "trust", "-U", "postgres"])
            guard initdb.status == 0 else { throw TestHarnessError("initdb failed: \(initdb.stderr)") }
            var started = try await server.pgCtlStart()
            for _ in 0..<3 where !started.ok && started.log.contains("already in use") {
                server.port = try freePort()
                started = try await server.pgCtlStart()
            }
            guard started.ok else { throw TestHarnessError("PostgreSQL did not start: \(started.log.suffix(2000))") }
            server.exporter = try await ExporterProcess.start(
                "prometheus-postgres-exporter", ready: "pg_up 1",
                environment: [
                    "DATA_SOURCE_NAME": "postgresql://postgres@127.0.0.1:\(server.port)/postgres?sslmode=disable"
                ]
            ) { ["--web.listen-address=127.0.0.1:\($0)"] }
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    private func pgCtlStart() async throws -> (ok: Bool, log: String) {
        let log = folder.path + "/postgres.log"
        let start = try await run(
            "pg_ctl",
            [
                "-D", folder.path + "/data", "-l", log, "-w", "-t", "60", "-o",
                "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off", "start",
            ], limit: 90)
        return (start.status == 0, ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "") + start.stderr)
    }

    /// `psql` against this server's `postgres` database; `-v ON_ERROR_STOP=0`, so a failing statement is
    /// reported and the session goes on.
    @discardableResult
    public func psql(_ sql: String, limit: Double = 60) async throws -> (status: Int32, stdout: String, stderr: String)
    {
        try await run(
            "psql", ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-X", "-q", "-c", sql], limit: limit)
    }

    /// Starts `psql` running `sql` in the background (a long transaction); it ends with the server.
    public func psqlInBackground(_ sql: String) throws -> CleanProcess {
        let path = binaries + "/psql"
        let arguments = ["-h", "127.0.0.1", "-p", "\(port)", "-U", "postgres", "-X", "-q", "-c", sql]
        if getuid() == 0 {
            return try CleanProcess(try executable("runuser"), ["-u", "postgres", "--", path] + arguments)
        }
        return try CleanProcess(path, arguments)
    }

    /// Stops PostgreSQL (the exporter then says `pg_up 0`), leaving the exporter running.
    public func stopServer() async throws {
        let stop = try await run("pg_ctl", ["-D", folder.path + "/data", "-m", "fast", "-w", "stop"])
        guard stop.status == 0 else { throw TestHarnessError("pg_ctl stop failed: \(stop.stderr)") }
    }

    public func stop() {
        exporter?.stop()
        if FileManager.default.fileExists(atPath: folder.path + "/data/postmaster.pid") {
            let path = binaries + "/pg_ctl"
            let arguments = ["-D", folder.path + "/data", "-m", "immediate", "-w", "stop"]
            let stop =
                getuid() == 0
                ? try? CleanProcess(try executable("runuser"), ["-u", "postgres", "--", path] + arguments)
                : try? CleanProcess(path, arguments)
            _ = stop?.waitBlocking(limit: 60)
        }
        folder.remove()
    }
}

/// A real MariaDB (Debian's `mariadb-server`: `mariadb-install-db`, `mariadbd`, as the mysql user when the tests
/// run as root) on a free loopback port with a throwaway data folder, and mysqld_exporter (Debian's
/// `prometheus-mysqld-exporter`) reading it as a user of its own, its password in a file.
public final class MariaDBServer: @unchecked Sendable {
    public let port: UInt16
    let process: CleanProcess
    let folder: ScratchFolder
    public private(set) var exporter: ExporterProcess?

    init(port: UInt16, process: CleanProcess, folder: ScratchFolder) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    public static func start() async throws -> MariaDBServer {
        let server = try await retryingOnPortClash { try await attempt() }
        do {
            try await server.sql(
                "CREATE USER 'exporter'@'127.0.0.1' IDENTIFIED BY 'exporter-secret'; "
                    + "GRANT PROCESS, REPLICATION CLIENT, SELECT ON *.* TO 'exporter'@'127.0.0.1';")
            let credentials = server.folder.path + "/exporter.cnf"
            try "[client]\nuser=exporter\npassword=exporter-secret\nhost=127.0.0.1\nport=\(server.port)\n".write(
                toFile: credentials, atomically: true, encoding: .utf8)
            server.exporter = try await ExporterProcess.start("prometheus-mysqld-exporter", ready: "mysql_up 1") {
                ["--config.my-cnf=\(credentials)", "--web.listen-address=127.0.0.1:\($0)"]
            }
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    private static func attempt() async throws -> MariaDBServer {
        let folder = try await ScratchFolder("mariadb", owner: "mysql")
        let user = getuid() == 0 ? ["--user=mysql"] : []
        let install = try await CleanProcess.run(
            try executable("mariadb-install-db"),
            user + ["--datadir=\(folder.path)/data", "--auth-root-authentication-method=normal", "--skip-test-db"],
            limit: 120)
        guard install.status == 0 else {
            folder.remove()
            throw TestHarnessError("mariadb-install-db failed: \(install.stdout.suffix(1000))\(install.stderr)")
        }
        let port = try freePort()
        let process = try CleanProcess(
            try executable("mariadbd"),
            user + [
                "--datadir=\(folder.path)/data", "--socket=\(folder.path)/socket", "--port=\(port)",
                "--bind-address=127.0.0.1", "--pid-file=\(folder.path)/pid", "--log-error=\(folder.path)/error.log",
                "--innodb-lock-wait-timeout=120",
            ])
        let server = MariaDBServer(port: port, process: process, folder: folder)
        let ready =
            (try? await Wait.until("MariaDB to answer", timeout: 60) {
                guard process.poll() == nil else { throw TestHarnessError("MariaDB ended") }
                return try await server.sql("SELECT 1").status == 0
            }) != nil
        if ready { return server }
        let log = (try? String(contentsOfFile: folder.path + "/error.log", encoding: .utf8)) ?? ""
        server.stop()
        throw TestHarnessError("MariaDB did not answer: \(log.suffix(2000))")
    }

    /// The `mariadb` client as root over the server's socket.
    @discardableResult
    public func sql(_ statements: String, user: String = "root", password: String? = nil, limit: Double = 60)
        async throws -> (status: Int32, stdout: String, stderr: String)
    {
        try await CleanProcess.run(
            try executable("mariadb"), client(statements, user: user, password: password), limit: limit)
    }

    /// Runs `statements` in the background (a session that holds a lock, or waits for one).
    public func sqlInBackground(_ statements: String) throws -> CleanProcess {
        try CleanProcess(try executable("mariadb"), client(statements, user: "root", password: nil))
    }

    func client(_ statements: String, user: String, password: String?) -> [String] {
        // Over TCP for a password (as a remote client would fail), else over the socket as root.
        let connection =
            password.map { ["--protocol=TCP", "-h", "127.0.0.1", "-P", "\(port)", "--password=\($0)"] } ?? [
                "-S", folder.path + "/socket",
            ]
        return ["--no-defaults"] + connection + ["-u", user, "-e", statements]
    }

    public func stop() {
        exporter?.stop()
        process.terminate(grace: 20)
        folder.remove()
    }
}

/// A real nginx (Debian's `nginx`) on a free loopback port with `stub_status` on /status and a page on /, and
/// nginx-prometheus-exporter (Debian's `prometheus-nginx-exporter`) reading it.
public final class NginxServer: @unchecked Sendable {
    public let port: UInt16
    let process: CleanProcess
    let folder: ScratchFolder
    public private(set) var exporter: ExporterProcess?

    init(port: UInt16, process: CleanProcess, folder: ScratchFolder) {
        self.port = port
        self.process = process
        self.folder = folder
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    public static func start() async throws -> NginxServer {
        let server = try await retryingOnPortClash { try await attempt() }
        do {
            server.exporter = try await ExporterProcess.start("prometheus-nginx-exporter", ready: "nginx_up 1") {
                ["-nginx.scrape-uri=\(server.url)/status", "-web.listen-address=127.0.0.1:\($0)"]
            }
        } catch {
            server.stop()
            throw error
        }
        return server
    }

    private static func attempt() async throws -> NginxServer {
        let folder = try await ScratchFolder("nginx")
        let port = try freePort()
        let temporary = folder.path + "/temporary"
        try """
        worker_processes 1;
        pid \(folder.path)/nginx.pid;
        error_log \(folder.path)/error.log;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path \(temporary); proxy_temp_path \(temporary); fastcgi_temp_path \(temporary);
            uwsgi_temp_path \(temporary); scgi_temp_path \(temporary);
            server {
                listen 127.0.0.1:\(port);
                location = /status { stub_status; }
                location / { return 200 "ok\\n"; }
            }
        }
        """.write(toFile: folder.path + "/nginx.conf", atomically: true, encoding: .utf8)
        let process = try CleanProcess(
            try executable("nginx"), ["-c", folder.path + "/nginx.conf", "-p", folder.path, "-g", "daemon off;"],
            stdout: folder.path + "/stdout", stderr: folder.path + "/stderr")
        let server = NginxServer(port: port, process: process, folder: folder)
        let ready =
            (try? await Wait.until("nginx to answer", timeout: 20) {
                guard process.poll() == nil else { throw TestHarnessError("nginx ended") }
                let answer = try await CleanProcess.run(
                    try executable("curl"), ["-sf", "--max-time", "2", server.url + "/status"], limit: 5)
                return answer.stdout.contains("Active connections")
            }) != nil
        if ready { return server }
        let log =
            ((try? String(contentsOfFile: folder.path + "/stderr", encoding: .utf8)) ?? "")
            + ((try? String(contentsOfFile: folder.path + "/error.log", encoding: .utf8)) ?? "")
        server.stop()
        throw TestHarnessError("nginx did not answer: \(log.suffix(2000))")
    }

    /// Stops nginx (the exporter then says `nginx_up 0`), leaving the exporter running.
    public func stopNginx() { process.terminate(grace: 5) }

    public func stop() {
        exporter?.stop()
        process.terminate(grace: 5)
        folder.remove()
    }
}
