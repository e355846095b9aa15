import Foundation
import PackagePlugin

/// Compiles the shipped YAML (`themes/*.yaml`, `profiles/*.yaml` at the top of the repository, where users find
/// them) into Swift for `AndonBuiltins`: one generated file per YAML file, `Builtins.<folder>_<name>`
/// (`profiles_tps`, `themes_high_contrast`). Nothing generated is checked in; a changed YAML file is compiled again.
@main
struct EmbedYAML: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let tool = try context.tool(named: "andon-embed-yaml")
        var commands: [Command] = []
        for folder in ["themes", "profiles"] {
            let directory = context.package.directoryURL.appending(path: folder)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory.path(percentEncoded: false))
                .filter { $0.hasSuffix(".yaml") }.sorted()
            for file in files {
                let stem = String(file.dropLast(".yaml".count))
                let name = folder + "_" + stem.map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
                let input = directory.appending(path: file)
                let output = context.pluginWorkDirectoryURL.appending(path: "\(name).swift")
                commands.append(
                    .buildCommand(
                        displayName: "Compiling \(folder)/\(file) into the binary",
                        executable: tool.url,
                        arguments: [
                            input.path(percentEncoded: false), output.path(percentEncoded: false), name,
                            "\(folder)/\(file)",
                        ],
                        inputFiles: [input], outputFiles: [output]))
            }
        }
        return commands
    }
}
