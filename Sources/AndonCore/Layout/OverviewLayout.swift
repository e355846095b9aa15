/// How the six tiles are arranged for a terminal size.
public enum OverviewLayout {
    public enum Mode: Equatable, Sendable {
        /// Tiles in `columns` × (6 / columns).
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

    /// Tile columns: 3 when wide, 2 when medium, 1 when narrow.
    public static func columns(for size: Size) -> Int {
        size.width >= 120 ? 3 : size.width >= 80 ? 2 : 1
    }

    public static func mode(for size: Size, tileArea: Int) -> Mode {
        let columns = columns(for: size)
        if tileArea >= (6 / columns) * minimumTileHeight { return .tiles(columns: columns) }
        if size.width >= 80, tileArea >= 2 * minimumTileHeight { return .tiles(columns: 3) }
        if tileArea >= 6 { return .list }
        return .compact
    }
}
