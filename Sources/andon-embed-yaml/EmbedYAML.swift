import Foundation
import Yams

/// The build-time half of `Builtins`: composes a YAML file (a shipped theme or profile) and writes it as Swift, a
/// `YAMLNode` in the compiled form (`YAMLNode.Flat`), so that the binary carries the tree and a start parses no
/// built-in YAML. Run by the `EmbedYAML` plugin: `andon-embed-yaml INPUT.yaml OUTPUT.swift NAME SHOWN`, where
/// NAME is the Swift name of the tree and SHOWN the file's name in errors (`profiles/tps.yaml`). YAML that does
/// not parse fails the build with the file, line and column.
@main
enum EmbedYAML {
    static func main() {
        let arguments = CommandLine.arguments
        guard arguments.count == 5 else {
            FileHandle.standardError.write(Data("usage: andon-embed-yaml INPUT.yaml OUTPUT.swift NAME SHOWN\n".utf8))
            exit(64)
        }
        let (input, output, name, shown) = (arguments[1], arguments[2], arguments[3], arguments[4])
        do {
            let yaml = try String(contentsOfFile: input, encoding: .utf8)
            guard let root = try Yams.compose(yaml: yaml, Resolver.basic) else {
                throw Failure(line: 1, column: 1, message: "the file is empty")
            }
            if shown.hasPrefix("profiles/") { try checkDetection(root) }
            var entries: [String] = []
            try flatten(root, into: &entries)
            let swift = """
                // Generated at build time from \(shown) by andon-embed-yaml (Plugins/EmbedYAML). Do not edit.

                extension Builtins {
                    static let \(name): YAMLNode = YAMLNode(compiled: [
                \(entries.map { "        \($0)," }.joined(separator: "\n"))
                    ])
                }

                """
            try Data(swift.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
        } catch let failure as Failure {
            fail("\(shown):\(failure.line):\(failure.column): error: \(failure.message)")
        } catch let error as YamlError {
            fail("\(shown): error: not valid YAML: \(error)")
        } catch {
            fail("\(shown): error: \(error)")
        }
    }

    struct Failure: Error {
        var line: Int
        var column: Int
        var message: String
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data((message + "\n").utf8))
        exit(1)
    }

    static func flatten(_ node: Node, into entries: inout [String]) throws {
        let line = node.mark?.line ?? 0
        let column = node.mark?.column ?? 0
        switch node {
        case .scalar(let scalar):
            let kind = scalar.style == .plain ? ".plain" : ".quoted"
            entries.append(".init(\(kind), \(literal(scalar.string)), 0, \(line), \(column))")
        case .mapping(let mapping):
            entries.append(".init(.mapping, \"\", \(mapping.count), \(line), \(column))")
            for (key, value) in mapping {
                try flatten(key, into: &entries)
                try flatten(value, into: &entries)
            }
        case .sequence(let sequence):
            entries.append(".init(.sequence, \"\", \(sequence.count), \(line), \(column))")
            for item in sequence { try flatten(item, into: &entries) }
        case .alias:
            throw Failure(line: line, column: column, message: "aliases (*name) are not supported")
        }
    }

    /// A shipped profile's `detect:` and each principle's `needs:`, when present, name at least one metric, each a
    /// metric name: a built-in profile that detection could never choose fails the build, not a user's start.
    static func checkDetection(_ root: Node) throws {
        func check(_ node: Node?, _ key: String) throws {
            guard let node else { return }
            let line = node.mark?.line ?? 0
            let column = node.mark?.column ?? 0
            guard case .sequence(let names) = node, !names.isEmpty else {
                throw Failure(line: line, column: column, message: "\(key): names no metric (a list of metric names)")
            }
            for name in names {
                guard case .scalar(let scalar) = name, isMetricName(scalar.string) else {
                    throw Failure(line: line, column: column, message: "\(key): expected metric names")
                }
            }
        }
        try check(root["detect"], "detect")
        if case .mapping(let principles)? = root["principles"] {
            for (key, principle) in principles {
                try check(principle["needs"], "principles.\(key.string ?? "?").needs")
            }
        }
    }

    /// `[a-zA-Z_:][a-zA-Z0-9_:]*`, as `ProfileParser.isMetricName`.
    static func isMetricName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first.isASCII,
            first.properties.isAlphabetic || first == "_" || first == ":"
        else { return false }
        return name.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || $0 == "_" || $0 == ":" || ("0"..."9").contains($0))
        }
    }

    /// A Swift string literal of any text: quotes, backslashes and everything outside printable ASCII escaped.
    static func literal(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case " "..."~": out.unicodeScalars.append(scalar)
            default: out += "\\u{\(String(scalar.value, radix: 16))}"
            }
        }
        return out + "\""
    }
}
