import AndonCore

/// A transport that answers from recorded responses, keyed by path and the `query` parameter.
public struct RecordedTransport: HTTPTransport {
    public var answers: [String: Result<HTTPResponse, TransportError>]
    public var fallback: Result<HTTPResponse, TransportError>

    public init(
        answers: [String: Result<HTTPResponse, TransportError>] = [:],
        fallback: Result<HTTPResponse, TransportError> = .failure(TransportError(.connectionRefused, "recorded"))
    ) {
        self.answers = answers
        self.fallback = fallback
    }

    /// The key of a request: its path, plus `?query` for queries.
    public static func key(_ request: HTTPRequest) -> String {
        if let query = request.parameters.first(where: { $0.name == "query" }) {
            return request.path + "?" + query.value
        }
        return request.path
    }

    public func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
        requests.map { answers[Self.key($0)] ?? fallback }
    }

    /// A 200 answer with a JSON body.
    public static func json(_ text: String, status: Int = 200) -> Result<HTTPResponse, TransportError> {
        .success(HTTPResponse(status: status, body: Array(text.utf8)))
    }
}
