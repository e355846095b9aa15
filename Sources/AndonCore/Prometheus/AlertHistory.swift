/// The alerts of a past instant, for `--at`: `/api/v1/alerts` knows only the present, but Prometheus records
/// every pending and firing alert in the `ALERTS` series, and when it became active in `ALERTS_FOR_STATE`
/// (rules with `for:`). Annotations are not recorded, so past alerts have none.
public enum AlertHistory {
    public static let query = "ALERTS or ALERTS_FOR_STATE"

    public static func request(_ time: Double) -> HTTPRequest {
        PrometheusClient.instant(query, at: time)
    }

    public static func decode(_ response: HTTPResponse) throws(PrometheusError) -> [Alert] {
        let answer = try ResponseDecoder.query(response)
        guard case .vector(let samples) = answer.result else {
            throw PrometheusError.malformed("the ALERTS query returned a \(answer.result.typeName), not a vector")
        }
        return alerts(samples)
    }

    /// Pairs each `ALERTS` series with the `ALERTS_FOR_STATE` series of the same labels (its active-since time).
    public static func alerts(_ samples: [Sample]) -> [Alert] {
        var activeSince: [Labels: Double] = [:]
        for sample in samples where sample.labels["__name__"] == "ALERTS_FOR_STATE" {
            var labels = sample.labels
            labels["__name__"] = nil
            activeSince[labels] = sample.value
        }
        return samples.compactMap { sample -> Alert? in
            guard sample.labels["__name__"] == "ALERTS",
                let state = sample.labels["alertstate"].flatMap(Alert.State.init(rawValue:))
            else { return nil }
            var labels = sample.labels
            labels["__name__"] = nil
            labels["alertstate"] = nil
            return Alert(labels: labels, annotations: [:], state: state, activeAt: activeSince[labels])
        }
    }
}
