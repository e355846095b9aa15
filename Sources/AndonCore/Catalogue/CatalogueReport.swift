/// `andon profiles`: every built-in profile, what it measures and what detection looks for; with a plant's
/// detection, which profiles fit and which principle each supplies.
public struct CatalogueReport: Sendable {
    public struct Entry: Sendable, Equatable {
        public var name: String
        public var description: String
        public var principles: [PrincipleID]
        /// What detection looks for (empty: chosen by name only).
        public var looksFor: [String]
    }

    public var entries: [Entry]
    /// Detection on a Prometheus, when one was asked.
    public var detection: Detection?
    public var prometheus: String?

    public init(profiles: [Profile], detection: Detection? = nil, prometheus: String? = nil) {
        entries = profiles.map { profile in
            let evidence = ProfileEvidence(profile)
            return Entry(
                name: profile.name, description: profile.description, principles: profile.principles.map(\.id),
                looksFor: Array(Set(evidence.metrics)).sorted())
        }
        self.detection = detection
        self.prometheus = prometheus
    }

    /// What a profile is on the plant: the principles it supplies, `fits` when another profile is preferred for
    /// all it measures, `-` when its metrics are not there, `by name` when detection never chooses it.
    public func here(_ entry: Entry) -> String? {
        guard let detection else { return nil }
        if entry.looksFor.isEmpty { return "by name" }
        let supplies = PrincipleID.allCases.filter { detection.suppliers[$0] == entry.name }
        if !supplies.isEmpty { return "supplies " + supplies.map(\.rawValue).joined(separator: ", ") }
        return detection.fitting.contains(entry.name) ? "fits" : "-"
    }

    public func text() -> String {
        let nameWidth = (entries.map { DisplayWidth.of($0.name) }.max() ?? 0) + 2
        let principleTexts = entries.map { $0.principles.map(\.rawValue).joined(separator: " ") }
        let principleWidth = (principleTexts.map { DisplayWidth.of($0) }.max() ?? 0) + 2
        func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(1, width - DisplayWidth.of(text)))
        }
        var lines = [
            pad("PROFILE", nameWidth) + (detection == nil ? "PRINCIPLES" : pad("PRINCIPLES", principleWidth) + "HERE")
        ]
        for (entry, principles) in zip(entries, principleTexts) {
            let line = pad(entry.name, nameWidth) + pad(principles, principleWidth) + (here(entry) ?? "")
            lines.append(String(line.reversed().drop(while: { $0 == " " }).reversed()))
        }
        if let detection, let prometheus {
            lines.append("")
            if let problem = detection.problem, detection.fitting.isEmpty {
                lines.append("\(prometheus): \(problem)")
            }
            for missing in detection.notMeasured {
                lines.append("\(missing.id.title): not measured here, \(missing.text)")
            }
        } else {
            lines.append("")
            lines.append("With --prometheus URL: which profiles fit that Prometheus and what each would supply.")
        }
        // Names and descriptions were made inert where the profiles were read.
        return lines.joined(separator: "\n") + "\n"
    }

    public func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            (
                "profiles",
                .array(
                    entries.map { entry in
                        var members: [(String, JSONValue)] = [
                            ("name", .string(entry.name)), ("description", .string(entry.description)),
                            ("principles", .array(entry.principles.map { .string($0.rawValue) })),
                            ("looks_for", .array(entry.looksFor.map { .string($0) })),
                        ]
                        if let detection {
                            members.append(("fits", .bool(detection.fitting.contains(entry.name))))
                            members.append(
                                (
                                    "supplies",
                                    .array(
                                        PrincipleID.allCases.filter { detection.suppliers[$0] == entry.name }.map {
                                            .string($0.rawValue)
                                        })
                                ))
                        }
                        return .object(members)
                    })
            )
        ]
        if let detection {
            if let prometheus { pairs.append(("prometheus", .string(prometheus))) }
            pairs += detection.jsonMembers
        }
        return .object(pairs)
    }
}
