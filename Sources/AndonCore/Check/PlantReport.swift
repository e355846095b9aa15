/// `andon check` for a plant (`lines:`): every line's report, the plant's status the worst line's, the plugin
/// line naming what is wrong on which line, performance data prefixed by line, and `lines` in JSON.
public struct PlantReport: Sendable {
    public var title: String
    public var lines: [(name: String, report: CheckReport)]
    /// The line first out of the cascade on (`FirstOut.line`), where the histories were read.
    public var firstOutLine: String?

    public init(title: String, lines: [(name: String, report: CheckReport)], firstOutLine: String? = nil) {
        self.title = title
        self.lines = lines
        self.firstOutLine = firstOutLine
    }

    /// The worst line's status (a blind line is unknown: never green while one cannot be seen).
    public var overall: Status { Status.worst(lines.map(\.report.evaluation.overall)) }

    public var exitCode: Int32 { overall.exitCode }

    /// `ANDON CRITICAL - south: kanban 1001 > 1000; north: all 6 principles green | north_jidoka=0%;0;30 ...`,
    /// the lines that are not green first (worst first).
    public func pluginLine() -> String {
        let ordered = lines.enumerated().sorted { a, b in
            let (ra, rb) = (a.element.report.evaluation.overall.rank, b.element.report.evaluation.overall.rank)
            return ra != rb ? ra > rb : a.offset < b.offset
        }.map(\.element)
        var summary = ordered.prefix(Self.summarized).map { "\(Self.label($0.name)): \($0.report.pluginSummary())" }
            .joined(separator: "; ")
        if ordered.count > Self.summarized {
            let rest = ordered.dropFirst(Self.summarized)
            let notGreen = rest.filter { $0.report.evaluation.overall != .green }.count
            summary += "; and \(rest.count) more lines (\(notGreen) not green)"
        }
        let data = lines.map { line in
            line.report.performanceData().split(separator: " ").map { "\(Self.label(line.name))_\($0)" }
                .joined(separator: " ")
        }.joined(separator: " ")
        return "ANDON \(overall.pluginState) - \(summary) | \(data)"
    }

    /// The most lines the plugin line's summary names, the worst first (its performance data has every line).
    public static let summarized = 10

    /// A line's name as a performance-data label: letters, digits, `_` and `-`; anything else becomes `_`.
    static func label(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
    }

    /// The plugin line, then each line's summary under its name.
    public func text(ascii: Bool) -> String {
        var out = [pluginLine()]
        for line in lines {
            let status = line.report.evaluation.overall
            out.append("")
            out.append(
                "Line \(line.name): " + (ascii ? status.asciiLabel : "\(status.symbol) \(status.word)")
                    + (line.name == firstOutLine ? "  FIRST OUT" : ""))
            let body = line.report.text(ascii: ascii).split(separator: "\n", omittingEmptySubsequences: false)
            out += body.dropFirst().filter { !$0.isEmpty }.map { "  " + $0 }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// `{status, title, lines: [{name, first_out, status, evaluated_at, prometheus, principles, alerts}]}`.
    public func json() -> JSONValue {
        let items: [JSONValue] = lines.map { line in
            guard case .object(let pairs) = line.report.json() else { return .null }
            return .object([("name", .string(line.name)), ("first_out", .bool(line.name == firstOutLine))] + pairs)
        }
        return .object([
            ("status", .string(overall.rawValue)), ("title", .string(title)), ("lines", .array(items)),
        ])
    }
}
