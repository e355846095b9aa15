/// What a plant exports, read from Prometheus in one request, and the board composed from it: for each principle
/// the first profile of the catalogue that measures it, or, when none does, why it is not measured here.
///
/// A profile measures a principle when every metric of its evidence is present (`Profile.evidence`: the
/// profile's `detect:` and the principle's `needs:`), and the evidence names at least one. The catalogue's order is
/// the order of preference: the software a plant runs (its queues, its pools) before hosts, Prometheus' own
/// metrics and the base every Prometheus has. The metric contract (`tps`, the catalogue's first) is taken whole
/// as soon as it measures anything, as a board with no profile chosen always read it.
public struct Detection: Sendable, Equatable {
    /// The profile that supplies each measured principle.
    public var suppliers: [PrincipleID: String]
    /// Every profile that measures at least one principle, in catalogue order.
    public var fitting: [String]
    /// The principles no fitting profile measures, each with what would measure it.
    public var notMeasured: [NotMeasured]
    /// Why the plant could not be read (the detection request failed), in which case the board reads the profile
    /// it would have read without detection.
    public var problem: String?
    /// Whether the detection request failed (Prometheus refused, timed out or answered nonsense): a board tries
    /// again once its refreshes succeed.
    public var failed: Bool {
        problem?.hasPrefix(Self.failurePrefix) == true
    }

    /// How the problem of a failed detection request begins.
    public static let failurePrefix = "cannot detect the profiles: "

    /// Whether the request did not reach Prometheus or got no answer (refused, reset, a timeout): asking it the
    /// board's queries next would only wait as long again.
    public var unreachable: Bool

    /// Whether detection is still under way: a board shows itself at once, and reads the detected profiles as a
    /// reload when they are known.
    public var pending: Bool

    public init(
        suppliers: [PrincipleID: String] = [:], fitting: [String] = [], notMeasured: [NotMeasured] = [],
        problem: String? = nil, pending: Bool = false, unreachable: Bool = false
    ) {
        self.unreachable = unreachable
        self.suppliers = suppliers
        self.fitting = fitting
        self.notMeasured = notMeasured
        self.problem = problem
        self.pending = pending
    }

    /// What `check --json` and `profiles --json` say of it: the principles not measured here with why, and why
    /// the plant could not be read.
    public var jsonMembers: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            (
                "not_measured",
                .array(notMeasured.map { .object([("id", .string($0.id.rawValue)), ("reason", .string($0.text))]) })
            )
        ]
        if let problem { members.append(("detection_error", .string(problem))) }
        return members
    }

    /// The profiles that supply a principle, in catalogue order of their first principle on the board.
    public var profiles: [String] {
        var out: [String] = []
        for id in PrincipleID.allCases {
            if let name = suppliers[id], !out.contains(name) { out.append(name) }
        }
        return out
    }
}

/// A principle the plant's metrics cannot measure, and the profiles that would, with what they look for.
public struct NotMeasured: Sendable, Equatable {
    public var id: PrincipleID
    /// What was not found: `no queues found`.
    public var reason: String
    /// The profiles that would measure it and what they look for: `rabbitmq: rabbitmq_queue_messages_ready; ...`.
    public var lookedFor: String

    public init(id: PrincipleID, reason: String, lookedFor: String = "") {
        self.id = id
        self.reason = reason
        self.lookedFor = lookedFor
    }

    /// The reason with what would measure the principle: `no queues found (looked for rabbitmq: ...)`.
    public var text: String { reason + (lookedFor.isEmpty ? "" : " (looked for " + lookedFor + ")") }
}

/// What detection needs of a profile, read without the rest of it (a start that detects reads every profile's
/// evidence, and only the chosen profiles whole): its name, its `detect:` and the `needs:` of each principle it
/// describes.
public struct ProfileEvidence: Sendable, Equatable {
    public var name: String
    public var detect: [String]
    /// Every principle the profile describes, with its `needs:` (empty when it has none).
    public var needs: [PrincipleID: [String]]

    public init(name: String, detect: [String], needs: [PrincipleID: [String]]) {
        self.name = name
        self.detect = detect
        self.needs = needs
    }

    public init(_ profile: Profile) {
        self.init(
            name: profile.name, detect: profile.detect,
            needs: Dictionary(uniqueKeysWithValues: profile.principles.map { ($0.id, $0.needs) }))
    }

    /// The metrics principle `id` needs present to be measured by this profile; nil when it does not describe it.
    public func evidence(_ id: PrincipleID) -> [String]? {
        needs[id].map { detect + $0.filter { !detect.contains($0) } }
    }

    /// Every metric the profile's detection looks for.
    public var metrics: [String] {
        PrincipleID.allCases.flatMap { evidence($0) ?? [] }
    }
}

