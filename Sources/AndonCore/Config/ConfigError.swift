/// A configuration that cannot be used, with where it went wrong: file, line and key.
public struct ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The dotted key path, e.g. `principles.kanban.red`.
    public var key: String?
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `config.yaml:12:5: principles.kanban.red: expected a condition such as "> 1000", got "lots"`.
    public var description: String {
        var out = file
        if let line {
            out += ":\(line)"
            if let column { out += ":\(column)" }
        }
        out += ": "
        if let key { out += "\(key): " }
        return out + message
    }

    /// The exit status for a configuration error (sysexits' EX_CONFIG).
    public static let exitCode: Int32 = 78
}
