// swift-tools-version:6.1
import PackageDescription

/// Warnings are errors, so a warning never lands.
let strict: [SwiftSetting] = [.unsafeFlags(["-warnings-as-errors"])]

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
        .target(
            name: "AndonCore",
            dependencies: [.product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(
            name: "AndonCurl",
            dependencies: ["AndonCore", "CCurl"],
            swiftSettings: strict),
        .target(
            name: "AndonTerminal",
            dependencies: ["AndonCore", "CNCursesW"],
            swiftSettings: strict),
        .target(
            name: "AndonTestSupport",
            dependencies: [
                "AndonCore", "AndonCurl",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "andon",
            dependencies: [
                "AndonCore", "AndonCurl", "AndonTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(name: "andon-fuzz", dependencies: ["AndonCore"], swiftSettings: strict),
        .target(name: "AndonSimCore", swiftSettings: strict),
        .executableTarget(
            name: "andon-sim",
            dependencies: [
                "AndonSimCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "AndonSimTests",
            dependencies: ["AndonSimCore"],
            swiftSettings: strict),
        .testTarget(
            name: "AndonCoreTests",
            dependencies: ["AndonCore", "AndonTestSupport"],
            exclude: ["Golden"],
            resources: [.copy("Fixtures")],
            swiftSettings: strict),
        .testTarget(
            name: "AndonIntegrationTests",
            dependencies: ["AndonCore", "AndonCurl", "AndonTestSupport"],
            swiftSettings: strict),
    ]
)
