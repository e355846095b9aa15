/// Detection against a live Prometheus: when no profile was chosen, one request finds which of the catalogue's
/// metrics the plant exports, and the configuration reads the profiles composed from them (`ProfileDetection`).
/// Run at start and on reload, never on a refresh; nothing of it is kept on disk.
public enum ProfileDetector {
    /// `config` reading the detected profiles, unchanged when a profile was chosen. When Prometheus cannot answer,
    /// the configuration keeps the profile it would read without detection and `detection.problem` says why; when
    /// nothing the catalogue knows is exported, it keeps that profile too, and every principle is listed as not
    /// measured.
    public static func detect(
        _ config: Config, client: PrometheusClient, catalogue: [ProfileEvidence] = Profile.detectable,
        load: (String) -> Profile? = Profile.builtin
    ) async -> Config {
        guard !config.profileChosen, let query = ProfileDetection.query(catalogue) else { return config }
        var config = config
        let present: Set<String>
        switch await client.query(query) {
        case .failure(let error):
            config.detection = Detection(problem: "cannot detect the profiles: \(error.description)")
            return config
        case .success(let response):
            guard case .vector(let samples) = response.result else {
                config.detection = Detection(problem: "cannot detect the profiles: the answer is not a vector")
                return config
            }
            present = ProfileDetection.present(samples, catalogue: catalogue)
        }
        let choices = config.overrides.compactMapValues(\.profile)
        guard let detection = ProfileDetection.compose(catalogue, present: present, choices: choices),
            let profile = ProfileDetection.profile(detection, load: load)
        else {
            config.detection = Detection(
                notMeasured: PrincipleID.allCases.map { ProfileDetection.notMeasured($0, catalogue: catalogue) },
                problem: "none of the metrics the profiles look for is exported")
            return config
        }
        var composed = config
        composed.templates = nil
        composed.use(profile)
        for declaration in profile.variables where composed.variables[declaration.name] == nil {
            if let value = declaration.defaultValue { composed.variables[declaration.name] = .one(value) }
        }
        composed.detection = detection
        do {
            if composed.unresolved.isEmpty { try composed.expandVariables() }
        } catch {
            config.detection = Detection(problem: "cannot use the detected profiles: \(error.description)")
            return config
        }
        return composed
    }
}
