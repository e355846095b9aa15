import Foundation

/// Turns HTTP answers of the Prometheus API into values, or into a `PrometheusError` that says what was wrong.
///
/// The bodies are read by `JSONReader` in one pass: the envelope into a small tree, a query's `result` straight
/// into samples and series (no tree of 10,000 objects on the way). A body that is not well-formed JSON is "not
/// JSON" as a whole, whatever its first part looked like.
public enum ResponseDecoder {
    /// The top-level object of an answer, with `data` read by the caller's reader.
    struct Envelope<Data> {
        var isObject = false
        var status: JSONValue?
        var errorType: JSONValue?
        var error: JSONValue?
        var warnings: JSONValue?
        var data: Data?
    }

    /// Reads the whole body; `data` reads the value of the `data` member.
    static func read<Data>(
        _ response: HTTPResponse, data readData: (inout JSONReader) throws(JSONSyntaxError) -> Data
    ) throws(PrometheusError) -> Envelope<Data> {
        let read = response.body.withUnsafeBufferPointer { buffer -> Result<Envelope<Data>, JSONSyntaxError> in
            var reader = JSONReader(buffer)
            var envelope = Envelope<Data>()
            do throws(JSONSyntaxError) {
                if reader.peek() == UInt8(ascii: "{") {
                    envelope.isObject = true
                    try reader.readObject { (reader, key) throws(JSONSyntaxError) in
                        switch key {
                        case "status": envelope.status = try reader.readValue(depth: 1)
                        case "errorType": envelope.errorType = try reader.readValue(depth: 1)
                        case "error": envelope.error = try reader.readValue(depth: 1)
                        case "warnings": envelope.warnings = try reader.readValue(depth: 1)
                        case "data": envelope.data = try readData(&reader)
                        default: try reader.skipValue(depth: 1)
                        }
                    }
                } else {
                    try reader.skipValue()
                }
                try reader.expectEnd()
            } catch {
                return .failure(error)
            }
            return .success(envelope)
        }
        guard case .success(let envelope) = read else { throw nonJSON(response) }
        return envelope
    }

    /// The `data` and `warnings` of a success envelope; the error envelope and non-API bodies become errors.
    static func check<Data>(_ envelope: Envelope<Data>, _ response: HTTPResponse) throws(PrometheusError) -> (
        data: Data, warnings: [String]
    ) {
        guard envelope.isObject, let status = envelope.status?.stringValue else {
            if (200..<300).contains(response.status) {
                throw .malformed("JSON without a \"status\" field")
            }
            throw .http(status: response.status, detail: snippet(response.body))
        }
        if status == "error" {
            let errorType = envelope.errorType?.stringValue ?? "error"
            let message = envelope.error?.stringValue ?? "(no message)"
            throw .api(errorType: TextSanitizer.inert(errorType), message: TextSanitizer.inert(message))
        }
        guard status == "success" else { throw .malformed("status \"\(TextSanitizer.inert(status))\"") }
        guard (200..<300).contains(response.status) else {
            throw .http(status: response.status, detail: "")
        }
        let warnings = (envelope.warnings?.arrayValue ?? []).map {
            TextSanitizer.inert($0.stringValue ?? $0.serialized())
        }
        guard let data = envelope.data else { throw .malformed("no \"data\" field") }
        return (data, warnings)
    }

    /// An answer whose `data` is an object of which only the members named in `keeping` are read as a tree
    /// (alerts, rules, build information); the rest is checked and passed over.
    static func envelope(_ response: HTTPResponse, keeping: Set<String>) throws(PrometheusError) -> (
        data: JSONValue, warnings: [String]
    ) {
        let envelope = try read(response) { (reader) throws(JSONSyntaxError) -> JSONValue in
            guard reader.peek() == UInt8(ascii: "{") else { return try reader.readValue(depth: 1) }
            var members: [(String, JSONValue)] = []
            try reader.readObject { (reader, key) throws(JSONSyntaxError) in
                if keeping.contains(key) {
                    members.append((key, try reader.readValue(depth: 2)))
                } else {
                    try reader.skipValue(depth: 2)
                }
            }
            return .object(members)
        }
        return try check(envelope, response)
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
        try query(response, keepingLabels: nil)
    }

