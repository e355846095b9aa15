import AndonCore
import AndonTestSupport
import Foundation
import Testing

/// The theme files: every shipped one parses and is what the binary has built in; a bad one is named by file,
/// line and key; the overview in each theme is a golden file.
@Suite(
    "themes",
    .enabled(if: Sanitizers.cover(.address), "untrusted bytes through unsafe buffers or libyaml: no thread of ours"))
struct ThemeTests {
    static let folder = Repository.file("themes")

    static var files: [String] {
        (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.filter { $0.hasSuffix(".yaml") }.sorted()
            ?? []
    }

    @Test func everyFileInThemesParsesAndIsBuiltIn() throws {
        #expect(
            Set(Self.files) == [
                "default.yaml", "light.yaml", "high-contrast.yaml", "colorblind.yaml", "monochrome.yaml",
            ])
        for file in Self.files {
            let path = Self.folder.appendingPathComponent(file).path
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let theme = try ThemeParser.parse(yaml: text, file: path)
            let name = String(file.dropLast(5))
            #expect(theme.name == name)
            // Every role is given, so no role falls back to the terminal's default by accident.
            #expect(
                Set(theme.styles.keys) == Set(Role.allCases),
                "\(file) lacks \(Set(Role.allCases).subtracting(theme.styles.keys))")
            #expect(
                Theme.builtin[name] == theme, "\(file) differs from the built-in copy: list it in Sources/AndonBuiltins"
            )
        }
        #expect(Theme.builtinNames == ["default", "light", "high-contrast", "colorblind", "monochrome"])
    }

    @Test func monochromeHasNoColourAndColorblindNoRedOrGreen() {
        #expect(Theme.monochrome.styles.values.allSatisfy { $0.foreground == nil && $0.background == nil })
        // Okabe-Ito: the status colours are blue and orange, never the basic red or green.
        let colorblind = Theme.builtin["colorblind"]!
        for role in [Role.ok, .warn, .crit] {
            let color = colorblind.style(role).foreground
            #expect(color != .basic(1) && color != .basic(2) && color != .basic(9) && color != .basic(10))
        }
    }

    @Test func colourForms() throws {
        let theme = try ThemeParser.parse(
            yaml: "name: t\nroles:\n  ok: {fg: bright-green, bg: 17}\n  crit: {fg: \"#FF8000\", bold: yes}\n"
                + "  warn: {fg: default, underline: true}\n",
            file: "t.yaml")
        #expect(theme.style(.ok) == RoleStyle(.basic(10), .indexed(17)))
        #expect(theme.style(.crit) == RoleStyle(.rgb(255, 128, 0), bold: true))
        #expect(theme.style(.warn) == RoleStyle(underline: true))
    }

    static let bad: [(String, String)] = [
        ("name: t\nroles:\n  ok: {fg: pink}\n", "t.yaml:3:12: roles.ok.fg: unknown colour \"pink\""),
        ("name: t\nroles:\n  ok: {fg: 300}\n", "t.yaml:3:12: roles.ok.fg: a colour index is 0 to 255, got 300"),
        ("name: t\nroles:\n  okay: {fg: red}\n", "t.yaml:3:3: roles.okay: unknown key"),
        ("name: t\nroles:\n  ok: {fg: red, bold: maybe}\n", "t.yaml:3:23: roles.ok.bold: expected true or false"),
        ("name: t\nroles:\n  ok: {colour: red}\n", "t.yaml:3:8: roles.ok.colour: unknown key"),
        ("roles:\n  ok: {fg: red}\n", "t.yaml:1:1: name: a theme needs a name"),
        ("name: t\nroles: [ok]\n", "t.yaml:2:8: roles: expected a mapping"),
    ]

    @Test(arguments: bad)
    func badThemeNamesFileLineAndKey(yaml: String, message: String) {
        #expect {
            _ = try ThemeParser.parse(yaml: yaml, file: "t.yaml")
        } throws: { error in
            "\(error)".hasPrefix(message)
                || {
                    print("got: \(error)"); return false
                }()
        }
    }

    /// The overview in every shipped theme, as ANSI text at 256 colours: the characters and, through the
    /// escape sequences, what each role looks like.
    @Test(arguments: Theme.builtinNames)
    func overviewInEveryTheme(name: String) async throws {
        let state = await BoardRecording.state(size: Size(width: 120, height: 40))
        let grid = BoardView(unicode: true, braille: true).render(state)
        let text = TextOutput.render(grid, theme: Theme.builtin[name]!, colors: name == "monochrome" ? 16 : 256)
        #expect(ANSI.hasColour(text) == (name != "monochrome"))
        try Golden.compare(text, name: "theme-\(name)-120x40")
    }

    @Test func userThemesAreFoundBeforeShippedOnes() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("andon-themes-\(UUID())")
        let themes = directory.appendingPathComponent("themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "name: light\nroles:\n  ok: {fg: blue}\n".write(
            to: themes.appendingPathComponent("light.yaml"), atomically: true, encoding: .utf8)
        let folders = ThemeLoader.folders(
            configFile: directory.appendingPathComponent("config.yaml").path, environment: [:])
        #expect(try ThemeLoader.load("light", folders: folders).style(.ok) == RoleStyle(.basic(4)))
        #expect(try ThemeLoader.load("colorblind", folders: folders) == Theme.builtin["colorblind"])
        #expect(throws: ConfigError.self) { try ThemeLoader.load("neon", folders: folders) }
    }
}
