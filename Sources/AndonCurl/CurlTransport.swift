import AndonCore
import CCurl
import Foundation

/// The Prometheus transport over libcurl: one multi handle runs a batch of requests concurrently and keeps
/// connections alive between refreshes. All curl calls happen on one serial queue, never on the UI thread.
public final class CurlTransport: HTTPTransport, @unchecked Sendable {
    /// What the transport needs from the configuration.
    public struct Options: Sendable {
        public var baseURL: String
        public var connectTimeout: Double
        public var timeout: Double
        public var auth: AuthConfig
        public var tls: TLSConfig
        public var headers: [HTTPHeader]
        /// Where secrets named by environment variable are looked up.
        public var environment: [String: String]
        /// A body larger than this is cut off and reported, so a runaway answer cannot exhaust memory.
        public var maxBodyBytes: Int

        public init(
            config: PrometheusConfig, environment: [String: String] = ProcessInfo.processInfo.environment,
            maxBodyBytes: Int = 64 << 20
        ) {
            baseURL = config.url
            connectTimeout = config.connectTimeout
            timeout = config.timeout
            auth = config.auth
            tls = config.tls
            headers = config.headers
            self.environment = environment
            self.maxBodyBytes = maxBodyBytes
        }
    }

    public let options: Options
    private let queue = DispatchQueue(label: "andon.curl")
    // Touched only on `queue`.
    private let multi: UnsafeMutableRawPointer

    public init(options: Options) {
        CurlTransport.globalInit
        self.options = options
        multi = curl_multi_init()
        // Several queries of one refresh go over parallel connections to the same host.
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8)
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// `curl_global_init` once per process, before any transfer; Swift runs a static initialiser exactly once.
    public static let globalInit: Void = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    public func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
        await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: self.run(requests))
            }
        }
    }

    /// A blocking run of one batch, on `queue`.
    private func run(_ requests: [HTTPRequest]) -> [Result<HTTPResponse, TransportError>] {
        // Secrets are read now, so a rotated token file takes effect on the next refresh.
        let credentials: Credentials
        switch Credentials.read(options.auth, environment: options.environment) {
        case .success(let value): credentials = value
        case .failure(let error):
            return requests.map { _ in .failure(TransportError(.other, "credentials: \(error.message)")) }
        }
        let transfers = requests.map { Transfer(request: $0, options: options, credentials: credentials) }
        for transfer in transfers { curl_multi_add_handle(multi, transfer.easy) }
        var running: Int32 = 1
        while running > 0 {
            let code = curl_multi_perform(multi, &running)
            if code != CURLM_OK { break }
            if running > 0 { curl_multi_poll(multi, nil, 0, 200, nil) }
        }
        var pending: Int32 = 0
        while let message = curl_multi_info_read(multi, &pending) {
            guard message.pointee.msg == CURLMSG_DONE,
                let transfer = transfers.first(where: { $0.easy == message.pointee.easy_handle })
            else { continue }
            transfer.code = message.pointee.data.result
        }
        let results = transfers.map { $0.result() }
        for transfer in transfers { curl_multi_remove_handle(multi, transfer.easy) }
        return results
    }
}

/// Secrets as read for one batch. Never logged, never part of an error.
struct Credentials {
    var username: String?
    var password: String?
    var bearerToken: String?

    static func read(_ auth: AuthConfig, environment: [String: String]) -> Result<Credentials, SecretError> {
        var out = Credentials()
        out.username = auth.username
        if let source = auth.password {
            switch SecretReader.read(source, environment: environment) {
            case .success(let value): out.password = value
            case .failure(let error): return .failure(error)
            }
        }
        if let source = auth.bearerToken {
            switch SecretReader.read(source, environment: environment) {
            case .success(let value): out.bearerToken = value
            case .failure(let error): return .failure(error)
            }
        }
        return .success(out)
    }
}
