import Foundation

/// `Tests/FaultServer/fault_server.py`: a Prometheus API that misbehaves on command (see the script for the
/// faults). `stop()` ends it.
public final class FaultServer: @unchecked Sendable {
    public let port: UInt16
    let process: CleanProcess
    let logFile: String

    public var url: String { Self.url(port: port, tls: tls) }

    static func url(port: UInt16, tls: TLS?) -> String { "\(tls == nil ? "http" : "https")://127.0.0.1:\(port)" }

    /// Starts the server; `redirectTo` is the port its `redirect` fault sends clients to. The server binds a port
    /// the kernel chooses and names it in its log: a port chosen here and bound there could be taken in between
    /// by another test's server, whose faults this test would then see.
    public static func start(redirectTo: UInt16? = nil, tls: TLS? = nil) async throws -> FaultServer {
        let script = Repository.file("Tests/FaultServer/fault_server.py").path
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("andon-fault-\(UUID()).log").path
        var environment = ProcessInfo.processInfo.environment
        if let tls {
            environment["FAULT_TLS_CERT"] = tls.certificate
            environment["FAULT_TLS_KEY"] = tls.key
            environment["FAULT_TLS_CLIENT_CA"] = tls.clientCA
        }
        let process = try CleanProcess(
            try executable("python3"), [script, "0", "\(redirectTo ?? 0)"], stdout: log, stderr: log,
            environment: environment)
        do {
            return try await Wait.until("the fault server to start", timeout: 20, every: .milliseconds(50)) {
                () -> Wait.Probe<FaultServer> in
                let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                if process.poll() != nil { throw TestHarnessError("the fault server exited: \(text)") }
                if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("fault server on ") }),
                    let port = UInt16(line.dropFirst("fault server on ".count))
                {
                    // The server object only once it answers: its deinit stops the process, and a first control
                    // request can fail while the server's thread starts (this once killed the server it waited for).
                    if (try? await control("GET", "/_log", url: url(port: port, tls: tls), tls: tls)) != nil {
                        return .done(FaultServer(port: port, process: process, logFile: log, tls: tls))
                    }
                }
                return .notYet(text)
            }
        } catch {
            process.terminate(grace: 2)
            try? FileManager.default.removeItem(atPath: log)
            throw error
        }
    }

    /// HTTPS with this certificate (and, when `clientCA` is set, client certificates required).
    public struct TLS: Sendable {
        public var certificate: String
        public var key: String
        public var clientCA: String?
        /// The CA that signed `certificate`, for the control requests.
        public var ca: String

        public init(certificate: String, key: String, ca: String, clientCA: String? = nil) {
            self.certificate = certificate
            self.key = key
            self.ca = ca
            self.clientCA = clientCA
        }
    }

    let tls: TLS?

    init(port: UInt16, process: CleanProcess, logFile: String, tls: TLS?) {
        self.port = port
        self.process = process
        self.logFile = logFile
        self.tls = tls
    }

    deinit { stop() }

    public func stop() {
        process.terminate(grace: 2)
        try? FileManager.default.removeItem(atPath: logFile)
    }

    @discardableResult
    func control(_ method: String, _ path: String) async throws -> String {
        try await Self.control(method, path, url: url, tls: tls)
    }

    static func control(_ method: String, _ path: String, url: String, tls: TLS?) async throws -> String {
        var arguments = ["-sf", "-m", "\(Int(Patience.seconds(5)))", "-X", method, url + path]
        if let tls {
            arguments += ["--cacert", tls.ca]
            if tls.clientCA != nil { arguments += ["--cert", tls.certificate, "--key", tls.key] }
        }
        let (status, out, _) = try await CleanProcess.run(try executable("curl"), arguments, limit: 10)
        guard status == 0 else { throw TestHarnessError("fault server: \(method) \(path) failed (\(status))") }
        return out
    }

    /// Switches to another fault (`ok`, `hang`, `500`, ...).
    public func fault(_ name: String) async throws { try await control("POST", "/_fault/\(name)") }

    public struct Request: Sendable {
        public var time: Double
        public var path: String
        public var authorization: Bool
        /// A digest of the Authorization header (never the secret itself).
        public var authorizationDigest: String?
    }

    /// The API requests received so far.
    public func requests() async throws -> [Request] {
        try await control("GET", "/_log").split(separator: "\n").compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let time = object["t"] as? Double, let path = object["path"] as? String
            else { return nil }
            return Request(
                time: time, path: path, authorization: object["authorization"] as? Bool ?? false,
                authorizationDigest: object["authorization_digest"] as? String)
        }
    }

    public func clearLog() async throws { try await control("POST", "/_log/clear") }
}
