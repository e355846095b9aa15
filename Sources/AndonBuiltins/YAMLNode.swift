/// A YAML document as a tree of text, with each node's line and column: what the configuration, theme and
/// profile readers walk. Files a user names are composed into it at run time (by Yams); the built-in ones
/// (`themes/`, `profiles/`) at build time, by the `EmbedYAML` plugin, so that a start parses no built-in YAML.
public struct YAMLNode: Sendable, Equatable {
    /// What the node is; a scalar is `plain` when written without quotes (only a plain `~` or `null` means
    /// nothing). A struct of arrays, not an indirect enum: an enum's boxes are held by pointers with tag bits in
    /// them, which LeakSanitizer cannot follow from a static (the built-in trees are statics) and reported as leaks.
    public enum Kind: Sendable, Equatable {
        case scalar(plain: Bool)
        case mapping
        case sequence
    }

    public let kind: Kind
    /// A scalar's text; nil for a mapping or a list.
    public let text: String?
    /// A mapping's keys and values, in the order written; empty otherwise.
    public let pairs: [YAMLPair]
    /// A list's items; empty otherwise.
    public let items: [YAMLNode]
    public let mark: YAMLMark

    public static func scalar(_ text: String, plain: Bool, at mark: YAMLMark) -> YAMLNode {
        YAMLNode(kind: .scalar(plain: plain), text: text, pairs: [], items: [], mark: mark)
    }

    public static func mapping(_ pairs: [YAMLPair], at mark: YAMLMark) -> YAMLNode {
        YAMLNode(kind: .mapping, text: nil, pairs: pairs, items: [], mark: mark)
    }

    public static func sequence(_ items: [YAMLNode], at mark: YAMLMark) -> YAMLNode {
        YAMLNode(kind: .sequence, text: nil, pairs: [], items: items, mark: mark)
    }

    /// The pairs of a mapping; nil for a scalar or a list.
    public var mapping: [YAMLPair]? { kind == .mapping ? pairs : nil }

    /// The items of a list; nil for a scalar or a mapping.
    public var sequence: [YAMLNode]? { kind == .sequence ? items : nil }

    /// Whether this is a scalar written without quotes.
    public var isPlain: Bool { kind == .scalar(plain: true) }
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
