import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// Profiles: the catalogue as data (`profiles/*.yaml`), parsed with errors that name file, line, column and key.
@Suite(
    "profiles",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct ProfileTests {
    static let folder = Repository.file("profiles")

    /// The complete example of docs/profiles.md is a profile: it parses, leaves Jidoka out, declares its variable
    /// and scopes its alerts, and every query expands with a line.
    @Test func theDocumentedExampleIsAProfile() throws {
        let doc = try String(contentsOf: Repository.file("docs/profiles.md"), encoding: .utf8)
        let start = try #require(doc.range(of: "A complete profile"))
        let open = try #require(doc.range(of: "```yaml\n", range: start.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "```", range: open.upperBound..<doc.endIndex))
        let profile = try ProfileParser.parse(yaml: String(doc[open.upperBound..<close.lowerBound]), file: "example")
        #expect(profile.principles.map(\.id) == [.kanban, .tracing])
        #expect(
            profile.variables == [
                VariableDeclaration(
                    name: "line", label: "line", match: "rabbitmq_queue_messages_ready", defaultValue: "3",
                    offersAll: true)
            ])
        #expect(profile.alertScope == [#"line="$line""#])
        var config = Config()
        config.use(profile)
        config.variables["line"] = .one("3")
        try config.expandVariables()
        #expect(config.spec(.kanban).query == #"max(rabbitmq_queue_messages_ready{line="3"})"#)
        #expect(config.profile.alertScope == [#"line="3""#])
    }

    /// `from:` takes a principle whole from another profile; a principle that profile leaves out, and two
    /// profiles that name each other, are errors at the key.
    @Test func fromTakesAPrincipleFromAnotherProfile() throws {
        let composed = try #require(Profile.builtin("web-service"))
        #expect(composed.principle(.kanban) == Profile.builtin("rabbitmq")?.principle(.kanban))
        #expect(composed.principles.map(\.id) == PrincipleID.allCases)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-from-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let a = directory.appendingPathComponent("a.yaml").path
        try "name: a\nprinciples:\n  kanban: {from: b.yaml}\n".write(toFile: a, atomically: true, encoding: .utf8)
        try "name: b\nprinciples:\n  kanban: {from: a.yaml}\n".write(
            to: directory.appendingPathComponent("b.yaml"), atomically: true, encoding: .utf8)
        #expect {
            _ = try ProfileLoader.load(a)
        } throws: { "\($0)".contains("principles.kanban.from") && "\($0)".contains("nest too deep") }
        let c = directory.appendingPathComponent("c.yaml").path
        try "name: c\nprinciples:\n  jidoka: {from: rabbitmq}\n".write(toFile: c, atomically: true, encoding: .utf8)
        #expect {
            _ = try ProfileLoader.load(c)
        } throws: { "\($0)".contains("c.yaml:3:") && "\($0)".contains("the profile rabbitmq leaves jidoka out") }
    }

    @Test func everyFileInProfilesParsesAndIsBuiltIn() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.folder.path).filter {
            $0.hasSuffix(".yaml")
        }
        #expect(Set(files.map { String($0.dropLast(5)) }) == Set(Profile.builtinNames))
        for file in files {
            let path = Self.folder.appendingPathComponent(file).path
            var profile = try ProfileLoader.load(path)  // the loader reads a composed profile's `from:`
            profile.source = nil
            #expect(Profile.builtin(String(file.dropLast(5))) == profile, "\(file) differs from the built-in copy")
        }
    }

    /// The built-in profile is the catalogue the board always had: every principle with its culprit, its alert
    /// matchers and its panels (the golden screens, recorded from the former Swift catalogue's queries, prove
    /// the queries are the same to the byte).
    @Test func theBuiltInProfileDescribesEveryPrinciple() throws {
        let profile = Profile.standard
        #expect(profile.principles.map(\.id) == PrincipleID.allCases)
        #expect(profile.principles.map(\.panels.count) == [6, 7, 6, 5, 5, 5])
        for principle in profile.principles {
            #expect(principle.culprit != nil)
            #expect(principle.alertMatchers == ["principle=\"\(principle.id.rawValue)\""])
        }
        let workers = try #require(profile.panels(.kanban).first { $0.title == "Workers available" })
        #expect(workers.sortByValue && workers.smallestFirst)
        #expect(workers.thresholds == Thresholds(green: Condition(.greater, 0), red: Condition(.equal, 0)))
        #expect(profile.panels(.kanban)[0].thresholds == profile.principle(.kanban)?.spec.thresholds)
        #expect(profile.panels(.andon)[4].query == PrincipleSpec.standard(.andon).query)
        #expect(profile.panels(.jidoka)[0].kind == .circuitStates && !profile.panels(.jidoka)[0].sortByValue)
    }

    @Test(arguments: [
        ("name: x\nprinciples: [1]\n", 2, 13, "principles", "expected a mapping"),
        ("name: x\nprinciples:\n  kanban:\n    headline: q\n", 4, 5, "principles.kanban.query", "missing"),
        ("name: x\nprinciples:\n  jidoka: off\n", 2, 1, "principles", "leaves every principle out"),
        (
            "name: x\nalerts: {matchers: ['line=1']}\nprinciples:\n  kanban: {headline: q, query: q, green: '< 1', red: '> 2'}\n",
            2, 21, "alerts.matchers[0]", "expected the value in quotes"
        ),
        (
            "name: x\nvariables:\n  line: {values: 'label_values(up)x'}\nprinciples:\n  kanban: {headline: q, query: q, green: '< 1', red: '> 2'}\n",
            3, 18, "variables.line.values", "expected label_values(METRIC, LABEL)"
        ),
        ("name: x\nprinciples:\n  muda: {}\n", 3, 3, "principles.muda", "unknown key"),
    ])
    func aMalformedProfileNamesWhere(yaml: String, line: Int, column: Int, key: String, message: String) {
        #expect {
            _ = try ProfileParser.parse(yaml: yaml, file: "bad.yaml")
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            return error.file == "bad.yaml" && error.line == line && error.column == column && error.key == key
                && error.message.contains(message)
        }
    }

    @Test func aBadPanelNamesItsPlaceInTheList() throws {
        var yaml = try String(contentsOf: Self.folder.appendingPathComponent("tps.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "        kind: states\n", with: "        kind: pie\n")
        #expect {
            _ = try ProfileParser.parse(yaml: yaml, file: "tps.yaml")
        } throws: { error in
            let text = "\(error)"
            return text.contains("tps.yaml:") && text.contains("principles.jidoka.panels[0].kind")
                && text.contains("expected one of: bars, states, trend")
        }
    }
}