    /// An instant or range query answer, keeping only the labels named in `keepingLabels` (all when nil): a
    /// drill-down of 10,000 series that shows one label of each does not hold 10,000 full label sets.
    public static func query(_ response: HTTPResponse, keepingLabels keep: Set<String>?) throws(PrometheusError)
        -> QueryResponse
    {
        let envelope = try read(response) { (reader) throws(JSONSyntaxError) in
            try QueryData.read(&reader, keep: keep)
        }
        let (data, warnings) = try check(envelope, response)
        guard data.isObject, let type = data.resultType?.stringValue, let result = data.result else {
            throw .malformed("query data without resultType and result")
        }
        switch type {
        case "vector":
            let entries = try result.entries(of: "vector")
            var samples: [Sample] = []
            samples.reserveCapacity(entries.count)
            for entry in entries {
                let labels = try entry.labels.get()
                guard let pair = entry.value else {
                    // Native histograms carry "histogram" instead of "value"; the board reads classic ones only.
                    if entry.histogram { continue }
                    throw .malformed("vector element without value")
                }
                let point = try pair.get()
                samples.append(Sample(labels: labels, timestamp: point.timestamp, value: point.value))
            }
            return QueryResponse(result: .vector(samples), warnings: warnings)
        case "matrix":
            let entries = try result.entries(of: "matrix")
            var series: [Series] = []
            series.reserveCapacity(entries.count)
            for entry in entries {
                series.append(Series(labels: try entry.labels.get(), points: try entry.values?.get() ?? []))
            }
            return QueryResponse(result: .matrix(series), warnings: warnings)
        case "scalar":
            guard case .other(let value) = result else { throw .malformed("a sample is not a [time, \"value\"] pair") }
            return QueryResponse(result: .scalar(try point(value)), warnings: warnings)
        case "string":
            guard case .other(let value) = result, let pair = value.arrayValue, pair.count == 2,
                let time = pair[0].numberValue, let text = pair[1].stringValue
            else { throw .malformed("string result is not [time, \"text\"]") }
            return QueryResponse(result: .string(timestamp: time, value: text), warnings: warnings)
        default:
            throw .malformed("unknown resultType \"\(TextSanitizer.inert(type, limit: 40))\"")
        }
    }

    /// The `data` of a query answer as read: `result` straight into entries when it is a list of objects.
    struct QueryData {
        var isObject = false
        var resultType: JSONValue?
        var result: ResultData?

        static func read(_ reader: inout JSONReader, keep: Set<String>?) throws(JSONSyntaxError) -> QueryData {
            var data = QueryData()
            guard reader.peek() == UInt8(ascii: "{") else {
                try reader.skipValue(depth: 1)
                return data
            }
            data.isObject = true
            try reader.readObject { (reader, key) throws(JSONSyntaxError) in
                switch key {
                case "resultType": data.resultType = try reader.readValue(depth: 2)
                case "result": data.result = try ResultData.read(&reader, keep: keep)
                default: try reader.skipValue(depth: 2)
                }
            }
            return data
        }
    }

    /// A query's `result`: a list of series entries, or anything else as a tree (a scalar's pair, a mistake).
    enum ResultData {
        /// A list of series entries; `nonObject` when some element was not an object (a malformed result).
        case list([Entry], nonObject: Bool)
        case other(JSONValue)

        static func read(_ reader: inout JSONReader, keep: Set<String>?) throws(JSONSyntaxError) -> ResultData {
            let start = reader.index
            if reader.take(UInt8(ascii: "[")) {
                let first = reader.peek()
                reader.index = start
                if first == UInt8(ascii: "{") || first == UInt8(ascii: "]") {
                    var entries: [Entry] = []
                    var nonObject = false
                    try reader.readArray { (reader) throws(JSONSyntaxError) in
                        if reader.peek() == UInt8(ascii: "{") {
                            entries.append(try Entry.read(&reader, keep: keep))
                        } else {
                            try reader.skipValue(depth: 3)
                            nonObject = true
                        }
                    }
                    return .list(entries, nonObject: nonObject)
                }
            }
            return .other(try reader.readValue(depth: 2))
        }

