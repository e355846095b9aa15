/// What a cell means, never what colour it is: themes map roles to colours and attributes.
public enum Role: String, Sendable, CaseIterable, Hashable {
    case background
    case text
    case dim
    case border
    case title
    case header
    case value
    case ok
    case warn
    case crit
    case unknown
    case stale
    case selected
    case alertFiring = "alert-firing"
    case alertPending = "alert-pending"
    case highlight
    case banner
    case threshold
    /// A red tile in kiosk mode, inverted (or flashing) so that it is seen across a room.
    case alarm
    /// A red that cleared before anyone acknowledged it: never red, never plain green, until acknowledged.
    case latched

    /// The role that shows a status.
    public static func status(_ status: Status) -> Role {
        switch status {
        case .green: .ok
        case .yellow: .warn
        case .red: .crit
        case .unknown: .unknown
        }
    }

    /// One letter per role for golden files.
    public var code: Character {
        switch self {
        case .background: " "
        case .text: "t"
        case .dim: "d"
        case .border: "b"
        case .title: "T"
        case .header: "H"
        case .value: "v"
        case .ok: "G"
        case .warn: "Y"
        case .crit: "R"
        case .unknown: "U"
        case .stale: "S"
        case .selected: "s"
        case .alertFiring: "F"
        case .alertPending: "P"
        case .highlight: "h"
        case .banner: "B"
        case .threshold: "x"
        case .alarm: "A"
        case .latched: "L"
        }
    }
}
