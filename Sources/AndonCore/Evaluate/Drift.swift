/// Hansei: where the board and the alert rules Prometheus has loaded disagree, so that a threshold changed in one
/// place and not the other is caught the day it happens.
///
/// Two signs, from what the board already has: a principle red for longer than its alert rules' `for:` plus a
/// margin with no alert of that principle firing (the rules fire later than the board, or not at all), and a
/// critical alert of a rule on the principle's headline (`HeadlineRule`) firing while the board shows it green (the
/// rules fire earlier). A critical alert of a rule on another query is no sign: an idle queue with no free worker,
/// or a scrape target down, may fire while the headline is rightly green.
public struct Drift: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// Red for `redFor` seconds, past the rules' `for:` (`hold`) and the margin, with no alert firing.
        case silentRed(redFor: Double, hold: Double)
        /// The critical alert `alert` fires while the board shows the principle green.
        case alertWhileGreen(alert: String)
    }

    public var principle: PrincipleID
    public var kind: Kind

    public init(principle: PrincipleID, kind: Kind) {
        self.principle = principle
        self.kind = kind
    }

    /// Past the rules' `for:`, how long a red may go without its alert: Prometheus' evaluation and the board's
    /// refresh both lag (a rule evaluated every minute, a board asking every 15 s).
    public static let margin = 120.0

    /// What the drift is, in a line (the header's marker names only the principles; `doctor` says more).
    public var text: String {
        switch kind {
        case .silentRed(let redFor, let hold):
            "\(principle.title) red for \(DurationText.coarse(redFor)) and no alert firing (its rules fire after "
                + "\(DurationText.coarse(hold)))"
        case .alertWhileGreen(let alert):
            "\(principle.title) green while \(alert) (critical) fires"
        }
    }

    /// The drifts of a live board: `statuses` what each principle shows and since when, `alerts` routed to their
    /// principles, `rules` what each principle's loaded alerting rules are (a principle without rules has none, so
    /// a red of it is not a drift: `doctor` says it has no rules).
    public static func detect(
        statuses: [PrincipleID: (status: Status, since: Double)], alerts: [Alert], rules: [PrincipleID: RuleWatch],
        now: Double, margin: Double = margin
    ) -> [Drift] {
        var drifts: [Drift] = []
        for id in PrincipleID.allCases {
            guard let shown = statuses[id] else { continue }
            let mine = alerts.filter { $0.principle == id && $0.state == .firing }
            switch shown.status {
            case .red:
                let redFor = now - shown.since
                if let hold = rules[id]?.hold, redFor > hold + margin, mine.isEmpty {
                    drifts.append(Drift(principle: id, kind: .silentRed(redFor: redFor, hold: hold)))
                }
            case .green:
                let onHeadline = rules[id]?.onHeadline ?? []
                if let critical = mine.first(where: { $0.severityRank == 0 && onHeadline.contains($0.name) }) {
                    drifts.append(Drift(principle: id, kind: .alertWhileGreen(alert: critical.name)))
                }
            case .yellow, .unknown:
                break
            }
        }
        return drifts
    }
}

/// What a principle's loaded alerting rules tell `Drift`.
public struct RuleWatch: Sendable, Equatable {
    /// The longest `for:` of the principle's alerting rules.
    public var hold: Double
    /// The names of its alerting rules on the headline (`HeadlineRule`).
    public var onHeadline: Set<String>

    public init(hold: Double, onHeadline: Set<String> = []) {
        self.hold = hold
        self.onHeadline = onHeadline
    }
}
