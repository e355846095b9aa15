import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// A plant of two lines, each with its own real Prometheus scraping its own exporter (issue 19, begun): the
/// plant overview in `snapshot`, the plant in `check` (text, JSON, exit code), `--line` for one line, and a line
/// whose Prometheus stops blanking only its own row.
@Suite(
    "a plant of two Prometheus servers",
    .enabled(
        if: Sanitizers.cover(.thread),
        "a runner per line on threads of ours; its bytes are the sanitized check's and board's"))
struct PlantTests {
    @Test func snapshotShowsEveryLineAndOneSourceDownBlanksOnlyItsRow() async throws {
        try await withPlant(Plants.plant(Plants.green), readyQueries: CheckIntegrationTests.ready) { north, _ in
            try await withPlant(Plants.plant(Plants.red), readyQueries: CheckIntegrationTests.ready) { south, _ in
                let config = FileManager.default.temporaryDirectory.appendingPathComponent("andon-plant-\(UUID()).yaml")
                defer { try? FileManager.default.removeItem(at: config) }
                try """
                title: North works
                lines:
                  - name: north
                    prometheus: {url: "\(north.url)"}
                  - name: south
                    prometheus: {url: "\(south.url)", timeout: 3}
                """.write(to: config, atomically: true, encoding: .utf8)
                let environment = ["LANG": "C.UTF-8", "COLUMNS": "120"]
                let both = try await AndonProcess.run(["snapshot", "--config", config.path], environment: environment)
                #expect(both.status == 2, "\(both.stdout) \(both.stderr)")
                let rows = both.stdout.split(separator: "\n").map(String.init)
                let southRow = try #require(rows.first { $0.hasPrefix(" south") }, "\(both.stdout)")
                let northRow = try #require(rows.first { $0.hasPrefix(" north") }, "\(both.stdout)")
                // Worst first: south (red) above north (green); each with its own values.
                #expect(rows.firstIndex(of: southRow)! < rows.firstIndex(of: northRow)!)
                #expect(southRow.contains("✗ 1,001 items") && southRow.contains("✗ CRIT"), "\(southRow)")
                #expect(northRow.contains("✓ 499 items") && northRow.contains("✓ OK"), "\(northRow)")
                #expect(both.stdout.contains("1 of 2 lines not green"), "\(both.stdout)")
                // One line's own board.
                let one = try await AndonProcess.run(
                    ["snapshot", "--config", config.path, "--line", "north"], environment: environment)
                #expect(one.status == 0 && one.stdout.contains("North works · north"), "\(one.stdout)")
                let unknown = try await AndonProcess.run(
                    ["snapshot", "--config", config.path, "--line", "east"], environment: environment)
                #expect(unknown.status == 64 && unknown.stderr.contains("north, south"), "\(unknown.stderr)")
                // check: the worst line's status and exit code, each line in JSON, performance data by line.
                let json = try await AndonProcess.run(["check", "--json", "--config", config.path])
                #expect(json.status == 2, "\(json.stdout) \(json.stderr)")
                let root = try #require(
                    try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any], "\(json.stdout)")
                let lines = root["lines"] as? [[String: Any]] ?? []
                #expect(
                    root["status"] as? String == "red" && lines.map { $0["name"] as? String } == ["north", "south"])
                #expect(lines.map { $0["status"] as? String } == ["green", "red"], "\(lines)")
                let kanban = (lines[1]["principles"] as? [[String: Any]])?.first { $0["id"] as? String == "kanban" }
                #expect(kanban?["value"] as? Double == 1001, "\(String(describing: kanban))")
                let plugin = try await AndonProcess.run(["check", "--config", config.path])
                let first = plugin.stdout.split(separator: "\n").first.map(String.init) ?? ""
                #expect(first.hasPrefix("ANDON CRITICAL - south: "), "\(first)")
                #expect(
                    first.contains("north_kanban=499;500;1000") && first.contains("south_kanban=1001;500;1000"),
                    "\(first)")
                let oneLine = try await AndonProcess.run([
                    "check", "--json", "--config", config.path, "--line", "north",
                ])
                let oneJSON = try CheckJSON(oneLine.stdout)
                #expect(oneLine.status == 0 && oneJSON.status == "green", "\(oneLine.stdout)")
                // A plant of one line is that line's board.
                let single = FileManager.default.temporaryDirectory.appendingPathComponent("andon-line-\(UUID()).yaml")
                defer { try? FileManager.default.removeItem(at: single) }
                try "lines:\n  - name: north\n    prometheus: {url: \"\(north.url)\"}\n".write(
                    to: single, atomically: true, encoding: .utf8)
                let alone = try await AndonProcess.run(["check", "--json", "--config", single.path])
                let aloneJSON = try CheckJSON(alone.stdout)
                #expect(alone.status == 0 && aloneJSON.root["prometheus"] as? String == north.url, "\(alone.stdout)")
                // South's Prometheus stops: its row says why; north is still read; the plant is not green.
                await south.stopAsync()
                let blind = try await AndonProcess.run(["snapshot", "--config", config.path], environment: environment)
                #expect(blind.status == 3, "\(blind.stdout)")
                let blindRow = try #require(blind.stdout.split(separator: "\n").first { $0.hasPrefix(" south") })
                #expect(blindRow.contains("NO DATA · connection refused"), "\(blindRow)")
                #expect(blind.stdout.contains("✓ 499 items"), "\(blind.stdout)")
                let blindCheck = try await AndonProcess.run(["check", "--json", "--config", config.path])
                #expect(blindCheck.status == 3, "\(blindCheck.stdout)")
                #expect(
                    blindCheck.stdout.contains("\"status\": \"unknown\"")
                        && blindCheck.stdout.contains("connection refused"))
            }
        }
    }

    /// The full-screen plant board in tmux, as a supervisor uses it: a row per line, worst first; Enter opens the
    /// selected line's own board (its title, its values, its drill-downs), Esc returns to the plant; a line
    /// whose Prometheus stops turns its own row NO DATA with the reason while the other line is still read.
    @Test func theBoardShowsThePlantAndOpensALine() async throws {
        try await withPlant(Plants.plant(Plants.green), readyQueries: CheckIntegrationTests.ready) { north, _ in
            try await withPlant(Plants.plant(Plants.red), readyQueries: CheckIntegrationTests.ready) { south, _ in
                let config = FileManager.default.temporaryDirectory.appendingPathComponent("andon-plant-\(UUID()).yaml")
                defer { try? FileManager.default.removeItem(at: config) }
                try """
                title: North works
                refresh: 1
                lines:
                  - name: north
                    prometheus: {url: "\(north.url)"}
                  - name: south
                    prometheus: {url: "\(south.url)", timeout: 2}
                """.write(to: config, atomically: true, encoding: .utf8)
                let session = try await TmuxSession(
                    command: "\(AndonProcess.path) --config \(config.path); sleep 60",
                    environment: ["LANG": "C.UTF-8", "TERM": "xterm-256color", "HOME": "/nonexistent"])
                defer { session.kill() }
                // Both lines answered (south's first answer may come after north's: a row is NO DATA until then).
                let plant = try await session.waitFor {
                    $0.contains("1 of 2 lines not green") && $0.contains("✓ OK") && $0.contains("1,001")
                }
                let rows = plant.split(separator: "\n").map(String.init)
                let southRow = rows.firstIndex(where: { $0.hasPrefix("▶south") }) ?? -1
                let northRow = rows.firstIndex(where: { $0.hasPrefix(" north") }) ?? -1
                #expect(southRow >= 0 && southRow < northRow, "\(plant)")
                #expect(southRow >= 0 && rows[southRow].contains("1,001"), "\(plant)")
                // Enter opens south's own board; its drill-down; Esc, Esc back to the plant.
                try await session.send("Enter")
                let southBoard = try await session.waitFor { pane in
                    pane.contains("North works · south") && pane.contains("Esc plant")
                }
                #expect(southBoard.contains("1,001"), "\(southBoard)")
                try await session.send("2")
                _ = try await session.waitFor { $0.contains("Kanban") && $0.contains("0 overview") }
                try await session.send("Escape")
                _ = try await session.waitFor { $0.contains("Esc plant") }
                try await session.send("Escape")
                _ = try await session.waitFor { $0.contains("1 of 2 lines not green") }
                // Down to north and open it.
                try await session.send("Down")
                try await session.send("Enter")
                let northBoard = try await session.waitFor { $0.contains("North works · north") }
                #expect(northBoard.contains("499"), "\(northBoard)")
                try await session.send("Escape")
                // South's Prometheus stops: its row says why; north is still read.
                await south.stopAsync()
                let blind = try await session.waitFor(timeout: 40) {
                    $0.contains("connection refused") && $0.contains("1 of 2 lines not green")
                }
                let blindRow = blind.split(separator: "\n").first(where: { $0.contains("south") }) ?? ""
                #expect(blindRow.contains("NO DATA"), "\(blind)")
                #expect(blind.contains("✓ 499"), "\(blind)")
                try await session.send("q")
                _ = try await session.waitFor { !$0.contains("North works") }
            }
        }
    }
}
