/// One HTTP request to an API (Prometheus', Alertmanager's), relative to the configured base URL: a GET, or
/// the few writes an acknowledgement needs (a POST with a JSON body, a DELETE).
public struct HTTPRequest: Sendable, Equatable, Hashable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        case delete = "DELETE"
    }

    /// The path below the base URL, e.g. `/api/v1/query`.
    public var path: String
    /// Query parameters in order; the transport percent-encodes them.
    public var parameters: [QueryParameter]
    public var method: Method
    /// A JSON body (for a POST).
    public var body: [UInt8]?

    public init(path: String, parameters: [QueryParameter] = [], method: Method = .get, body: [UInt8]? = nil) {
        self.path = path
        self.parameters = parameters
        self.method = method
        self.body = body
    }
}

/// A name and value of a URL query.
public struct QueryParameter: Sendable, Equatable, Hashable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP answer: status, the headers the board uses, and the body.
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    /// Seconds from a `Retry-After` header, if the server sent one.
    public var retryAfter: Double?

    public init(status: Int, body: [UInt8], retryAfter: Double? = nil) {
        self.status = status
        self.body = body
        self.retryAfter = retryAfter
    }
}

/// What the core needs from the network: run a batch of requests concurrently and answer each one.
/// The curl adapter implements it; tests use recorded answers.
public protocol HTTPTransport: Sendable {
    /// Performs all requests at once; the answers come back in the order of `requests`.
    func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>]

    /// Ends every request under way (each is answered with an error) and refuses new ones; returns when nothing
    /// of the transport runs any more. Called before the process exits, so that no transfer is still inside
    /// libcurl or OpenSSL while `exit` runs their clean-up.
    func close()
}

extension HTTPTransport {
    public func close() {}
}

/// Percent-encoding of a URL query, per RFC 3986 (unreserved characters stay as they are).
public enum URLQuery {
    public static func encode(_ parameters: [QueryParameter]) -> String {
        parameters.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// Percent-encodes everything but the unreserved characters (RFC 3986), byte by byte.
    public static func escape(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count * 3)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.append(byte)
            default:
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)
}
