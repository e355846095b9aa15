/// A YAML document as a tree of text, with each node's line and column: what the configuration, theme and
/// profile readers walk. Files a user names are composed into it at run time (by Yams); the built-in ones
/// (`themes/`, `profiles/`) at build time, by the `EmbedYAML` plugin, so that a start parses no built-in YAML.
public indirect enum YAMLNode: Sendable, Equatable {
    /// A scalar's text; `plain` when it was written without quotes (only a plain `~` or `null` means nothing).
    case scalar(String, plain: Bool, at: YAMLMark)
    case mapping([YAMLPair], at: YAMLMark)
    case sequence([YAMLNode], at: YAMLMark)

    public var mark: YAMLMark {
        switch self {
        case .scalar(_, _, let mark), .mapping(_, let mark), .sequence(_, let mark): mark
        }
    }

    /// The text of a scalar; nil for a mapping or a list.
    public var text: String? {
        if case .scalar(let text, _, _) = self { return text }
        return nil
    }
}

/// One key and its value in a mapping, in the order written.
public struct YAMLPair: Sendable, Equatable {
    public var key: YAMLNode
    public var value: YAMLNode

    public init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// Where a node begins: line and column, counted from 1.
public struct YAMLMark: Sendable, Equatable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
}

extension YAMLNode {
    /// A node of the compiled form the `EmbedYAML` plugin writes: the tree in pre-order, each node followed by its
    /// children (a mapping's as key, value, key, value, ...). Flat, because a flat array literal compiles quickly
    /// where a nested one of this size does not.
    public struct Flat: Sendable {
        public enum Kind: UInt8, Sendable { case plain, quoted, mapping, sequence }
        let kind: Kind
        /// A scalar's text; a mapping's or list's number of entries.
        let text: String
        let count: Int
        let line: Int
        let column: Int

        public init(_ kind: Kind, _ text: String, _ count: Int, _ line: Int, _ column: Int) {
            self.kind = kind
            self.text = text
            self.count = count
            self.line = line
            self.column = column
        }
    }

    /// The tree of a compiled document.
    public init(compiled nodes: [Flat]) {
        var index = 0
        self = Self.build(nodes, &index)
    }

    private static func build(_ nodes: [Flat], _ index: inout Int) -> YAMLNode {
        let node = nodes[index]
        index += 1
        let mark = YAMLMark(line: node.line, column: node.column)
        switch node.kind {
        case .plain, .quoted:
            return .scalar(node.text, plain: node.kind == .plain, at: mark)
        case .mapping:
            var pairs: [YAMLPair] = []
            pairs.reserveCapacity(node.count)
            for _ in 0..<node.count {
                let key = build(nodes, &index)
                pairs.append(YAMLPair(key: key, value: build(nodes, &index)))
            }
            return .mapping(pairs, at: mark)
        case .sequence:
            var items: [YAMLNode] = []
            items.reserveCapacity(node.count)
            for _ in 0..<node.count { items.append(build(nodes, &index)) }
            return .sequence(items, at: mark)
        }
    }
}
