/// The variables of a board (`$line` in a profile's queries): their values from `variables:` in the
/// configuration and `--var name=value` on the command line, expanded into every query the board sends and every
/// alert matcher, safely (`QueryTemplate`).
extension Config {
    /// A value as written: `3` (one), a list (several), or `*` (all).
    public static func variableValue(_ values: [String]) -> QueryTemplate.Value {
        if values == ["*"] { return .all }
        return values.count == 1 ? .one(values[0]) : .several(values)
    }

    /// Every query of the principles and the profile, and every alert matcher, with the variables' values in
    /// place. A variable without a value, or a value that cannot stand where it is used, is a configuration
    /// error naming the principle, the panel and the variable.
    public mutating func expandVariables() throws(ConfigError) {
        let file = profile.source ?? "profiles/\(profile.name).yaml"
        func expand(_ query: String, _ key: String) throws(ConfigError) -> String {
            do {
                return try QueryTemplate.expand(query, variables)
            } catch {
                throw ConfigError(file: file, key: key, message: error.description)
            }
        }
        for index in principles.indices {
            let id = principles[index].id.rawValue
            principles[index].query = try expand(principles[index].query, "principles.\(id).query")
        }
        for index in profile.principles.indices {
            var principle = profile.principles[index]
            let path = "principles.\(principle.id.rawValue)"
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
    }
}
