import Foundation

/// A real terminal for tests: a detached tmux session on its own server socket, driven with `send-keys` and
/// read with `capture-pane`. `kill()` ends the server and everything in it.
public final class TmuxSession: @unchecked Sendable {
    public let socket: String
    public let name = "andon"

    /// Starts `command` (run by sh) in a `width`×`height` window.
    public init(command: String, width: Int = 120, height: Int = 40, environment: [String: String] = [:]) throws {
        socket = "andon-test-\(UUID().uuidString.prefix(8))"
        let env = environment.map { "\($0.key)=\(TmuxSession.quote($0.value))" }.joined(separator: " ")
        // The server forks from this call and would hold a captured stdout open forever: capture nothing here.
        try tmux(
            ["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "env \(env) \(command)"],
            capture: false)
    }

    deinit { kill() }

    static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @discardableResult
    func tmux(_ arguments: [String], capture: Bool = true) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable("tmux"))
        process.arguments = ["-L", socket, "-f", "/dev/null"] + arguments
        let out = Pipe()
        process.standardOutput = capture ? out : FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    /// The screen's text now.
    public func capture() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Types keys (tmux key names such as `Enter`, `Escape`, or literal text).
    public func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Waits until the screen satisfies `condition`, returning the last capture.
    @discardableResult
    public func waitFor(timeout: Double = 30, _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw TestHarnessError("the screen never matched; last screen:\n\(screen)")
    }

    public func kill() {
        _ = try? tmux(["kill-server"])
    }
}
