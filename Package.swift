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
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        // swift-configuration support is not used (config is Yams-based): the trait is left off.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
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
            dependencies: ["CHiredis", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "RediclaimKafka",
            dependencies: ["CRdKafka", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .target(
            name: "RediclaimMySQL",
            dependencies: ["CMariaDB", .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),

        // One fast flat-JSON reader and one byte writer, for HTTP bodies and Kafka messages alike.
        .target(name: "RediclaimJSON"),

        // Pure Swift domain rules: no C, no servers.
        .target(name: "RediclaimCore", dependencies: ["RediclaimJSON"]),

        // Where state lives: MySQL schema and event definitions, the Redis waiting room and its Lua scripts.
        .target(
            name: "RediclaimStore",
            dependencies: [
                "RediclaimCore", "RediclaimJSON", "RediclaimRedis", "RediclaimMySQL", .product(name: "Logging", package: "swift-log"),
            ],
            // The Lua scripts sit beside their typed commands; only the .lua files are resources.
            resources: [.copy("Migrations"), .process("Scripts/prelude.lua"), .process("Scripts/enqueue.lua"),
                .process("Scripts/rank.lua"), .process("Scripts/release.lua"), .process("Scripts/claim_pending.lua"),
                .process("Scripts/record_result.lua"), .process("Scripts/raise_released.lua")]),

        // The one configuration model all three executables read.
        .target(
            name: "RediclaimConfig",
            dependencies: [
                .product(name: "Yams", package: "Yams"), .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ]),

        // Settings to bridge clients, shared by the three executables.
        .target(
            name: "RediclaimRuntime",
            dependencies: [
                "RediclaimConfig", "RediclaimRedis", "RediclaimMySQL", "RediclaimKafka",
            ]),

        // Health, readiness and Prometheus endpoints shared by the gate and the issuer.
        .target(
            name: "RediclaimOps",
            dependencies: [
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]),

        // The issuer: Kafka consumer group to MySQL, results back to Kafka, DLQ.
        .target(
            name: "RediclaimIssuer",
            dependencies: [
                "RediclaimCore", "RediclaimConfig", "RediclaimStore", "RediclaimRuntime", "RediclaimOps", "RediclaimKafka", "RediclaimMySQL", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ]),

        // The gate: HTTP waiting room, tickets, rate limits, release ticker, result consumer.
        .target(
            name: "RediclaimGate",
            dependencies: [
                "RediclaimCore", "RediclaimJSON", "RediclaimConfig", "RediclaimStore", "RediclaimRuntime", "RediclaimOps", "RediclaimRedis", "RediclaimKafka", "RediclaimMySQL", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "Crypto", package: "swift-crypto"), .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"), .product(name: "Logging", package: "swift-log"),
            ]),

        .executableTarget(
            name: "rediclaim-gate",
            dependencies: [
                "RediclaimGate", "RediclaimConfig", "RediclaimKafka", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "rediclaim-issuer",
            dependencies: [
                "RediclaimIssuer", "RediclaimConfig", "RediclaimCore", "RediclaimKafka", "RediclaimRuntime", .product(name: "ArgumentParser", package: "swift-argument-parser"), .product(name: "Logging", package: "swift-log"),
            ]),
        // The operator's commands, a library so tests reach them.
        .target(
            name: "RediclaimCtl",
            dependencies: [
                "RediclaimCore", "RediclaimConfig", "RediclaimStore", "RediclaimRuntime",
                "RediclaimRedis", "RediclaimMySQL", "RediclaimKafka",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(name: "rediclaimctl", dependencies: ["RediclaimCtl"]),

        .executableTarget(
            name: "rediclaim-bench",
            dependencies: [
                "RediclaimRedis", "RediclaimKafka", "RediclaimMySQL",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),

        // Shared test plumbing: where the local stack listens, unique names per test.
        .target(
            name: "TestSupport",
            dependencies: [
                "RediclaimCore", "RediclaimStore", "RediclaimRedis", "RediclaimMySQL", "RediclaimKafka", "RediclaimConfig", "RediclaimIssuer", .product(name: "Logging", package: "swift-log"), .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/TestSupport"),

        .testTarget(name: "RediclaimJSONTests", dependencies: ["RediclaimJSON"]),
        .testTarget(name: "RediclaimCoreTests", dependencies: ["RediclaimCore"]),
        .testTarget(name: "RediclaimConfigTests", dependencies: ["RediclaimConfig"]),
        .testTarget(name: "RediclaimStoreTests", dependencies: [
                "RediclaimStore", "RediclaimCore", "RediclaimMySQL", "RediclaimRedis", "TestSupport",
            ]),
        .testTarget(
            name: "RediclaimIssuerTests",
            dependencies: [
                "RediclaimIssuer", "RediclaimStore", "RediclaimKafka", "RediclaimMySQL", "RediclaimConfig", "RediclaimCore", "TestSupport", .product(name: "Logging", package: "swift-log"), .product(name: "Prometheus", package: "swift-prometheus"),
            ]),
        .testTarget(
            name: "EndToEndTests", dependencies: ["RediclaimConfig", "RediclaimCore", "RediclaimKafka", "TestSupport"]),
        .testTarget(
            name: "RediclaimCtlTests",
            dependencies: [
                "RediclaimCtl", "RediclaimStore", "RediclaimKafka", "RediclaimGate", "RediclaimConfig", "RediclaimCore", "RediclaimMySQL", "RediclaimRedis", "RediclaimRuntime", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "RediclaimGateTests",
            dependencies: [
                "RediclaimGate", "RediclaimStore", "RediclaimKafka", "RediclaimRedis", "RediclaimConfig", "RediclaimCore", "RediclaimOps", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HTTPTypes", package: "swift-http-types"), .product(name: "NIOCore", package: "swift-nio"), .product(name: "Prometheus", package: "swift-prometheus"), .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]),
        .testTarget(name: "RediclaimRedisTests", dependencies: [
                "RediclaimRedis", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "RediclaimKafkaTests", dependencies: [
                "RediclaimKafka", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "RediclaimMySQLTests", dependencies: [
                "RediclaimMySQL", "TestSupport", .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(
            name: "DeploymentTests",
            dependencies: [
                "RediclaimConfig", "RediclaimCtl", "TestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
