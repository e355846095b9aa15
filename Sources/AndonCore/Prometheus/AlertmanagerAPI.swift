/// An alert as Alertmanager holds it (`/api/v2/alerts`): firing only (Alertmanager never sees pending alerts),
/// with whether it notifies (`active`), or is silenced or inhibited, and by what.
public struct ManagedAlert: Sendable, Equatable {
    public var labels: Labels
    public var annotations: Labels
    public var fingerprint: String
    /// Seconds since the epoch.
    public var startsAt: Double?
    /// `active`, `suppressed` or `unprocessed`.
    public var state: String
    /// The ids of the silences that hold it.
    public var silencedBy: [String]
    /// The fingerprints of the alerts that inhibit it.
    public var inhibitedBy: [String]

    public init(
        labels: Labels, annotations: Labels = [:], fingerprint: String, startsAt: Double? = nil,
        state: String = "active", silencedBy: [String] = [], inhibitedBy: [String] = []
    ) {
        self.labels = labels
        self.annotations = annotations
        self.fingerprint = fingerprint
        self.startsAt = startsAt
        self.state = state
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
    }
}

/// A silence to be made: what `andon ack` and the board's ack key send to Alertmanager.
public struct SilenceDraft: Sendable, Equatable {
    public var matchers: [Silence.Matcher]
    public var startsAt: Double
    public var endsAt: Double
    public var createdBy: String
    public var comment: String

    public init(matchers: [Silence.Matcher], startsAt: Double, endsAt: Double, createdBy: String, comment: String) {
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// The silence of an acknowledgement: an exact matcher for each label of its alert (so it covers that alert
    /// and no other), its comment marked as an ack (`Silence.ackMarker`).
    public init(_ ack: Acknowledgement) {
        self.init(
            matchers: ack.matchers, startsAt: ack.from, endsAt: ack.until, createdBy: ack.by,
            comment: Silence.ackMarker + " " + (ack.note.isEmpty ? "acknowledged with andon" : ack.note))
    }

    /// The body of `POST /api/v2/silences`.
    public var json: JSONValue {
        .object([
            (
                "matchers",
                .array(
                    matchers.map {
                        .object([
                            ("name", .string($0.name)), ("value", .string($0.value)), ("isRegex", .bool($0.isRegex)),
                            ("isEqual", .bool($0.isEqual)),
                        ])
                    })
            ),
            ("startsAt", .string(RFC3339.format(startsAt))), ("endsAt", .string(RFC3339.format(endsAt))),
            ("createdBy", .string(createdBy)), ("comment", .string(comment)),
        ])
    }
}

/// Alertmanager's API v2: the requests `AlertmanagerSource` sends, and the decoders of its answers. Every failure
/// is a `PrometheusError.source` named Alertmanager that says why in words (Alertmanager's own text for a refused
/// write).
public enum AlertmanagerAPI {
    /// What a problem of Alertmanager is called.
    public static let name = "Alertmanager"

    public static let alerts = HTTPRequest(path: "/api/v2/alerts")
    public static let silences = HTTPRequest(path: "/api/v2/silences")
    /// The calls' alerts, active ones only (a closed call has ended).
    public static let calls = HTTPRequest(
        path: "/api/v2/alerts",
        parameters: [
            QueryParameter("filter", "alertname=\"\(Call.alertName)\""), QueryParameter("silenced", "true"),
            QueryParameter("inhibited", "true"), QueryParameter("active", "true"),
        ])

