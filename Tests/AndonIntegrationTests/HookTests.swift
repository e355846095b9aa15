import AndonCore
import AndonRuntime
import AndonTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The hooks of a real board (in tmux, against a real Prometheus whose figures the test changes): a hook script
/// records its environment; a status change, the escalation, and the change back arrive once each, in order,
/// with the documented variables; a title full of shell metacharacters reaches it verbatim and runs nothing; a
/// hook that hangs is killed at its timeout, said on the status line, and the board goes on.
@Suite("hooks")
struct HookTests {
    /// Appends one JSON line of the hook's ANDON_* environment to the file it is given.
    static let recorder = """
        import json, os, sys
        with open(sys.argv[1], "a") as out:
            out.write(json.dumps({k: v for k, v in os.environ.items() if k.startswith("ANDON_")}) + "\\n")
        """

    @Test func statusChangesAndTheEscalationArriveOnceInOrder() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-hooks-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let record = directory.appendingPathComponent("events.jsonl").path
        let script = directory.appendingPathComponent("record.py").path
        try Self.recorder.write(toFile: script, atomically: true, encoding: .utf8)
        // (Under the title's 120 characters.)
        let pwned = "/tmp/andon-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: pwned) }
        let title = "Line 3 $(touch \(pwned)) `touch \(pwned)`; touch \(pwned) | \"q\" 'x' $HOME"
        let green = Plants.green
        var red = green
        red.deepestQueue = 1001
        try await withPlant(Plants.plant(green), readyQueries: CheckIntegrationTests.ready) { prometheus, exporter in
            let config = directory.appendingPathComponent("andon.yaml").path
            try """
            title: '\(title.replacingOccurrences(of: "'", with: "''"))'
            refresh: 1
            stale_after: 60
            prometheus:
              url: \(prometheus.url)
            escalation:
              escalate_after: 3s
              repeat: 10m
            hooks:
              - name: recorder
                command: [python3, \(script), \(record)]
                timeout: 10s
              - name: stuck
                command: [sleep, "600"]
                on: [status]
                timeout: 1s
            """.write(toFile: config, atomically: true, encoding: .utf8)
            let session = try await TmuxSession(
                command: "\(AndonProcess.path) --config \(config); sleep 60",
                environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
            defer { session.kill() }
            _ = try await session.waitFor { $0.contains("Kanban") && $0.contains("499 items") }
            exporter.serve(Plants.plant(red))
            // The escalation, and the hook that hangs killed at its timeout with the board saying so: each seen on
            // some screen, in either order (the notice is shown for a while, and an instrumented board on a busy
            // machine can show it before or after the escalation, or replace it sooner than a capture comes).
            var escalated = false
            var killed = false
            _ = try await session.waitFor { screen in
                escalated = escalated || screen.contains("ESCALATED")
                killed = killed || screen.contains("hook stuck: killed after 1 s")
                return escalated && killed
            }
            exporter.serve(Plants.plant(green))
            _ = try await session.waitFor { $0.contains("499 items") && !$0.contains("ESCALATED") }
            // The board goes on: it still refreshes after the hook was killed.
            // Green again: the ringback, and the latch of a red nobody acknowledged (no first out: the board had
            // not been calm for five minutes before it).
            let events = try await Self.events(record, count: 5)
            #expect(
                events.map {
                    "\($0["ANDON_EVENT"] ?? "") \($0["ANDON_PRINCIPLE"] ?? "") \($0["ANDON_OLD_STATUS"] ?? "")>\($0["ANDON_NEW_STATUS"] ?? "") \($0["ANDON_ALARM"] ?? "")"
                }
                    == [
                        "status kanban green>red ", "escalation kanban >red ", "status kanban red>green ",
                        "alarm kanban >green ringback", "alarm kanban >green latched",
                    ],
                "\(events)")
            #expect(events[0]["ANDON_VALUE"] == "1,001 items", "\(events[0])")
            #expect(events[0]["ANDON_PRINCIPLE_TITLE"] == "Kanban")
            #expect(events.allSatisfy { $0["ANDON_BOARD"] == title }, "\(events.map { $0["ANDON_BOARD"] ?? "" })")
            #expect(events.allSatisfy { RFC3339.parse($0["ANDON_TIME"] ?? "") != nil })
            #expect(!FileManager.default.fileExists(atPath: pwned), "a metacharacter ran something")
            // Nothing more arrives: each once.
            try await Task.sleep(for: .seconds(3))
            #expect(try await Self.events(record, count: 0).count == 5)
        }
    }

    /// The example hooks (examples/hooks/), each run as the board runs a hook, with stand-ins for the programs they
    /// drive (espeak-ng, curl, usbrelay: hardware and network a test does not have) that record their arguments
    /// and input. Values full of shell metacharacters arrive as they are, and run nothing.
    @Test func theExampleHooksPassWhatHappenedOnVerbatim() async throws {
        // The stand-ins are in the repository (Tests/Fixtures/hook-stubs), not written here: a file written a moment
        // before it is executed can be "Text file busy" while a process another test spawned holds its descriptor.
        let bin = Repository.file("Tests/Fixtures/hook-stubs")
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("andon-stubs-\(UUID()).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: log) }
        let pwned = "/tmp/andon-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: pwned) }
        let hostile = "Q $(touch \(pwned)) `touch \(pwned)`; touch \(pwned)"
        func run(_ name: String, _ event: HookEvent, extra: [String: String] = [:]) throws {
            let hook = HookConfig(name: name, command: [Repository.file("examples/hooks/\(name)").path], timeout: 20)
            var environment = ["PATH": bin.path + ":/usr/bin:/bin", "ANDON_STUB_LOG": log].merging(extra) { $1 }
            environment.merge(event.environment) { $1 }
            #expect(HookRunner.run(hook, environment: environment) == nil, "\(name)")
        }
        var status = HookEvent(trigger: .status, principle: .kanban)
        (status.oldStatus, status.newStatus, status.value, status.board) = ("green", "red", hostile, hostile)
        try run("speak", status)
        var critical = HookEvent(trigger: .critical, principle: .andon)
        (critical.alert, critical.severity, critical.board) = (hostile, "critical", hostile)
        try run("webhook", critical, extra: ["ANDON_WEBHOOK_URL": "http://127.0.0.1:9/hook"])
        var escalation = HookEvent(trigger: .escalation, principle: .kanban)
        (escalation.overall, escalation.newStatus) = ("red", "red")
        try run("stack-light", escalation, extra: ["ANDON_RELAY_SERIAL": "QAAMZ"])
        var ack = HookEvent(trigger: .ack, principle: .kanban)
        (ack.overall, ack.by) = ("unknown", "ana@wall")
        try run("stack-light", ack, extra: ["ANDON_RELAY_SERIAL": "QAAMZ"])
        // A call's first tier (calls.notify): the lamps show the board, the buzzer sounds.
        var call = Call(
            id: "k3f9qa2m", type: "material", line: hostile, principle: .kanban, raisedBy: "ana", raisedAt: 0,
            note: hostile)
        call.tier = 0
        let climb = CallClimb(
            call: call, steps: [.init(tier: 0, target: "tower", command: [])], board: hostile, overall: "green")
        let tower = HookConfig(
            name: "tower", command: [Repository.file("examples/hooks/stack-light").path], timeout: 20)
        let environment = ["PATH": bin.path + ":/usr/bin:/bin", "ANDON_STUB_LOG": log, "ANDON_RELAY_SERIAL": "QAAMZ"]
            .merging(climb.environment(climb.steps[0], now: 0)) { $1 }
        #expect(HookRunner.run(tower, environment: environment) == nil)
        // The hooks hear of the call (on: [call]): spoken when raised; the buzzer silenced by an arrival, and left
        // as it is by a tier another board's target sounded, green as the board is.
        var raised = HookEvent(trigger: .call, principle: .kanban)
        (raised.call, raised.callStep) = (call, .raised)
        try run("speak", raised)
        var answered = call
        (answered.arrivedBy, answered.arrivedAt) = ("bo@floor", 5)
        var arrived = HookEvent(trigger: .call, principle: .kanban)
        (arrived.call, arrived.callStep, arrived.overall) = (answered, .arrived, "green")
        try run("stack-light", arrived, extra: ["ANDON_RELAY_SERIAL": "QAAMZ"])
        var climbed = HookEvent(trigger: .call, principle: .kanban)
        (climbed.call, climbed.callStep, climbed.overall) = (call, .tier, "green")
        try run("stack-light", climbed, extra: ["ANDON_RELAY_SERIAL": "QAAMZ"])
        let calls = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        #expect(
            calls.map { $0["program"] as? String ?? "" } == [
                "espeak-ng", "curl", "usbrelay", "usbrelay", "usbrelay", "espeak-ng", "usbrelay", "usbrelay",
            ])
        #expect(calls[0]["argv"] as? [String] == ["-v", "en", "--", "Kanban is red. \(hostile)"], "\(calls[0])")
        let curl = calls[1]["argv"] as? [String] ?? []
        #expect(curl.last == "http://127.0.0.1:9/hook", "\(curl)")
        let body =
            try JSONSerialization.jsonObject(with: Data((calls[1]["stdin"] as? String ?? "").utf8)) as? [String: String]
        #expect(
            body?["alert"] == hostile && body?["board"] == hostile && body?["event"] == "critical",
            "\(String(describing: body))")
        #expect(body?["text"] == "critical alert \(hostile)")
        #expect(calls[2]["argv"] as? [String] == ["QAAMZ_1=1", "QAAMZ_2=0", "QAAMZ_3=0", "QAAMZ_4=1"])
        // Unknown: red and yellow together, never green; an ack silences the buzzer.
        #expect(calls[3]["argv"] as? [String] == ["QAAMZ_1=1", "QAAMZ_2=1", "QAAMZ_3=0", "QAAMZ_4=0"])
        #expect(calls[4]["argv"] as? [String] == ["QAAMZ_1=0", "QAAMZ_2=0", "QAAMZ_3=1", "QAAMZ_4=1"])
        #expect(calls[5]["argv"] as? [String] == ["-v", "en", "--", "Call for material. \(hostile)"], "\(calls[5])")
        #expect(calls[6]["argv"] as? [String] == ["QAAMZ_1=0", "QAAMZ_2=0", "QAAMZ_3=1", "QAAMZ_4=0"])
        #expect(calls[7]["argv"] as? [String] == ["QAAMZ_1=0", "QAAMZ_2=0", "QAAMZ_3=1"])
        #expect(!FileManager.default.fileExists(atPath: pwned), "a metacharacter ran something")
    }

    /// When the board ends, a hook still running is ended with what it started, and the events still waiting are
    /// dropped: nothing the board started outlives it.
    @Test func aBoardThatEndsLeavesNoHookRunning() async throws {
        let marker = "andon-hook-\(UUID().uuidString)"
        let hook = HookConfig(
            name: "slow", command: ["/bin/sh", "-c", "sleep 600 & wait", marker], timeout: 600)
        let runner = HookRunner(hooks: [hook]) { _, _ in }
        runner.run(HookEvent(trigger: .status, principle: .kanban))
        runner.run(HookEvent(trigger: .status, principle: .andon))
        func running() async throws -> Int {
            let found = try await CleanProcess.run(try executable("pgrep"), ["-f", "-c", marker], limit: 10)
            return Int(found.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        _ = try await Wait.holds(timeout: 10, every: .milliseconds(50)) { try await running() > 0 }
        #expect(try await running() == 1)
        let shell = try await CleanProcess.run(try executable("pgrep"), ["-f", marker], limit: 10).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        // A wait of its own: the shell was found late on a loaded machine (CI saw its fork not yet made when the
        // first wait's time was already spent, and the loop never ran).
        var children: [String] = []
        _ = try await Wait.holds(timeout: 10, every: .milliseconds(50)) {
            children = try await CleanProcess.run(try executable("pgrep"), ["-P", shell], limit: 10).stdout
                .split(separator: "\n").map(String.init)
            return !children.isEmpty
        }
        #expect(!children.isEmpty, "the hook's own child (sleep) was not seen")
        let started = Date()
        runner.stop()
        // The stop ends the hook rather than wait for its 600 s timeout: a tenth of that is far from either.
        #expect(Date().timeIntervalSince(started) < 60)
        #expect(try await running() == 0)
        // Its own child (the sleep) went with it: gone, or a zombie waiting for init.
        for child in children {
            let stat = (try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8)) ?? ""
            let state = stat.split(separator: ")").last?.split(separator: " ").first.map(String.init) ?? "gone"
            #expect(state == "gone" || state == "Z", "the hook's child \(child) is still \(state)")
        }
    }

    /// The recorded events, once at least `count` have arrived (within 30 s).
    static func events(_ file: String, count: Int) async throws -> [[String: String]] {
        var events: [[String: String]] = []
        _ = try await Wait.holds(timeout: 30, every: .milliseconds(200)) {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            events = try text.split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] ?? [:]
            }
            return events.count >= count
        }
        return events
    }
}
