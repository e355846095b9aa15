/// The tiles' culprit lines ("orders: 1,204 items"): the member driving each headline, from the answer of the
/// profile's `culpritsQuery` (alone, or inside the joined overview query), written as the profile's `line` says.
public enum Culprits {
    /// The culprit line of each principle from the answer of `profile.culpritsQuery` (none where it has no
    /// series).
    public static func lines(_ answer: Result<HTTPResponse, PrometheusError>, profile: Profile = .standard)
        -> [PrincipleID: String]
    {
        guard
            case .success(let response) = answer.decoded({ (response) throws(PrometheusError) in
                try ResponseDecoder.query(response, keepingLabels: labels(profile))
            }),
            case .vector(let samples) = response.result
        else { return [:] }
        return lines(samples, profile: profile)
    }

    /// The labels a culprit answer is read for: the members' names and the principle marks.
    static func labels(_ profile: Profile) -> Set<String> {
        Set(profile.principles.compactMap { $0.culprit?.label }).union([Profile.culpritPrinciple])
    }

    /// The culprit lines from the series marked with `Profile.culpritPrinciple` (other series are ignored).
    static func lines(_ samples: [Sample], profile: Profile) -> [PrincipleID: String] {
        var culprits: [PrincipleID: String] = [:]
        for principle in profile.principles {
            guard let culprit = principle.culprit else { continue }
            let own = samples.filter { $0.labels[Profile.culpritPrinciple] == principle.id.rawValue }
            guard !own.isEmpty else { continue }
            culprits[principle.id] = line(culprit, own)
        }
        return culprits
    }

    /// `culprit.line` filled in: `{names}` the members sorted (at most `culprit.names`, "and more" beyond),
    /// `{name}` and `{value}` the first series'. Filled in one pass: a label that itself reads `{value}` stays so.
    static func line(_ culprit: Culprit, _ samples: [Sample]) -> String {
        let names = samples.map { $0.labels[culprit.label] ?? "?" }
        let named = names.sorted().prefix(culprit.names)
        let all = named.joined(separator: ", ") + (names.count > named.count ? " and more" : "")
        return Literal.fill(
            culprit.line,
            ["names": all, "name": names[0], "value": NumberText.value(samples[0].value, unit: culprit.unit)])
    }
}
