/// A rendered grid as text for a pipe, a file or a terminal that is not ours to drive: plain, or with ANSI
/// colours from a theme (SGR sequences only, reset at the end of every line).
public enum TextOutput {
    /// How many colours the output may use: 0 (none, attributes neither), 8, 16, 256, or more (24-bit).
    public static func render(_ grid: Grid, theme: Theme, colors: Int) -> String {
        var out = ""
        for y in 0..<grid.size.height { out += row(grid, y, theme: theme, colors: colors) + "\n" }
        return out
    }

    /// One row of the grid, without its line feed.
    public static func row(_ grid: Grid, _ y: Int, theme: Theme, colors: Int) -> String {
        var line = ""
        var current: String?
        // Trailing blanks in the background role are left out.
        var end = grid.size.width
        while end > 0, grid[end - 1, y].character == " ", grid[end - 1, y].role == .background { end -= 1 }
        for x in 0..<end where !grid[x, y].continuation {
            let cell = grid[x, y]
            if colors > 0 {
                let sgr = Self.sgr(theme.style(cell.role), colors: colors)
                if sgr != current {
                    line += "\u{1B}[0" + sgr + "m"
                    current = sgr
                }
            }
            line.append(cell.character)
        }
        if current != nil { line += "\u{1B}[0m" }
        if colors == 0 {
            while line.hasSuffix(" ") { line.removeLast() }
        }
        return line
    }

    /// The SGR parameters after the reset (`;1;31`), empty for the default look.
    static func sgr(_ style: RoleStyle, colors: Int) -> String {
        var text = ""
        if style.bold { text += ";1" }
        if style.dim { text += ";2" }
        if style.underline { text += ";4" }
        if style.blink { text += ";5" }
        if style.reverse { text += ";7" }
        if let foreground = style.foreground { text += color(foreground, colors: colors, background: false) }
        if let background = style.background { text += color(background, colors: colors, background: true) }
        return text
    }

    static func color(_ color: ThemeColor, colors: Int, background: Bool) -> String {
        if colors > 256, case .rgb(let r, let g, let b) = color {
            return (background ? ";48;2;" : ";38;2;") + "\(r);\(g);\(b)"
        }
        let index = color.mapped(to: min(colors, 256))
        if index < 8 { return ";" + String((background ? 40 : 30) + index) }
        if index < 16 { return ";" + String((background ? 100 : 90) + index - 8) }
        return (background ? ";48;5;" : ";38;5;") + String(index)
    }
}