        /// The entries of a vector or matrix result, or what is wrong with it.
        func entries(of type: String) throws(PrometheusError) -> [Entry] {
            switch self {
            case .other(let value):
                if value.arrayValue != nil { throw .malformed("\(type) element is not an object") }
                throw .malformed("\(type) result is not a list")
            case .list(let entries, let nonObject):
                if nonObject { throw .malformed("\(type) element is not an object") }
                return entries
            }
        }
    }

    /// One series of a result, each part decoded or the reason it could not be, so that the error reported is
    /// the one for the part the result type uses.
    struct Entry {
        var labels: Result<Labels, PrometheusError> = .success([:])
        var value: Result<Point, PrometheusError>?
        var values: Result<[Point], PrometheusError>?
        var histogram = false

        static func read(_ reader: inout JSONReader, keep: Set<String>?) throws(JSONSyntaxError) -> Entry {
            var entry = Entry()
            try reader.readObject { (reader, key) throws(JSONSyntaxError) in
                switch key {
                case "metric": entry.labels = try readLabels(&reader, keep: keep)
                case "value": entry.value = try readPoint(&reader)
                case "values":
                    guard reader.peek() == UInt8(ascii: "[") else {
                        try reader.skipValue(depth: 4)
                        entry.values = .success([])
                        return
                    }
                    var points: [Point] = []
                    var failure: PrometheusError?
                    try reader.readArray { (reader) throws(JSONSyntaxError) in
                        switch try readPoint(&reader) {
                        case .success(let point): points.append(point)
                        case .failure(let error): if failure == nil { failure = error }
                        }
                    }
                    entry.values = failure.map { .failure($0) } ?? .success(points)
                case "histogram", "histograms":
                    entry.histogram = true
                    try reader.skipValue(depth: 4)
                default: try reader.skipValue(depth: 4)
                }
            }
            return entry
        }
    }

    /// A label set, straight from the bytes.
    static func readLabels(_ reader: inout JSONReader, keep: Set<String>?) throws(JSONSyntaxError) -> Result<
        Labels, PrometheusError
    > {
        guard reader.peek() == UInt8(ascii: "{") else {
            try reader.skipValue(depth: 4)
            return .failure(.malformed("labels are not an object"))
        }
        var labels: Labels = [:]
        var failure: PrometheusError?
        try reader.readObject { (reader, key) throws(JSONSyntaxError) in
            if reader.peek() == UInt8(ascii: "\"") {
                if let keep, !keep.contains(key) {
                    try reader.skipString()
                } else {
                    labels[key] = try reader.readString()
                }
            } else {
                try reader.skipValue(depth: 5)
                if failure == nil { failure = .malformed("label \(key) is not a string") }
            }
        }
        return failure.map { .failure($0) } ?? .success(labels)
    }

    /// A `[time, "value"]` pair, straight from the bytes when it has that shape, else through the tree (for the
    /// same error messages whatever the shape).
    static func readPoint(_ reader: inout JSONReader) throws(JSONSyntaxError) -> Result<Point, PrometheusError> {
        let start = reader.index
        fast: do {
            guard reader.take(UInt8(ascii: "[")), let first = reader.peek(),
                first == UInt8(ascii: "-") || JSONReader.isDigit(first)
            else { break fast }
            guard let time = try? reader.readNumber(), reader.take(UInt8(ascii: ",")),
                reader.peek() == UInt8(ascii: "\""), let (raw, escaped) = try? reader.readRawString(), !escaped,
                reader.take(UInt8(ascii: "]"))
            else { break fast }
            guard let value = SampleValue.parse(raw) else {
                let text = String(decoding: raw, as: UTF8.self)
                return .failure(.malformed("sample value \"\(TextSanitizer.inert(text, limit: 40))\" is not a number"))
            }
            return .success(Point(timestamp: time, value: value))
        }
        reader.index = start
        let value = try reader.readValue(depth: 5)
        do throws(PrometheusError) {
            return .success(try point(value))
        } catch {
            return .failure(error)
        }
    }

    static func point(_ raw: JSONValue) throws(PrometheusError) -> Point {
        guard let pair = raw.arrayValue, pair.count == 2 else {
            throw .malformed("a sample is not a [time, \"value\"] pair")
        }
        guard let time = pair[0].numberValue else { throw .malformed("a sample time is not a number") }
        guard let text = pair[1].stringValue else { throw .malformed("a sample value is not a string") }
        guard let value = SampleValue.parse(text) else {
            throw .malformed("sample value \"\(TextSanitizer.inert(text, limit: 40))\" is not a number")
        }
        return Point(timestamp: time, value: value)
    }

