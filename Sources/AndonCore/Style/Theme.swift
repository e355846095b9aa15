/// A colour as a theme gives it: one of the 16 basic colours, a 256-colour index, or `#rrggbb`.
public enum ThemeColor: Sendable, Equatable {
    case basic(Int)
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    public static let names = [
        "black", "red", "green", "yellow", "blue", "magenta", "cyan", "white", "bright-black", "bright-red",
        "bright-green", "bright-yellow", "bright-blue", "bright-magenta", "bright-cyan", "bright-white",
    ]

    /// The nearest colour among the first `available` colours of the terminal (8, 16, 256; more means 256).
    public func mapped(to available: Int) -> Int {
        switch self {
        case .basic(let n): return available >= 16 ? n : n % 8
        case .indexed(let n):
            if available >= 256 { return n }
            return ThemeColor.rgb(ThemeColor.rgbOfIndex(n)).mapped(to: available)
        case .rgb(let r, let g, let b):
            if available >= 256 {
                func cube(_ v: UInt8) -> Int { v < 48 ? 0 : v < 115 ? 1 : (Int(v) - 35) / 40 }
                return 16 + 36 * cube(r) + 6 * cube(g) + cube(b)
            }
            let count = available >= 16 ? 16 : 8
            var best = 0
            var bestDistance = Int.max
            for index in 0..<count {
                let (br, bg, bb) = (Int(Self.basics[index].0), Int(Self.basics[index].1), Int(Self.basics[index].2))
                let dr: Int = br - Int(r)
                let dg: Int = bg - Int(g)
                let db: Int = bb - Int(b)
                let distance: Int = dr * dr + dg * dg + db * db
                if distance < bestDistance {
                    best = index
                    bestDistance = distance
                }
            }
            return best
        }
    }

    static func rgb(_ triple: (UInt8, UInt8, UInt8)) -> ThemeColor { .rgb(triple.0, triple.1, triple.2) }

    /// The xterm RGB values of the 16 basic colours.
    static let basics: [(UInt8, UInt8, UInt8)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205),
        (229, 229, 229), (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255),
        (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The RGB value of an xterm 256-colour index.
    static func rgbOfIndex(_ n: Int) -> (UInt8, UInt8, UInt8) {
        if n < 16 { return basics[max(0, n)] }
        if n < 232 {
            let levels: [UInt8] = [0, 95, 135, 175, 215, 255]
            let v = n - 16
            return (levels[v / 36], levels[v / 6 % 6], levels[v % 6])
        }
        let gray = UInt8(8 + 10 * (n - 232))
        return (gray, gray, gray)
    }
}

/// How one role looks: colours (nil = the terminal's default) and attributes.
public struct RoleStyle: Sendable, Equatable {
    public var foreground: ThemeColor?
    public var background: ThemeColor?
    public var bold = false
    public var dim = false
    public var reverse = false
    public var underline = false
    public var blink = false

    public init(
        _ foreground: ThemeColor? = nil, _ background: ThemeColor? = nil, bold: Bool = false, dim: Bool = false,
        reverse: Bool = false, underline: Bool = false, blink: Bool = false
    ) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
        self.blink = blink
    }
}

/// Maps the renderer's semantic roles to colours and attributes.
public struct Theme: Sendable, Equatable {
    public var name: String
    public var styles: [Role: RoleStyle]

    public init(name: String, styles: [Role: RoleStyle]) {
        self.name = name
        self.styles = styles
    }

    public func style(_ role: Role) -> RoleStyle { styles[role] ?? RoleStyle() }
}
