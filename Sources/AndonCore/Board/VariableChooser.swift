/// The chooser of the variables' values (`v`): one row per value Prometheus lists for each variable the profile
/// declares (and "all" where the declaration offers it), the cursor on the value shown now. Enter shows the
/// chosen line: every query is expanded again, and everything known of the old line is forgotten.
public struct VariableChooser: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var name: String
        public var value: QueryTemplate.Value
        /// The value as the row shows it.
        public var text: String
        /// Whether the board shows this value now.
        public var current: Bool
    }

    public internal(set) var rows: [Row] = []
    public internal(set) var cursor = 0
    /// Until the values arrive.
    public internal(set) var loading = true
    /// Variables whose values could not be listed, with why; or why a choice could not be taken.
    public internal(set) var problems: [String] = []

    mutating func fill(_ lists: [VariableValues], config: Config) {
        loading = false
        rows = []
        problems = []
        for list in lists {
            if let error = list.error { problems.append("$\(list.name): \(error)") }
            let declaration = config.declaredVariables.first { $0.name == list.name }
            var values = list.values.map { QueryTemplate.Value.one($0) }
            if declaration?.offersAll == true { values.append(.all) }
            for value in values {
                let text: String
                switch value {
                case .one(let one): text = TextSanitizer.inert(one, limit: 60)
                case .several(let several): text = TextSanitizer.inert(several.joined(separator: "+"), limit: 60)
                case .all: text = "all"
                }
                rows.append(
                    Row(name: list.name, value: value, text: text, current: config.variables[list.name] == value))
            }
        }
        cursor = rows.firstIndex { $0.current } ?? 0
    }
}

extension Config {
    /// The variables the profile declares (as written, before any expansion).
    public var declaredVariables: [VariableDeclaration] { (templates?.profile ?? profile).variables }
}
