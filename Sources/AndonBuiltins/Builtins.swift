/// The files built into the binary, so that `andon` needs none at run time: the shipped themes (`themes/*.yaml`)
/// and profiles (`profiles/*.yaml`), embedded by SwiftPM as resources (`Package.swift`: `.embedInCode`), in their
/// documented order. A file added to either folder is listed here too; a test fails when they differ.
public enum Builtins {
    public static let profiles: [(name: String, yaml: [UInt8])] = [
        ("tps", PackageResources.tps_yaml)
    ]

    public static let themes: [(name: String, yaml: [UInt8])] = [
        ("default", PackageResources.default_yaml),
        ("light", PackageResources.light_yaml),
        ("high-contrast", PackageResources.high_contrast_yaml),
        ("colorblind", PackageResources.colorblind_yaml),
        ("monochrome", PackageResources.monochrome_yaml),
    ]
}
