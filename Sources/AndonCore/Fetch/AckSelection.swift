/// What `andon ack` and `andon unack` are about: an alert's name, a principle (by the profile's matchers), and
/// label matchers, all of which must hold. At least one is needed: nobody acknowledges "everything" by accident.
public struct AckSelection: Sendable {
    public var name: String?
    public var principle: PrincipleID?
    public var matchers: [LabelMatcher]

    public init(name: String?, principle: PrincipleID?, matchers: [LabelMatcher]) {
        self.name = name
        self.principle = principle
        self.matchers = matchers
    }

    public var isEmpty: Bool { name == nil && principle == nil && matchers.isEmpty }

    /// Whether a (routed) alert is selected.
    public func selects(_ alert: Alert) -> Bool {
        (name == nil || alert.name == name) && (principle == nil || alert.principle == principle)
            && matchers.allSatisfy { $0.matches(alert.labels) }
    }

    /// Whether an acknowledgement is of a selected alert: its exact matchers are the alert's labels, routed as
    /// the board routes alerts.
    public func selects(_ silence: Silence, routing: AlertRouting) -> Bool {
        var labels: Labels = [:]
        for matcher in silence.matchers where matcher.isEqual && !matcher.isRegex {
            labels[matcher.name] = matcher.value
        }
        let alert = routing.route([Alert(labels: labels, annotations: [:], state: .firing, activeAt: nil)]).first
        guard let alert else { return false }
        return selects(alert)
    }

    /// In words, for messages: `KanbanQueueDeep, principle kanban, queue="orders"`.
    public var description: String {
        var parts: [String] = []
        if let name { parts.append(name) }
        if let principle { parts.append("principle \(principle.rawValue)") }
        parts += matchers.map(\.description)
        return parts.joined(separator: ", ")
    }
}

extension Silence {
    /// The alert an acknowledgement is of, in words: its name and its other labels, `KanbanQueueDeep{queue="orders"}`.
    public var subject: String {
        let exact = matchers.filter { $0.isEqual && !$0.isRegex }
        let name = exact.first { $0.name == "alertname" }?.value ?? "(any alert)"
        let rest = matchers.filter { $0.name != "alertname" }.map(\.text)
        return TextSanitizer.inert(name, limit: 80)
            + (rest.isEmpty ? "" : "{" + TextSanitizer.inert(rest.joined(separator: ", "), limit: 200) + "}")
    }
}
