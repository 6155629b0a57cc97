// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "Rediclaim",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "rediclaim-gate", targets: ["rediclaim-gate"]),
        .executable(name: "rediclaim-issuer", targets: ["rediclaim-issuer"]),
        .executable(name: "rediclaimctl", targets: ["rediclaimctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        // C libraries, found through pkg-config; apt names them for a fresh Debian machine.
        .systemLibrary(
            name: "CHiredis", pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),
        .systemLibrary(
            name: "CRdKafka", pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"]), .brew(["librdkafka"])]),
        .systemLibrary(
            name: "CMariaDB", pkgConfig: "libmariadb",
            providers: [.apt(["libmariadb-dev"]), .brew(["mariadb-connector-c"])]),

        // Swift wrappers: the C modules are imported internally only.
        .target(
            name: "RediclaimRedis",
            dependencies: ["CHiredis", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "RediclaimKafka",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "RediclaimMySQL",
            dependencies: ["CMariaDB", .product(name: "Logging", package: "swift-log")]),

        // Pure Swift domain rules: no C, no servers.
        .target(name: "RediclaimCore"),

        // The one configuration model all three executables read.
        .target(
            name: "RediclaimConfig",
            dependencies: [
                "RediclaimCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(
            name: "rediclaim-gate",
            dependencies: [
                "RediclaimConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "rediclaim-issuer",
            dependencies: [
                "RediclaimConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "rediclaimctl",
            dependencies: [
                "RediclaimConfig",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(
            name: "rediclaim-bench",
            dependencies: [
                "RediclaimRedis", "RediclaimKafka", "RediclaimMySQL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Shared test plumbing: where the local stack listens, unique names per test.
        .target(name: "TestSupport", path: "Tests/TestSupport"),

        .testTarget(name: "RediclaimCoreTests", dependencies: ["RediclaimCore"]),
        .testTarget(name: "RediclaimConfigTests", dependencies: ["RediclaimConfig"]),
        .testTarget(name: "RediclaimRedisTests", dependencies: ["RediclaimRedis", "TestSupport"]),
        .testTarget(name: "RediclaimKafkaTests", dependencies: ["RediclaimKafka", "TestSupport"]),
        .testTarget(name: "RediclaimMySQLTests", dependencies: ["RediclaimMySQL", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
