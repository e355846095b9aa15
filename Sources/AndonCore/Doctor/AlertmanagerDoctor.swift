/// `andon doctor`'s check of Alertmanager, when one is configured: does it answer (which version), how many
/// silences and acknowledgements are in force, and whether this configuration may acknowledge.
public enum AlertmanagerDoctor {
    public static func check(client: PrometheusClient, config: Config) async -> DoctorCheck? {
        guard let settings = config.alertmanager else { return nil }
        let url = settings.endpoint.url
        let answers = await client.send([HTTPRequest(path: "/api/v2/status"), AlertmanagerAPI.silences])
        let status = AlertmanagerAPI.answer(answers[0]).decoded { (response) throws(PrometheusError) -> String in
            _ = try AlertmanagerAPI.success(response)
            return JSONValue.parse(response.body)?["versionInfo"]?["version"]?.stringValue ?? "version unknown"
        }
        switch status {
        case .failure(let error):
            let fix =
                if case .source(_, let reason) = error, reason.contains("refused") || reason.contains("resolve") {
                    "start Alertmanager, or correct alertmanager.url (or --alertmanager); until then the board's"
                        + " alerts are unknown"
                } else {
                    "check alertmanager.url and its credentials; until then the board's alerts are unknown"
                }
            return DoctorCheck("alertmanager", ok: false, "\(url): \(error)", fix: fix)
        case .success(let version):
            let silences = (try? AlertmanagerAPI.answer(answers[1]).decoded(AlertmanagerAPI.decodeSilences).get()) ?? []
            let inForce = silences.filter { $0.state == .active }
            let acks = inForce.filter(\.isAck).count
            let writing =
                config.kiosk
                ? "a kiosk: never acknowledges" : settings.allowAck ? "acknowledging allowed" : "acknowledging off"
            return DoctorCheck(
                "alertmanager", ok: true,
                "\(url) answers: Alertmanager \(TextSanitizer.inert(version, limit: 30)), \(inForce.count) silences"
                    + " in force (\(acks) acknowledgements), \(writing)")
        }
    }
}
