/// How the board rings the bell for newly firing alerts.
public enum BellPolicy: String, Sendable, CaseIterable {
    case critical
    case all
    case off
}
