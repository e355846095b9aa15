import AndonCore

extension BoardState {
    /// Opens `pane` as a person does, by its key: tests change the board's state through events only. The
    /// overview comes back with its first tile selected.
    public mutating func press(toShow pane: Pane) {
        if self.pane == .help { _ = update(.key(.character("?"))) }
        switch pane {
        case .overview:
            _ = update(.key(.character("0")))
            _ = update(.key(.home))
        case .principle(let id):
            _ = update(.key(.character(Character(String(PrincipleID.allCases.firstIndex(of: id)! + 1)))))
        case .alerts: _ = update(.key(.character("a")))
        case .help: _ = update(.key(.character("?")))
        case .variables: _ = update(.key(.character("v")))
        }
    }
}