    static func labelSet(_ raw: JSONValue?) throws(PrometheusError) -> Labels {
        guard let raw else { return [:] }
        guard case .object(let members) = raw else { throw .malformed("labels are not an object") }
        var labels: Labels = [:]
        for (key, value) in members {
            guard let text = value.stringValue else { throw .malformed("label \(key) is not a string") }
            labels[key] = text
        }
        return labels
    }

    /// `/api/v1/alerts`, straight from the bytes into alerts (a storm's answer of 45 MB is never a tree), the
    /// strings that repeat from alert to alert (label names, a rule's labels and description) held once.
    public static func alerts(_ response: HTTPResponse) throws(PrometheusError) -> [Alert] {
        let envelope = try read(response) { (reader) throws(JSONSyntaxError) -> AlertsData in
            try AlertsData.read(&reader)
        }
        let (data, _) = try check(envelope, response)
        guard let alerts = data.alerts else { throw .malformed("alerts data without an alerts list") }
        return try alerts.get()
    }

    /// The `data` of an alerts answer as read: its list of alerts, or the first thing wrong with it.
    struct AlertsData {
        var alerts: Result<[Alert], PrometheusError>?

        static func read(_ reader: inout JSONReader) throws(JSONSyntaxError) -> AlertsData {
            var data = AlertsData()
            guard reader.peek() == UInt8(ascii: "{") else {
                try reader.skipValue(depth: 1)
                return data
            }
            try reader.readObject { (reader, key) throws(JSONSyntaxError) in
                guard key == "alerts", reader.peek() == UInt8(ascii: "[") else { return try reader.skipValue(depth: 2) }
                var alerts: [Alert] = []
                var failure: PrometheusError?
                var strings = Set<String>()
                try reader.readArray { (reader) throws(JSONSyntaxError) in
                    guard reader.peek() == UInt8(ascii: "{"), failure == nil else {
                        if failure == nil { failure = .malformed("an alert is not an object") }
                        return try reader.skipValue(depth: 3)
                    }
                    switch try readAlert(&reader, strings: &strings) {
                    case .success(let alert): if let alert { alerts.append(alert) }
                    case .failure(let error): failure = error
                    }
                }
                data.alerts = failure.map { .failure($0) } ?? .success(alerts)
            }
            return data
        }

        /// One alert; nil when its state is neither firing nor pending ("inactive" alerts are not listed by this
        /// endpoint; anything else unknown is skipped, not guessed).
        static func readAlert(_ reader: inout JSONReader, strings: inout Set<String>) throws(JSONSyntaxError)
            -> Result<Alert?, PrometheusError>
        {
            var labels: Result<Labels, PrometheusError> = .success([:])
            var annotations: Result<Labels, PrometheusError> = .success([:])
            var state = ""
            var activeAt: Double?
            var value = ""
            try reader.readObject { (reader, key) throws(JSONSyntaxError) in
                switch key {
                case "labels": labels = try readStrings(&reader, strings: &strings)
                case "annotations": annotations = try readStrings(&reader, strings: &strings)
                case "state", "activeAt", "value":
                    guard reader.peek() == UInt8(ascii: "\"") else { return try reader.skipValue(depth: 4) }
                    let text = try reader.readString()
                    if key == "state" {
                        state = text
                    } else if key == "value" {
                        value = text
                    } else {
                        activeAt = RFC3339.parse(text)
                    }
                default: try reader.skipValue(depth: 4)
                }
            }
            do throws(PrometheusError) {
                guard let state = Alert.State(rawValue: state) else { return .success(nil) }
                let (labels, annotations) = (try labels.get(), try annotations.get())
                return .success(
                    Alert(labels: labels, annotations: annotations, state: state, activeAt: activeAt, value: value))
            } catch {
                return .failure(error)
            }
        }