    /// Posts calls as alerts (`POST /api/v2/alerts`): each with its labels and annotations, from when it was
    /// raised to `until`, or to when it was closed.
    public static func post(_ calls: [Call], until: Double) -> HTTPRequest {
        let items: [JSONValue] = calls.map { call in
            .object([
                ("labels", .object(call.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
                (
                    "annotations",
                    .object(call.annotations.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
                ),
                ("startsAt", .string(RFC3339.format(call.raisedAt))),
                ("endsAt", .string(RFC3339.format(call.closedAt ?? until))),
            ])
        }
        return HTTPRequest(
            path: "/api/v2/alerts", method: .post, body: Array(JSONValue.array(items).serialized().utf8))
    }

    public static func create(_ draft: SilenceDraft) -> HTTPRequest {
        HTTPRequest(path: "/api/v2/silences", method: .post, body: Array(draft.json.serialized().utf8))
    }

    /// Ends a silence. The id is percent-encoded: whatever it holds, it stays one path segment.
    public static func expire(_ id: String) -> HTTPRequest {
        HTTPRequest(path: "/api/v2/silence/" + URLQuery.escape(id), method: .delete)
    }

    /// An answer of Alertmanager, whose failure to answer at all says it was Alertmanager.
    public static func answer(_ answer: Result<HTTPResponse, PrometheusError>) -> Result<HTTPResponse, PrometheusError>
    {
        answer.mapError { error in
            if case .transport(let failure) = error { return .alertmanager(failure.description) }
            return error
        }
    }

    /// `/api/v2/alerts`.
    public static func decodeAlerts(_ response: HTTPResponse) throws(PrometheusError) -> [ManagedAlert] {
        guard let items = try success(response).arrayValue else { throw .alertmanager("alerts that are not a list") }
        return items.filter(\.isObject).map { item in
            ManagedAlert(
                labels: strings(item["labels"]), annotations: strings(item["annotations"]),
                fingerprint: item["fingerprint"]?.stringValue ?? "",
                startsAt: item["startsAt"]?.stringValue.flatMap(RFC3339.parse),
                state: item["status"]?["state"]?.stringValue ?? "active",
                silencedBy: (item["status"]?["silencedBy"]?.arrayValue ?? []).compactMap(\.stringValue),
                inhibitedBy: (item["status"]?["inhibitedBy"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
    }

    /// `/api/v2/status`: who it is and since when.
    public static let status = HTTPRequest(path: "/api/v2/status")

    /// When Alertmanager started (`uptime` of its status; it keeps alerts in memory only, so a call written
    /// before then is gone).
    public static func decodeStarted(_ response: HTTPResponse) throws(PrometheusError) -> Double {
        guard let started = try success(response)["uptime"]?.stringValue.flatMap(RFC3339.parse) else {
            throw .alertmanager("no uptime in its status")
        }
        return started
    }

    /// `/api/v2/silences`: every silence Alertmanager keeps (expired ones too, for a while).
    public static func decodeSilences(_ response: HTTPResponse) throws(PrometheusError) -> [Silence] {
        guard let items = try success(response).arrayValue else { throw .alertmanager("silences that are not a list") }
        return items.filter(\.isObject).compactMap { item in
            guard let id = item["id"]?.stringValue,
                let startsAt = item["startsAt"]?.stringValue.flatMap(RFC3339.parse),
                let endsAt = item["endsAt"]?.stringValue.flatMap(RFC3339.parse)
            else { return nil }
            let matchers = (item["matchers"]?.arrayValue ?? []).compactMap { matcher -> Silence.Matcher? in
                guard let name = matcher["name"]?.stringValue, let value = matcher["value"]?.stringValue else {
                    return nil
                }
                return Silence.Matcher(
                    name: name, value: value, isRegex: matcher["isRegex"] == .bool(true),
                    isEqual: matcher["isEqual"] != .bool(false))
            }
            return Silence(
                id: TextSanitizer.inert(id, limit: 64), matchers: matchers,
                createdBy: TextSanitizer.inert(item["createdBy"]?.stringValue ?? "", limit: 80),
                comment: TextSanitizer.inert(item["comment"]?.stringValue ?? "", limit: 200), startsAt: startsAt,
                endsAt: endsAt, state: Silence.State(rawValue: item["status"]?["state"]?.stringValue ?? "") ?? .expired)
        }
    }

    /// The answer to `create`: the new silence's id.
    public static func decodeCreated(_ response: HTTPResponse) throws(PrometheusError) -> String {
        guard let id = try success(response)["silenceID"]?.stringValue else {
            throw .alertmanager("no silenceID in the answer")
        }
        return TextSanitizer.inert(id, limit: 64)
    }

    /// The answer to `expire`.
    public static func decodeExpired(_ response: HTTPResponse) throws(PrometheusError) {
        _ = try success(response, emptyAllowed: true)
    }

    /// The JSON of a 2xx answer; any other status becomes an error with Alertmanager's own text (it answers a
    /// refused write with a JSON string, or plain text).
    static func success(_ response: HTTPResponse, emptyAllowed: Bool = false) throws(PrometheusError) -> JSONValue {
        let tree = JSONValue.parse(response.body)
        guard (200..<300).contains(response.status) else {
            let text = tree?.stringValue ?? tree?["message"]?.stringValue ?? ResponseDecoder.snippet(response.body)
            let hint = PrometheusError.hint(forStatus: response.status)
            throw .alertmanager(
                "HTTP \(response.status)" + (hint.isEmpty ? "" : " \(hint)")
                    + (text.isEmpty ? "" : ": " + TextSanitizer.inert(text, limit: 200)))
        }
        if let tree { return tree }
        if emptyAllowed && response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D }) { return .null }
        throw .alertmanager("not an Alertmanager API answer: \(ResponseDecoder.snippet(response.body))")
    }

    static func strings(_ value: JSONValue?) -> Labels {
        guard case .object(let members) = value else { return [:] }
        var out: Labels = [:]
        for (key, value) in members {
            // As they are: a silence's matchers are made of them, and must match exactly (the screen makes them
            // inert when it draws them).
            if let text = value.stringValue { out[key] = text }
        }
        return out
    }
}

extension PrometheusError {
    /// Alertmanager gave no usable answer: the whole reason.
    public static func alertmanager(_ reason: String) -> PrometheusError { .source(AlertmanagerAPI.name, reason) }
}
