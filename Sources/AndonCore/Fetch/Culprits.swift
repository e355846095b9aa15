/// The tiles' culprit lines ("orders: 1,204 items"): the member driving each headline, from the answer of
/// `Panel.culpritsQuery` (alone, or inside the joined overview query).
public enum Culprits {
    /// The culprit line of each principle from the answer of `Panel.culpritsQuery` (none where it has no series).
    public static func lines(_ answer: Result<HTTPResponse, PrometheusError>) -> [PrincipleID: String] {
        let keep = Set(PrincipleID.allCases.map { Panel.culpritQuery(for: $0).label }).union([Panel.culpritPrinciple])
        guard
            case .success(let response) = answer.decoded({ (response) throws(PrometheusError) in
                try ResponseDecoder.query(response, keepingLabels: keep)
            }),
            case .vector(let samples) = response.result
        else { return [:] }
        return lines(samples)
    }

    /// The culprit lines from the series marked with `Panel.culpritPrinciple` (other series are ignored).
    static func lines(_ samples: [Sample]) -> [PrincipleID: String] {
        var culprits: [PrincipleID: String] = [:]
        for id in PrincipleID.allCases {
            let own = samples.filter { $0.labels[Panel.culpritPrinciple] == id.rawValue }
            guard !own.isEmpty else { continue }
            let query = Panel.culpritQuery(for: id)
            culprits[id] = line(id, own, label: query.label, unit: query.unit)
        }
        return culprits
    }

    static func line(_ id: PrincipleID, _ samples: [Sample], label: String, unit: Unit) -> String {
        let names = samples.map { $0.labels[label] ?? "?" }
        switch id {
        case .jidoka:
            let named = names.sorted().prefix(Panel.jidokaCulpritNames)
            return "open: " + named.joined(separator: ", ") + (names.count > named.count ? " and more" : "")
        case .andon:
            return "\(names[0]): " + NumberText.value(samples[0].value, unit: unit) + " errors"
        default:
            return "\(names[0]): " + NumberText.value(samples[0].value, unit: unit)
        }
    }
}
