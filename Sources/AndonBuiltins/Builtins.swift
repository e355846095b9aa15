/// The files built into the binary, so that `andon` needs none at run time: the shipped themes (`themes/*.yaml`)
/// and profiles (`profiles/*.yaml`), compiled at build time into YAML trees by the `EmbedYAML` plugin (a start
/// parses no built-in YAML), in their documented order. A file added to either folder is listed here too; a test
/// fails when they differ.
public enum Builtins {
    public static let profiles: [(name: String, tree: YAMLNode)] = [
        ("tps", profiles_tps)
    ]

    public static let themes: [(name: String, tree: YAMLNode)] = [
        ("default", themes_default),
        ("light", themes_light),
        ("high-contrast", themes_high_contrast),
        ("colorblind", themes_colorblind),
        ("monochrome", themes_monochrome),
    ]
}
