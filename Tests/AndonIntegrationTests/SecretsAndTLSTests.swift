import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// TLS against a local HTTPS server with a throwaway CA, and credentials that never leak.
@Suite("secrets and TLS")
struct SecretsAndTLSTests {
    /// A CA, a server certificate for 127.0.0.1 and a client certificate, made with openssl in `directory`.
    static func makeCertificates(in directory: URL) async throws -> (
        ca: String, server: FaultServer.TLS, client: (String, String)
    ) {
        let openssl = try executable("openssl")
        func run(_ arguments: [String]) async throws {
            let (status, _, err) = try await CleanProcess.run(openssl, arguments, limit: 60)
            guard status == 0 else { throw TestHarnessError("openssl \(arguments.first ?? ""): \(err)") }
        }
        let path = { (name: String) in directory.appendingPathComponent(name).path }
        try await run([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=andon test CA",
            "-keyout", path("ca.key"), "-out", path("ca.pem"),
        ])
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\n".write(
            toFile: path("san.ext"), atomically: true, encoding: .utf8)
        for name in ["server", "client"] {
            try await run([
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(name)", "-keyout", path("\(name).key"),
                "-out", path("\(name).csr"),
            ])
            try await run([
                "x509", "-req", "-in", path("\(name).csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
                "-CAcreateserial", "-days", "2", "-extfile", path("san.ext"), "-out", path("\(name).pem"),
            ])
        }
        return (
            path("ca.pem"),
            FaultServer.TLS(certificate: path("server.pem"), key: path("server.key"), ca: path("ca.pem")),
            (path("client.pem"), path("client.key"))
        )
    }

    static func config(_ directory: URL, _ text: String) throws -> String {
        let file = directory.appendingPathComponent("config-\(UUID()).yaml")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test func verificationWithTheCAWithoutItAndWithClientCertificates() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-tls-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let (ca, tls, client) = try await Self.makeCertificates(in: directory)

        let server = try await FaultServer.start(tls: tls)
        defer { server.stop() }
        // Every configuration allows a slow handshake: the default 3 s connect timeout (which includes the TLS
        // handshake) can pass in a sanitizer build before the certificate is even looked at, and the reason
        // would then be a timeout rather than the certificate.
        let patience = "prometheus:\n  connect_timeout: 20\n  timeout: 30\n"
        // Without our CA: refused, and the reason says TLS.
        let untrusting = try Self.config(directory, patience)
        let refused = try await AndonProcess.run([
            "check", "--json", "--principle", "kanban", "--config", untrusting, "--prometheus", server.url,
        ])
        #expect(refused.status == 3)
        let reason = (try CheckJSON(refused.stdout).principles.first?["reason"] as? String) ?? ""
        #expect(reason.lowercased().contains("tls") || reason.lowercased().contains("certificate"), "\(reason)")
        // With it: answered.
        let trusting = try Self.config(directory, patience + "  tls:\n    ca_file: \(ca)\n")
        let accepted = try await AndonProcess.run(
            ["check", "--json", "--principle", "kanban", "--config", trusting, "--prometheus", server.url])
        #expect(try CheckJSON(accepted.stdout).statuses == ["green"], "\(accepted.stdout)")
        // Verification off: answered, and the screen says so.
        let insecure = try Self.config(directory, patience + "  tls:\n    insecure_skip_verify: true\n")
        let snapshot = try await AndonProcess.run(
            ["snapshot", "--width", "100", "--config", insecure, "--prometheus", server.url])
        #expect(snapshot.stdout.contains("TLS NOT VERIFIED"), "\(snapshot.stdout)")

        // A server that requires a client certificate.
        var mutual = tls
        mutual.clientCA = ca
        let strict = try await FaultServer.start(tls: mutual)
        defer { strict.stop() }
        let anonymous = try await AndonProcess.run(
            ["check", "--json", "--principle", "kanban", "--config", trusting, "--prometheus", strict.url])
        #expect(try CheckJSON(anonymous.stdout).statuses == ["unknown"])
        let withCertificate = try Self.config(
            directory,
            patience + "  tls:\n    ca_file: \(ca)\n    cert_file: \(client.0)\n    key_file: \(client.1)\n")
        let identified = try await AndonProcess.run(
            ["check", "--json", "--principle", "kanban", "--config", withCertificate, "--prometheus", strict.url])
        #expect(try CheckJSON(identified.stdout).statuses == ["green"], "\(identified.stdout)")
    }

    /// A password file: read on every refresh (rotation works), never printed, warned about when others can
    /// read it; a token in the environment likewise.
    @Test func secretsRotateAndNeverLeak() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-secret-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await FaultServer.start()
        defer { server.stop() }
        try await server.fault("401")
        let password = directory.appendingPathComponent("password")
        try "first-s3cret\n".write(to: password, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: password.path)
        let config = try Self.config(
            directory, "prometheus:\n  basic_auth:\n    username: board\n    password_file: \(password.path)\n")
        let first = try await AndonProcess.run(["check", "--json", "--config", config, "--prometheus", server.url])
        #expect(first.stderr.contains("readable by other users"))
        try "second-s3cret\n".write(to: password, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: password.path)
        let second = try await AndonProcess.run(["check", "--config", config, "--prometheus", server.url])
        #expect(!second.stderr.contains("readable by other users"))
        for outcome in [first, second] {
            #expect(!(outcome.stdout + outcome.stderr).contains("s3cret"))
            #expect(outcome.stdout.contains("HTTP 401"))
        }
        let digests = Set(try await server.requests().compactMap(\.authorizationDigest))
        #expect(digests.count == 2, "the rotated password was not used: \(digests)")

        // A bearer token from the environment, never on the command line nor in the output.
        let token = try Self.config(directory, "prometheus:\n  bearer_token_env: ANDON_TEST_TOKEN\n")
        let bearer = try await AndonProcess.run(
            ["check", "--json", "--config", token, "--prometheus", server.url],
            environment: ["ANDON_TEST_TOKEN": "t0ken-s3cret"])
        #expect(!(bearer.stdout + bearer.stderr).contains("t0ken"))
        // A server that echoes the credentials in its error: taken out of every text andon shows or writes.
        try await server.fault("echo")
        let echoed = try await AndonProcess.run(
            ["check", "--json", "--config", token, "--prometheus", server.url],
            environment: ["ANDON_TEST_TOKEN": "t0ken-s3cret"])
        #expect(echoed.stdout.contains("invalid credentials: Bearer [redacted]"), "\(echoed.stdout)")
        #expect(!(echoed.stdout + echoed.stderr).contains("t0ken"))
        let basic = try await AndonProcess.run(["check", "--config", config, "--prometheus", server.url])
        #expect(basic.stdout.contains("invalid credentials: Basic [redacted]"), "\(basic.stdout)")
        let doctor = try await AndonProcess.run(
            ["doctor", "--config", token, "--prometheus", server.url], environment: ["ANDON_TEST_TOKEN": "t0ken-s3cret"]
        )
        #expect(!(doctor.stdout + doctor.stderr).contains("t0ken"), "\(doctor.stdout)")
        // A secret given as an argument is refused outright.
        let inURL = try await AndonProcess.run(["check", "--prometheus", "http://board:pw@127.0.0.1:\(server.port)"])
        #expect(inURL.status == 78 && !inURL.stderr.contains("pw@"))
    }
}
