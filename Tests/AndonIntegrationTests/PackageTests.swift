import AndonTestSupport
import Foundation
import Testing

/// The Debian package, as a machine without a toolchain gets it: `scripts/package` builds it, `lintian`
/// and `systemd-analyze verify` accept it, `dpkg -i` installs it, the installed `andon check` reads the installed
/// `andon-sim` through a real Prometheus with the installed configuration and a profile from /usr/share/andon,
/// `man andon` renders, the bash completion loads, the kiosk unit's `ExecStart` shows the kiosk board on a
/// terminal, and `dpkg --purge` leaves no file of it. It installs into the machine: it runs as root only (CI).
@Suite(
    "the Debian package", .serialized, .enabled(if: getuid() == 0, "installs a package: root only"),
    .enabled(if: Sanitizers.normalPassOnly, "a release build and an installation: the normal run proves them"),
    .enabled(if: !Patience.quick, "a release build of its own: scripts/test --quick leaves it to the full run"))
struct PackageTests {
    static func run(_ program: String, _ arguments: [String], limit: Double = 600) async throws -> (
        status: Int32, stdout: String, stderr: String
    ) {
        try await CleanProcess.run(try executable(program), arguments, limit: limit)
    }

    @Test func installCheckAndPurge() async throws {
        let built = try await CleanProcess.run(
            "/bin/bash", [Repository.file("scripts/package").path], limit: 1800)
        #expect(built.status == 0, "\(built.stderr.suffix(2000))")
        let deb = try #require(built.stdout.split(separator: "\n").last.map(String.init))
        let path = Repository.file(deb).path

        let lintian = try await Self.run("lintian", ["--tag-display-limit", "0", path])
        let findings = lintian.stdout.split(separator: "\n").filter { !$0.contains("root privileges") }
        #expect(lintian.status == 0 && findings.isEmpty, "\(lintian.stdout)\(lintian.stderr)")

        let installed = try await Self.run("dpkg", ["-i", path])
        #expect(installed.status == 0, "\(installed.stderr)")
        let files = try await Self.run("dpkg", ["-L", "andon"]).stdout.split(separator: "\n").map(String.init)
        defer {
            Task { _ = try? await Self.run("dpkg", ["--purge", "andon"]) }
        }
        #expect(files.contains("/usr/bin/andon") && files.contains("/etc/andon/config.yaml"))
        // The installed program says its version and the commit it was built from.
        let version = try await CleanProcess.run("/usr/bin/andon", ["--version"], limit: 30)
        let head = try await Self.run("git", ["-C", Repository.root.path, "rev-parse", "--short=12", "HEAD"])
        #expect(version.stdout == "0.1.0 (commit \(head.stdout.trimmingCharacters(in: .whitespacesAndNewlines)))\n")
        // One licence, said the same in the checkout, its README and the installed package.
        let copyright = try String(contentsOfFile: "/usr/share/doc/andon/copyright", encoding: .utf8)
        #expect(copyright.contains("Files: *\nCopyright: 2026 the andon developers\nLicense: Apache-2.0\n"))
        #expect(copyright.contains("/usr/share/common-licenses/Apache-2.0"))
        let licence = try String(contentsOf: Repository.file("LICENSE"), encoding: .utf8)
        let readme = try String(contentsOf: Repository.file("README.md"), encoding: .utf8)
        #expect(licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"))
        #expect(readme.contains("[Apache License 2.0](LICENSE)"))
        let conffiles = try String(contentsOfFile: "/var/lib/dpkg/info/andon.conffiles", encoding: .utf8)
        #expect(conffiles.contains("/etc/andon/config.yaml"))

        let verified = try await Self.run(
            "systemd-analyze",
            ["verify", "/lib/systemd/system/andon-sim.service", "/lib/systemd/system/andon-kiosk@.service"])
        #expect(verified.status == 0 && verified.stderr.isEmpty, "\(verified.stderr)")

        // The installed simulator, scraped by a real Prometheus; the installed andon reads it.
        let port = try freePort()
        let sim = try CleanProcess(
            "/usr/bin/andon-sim", ["--listen", "127.0.0.1:\(port)", "--scenario", "outage", "--seed", "7"],
            stderr: "/dev/null")
        defer { sim.terminate(grace: 5) }
        let prometheus = try await PrometheusServer.start(targets: ["127.0.0.1:\(port)"])
        defer { prometheus.stop() }
        try await prometheus.waitForData("tps_kanban_queue_depth")
        try await prometheus.waitForData("sum(rate(tps_andon_requests_total[1m])) > 0")
        let environment = ["ANDON_PROMETHEUS_URL": prometheus.url, "HOME": "/nonexistent", "LANG": "C.UTF-8"]
        let check = try await CleanProcess.run(
            "/usr/bin/andon",
            ["check", "--config", "/etc/andon/config.yaml", "--profile", "/usr/share/andon/profiles/tps.yaml"],
            environment: environment, limit: 60)
        #expect([1, 2].contains(check.status) && check.stdout.hasPrefix("ANDON "), "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("Read from \(prometheus.url)"), "\(check.stdout)")

        let manual = try await CleanProcess.run(
            "/bin/sh", ["-c", "MANPAGER=cat MANWIDTH=80 man andon"], limit: 60)
        #expect(manual.status == 0 && manual.stdout.contains("andon"), "\(manual.stderr)")
        let completion = try await CleanProcess.run(
            "/bin/bash", ["-c", "source /usr/share/bash-completion/completions/andon && complete -p andon"], limit: 30)
        #expect(completion.stdout.contains("-F _andon andon"), "\(completion.stdout)\(completion.stderr)")

        // The kiosk unit's command line, as systemd runs it, on a terminal (tmux for the console).
        let unit = try String(contentsOfFile: "/lib/systemd/system/andon-kiosk@.service", encoding: .utf8)
        let execStart = try #require(
            unit.split(separator: "\n").first { $0.hasPrefix("ExecStart=") }.map { String($0.dropFirst(10)) })
        // Its standard error is the journal under systemd; here a file, where the log's lines arrive.
        let journal = FileManager.default.temporaryDirectory.appendingPathComponent("andon-journal-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: journal) }
        let session = try await TmuxSession(
            command: execStart + " 2>" + journal, width: 120, height: 40,
            environment: ["ANDON_PROMETHEUS_URL": prometheus.url, "TERM": "linux", "LANG": "C.UTF-8"])
        defer { session.kill() }
        let kiosk = try await session.waitFor(timeout: 60) { $0.contains("Kanban") && $0.contains("CRIT") }
        #expect(kiosk.contains("andon"), "\(kiosk)")
        // The unit's watchdog and heartbeat: the board serves its own metrics on the loopback.
        #expect(unit.contains("\nType=notify\n") && unit.contains("\nWatchdogSec=30\n"), "\(unit)")
        let heartbeat = try await Wait.value("the kiosk's heartbeat", timeout: 30) { () -> String? in
            let fetched = try? await CleanProcess.run(
                try executable("curl"), ["-sf", "http://127.0.0.1:9780/metrics"], limit: 10)
            return fetched.flatMap { $0.stdout.contains("andon_board_status{") ? $0.stdout : nil }
        }
        #expect(
            heartbeat.contains(#"andon_board_status{line="#) && heartbeat.contains(#"principle="kanban"} "#),
            "\(heartbeat)")
        let logged = try String(contentsOfFile: journal, encoding: .utf8)
        #expect(
            logged.contains(" start version=\"0.1.0 (commit ") && logged.contains(" status principle=Kanban to="),
            "\(logged)")
        session.kill()

        // Removed with --purge: no file of it remains, the configuration included.
        let purged = try await Self.run("dpkg", ["--purge", "andon"])
        #expect(purged.status == 0, "\(purged.stderr)")
        let left = files.filter { path in
            var directory: ObjCBool = false
            return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && !directory.boolValue
        }
        #expect(left.isEmpty, "\(left)")
        #expect(!FileManager.default.fileExists(atPath: "/etc/andon"))
    }
}
