/// The variables of a board (`$line` in a profile's queries): their values from `variables:` in the
/// configuration and `--var name=value` on the command line, expanded into every query the board sends and every
/// alert matcher, safely (`QueryTemplate`).
extension Config {
    /// The variables the profile declares that have no value yet (none given, no `default:`): their values come
    /// from Prometheus (`VariableResolver`) before the queries can be expanded.
    public var unresolved: [VariableDeclaration] {
        (templates?.profile ?? profile).variables.filter { variables[$0.name] == nil }
    }

    /// The board's text for the variables' values ("line 2"), in the order the profile declares them; empty
    /// without variables.
    public var scopeText: String {
        let declared = (templates?.profile ?? profile).variables.map(\.name)
        let names = declared + variables.keys.filter { !declared.contains($0) }.sorted()
        return names.compactMap { name in
            variables[name].map { value in
                switch value {
                case .one(let one): "\(name) \(TextSanitizer.inert(one, limit: 40))"
                case .several(let values): "\(name) \(TextSanitizer.inert(values.joined(separator: "+"), limit: 40))"
                case .all: "\(name) all"
                }
            }
        }.joined(separator: " · ")
    }

    /// The names of the variables the queries and alert matchers use (as written, before expansion).
    public var variablesUsed: Set<String> {
        let profile = templates?.profile ?? self.profile
        var texts = (templates?.principles ?? principles).map(\.query) + profile.alertScope
        texts += profile.variables.compactMap(\.match)
        for principle in profile.principles {
            texts += [principle.spec.query] + (principle.culprit.map { [$0.query] } ?? [])
            texts += principle.panels.map(\.query) + principle.alertMatchers
        }
        return Set(texts.flatMap(QueryTemplate.variables(in:)))
    }

    /// Whether the profile declares variable `name` or a query uses it.
    public func profileUses(_ name: String) -> Bool {
        (templates?.profile ?? profile).variables.contains { $0.name == name } || variablesUsed.contains(name)
    }

    /// The same configuration with `name` set to `value`, every query expanded again.
    public func with(_ name: String, _ value: QueryTemplate.Value) throws(ConfigError) -> Config {
        var next = self
        next.variables[name] = value
        try next.expandVariables()
        return next
    }

    /// The configuration of one line of the plant: its Prometheus and Alertmanager where it has its own, its
    /// variables' values expanded into the queries, its name in the title; a configuration of one line.
    public func line(_ line: LineConfig) throws(ConfigError) -> Config {
        var next = self
        next.lines = []
        next.lineName = line.name
        next.title = title + " · " + line.name
        if let prometheus = line.prometheus { next.prometheus = prometheus }
        if let alertmanager = line.alertmanager { next.alertmanager = alertmanager }
        guard !line.variables.isEmpty else { return next }
        for (name, value) in line.variables { next.variables[name] = value }
        if next.unresolved.isEmpty { try next.expandVariables() }
        return next
    }

    /// A value as written: `3` (one), a list (several), or `*` (all).
    public static func variableValue(_ values: [String]) -> QueryTemplate.Value {
        if values == ["*"] { return .all }
        return values.count == 1 ? .one(values[0]) : .several(values)
    }

    /// Every query of the principles and the profile, and every alert matcher, with the variables' values in
    /// place. A variable without a value, or a value that cannot stand where it is used, is a configuration
    /// error naming the principle, the panel and the variable.
    public mutating func expandVariables() throws(ConfigError) {
        if let templates {
            principles = templates.principles
            profile = templates.profile
        } else if !variables.isEmpty {
            // Without values, an expansion that succeeds leaves every query as it was: nothing to keep.
            templates = ConfigTemplates(principles: principles, profile: profile)
        }
        let (source, name) = (profile.source, profile.name)
        var file: String { source ?? "profiles/\(name).yaml" }
        // The key is written only for an error: building fifty of them for nothing cost a cold start 0.1 M
        // instructions.
        func expand(_ query: String, _ key: @autoclosure () -> String) throws(ConfigError) -> String {
            do {
                return try QueryTemplate.expand(query, variables)
            } catch {
                throw ConfigError(file: file, key: key(), message: error.description)
            }
        }
        for index in principles.indices {
            let id = principles[index].id.rawValue
            principles[index].query = try expand(principles[index].query, "principles.\(id).query")
        }
        for index in profile.principles.indices {
            var principle = profile.principles[index]
            let id = principle.id.rawValue
            var path: String { "principles.\(id)" }
            principle.spec.query = try expand(principle.spec.query, path + ".query")
            if var culprit = principle.culprit {
                culprit.query = try expand(culprit.query, path + ".culprit.query")
                principle.culprit = culprit
            }
            for panel in principle.panels.indices {
                principle.panels[panel].query = try expand(
                    principle.panels[panel].query, path + ".panels[\(panel)].query")
            }
            for matcher in principle.alertMatchers.indices {
                principle.alertMatchers[matcher] = try expand(
                    principle.alertMatchers[matcher], path + ".alerts.matchers[\(matcher)]")
            }
            profile.principles[index] = principle
        }
        for index in profile.alertScope.indices {
            profile.alertScope[index] = try expand(profile.alertScope[index], "alerts.matchers[\(index)]")
        }
        for index in profile.variables.indices {
            if let match = profile.variables[index].match {
                profile.variables[index].match = try expand(match, "variables.\(profile.variables[index].name).values")
            }
        }
        // A matcher without a variable was checked when the profile was read; one with a variable is checked now.
        if !variables.isEmpty { try checkMatchers(file: file) }
    }

    /// Every alert matcher, expanded, must parse.
    func checkMatchers(file: String) throws(ConfigError) {
        var all = profile.alertScope.enumerated().map { ("alerts.matchers[\($0.offset)]", $0.element) }
        for principle in profile.principles {
            all += principle.alertMatchers.enumerated().map {
                ("principles.\(principle.id.rawValue).alerts.matchers[\($0.offset)]", $0.element)
            }
        }
        for (key, text) in all {
            do {
                _ = try LabelMatcher(parsing: text)
            } catch {
                throw ConfigError(file: file, key: key, message: error.description)
            }
        }
    }
}