/// The configuration's `profile:`, `variables:` and `principles:` together.
@Suite(
    "profiles in the configuration",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct ProfileConfigTests {
    @Test func theOverridesApplyOverTheChosenProfileAndTheVariablesExpand() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var profile = try String(contentsOf: Repository.file("profiles/tps.yaml"), encoding: .utf8)
        profile = profile.replacingOccurrences(
            of: "query: max(tps_kanban_queue_depth)\n", with: "query: max(tps_kanban_queue_depth{line=~\"$line\"})\n")
        try profile.write(to: directory.appendingPathComponent("lines.yaml"), atomically: true, encoding: .utf8)
        let yaml = """
            profile: lines.yaml
            variables:
              line: ["1", "2"]
            principles:
              kanban: {red: "> 5000"}
            """
        let path = directory.appendingPathComponent("config.yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        let config = try ConfigLoader.load(configFlag: path, prometheusFlag: nil, environment: [:])
        #expect(config.spec(.kanban).query == #"max(tps_kanban_queue_depth{line=~"1|2"})"#)
        #expect(config.spec(.kanban).thresholds.red == Condition(.greater, 5000))
        #expect(config.spec(.kanban).thresholds.green == Condition(.less, 500))
        let flagged = try ConfigLoader.load(
            configFlag: path, prometheusFlag: nil, variableFlags: ["line=3"], environment: [:])
        #expect(flagged.spec(.kanban).query == #"max(tps_kanban_queue_depth{line=~"3"})"#)
        let builtIn = try ConfigLoader.load(
            configFlag: path, prometheusFlag: nil, profileFlag: "tps", environment: [:])
        #expect(builtIn.spec(.kanban).query == "max(tps_kanban_queue_depth)")
        #expect(builtIn.spec(.kanban).thresholds.red == Condition(.greater, 5000))
    }

    @Test func aBadVarFlagIsAnError() {
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(configFlag: nil, prometheusFlag: nil, variableFlags: ["no equals"], environment: [:])
        }
        #expect(throws: ConfigError.self) {
            try ConfigLoader.load(configFlag: nil, prometheusFlag: nil, profileFlag: "nonesuch", environment: [:])
        }
    }
}
