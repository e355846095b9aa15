// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "andon",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "andon", targets: ["andon"]),
        .executable(name: "andon-sim", targets: ["andon-sim"]),
        .library(name: "AndonCore", targets: ["AndonCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CCurl", path: "Sources/CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CNCursesW", path: "Sources/CNCursesW", pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]),
        // The files built into the binary: themes/ and profiles/ at the top of the repository, where users find them,
        // compiled into YAML trees at build time (Plugins/EmbedYAML), so that a start parses no built-in YAML.
        // The commit the build comes from (`andon --version`), from the checkout's git at build time.
        .target(name: "AndonBuiltins", plugins: ["EmbedYAML", "EmbedCommit"]),
        .plugin(name: "EmbedCommit", capability: .buildTool()),
        .executableTarget(name: "andon-embed-yaml", dependencies: [.product(name: "Yams", package: "Yams")]),
        .plugin(name: "EmbedYAML", capability: .buildTool(), dependencies: ["andon-embed-yaml"]),
        .target(
            name: "AndonCore",
            dependencies: ["AndonBuiltins", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "AndonRuntime",
            dependencies: ["AndonCore", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "AndonCurl",
            dependencies: ["AndonCore", "CCurl"]),
        .target(
            name: "AndonTerminal",
            dependencies: ["AndonCore", "CNCursesW"]),
        .target(
            name: "AndonTestSupport",
            dependencies: ["AndonCore", "AndonCurl", "AndonRuntime"]),
        .executableTarget(
            name: "andon",
            dependencies: [
                "AndonCore", "AndonCurl", "AndonRuntime", "AndonTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "andon-bench",
            dependencies: [
                "AndonCore", "AndonCurl", "AndonRuntime",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "andon-fuzz", dependencies: ["AndonCore"]),
        .target(name: "AndonSimCore", swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]),
        .executableTarget(
            name: "andon-sim",
            dependencies: [
                "AndonSimCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ]),
        .testTarget(
            name: "AndonSimTests",
            dependencies: ["AndonSimCore", "AndonTestSupport"]),
        .testTarget(
            name: "AndonCoreTests",
            dependencies: ["AndonCore", "AndonRuntime", "AndonTestSupport"],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "AndonIntegrationTests",
            dependencies: ["AndonCore", "AndonCurl", "AndonRuntime", "AndonTestSupport"]),
    ]
)
