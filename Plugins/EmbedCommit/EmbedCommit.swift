import Foundation
import PackagePlugin

/// Writes the commit the build comes from into `AndonBuiltins` (`BuildCommit.hash`, shown by `andon --version`):
/// `git rev-parse` run at build time, again whenever the checkout's HEAD or the branch it names moves. A build from
/// a tree without `.git` or without `git` says "unknown"; nothing generated is checked in.
@main
struct EmbedCommit: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let git = root.appending(path: ".git")
        // What moves when the commit does: HEAD, the branch it names (a loose ref), the packed refs.
        var inputs = [git.appending(path: "HEAD"), git.appending(path: "packed-refs")]
        if let head = try? String(contentsOf: git.appending(path: "HEAD"), encoding: .utf8),
            head.hasPrefix("ref: ")
        {
            inputs.append(git.appending(path: head.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        inputs = inputs.filter { FileManager.default.fileExists(atPath: $0.path(percentEncoded: false)) }
        let output = context.pluginWorkDirectoryURL.appending(path: "BuildCommit.swift")
        let script = """
            commit="$(git -C "$1" rev-parse --short=12 HEAD 2>/dev/null | tr -cd '0-9a-f')"
            printf '/// The commit this build comes from (the EmbedCommit plugin).\\npublic enum BuildCommit {\\n    \
            public static let hash = "%s"\\n}\\n' "${commit:-unknown}" > "$2"
            """
        return [
            .buildCommand(
                displayName: "Embedding the commit of the build",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", root.path(percentEncoded: false), output.path(percentEncoded: false)],
                inputFiles: inputs, outputFiles: [output])
        ]
    }
}
