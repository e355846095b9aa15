/// Why a request to Prometheus produced no usable answer, in words a person can act on.
public enum PrometheusError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No HTTP answer at all: refused, timed out, DNS, TLS, ...
    case transport(TransportError)
    /// An HTTP error whose body is not the API's JSON (a proxy page, a plain-text 503, ...).
    case http(status: Int, detail: String)
    /// Prometheus' own error envelope (`errorType`, `error`), e.g. a bad query.
    case api(errorType: String, message: String)
    /// A 2xx answer whose body is not what the API promises.
    case malformed(String)
    /// An alert source (`AlertSource`, by its name) gave no usable answer (unreachable, refused a write, answered
    /// nonsense): the whole reason.
    case source(String, String)

    public var description: String {
        switch self {
        case .transport(let error):
            return error.description
        case .http(let status, let detail):
            let hint = PrometheusError.hint(forStatus: status)
            return "HTTP \(status)" + (hint.isEmpty ? "" : " \(hint)") + (detail.isEmpty ? "" : ": \(detail)")
        case .api(let errorType, let message):
            return "Prometheus \(errorType): \(message)"
        case .malformed(let detail):
            return "not a Prometheus API answer: \(detail)"
        case .source(let name, let reason):
            return "\(name): \(reason)"
        }
    }

    static func hint(forStatus status: Int) -> String {
        switch status {
        case 400: "bad request"
        case 401: "unauthorized (check basic auth or bearer token)"
        case 403: "forbidden (the credentials lack access)"
        case 404: "not found (is the URL the Prometheus root?)"
        case 405: "method not allowed"
        case 422: "query could not be executed"
        case 429: "too many requests"
        case 500: "internal server error"
        case 502: "bad gateway (proxy cannot reach Prometheus)"
        case 503: "unavailable (Prometheus starting or stopping?)"
        case 504: "gateway timeout"
        default: ""
        }
    }
}

/// A failure below HTTP: the request never got an answer.
public struct TransportError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case connectionRefused = "connection refused"
        case timeout = "timeout"
        case dns = "DNS"
        case tls = "TLS"
        case tooLarge = "answer too large"
        case redirect = "redirect"
        case other = "transport"
    }

    public var kind: Kind
    public var detail: String

    public init(_ kind: Kind, _ detail: String) {
        self.kind = kind
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? kind.rawValue : "\(kind.rawValue): \(detail)"
    }
}