        /// A label set or annotations, each string held once across the answer.
        static func readStrings(_ reader: inout JSONReader, strings: inout Set<String>) throws(JSONSyntaxError)
            -> Result<Labels, PrometheusError>
        {
            guard reader.peek() == UInt8(ascii: "{") else {
                try reader.skipValue(depth: 4)
                return .failure(.malformed("labels are not an object"))
            }
            var labels: Labels = [:]
            var failure: PrometheusError?
            try reader.readObject { (reader, key) throws(JSONSyntaxError) in
                guard reader.peek() == UInt8(ascii: "\"") else {
                    try reader.skipValue(depth: 5)
                    if failure == nil { failure = .malformed("label \(key) is not a string") }
                    return
                }
                labels[strings.insert(key).memberAfterInsert] =
                    strings.insert(try reader.readString()).memberAfterInsert
            }
            return failure.map { .failure($0) } ?? .success(labels)
        }
    }

    /// `/api/v1/label/…/values`: the values, as Prometheus sorts them.
    public static func labelValues(_ response: HTTPResponse) throws(PrometheusError) -> [String] {
        let (data, _) = try envelope(response, keeping: [])
        guard let items = data.arrayValue else { throw .malformed("label values that are not a list") }
        return items.compactMap(\.stringValue)
    }

    /// `/api/v1/rules`.
    public static func rules(_ response: HTTPResponse) throws(PrometheusError) -> [RuleGroup] {
        let (data, _) = try envelope(response, keeping: ["groups"])
        guard let groups = data["groups"]?.arrayValue else {
            throw .malformed("rules data without a groups list")
        }
        return try groups.map { (group: JSONValue) throws(PrometheusError) -> RuleGroup in
            guard case .object = group else { throw .malformed("a rule group is not an object") }
            let rules = (group["rules"]?.arrayValue ?? []).filter(\.isObject).map { rule in
                var decoded = Rule(
                    name: rule["name"]?.stringValue ?? "", type: rule["type"]?.stringValue ?? "",
                    query: rule["query"]?.stringValue ?? "", health: rule["health"]?.stringValue ?? "unknown",
                    lastError: rule["lastError"]?.stringValue ?? "")
                decoded.duration = rule["duration"]?.numberValue ?? 0
                decoded.labels = (try? labelSet(rule["labels"])) ?? [:]
                return decoded
            }
            return RuleGroup(
                name: group["name"]?.stringValue ?? "", file: group["file"]?.stringValue ?? "", rules: rules)
        }
    }

    /// `/api/v1/targets`: the active scrape targets.
    public static func targets(_ response: HTTPResponse) throws(PrometheusError) -> [ScrapeTarget] {
        let (data, _) = try envelope(response, keeping: ["activeTargets"])
        guard let items = data["activeTargets"]?.arrayValue else {
            throw .malformed("targets data without an activeTargets list")
        }
        return items.filter(\.isObject).map { target in
            let labels = (try? labelSet(target["labels"])) ?? [:]
            return ScrapeTarget(
                job: labels["job"] ?? target["scrapePool"]?.stringValue ?? "",
                instance: labels["instance"] ?? "",
                scrapeURL: TextSanitizer.inert(target["scrapeUrl"]?.stringValue ?? ""),
                health: target["health"]?.stringValue ?? "unknown",
                lastError: TextSanitizer.inert(target["lastError"]?.stringValue ?? "", limit: 200))
        }
    }

    /// `/api/v1/status/buildinfo`.
    /// `/api/v1/alertmanagers`: the base URLs of the Alertmanagers Prometheus sends its alerts to and reaches
    /// (`activeAlertmanagers`), in its order, each without the API path Prometheus posts to.
    public static func alertmanagers(_ response: HTTPResponse) throws(PrometheusError) -> [String] {
        let (data, _) = try envelope(response, keeping: ["activeAlertmanagers"])
        guard let active = data["activeAlertmanagers"]?.arrayValue else {
            throw .malformed("alertmanagers data without an activeAlertmanagers list")
        }
        return active.compactMap { $0["url"]?.stringValue }.map { url in
            for suffix in ["/api/v2/alerts", "/api/v1/alerts"] where url.hasSuffix(suffix) {
                return String(url.dropLast(suffix.count))
            }
            return url
        }
    }

    public static func buildInfo(_ response: HTTPResponse) throws(PrometheusError) -> BuildInfo {
        let (data, _) = try envelope(response, keeping: ["version", "revision"])
        guard let version = data["version"]?.stringValue else {
            throw .malformed("buildinfo without a version")
        }
        return BuildInfo(version: version, revision: data["revision"]?.stringValue ?? "")
    }
}
