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
    // Touched only on `queue`, but for `curl_multi_wakeup`, which libcurl allows from any thread.
    private let multi: UnsafeMutableRawPointer

    /// A batch of transfers and who waits for their answers. Handed from the caller to `queue` through the inbox
    /// (under its lock), and touched on `queue` only after that.
    private final class Batch: @unchecked Sendable {
        let transfers: [Transfer]
        let done: CheckedContinuation<[Result<HTTPResponse, TransportError>], Never>
        var remaining: Int

        init(transfers: [Transfer], done: CheckedContinuation<[Result<HTTPResponse, TransportError>], Never>) {
            self.transfers = transfers
            self.done = done
            remaining = transfers.count
        }
    }

    /// Batches handed in and not yet added to the multi handle, whether a drive is running on `queue`, and
    /// whether the transport is closed.
    private struct Inbox {
        var batches: [Batch] = []
        var driving = false
        var closed = false
    }

    private let inbox = Locked(Inbox())
    /// Signalled by a drive that ends because the transport is closed.
    private let drained = DispatchSemaphore(value: 0)

    public init(options: Options) {
        CurlTransport.globalInit
        self.options = options
        multi = curl_multi_init()
        // Several queries of one refresh go over parallel connections to the same host.
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, 8)
        // ... and stay open between refreshes (the cache would otherwise follow the handles added at the time).
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, 16)
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// `curl_global_init` once per process, before any transfer; Swift runs a static initialiser exactly once.
    /// OpenSSL is told first not to free its state at exit: `check` exits as soon as its answers are in, and a
    /// transport released at that moment on its queue's thread closed its TLS connections against locks OpenSSL's
    /// exit handler had just freed (a crash the thread-sanitized tests caught; docs/reliability.md). The process is
    /// ending, so nothing needs that clean-up.
    public static let globalInit: Void = {
        ccurl_openssl_no_atexit()
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }()

    /// Runs the requests concurrently. A batch handed in while another is under way joins it at once (the
    /// overview and the trends of one refresh travel together), and each batch is answered as soon as its own
    /// transfers are done.
    public func perform(_ requests: [HTTPRequest]) async -> [Result<HTTPResponse, TransportError>] {
        // Secrets are read now, so a rotated token file takes effect on the next refresh.
        let credentials: Credentials
        switch Credentials.read(options.auth, environment: options.environment) {
        case .success(let value): credentials = value
        case .failure(let error):
            return requests.map { _ in .failure(TransportError(.other, "credentials: \(error.message)")) }
        }
        guard !requests.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            // (Handed in after `close`, the batch is answered with errors by the drive it starts or joins.)
            let transfers = requests.map { Transfer(request: $0, options: options, credentials: credentials) }
            let batch = Batch(transfers: transfers, done: continuation)
            let start = inbox.withLock { inboxState -> Bool in
                inboxState.batches.append(batch)
                defer { inboxState.driving = true }
                return !inboxState.driving
            }
            if start {
                queue.async { self.drive() }
            } else {
                curl_multi_wakeup(multi)
            }
        }
    }

    public func close() {
        let running = inbox.withLock { inboxState -> Bool in
            inboxState.closed = true
            return inboxState.driving
        }
        guard running else { return }
        curl_multi_wakeup(multi)
        // The drive sees `closed` within one poll (woken at once); bounded all the same.
        _ = drained.wait(timeout: .now() + 2)
    }

    /// On `queue`: adds the batches handed in, runs the transfers, answers each batch when its last transfer
    /// is done; returns when nothing is left, or at once when the transport is closed.
    private func drive() {
        var active: [UnsafeMutableRawPointer: (Batch, Transfer)] = [:]
        while true {
            let (arrived, closed) = inbox.withLock { inboxState -> ([Batch], Bool) in
                let batches = inboxState.batches
                inboxState.batches = []
                if inboxState.closed || (batches.isEmpty && active.isEmpty) { inboxState.driving = false }
                return (batches, inboxState.closed)
            }
            if closed {
                for (easy, entry) in active {
                    curl_multi_remove_handle(multi, easy)
                    entry.1.code = CURLE_ABORTED_BY_CALLBACK
                    finish(entry.0)
                }
                for batch in arrived {
                    for transfer in batch.transfers {
                        transfer.code = CURLE_ABORTED_BY_CALLBACK
                        finish(batch)
                    }
                }
                drained.signal()
                return
            }
            if arrived.isEmpty && active.isEmpty { return }
            for batch in arrived {
                for transfer in batch.transfers {
                    active[transfer.easy] = (batch, transfer)
                    curl_multi_add_handle(multi, transfer.easy)
                }
            }
            var running: Int32 = 0
            if curl_multi_perform(multi, &running) != CURLM_OK {
                // The multi handle itself failed: answer everything under way rather than hang.
                for (easy, entry) in active {
                    entry.1.code = CURLE_FAILED_INIT
                    curl_multi_remove_handle(multi, easy)
                    finish(entry.0)
                }
                active = [:]
                continue
            }
            var pending: Int32 = 0
            while let message = curl_multi_info_read(multi, &pending) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle,
                    let (batch, transfer) = active.removeValue(forKey: easy)
                else { continue }
                transfer.code = message.pointee.data.result
                curl_multi_remove_handle(multi, easy)
                finish(batch)
            }
            if !active.isEmpty { curl_multi_poll(multi, nil, 0, 200, nil) }
        }
    }

    /// One more transfer of `batch` is done; the last one answers it.
    private func finish(_ batch: Batch) {
        batch.remaining -= 1
        if batch.remaining == 0 { batch.done.resume(returning: batch.transfers.map { $0.result() }) }
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
