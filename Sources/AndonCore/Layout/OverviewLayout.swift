/// How the overview's tiles (six, or fewer when a profile leaves principles out) are arranged for a terminal size.
public enum OverviewLayout {
    public enum Mode: Equatable, Sendable {
        /// Tiles in `columns`, as many rows as they need.
        case tiles(columns: Int)
        /// One line per principle.
        case list
        /// Two lines of short labels, for tiny terminals.
        case compact
    }

    /// The smallest tile that still shows value, status and culprit.
    static let minimumTileHeight = 5
    /// A tile with room for everything: value and status, reason or culprit, status clock, trend.
    static let naturalTileHeight = 6

    /// Tile columns: 3 when wide, 2 when medium, 1 when narrow; never more than there are tiles.
    public static func columns(for size: Size, tiles: Int = 6) -> Int {
        max(1, min(tiles, size.width >= 120 ? 3 : size.width >= 80 ? 2 : 1))
    }

    /// The rows `tiles` tiles take in `columns`.
    public static func rows(tiles: Int, columns: Int) -> Int { max(1, (tiles + columns - 1) / max(1, columns)) }

    public static func mode(for size: Size, tileArea: Int, tiles: Int = 6) -> Mode {
        let columns = columns(for: size, tiles: tiles)
        if tileArea >= rows(tiles: tiles, columns: columns) * minimumTileHeight { return .tiles(columns: columns) }
        let wide = min(3, max(1, tiles))
        if size.width >= 80, tileArea >= rows(tiles: tiles, columns: wide) * minimumTileHeight {
            return .tiles(columns: wide)
        }
        if tileArea >= tiles { return .list }
        return .compact
    }
}
