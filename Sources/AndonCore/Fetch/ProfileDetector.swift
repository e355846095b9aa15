/// Detection against a live Prometheus: when no profile was chosen, one request finds which of the catalogue's
/// metrics the plant exports, and the configuration reads the profiles composed from them (`ProfileDetection`);
/// when no Alertmanager is configured, the one Prometheus sends its alerts to is read, in the same round trip.
/// Run at start and on reload, never on a refresh; nothing of it is kept on disk.
public enum ProfileDetector {
    /// The metric names of the detection answer that are ones the catalogue looks for (an answer is read for
    /// nothing else: a name no profile named changes nothing).
    public static func present(_ samples: [Sample], catalogue: [ProfileEvidence]) -> Set<String> {
        let wanted = Set(catalogue.flatMap(\.metrics))
        return Set(samples.compactMap { $0.labels["__name__"] }.filter { wanted.contains($0) })
    }

    /// The first Alertmanager Prometheus sends to, read (alerts, silences, acknowledgements) as one configured
    /// with its URL alone: acknowledging from the board still needs `allow_ack` in a configuration. An answer that
    /// is not a plain http(s) URL is not used; Prometheus without Alertmanagers (or an older one) changes nothing.
    static func useAlertmanager(_ answer: Result<HTTPResponse, PrometheusError>, in config: inout Config) {
        guard let urls = try? answer.decoded(ResponseDecoder.alertmanagers).get() else { return }
        for url in urls {
            guard case .success(let clean) = URLCheck.validate(url) else { continue }
            var alertmanager = AlertmanagerConfig()
            alertmanager.endpoint.url = clean
            alertmanager.endpoint.timeout = config.prometheus.timeout
            alertmanager.endpoint.connectTimeout = config.prometheus.connectTimeout
            config.alertmanager = alertmanager
            if config.escalation == nil { config.escalation = EscalationConfig() }
            config.alertmanagerFound = true
            return
        }
    }

    /// `config` reading the detected profiles, unchanged when a profile was chosen. When Prometheus cannot answer,
    /// the configuration keeps the profile it would read without detection and `detection.problem` says why; when
    /// nothing the catalogue knows is exported, it keeps that profile too, and every principle is listed as not
    /// measured. `alertmanager`: whether to look for the Alertmanager too; `at`: the instant the board shows (a
    /// board of the past detects what was exported then).
    public static func detect(
        _ config: Config, client: PrometheusClient, catalogue: [ProfileEvidence] = Profile.detectable,
        load: (String) -> Profile? = Profile.builtin, alertmanager: Bool = true, at: Double? = nil
    ) async -> Config {
        let query = config.profileChosen ? nil : ProfileDetection.query(catalogue)
        let findAlertmanager = alertmanager && config.alertmanager == nil
        var requests: [HTTPRequest] = query.map { [PrometheusClient.instant($0, at: at)] } ?? []
        if findAlertmanager { requests.append(PrometheusClient.alertmanagers) }
        guard !requests.isEmpty else { return config }
        let answers = await client.send(requests)
        var config = config
        if findAlertmanager { useAlertmanager(answers[answers.count - 1], in: &config) }
        guard query != nil else { return config }
        let present: Set<String>
        switch answers[0].decoded(ResponseDecoder.query) {
        case .failure(let error):
            var unreachable = false
            if case .transport = error { unreachable = true }
            config.detection = Detection(problem: Detection.failurePrefix + error.description, unreachable: unreachable)
            return config
        case .success(let response):
            guard case .vector(let samples) = response.result else {
                config.detection = Detection(problem: Detection.failurePrefix + "the answer is not a vector")
                return config
            }
            present = Self.present(samples, catalogue: catalogue)
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

    /// The labels that could tell a plant's lines apart (`StarterConfig.candidateLabels`), each with its values on
    /// Prometheus; a label without values, or that could not be listed, is left out.
    public static func lineCandidates(client: PrometheusClient) async -> [StarterConfig.Candidate] {
        let labels = StarterConfig.candidateLabels
        let answers = await client.send(labels.map { PrometheusClient.labelValues($0, match: nil) })
        return zip(labels, answers).compactMap { label, answer in
            guard let values = try? answer.decoded(ResponseDecoder.labelValues).get(), !values.isEmpty else {
                return nil
            }
            return StarterConfig.Candidate(label: label, values: values)
        }
    }
}