public enum ProfileDetection {
    /// The one request that finds which of the catalogue's metrics a plant has: the number of series of each, by
    /// name, for the names any profile looks for. Its answer holds at most one series per name the catalogue
    /// names, however many series or metrics Prometheus holds. Nil when no profile can be detected.
    public static func query(_ catalogue: [ProfileEvidence]) -> String? {
        let names = Set(catalogue.flatMap(\.metrics))
        guard !names.isEmpty else { return nil }
        // Metric names hold only letters, digits, `_` and `:` (checked where profiles are read): nothing in the
        // regular expression but the alternatives.
        return "count by (__name__) ({__name__=~\"" + names.sorted().joined(separator: "|") + "\"})"
    }

    /// Whether `profile` measures principle `id` on a plant with the metrics `present`.
    public static func measures(_ profile: ProfileEvidence, _ id: PrincipleID, present: Set<String>) -> Bool {
        guard let evidence = profile.evidence(id) else { return false }
        return !evidence.isEmpty && evidence.allSatisfy(present.contains)
    }

    /// Which profile reads each principle on a plant with the metrics `present`: the first profile (the metric
    /// contract) for all it describes when it measures anything; otherwise `choices[id]` when given, else the
    /// first profile that measures it. Nil when nothing is measured.
    public static func compose(
        _ catalogue: [ProfileEvidence], present: Set<String>, choices: [PrincipleID: String] = [:]
    ) -> Detection? {
        let fitting = catalogue.filter { profile in
            PrincipleID.allCases.contains { measures(profile, $0, present: present) }
        }
        guard !fitting.isEmpty else { return nil }
        if let standard = catalogue.first, fitting.first?.name == standard.name {
            var suppliers: [PrincipleID: String] = [:]
            for id in standard.needs.keys { suppliers[id] = standard.name }
            return Detection(suppliers: suppliers, fitting: fitting.map(\.name))
        }
        var suppliers: [PrincipleID: String] = [:]
        var notMeasured: [NotMeasured] = []
        for id in PrincipleID.allCases {
            if let chosen = choices[id] {
                suppliers[id] = chosen
            } else if let supplier = fitting.first(where: { measures($0, id, present: present) }) {
                suppliers[id] = supplier.name
            } else {
                notMeasured.append(self.notMeasured(id, catalogue: catalogue))
            }
        }
        return Detection(suppliers: suppliers, fitting: fitting.map(\.name), notMeasured: notMeasured)
    }

    /// The profile a detection composes: each measured principle as its supplier (`load`, by name) describes it,
    /// the suppliers' variables, every alert.
    public static func profile(_ detection: Detection, load: (String) -> Profile?) -> Profile? {
        var principles: [PrincipleProfile] = []
        var variables: [VariableDeclaration] = []
        var loaded: [String: Profile] = [:]
        for id in PrincipleID.allCases {
            guard let name = detection.suppliers[id] else { continue }
            if loaded[name] == nil { loaded[name] = load(name) }
            guard let supplier = loaded[name] else { return nil }
            // One profile for every principle it describes: that profile as it is (its name, its alert scope).
            if detection.profiles == [name], Set(supplier.principles.map(\.id)) == Set(detection.suppliers.keys) {
                return supplier
            }
            guard let principle = supplier.principle(id) else { continue }
            principles.append(principle)
            for declaration in supplier.variables where !variables.contains(where: { $0.name == declaration.name }) {
                variables.append(declaration)
            }
        }
        guard !principles.isEmpty else { return nil }
        let description =
            "detected: "
            + detection.profiles.map { name in
                name + " ("
                    + PrincipleID.allCases.filter { detection.suppliers[$0] == name }.map(\.rawValue)
                    .joined(separator: ", ") + ")"
            }.joined(separator: ", ")
        return Profile(
            name: detection.profiles.joined(separator: "+"), description: description, principles: principles,
            variables: variables)
    }

    /// Why a principle is not measured: what it looks for, and which profiles would measure it with which
    /// metrics.
    public static func notMeasured(_ id: PrincipleID, catalogue: [ProfileEvidence]) -> NotMeasured {
        let candidates = catalogue.dropFirst().compactMap { profile in
            profile.evidence(id).flatMap { $0.isEmpty ? nil : (profile.name, $0) }
        }
        let looks = candidates.prefix(4).map { "\($0.0): \($0.1.joined(separator: ", "))" }
        let more = candidates.count > 4 ? "; \(candidates.count - 4) more in andon profiles" : ""
        return NotMeasured(
            id: id, reason: "no \(what(id)) found", lookedFor: looks.isEmpty ? "" : looks.joined(separator: "; ") + more
        )
    }

    /// What a principle watches, as the line that says it is not measured names it.
    public static func what(_ id: PrincipleID) -> String {
        switch id {
        case .jidoka: "circuit breakers or stopped stations"
        case .kanban: "queues"
        case .andon: "error rates or alerts"
        case .kaizen: "SLOs"
        case .heijunka: "worker pools or utilization"
        case .tracing: "latencies"
        }
    }
}
