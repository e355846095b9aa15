/// The trend window the tiles and trend panels show.
public enum TrendRange: String, Sendable, CaseIterable, Equatable {
    case hour1 = "1h"
    case hours6 = "6h"
    case hours24 = "24h"
    case days7 = "7d"

    public var seconds: Double {
        switch self {
        case .hour1: 3600
        case .hours6: 6 * 3600
        case .hours24: 24 * 3600
        case .days7: 7 * 24 * 3600
        }
    }

    public var next: TrendRange {
        let all = TrendRange.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}
