import AndonCore
import CCurl
import Foundation

/// One easy handle and what it collects. Lives for one batch.
final class Transfer {
    let easy: UnsafeMutableRawPointer
    var body: [UInt8] = []
    var headerLines: [String] = []
    var code: CURLcode = CURLE_OK
    var truncated = false
    let maxBodyBytes: Int
    let timeout: Double
    /// The request's credentials and configured header values, taken out of any error text (`Redaction`).
    let secrets: [String]
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

    init(request: HTTPRequest, options: CurlTransport.Options, credentials: Credentials) {
        easy = curl_easy_init()
        maxBodyBytes = options.maxBodyBytes
        timeout = options.timeout
        var secrets = [credentials.bearerToken, credentials.password].compactMap { $0 }
        if let username = credentials.username {
            // What a server echoing the Authorization header would show of basic auth.
            secrets.append(Data((username + ":" + (credentials.password ?? "")).utf8).base64EncodedString())
        }
        secrets += options.headers.map(\.value).filter { $0.count >= 4 }
        self.secrets = secrets
        var url = options.baseURL + request.path
        if !request.parameters.isEmpty { url += "?" + URLQuery.encode(request.parameters) }
        ccurl_setopt_string(easy, CURLOPT_URL, url)
        ccurl_setopt_long(easy, CURLOPT_NOSIGNAL, 1)
        ccurl_setopt_long(easy, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000))
        ccurl_setopt_long(easy, CURLOPT_TIMEOUT_MS, Int(options.timeout * 1000))
        // Redirects are not followed: credentials must never travel to another host.
        ccurl_setopt_long(easy, CURLOPT_FOLLOWLOCATION, 0)
        ccurl_setopt_string(easy, CURLOPT_PROTOCOLS_STR, "http,https")
        ccurl_setopt_string(easy, CURLOPT_ACCEPT_ENCODING, "")
        ccurl_setopt_string(easy, CURLOPT_USERAGENT, "andon/\(AndonVersion.current)")
        ccurl_setopt_long(easy, CURLOPT_TCP_KEEPALIVE, 1)
        switch request.method {
        case .get: break
        case .post:
            // The body is copied by libcurl, so it need not outlive this initialiser.
            let body = request.body ?? []
            ccurl_setopt_long(easy, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBufferPointer { pointer in
                _ = ccurl_setopt_pointer(
                    easy, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: pointer.baseAddress))
            }
        case .delete:
            ccurl_setopt_string(easy, CURLOPT_CUSTOMREQUEST, "DELETE")
        }
        errorBuffer.withUnsafeMutableBufferPointer {
            _ = ccurl_setopt_pointer(easy, CURLOPT_ERRORBUFFER, $0.baseAddress)
        }

