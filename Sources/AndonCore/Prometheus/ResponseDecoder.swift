import Foundation

/// Turns HTTP answers of the Prometheus API into values, or into a `PrometheusError` that says what was wrong.
public enum ResponseDecoder {
    /// The `data` and `warnings` of a success envelope; the error envelope and non-API bodies become errors.
    static func envelope(_ response: HTTPResponse) throws(PrometheusError) -> (data: Any, warnings: [String]) {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
        } catch {
            throw nonJSON(response)
        }
        guard let root = object as? [String: Any], let status = root["status"] as? String else {
            if (200..<300).contains(response.status) {
                throw .malformed("JSON without a \"status\" field")
            }
            throw .http(status: response.status, detail: snippet(response.body))
        }
        if status == "error" {
            let errorType = root["errorType"] as? String ?? "error"
            let message = root["error"] as? String ?? "(no message)"
            throw .api(errorType: TextSanitizer.inert(errorType), message: TextSanitizer.inert(message))
        }
        guard status == "success" else { throw .malformed("status \"\(TextSanitizer.inert(status))\"") }
        guard (200..<300).contains(response.status) else {
            throw .http(status: response.status, detail: "")
        }
        let warnings = (root["warnings"] as? [Any] ?? []).map { TextSanitizer.inert("\($0)") }
        guard let data = root["data"] else { throw .malformed("no \"data\" field") }
        return (data, warnings)
    }

    static func nonJSON(_ response: HTTPResponse) -> PrometheusError {
        if (200..<300).contains(response.status) {
            return .malformed(response.body.isEmpty ? "empty body" : "body is not JSON: \(snippet(response.body))")
        }
        return .http(status: response.status, detail: snippet(response.body))
    }

    /// A short, inert excerpt of a body for an error message: an HTML page's title, or the first line of text.
    static func snippet(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(4096), as: UTF8.self)
        let lower = text.lowercased()
        if let open = lower.range(of: "<title>"), let close = lower.range(of: "</title>"),
            open.upperBound <= close.lowerBound
        {
            let title = text[open.upperBound..<close.lowerBound]
            return "HTML page \"" + TextSanitizer.inert(String(title), limit: 80) + "\""
        }
        if lower.hasPrefix("<") { return "HTML page" }
        let firstLine = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return TextSanitizer.inert(firstLine, limit: 120)
    }

    /// An instant or range query answer.
    public static func query(_ response: HTTPResponse) throws(PrometheusError) -> QueryResponse {
        let (data, warnings) = try envelope(response)
        guard let object = data as? [String: Any], let type = object["resultType"] as? String,
            let result = object["result"]
        else { throw .malformed("query data without resultType and result") }
        switch type {
        case "vector":
            guard let items = result as? [Any] else { throw .malformed("vector result is not a list") }
            var samples: [Sample] = []
            samples.reserveCapacity(items.count)
            for item in items {
                guard let entry = item as? [String: Any] else { throw .malformed("vector element is not an object") }
                let labels = try labelSet(entry["metric"])
                guard let pair = entry["value"] else {
                    // Native histograms carry "histogram" instead of "value"; the board reads classic ones only.
                    if entry["histogram"] != nil { continue }
                    throw .malformed("vector element without value")
                }
                let point = try self.point(pair)
                samples.append(Sample(labels: labels, timestamp: point.timestamp, value: point.value))
            }
            return QueryResponse(result: .vector(samples), warnings: warnings)
        case "matrix":
            guard let items = result as? [Any] else { throw .malformed("matrix result is not a list") }
            var series: [Series] = []
            series.reserveCapacity(items.count)
            for item in items {
                guard let entry = item as? [String: Any] else { throw .malformed("matrix element is not an object") }
                let labels = try labelSet(entry["metric"])
                let values = entry["values"] as? [Any] ?? []
                var points: [Point] = []
                points.reserveCapacity(values.count)
                for pair in values { points.append(try point(pair)) }
                series.append(Series(labels: labels, points: points))
            }
            return QueryResponse(result: .matrix(series), warnings: warnings)
        case "scalar":
            return QueryResponse(result: .scalar(try point(result)), warnings: warnings)
        case "string":
            guard let pair = result as? [Any], pair.count == 2, let time = number(pair[0]),
                let text = pair[1] as? String
            else { throw .malformed("string result is not [time, \"text\"]") }
            return QueryResponse(result: .string(timestamp: time, value: text), warnings: warnings)
        default:
            throw .malformed("unknown resultType \"\(TextSanitizer.inert(type, limit: 40))\"")
        }
    }

    static func point(_ raw: Any) throws(PrometheusError) -> Point {
        guard let pair = raw as? [Any], pair.count == 2 else {
            throw .malformed("a sample is not a [time, \"value\"] pair")
        }
        guard let time = number(pair[0]) else { throw .malformed("a sample time is not a number") }
        guard let text = pair[1] as? String else { throw .malformed("a sample value is not a string") }
        guard let value = SampleValue.parse(text) else {
            throw .malformed("sample value \"\(TextSanitizer.inert(text, limit: 40))\" is not a number")
        }
        return Point(timestamp: time, value: value)
    }

    static func number(_ raw: Any) -> Double? {
        if let number = raw as? NSNumber { return number.doubleValue }
        return nil
    }

    static func labelSet(_ raw: Any?) throws(PrometheusError) -> Labels {
        guard let raw else { return [:] }
        guard let dict = raw as? [String: Any] else { throw .malformed("labels are not an object") }
        var labels: Labels = [:]
        for (key, value) in dict {
            guard let text = value as? String else { throw .malformed("label \(key) is not a string") }
            labels[key] = text
        }
        return labels
    }

    /// `/api/v1/alerts`.
    public static func alerts(_ response: HTTPResponse) throws(PrometheusError) -> [Alert] {
        let (data, _) = try envelope(response)
        guard let object = data as? [String: Any], let items = object["alerts"] as? [Any] else {
            throw .malformed("alerts data without an alerts list")
        }
        var alerts: [Alert] = []
        for item in items {
            guard let entry = item as? [String: Any] else { throw .malformed("an alert is not an object") }
            let stateText = entry["state"] as? String ?? ""
            // "inactive" alerts are not listed by this endpoint; anything else unknown is skipped, not guessed.
            guard let state = Alert.State(rawValue: stateText) else { continue }
            alerts.append(
                Alert(
                    labels: try labelSet(entry["labels"]), annotations: try labelSet(entry["annotations"]),
                    state: state, activeAt: (entry["activeAt"] as? String).flatMap(RFC3339.parse),
                    value: entry["value"] as? String ?? ""))
        }
        return alerts
    }

    /// `/api/v1/rules`.
    public static func rules(_ response: HTTPResponse) throws(PrometheusError) -> [RuleGroup] {
        let (data, _) = try envelope(response)
        guard let object = data as? [String: Any], let groups = object["groups"] as? [Any] else {
            throw .malformed("rules data without a groups list")
        }
        return try groups.map { (raw: Any) throws(PrometheusError) -> RuleGroup in
            guard let group = raw as? [String: Any] else { throw .malformed("a rule group is not an object") }
            let rules = (group["rules"] as? [Any] ?? []).compactMap { $0 as? [String: Any] }.map { rule in
                Rule(
                    name: rule["name"] as? String ?? "", type: rule["type"] as? String ?? "",
                    query: rule["query"] as? String ?? "", health: rule["health"] as? String ?? "unknown",
                    lastError: rule["lastError"] as? String ?? "")
            }
            return RuleGroup(
                name: group["name"] as? String ?? "", file: group["file"] as? String ?? "", rules: rules)
        }
    }

    /// `/api/v1/status/buildinfo`.
    public static func buildInfo(_ response: HTTPResponse) throws(PrometheusError) -> BuildInfo {
        let (data, _) = try envelope(response)
        guard let object = data as? [String: Any], let version = object["version"] as? String else {
            throw .malformed("buildinfo without a version")
        }
        return BuildInfo(version: version, revision: object["revision"] as? String ?? "")
    }
}