        var headers = ["Accept: application/json"]
        if request.body != nil { headers.append("Content-Type: application/json") }
        if let token = credentials.bearerToken { headers.append("Authorization: Bearer \(token)") }
        headers += options.headers.map { "\($0.name): \($0.value)" }
        for header in headers { headerList = curl_slist_append(headerList, header) }
        ccurl_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList)
        if let username = credentials.username {
            ccurl_setopt_long(easy, CURLOPT_HTTPAUTH, ccurl_auth_basic())
            ccurl_setopt_string(easy, CURLOPT_USERNAME, username)
            ccurl_setopt_string(easy, CURLOPT_PASSWORD, credentials.password ?? "")
        }

        if let ca = options.tls.caFile { ccurl_setopt_string(easy, CURLOPT_CAINFO, ca) }
        if let cert = options.tls.certFile { ccurl_setopt_string(easy, CURLOPT_SSLCERT, cert) }
        if let key = options.tls.keyFile { ccurl_setopt_string(easy, CURLOPT_SSLKEY, key) }
        if options.tls.insecureSkipVerify {
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYPEER, 0)
            ccurl_setopt_long(easy, CURLOPT_SSL_VERIFYHOST, 0)
        }

        let me = Unmanaged.passUnretained(self).toOpaque()
        ccurl_setopt_pointer(easy, CURLOPT_WRITEDATA, me)
        ccurl_setopt_write_function(easy) { pointer, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let bytes = size * count
            if transfer.body.count + bytes > transfer.maxBodyBytes {
                transfer.truncated = true
                return 0  // aborts the transfer with CURLE_WRITE_ERROR
            }
            pointer.map { transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: $0, count: bytes)) }
            return bytes
        }
        ccurl_setopt_pointer(easy, CURLOPT_HEADERDATA, me)
        ccurl_setopt_header_function(easy) { pointer, size, count, context in
            let transfer = Unmanaged<Transfer>.fromOpaque(context!).takeUnretainedValue()
            let bytes = size * count
            guard let pointer, transfer.headerLines.count < 200 else { return bytes }
            let raw = UnsafeRawBufferPointer(start: pointer, count: bytes)
            // A new status line (after a 100 Continue) starts a new header block.
            if Transfer.hasPrefix(raw, "http/") { transfer.headerLines.removeAll() }
            // Only the headers the board reads become text; the rest (every answer has several) are passed over.
            if Transfer.kept.contains(where: { Transfer.hasPrefix(raw, $0) }) {
                let line = String(decoding: raw, as: UTF8.self)
                transfer.headerLines.append(line.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return bytes
        }
    }

    deinit {
        curl_easy_cleanup(easy)
        curl_slist_free_all(headerList)
    }

    /// The headers `result()` reads, lowercased with their colon.
    static let kept: [StaticString] = ["location:", "retry-after:"]

    /// Whether `raw` starts with `prefix` (ASCII, lowercase), ignoring case.
    static func hasPrefix(_ raw: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        let count = prefix.utf8CodeUnitCount
        guard raw.count >= count else { return false }
        let start = prefix.utf8Start
        for index in 0..<count {
            var byte = raw[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte += 32 }
            if byte != start[index] { return false }
        }
        return true
    }

    /// `scheme://host:port` of a URL (or the text itself when it is not one).
    static func origin(_ location: String) -> String {
        guard let url = URL(string: location), let scheme = url.scheme, let host = url.host else { return location }
        return "\(scheme)://\(host)" + (url.port.map { ":\($0)" } ?? "")
    }

    func result() -> Result<HTTPResponse, TransportError> {
        if truncated {
            return .failure(TransportError(.tooLarge, "more than \(maxBodyBytes >> 20) MiB"))
        }
        guard code == CURLE_OK else { return .failure(error()) }
        var status = 0
        _ = ccurl_getinfo_long(easy, CURLINFO_RESPONSE_CODE, &status)
        if (300..<400).contains(status) {
            // Not followed (credentials stay with the configured host). Only where it points, not the query: the
            // same reason for every request, and no query text in the message.
            let location = header("location").map { " to \(TextSanitizer.inert(Self.origin($0), limit: 120))" } ?? ""
            return .failure(
                TransportError(.redirect, "HTTP \(status)\(location), not followed; set the URL to the final address"))
        }
        let retryAfter = header("retry-after").flatMap { Double($0) }
        // An answer that is not a success is read for its words: a server or proxy may echo the credentials.
        let answer = (200..<300).contains(status) || secrets.isEmpty ? body : Redaction.apply(body, secrets: secrets)
        return .success(HTTPResponse(status: status, body: answer, retryAfter: retryAfter))
    }

    func header(_ name: String) -> String? {
        for line in headerLines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            if line[..<colon].lowercased() == name {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// The message without curl's " after N ms" (or "milliseconds"). By hand: a regular expression compiled for
    /// every failed request cost a million instructions each, which `check` against a Prometheus that is down
    /// paid for every request.
    static func withoutElapsed(_ text: String) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: " after ") {
            let after = rest[range.upperBound...]
            let digits = after.prefix { $0.isASCII && $0.isNumber }
            let unit = [" milliseconds", " ms"].first { after.dropFirst(digits.count).hasPrefix($0) }
            guard !digits.isEmpty, let unit else {
                out += rest[..<range.upperBound]
                rest = after
                continue
            }
            out += rest[..<range.lowerBound]
            rest = after.dropFirst(digits.count + unit.count)
        }
        return out + rest
    }

    func error() -> TransportError {
        // curl says how long it tried ("... port 9090 after 1 ms: Couldn't connect"): that varies from request to
        // request and would make one cause read as six different ones (and redraw tiles for nothing).
        let detail = Self.withoutElapsed(
            TextSanitizer.inert(errorBuffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }, limit: 200))
        let text = Redaction.apply(
            detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail, secrets: secrets)
        switch code {
        case CURLE_COULDNT_CONNECT: return TransportError(.connectionRefused, text)
        case CURLE_OPERATION_TIMEDOUT:
            return TransportError(.timeout, "no answer within \(NumberText.plain(timeout)) s")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return TransportError(.dns, text)
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CRL_BADFILE, CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_ENGINE_NOTFOUND,
            CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_CLIENTCERT:
            return TransportError(.tls, text)
        default: return TransportError(.other, text)
        }
    }
}
