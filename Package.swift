// swift-tools-version:6.1
import PackageDescription

// Products of the dependencies, named once.
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let hummingbirdCore: Target.Dependency = .product(name: "HummingbirdCore", package: "hummingbird")
let hummingbirdTesting: Target.Dependency = .product(name: "HummingbirdTesting", package: "hummingbird")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioHTTPTypes: Target.Dependency = .product(name: "NIOHTTPTypes", package: "swift-nio-extras")
let httpTypes: Target.Dependency = .product(name: "HTTPTypes", package: "swift-http-types")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let jwtKit: Target.Dependency = .product(name: "JWTKit", package: "jwt-kit")
let yams: Target.Dependency = .product(name: "Yams", package: "Yams")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let histogram: Target.Dependency = .product(name: "Histogram", package: "hdrhistogram-swift")

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
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        // swift-configuration support is not used (config is Yams-based): the trait is left off.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
    ],
    targets: [
        // C libraries, found through pkg-config; apt names them for a fresh Debian machine.
        .systemLibrary(name: "CHiredis", pkgConfig: "hiredis", providers: [.apt(["libhiredis-dev"]), .brew(["hiredis"])]),
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka", providers: [.apt(["librdkafka-dev"]), .brew(["librdkafka"])]),
        .systemLibrary(
            name: "CMariaDB", pkgConfig: "libmariadb", providers: [.apt(["libmariadb-dev"]), .brew(["mariadb-connector-c"])]),

        // Swift wrappers: the C modules are imported internally only; each client is a Service.
        .target(name: "RediclaimRedis", dependencies: ["CHiredis", nioCore, nioPosix, logging, lifecycle]),
        .target(name: "RediclaimKafka", dependencies: ["CRdKafka", logging, lifecycle]),
        .target(name: "RediclaimMySQL", dependencies: ["CMariaDB", logging, lifecycle]),

        // One fast flat-JSON reader and one byte writer, for HTTP bodies and Kafka messages alike.
        .target(name: "RediclaimJSON"),

        // Pure Swift domain rules: no C, no servers.
        .target(name: "RediclaimCore", dependencies: ["RediclaimJSON"]),

        // Who is asking: verifying the shop's JWTs (jwt-kit), and minting development tokens.
        .target(name: "RediclaimIdentity", dependencies: ["RediclaimCore", jwtKit, logging]),

        // Where state lives: MySQL schema and event definitions, the Redis waiting room and its Lua scripts.
        .target(
            name: "RediclaimStore",
            dependencies: ["RediclaimCore", "RediclaimJSON", "RediclaimRedis", "RediclaimMySQL", crypto, logging],
            // The Lua scripts sit beside their typed commands; only the .lua files are resources.
            resources: [
                .copy("Migrations"), .process("Scripts/prelude.lua"), .process("Scripts/enqueue.lua"),
                .process("Scripts/rank.lua"), .process("Scripts/release.lua"), .process("Scripts/claim_pending.lua"),
                .process("Scripts/record_result.lua"), .process("Scripts/publish.lua"), .process("Scripts/runtime_check.lua"),
                .process("Scripts/begin_recovery.lua"), .process("Scripts/restore_finals.lua"), .process("Scripts/finish_recovery.lua"),
                .process("Scripts/begin_shuffle.lua"), .process("Scripts/place_cohort.lua"),
            ]),

        // The one configuration model all three executables read.
        .target(name: "RediclaimConfig", dependencies: [yams, argumentParser, logging]),

        // Settings to bridge clients, shared by the three executables.
        .target(
            name: "RediclaimRuntime", dependencies: ["RediclaimConfig", "RediclaimStore", "RediclaimRedis", "RediclaimMySQL", "RediclaimKafka"]),

        // Health, readiness and Prometheus endpoints shared by the gate and the issuer.
        .target(name: "RediclaimOps", dependencies: [hummingbird, prometheus]),

        // The issuer: Kafka consumer group to MySQL, results back to Kafka, DLQ.
        .target(
            name: "RediclaimIssuer",
            dependencies: [
                "RediclaimCore", "RediclaimConfig", "RediclaimStore", "RediclaimRuntime", "RediclaimOps", "RediclaimKafka",
                "RediclaimMySQL", hummingbird, prometheus, lifecycle, logging,
            ]),

        // The gate: HTTP waiting room, identity, tickets, rate limits, release ticker, result consumer.
        .target(
            name: "RediclaimGate",
            dependencies: [
                "RediclaimCore", "RediclaimJSON", "RediclaimConfig", "RediclaimIdentity", "RediclaimStore", "RediclaimRuntime",
                "RediclaimOps", "RediclaimRedis", "RediclaimKafka", "RediclaimMySQL", hummingbird, hummingbirdCore, nioCore,
                nioHTTPTypes, httpTypes, crypto, prometheus, lifecycle, logging,
            ],
            // The waiting-room page's files (HTML, JS, CSS, one text file per language), served as they are.
            resources: [.copy("Page/Assets")]),

        .executableTarget(name: "rediclaim-gate", dependencies: ["RediclaimGate", "RediclaimConfig", "RediclaimKafka", nioCore, nioPosix, argumentParser, logging]),
        .executableTarget(
            name: "rediclaim-issuer",
            dependencies: ["RediclaimIssuer", "RediclaimConfig", "RediclaimCore", "RediclaimKafka", "RediclaimRuntime", argumentParser, logging]),

        // The operator's commands, a library so tests reach them.
        .target(
            name: "RediclaimCtl",
            dependencies: [
                "RediclaimCore", "RediclaimConfig", "RediclaimIdentity", "RediclaimStore", "RediclaimRuntime", "RediclaimRedis",
                "RediclaimMySQL", "RediclaimKafka", argumentParser, yams, logging,
            ]),
        .executableTarget(name: "rediclaimctl", dependencies: ["RediclaimCtl"]),

        // Simulated users over HTTP for spikes past what k6 reaches on two cores (NIO, HDR histograms).
        .target(name: "RediclaimLoad", dependencies: [nioCore, nioPosix, crypto, histogram]),
        .executableTarget(
            name: "rediclaim-bench",
            dependencies: [
                "RediclaimRedis", "RediclaimKafka", "RediclaimMySQL", "RediclaimLoad", "RediclaimStore", "RediclaimCore", jwtKit, argumentParser,
                logging,
            ]),

        // Shared test plumbing: where the local stack listens, unique names per test.
        .target(
            name: "TestSupport",
            dependencies: [
                "RediclaimCore", "RediclaimStore", "RediclaimRedis", "RediclaimMySQL", "RediclaimKafka", "RediclaimConfig",
                "RediclaimIssuer", logging, prometheus, lifecycle,
            ],
            path: "Tests/TestSupport"),

        .testTarget(name: "RediclaimJSONTests", dependencies: ["RediclaimJSON"]),
        .testTarget(name: "RediclaimLoadTests", dependencies: ["RediclaimLoad", "RediclaimIdentity", nioCore, logging]),
        .testTarget(name: "RediclaimCoreTests", dependencies: ["RediclaimCore"]),
        .testTarget(name: "RediclaimConfigTests", dependencies: ["RediclaimConfig"]),
        .testTarget(name: "RediclaimIdentityTests", dependencies: ["RediclaimIdentity", jwtKit, logging]),
        .testTarget(
            name: "RediclaimStoreTests",
            dependencies: ["RediclaimStore", "RediclaimCore", "RediclaimMySQL", "RediclaimRedis", "TestSupport"]),
        .testTarget(
            name: "RediclaimIssuerTests",
            dependencies: [
                "RediclaimIssuer", "RediclaimStore", "RediclaimKafka", "RediclaimMySQL", "RediclaimConfig", "RediclaimCore",
                "TestSupport", logging, prometheus,
            ]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["RediclaimConfig", "RediclaimCore", "RediclaimIdentity", "RediclaimKafka", "RediclaimRedis", "TestSupport"]),
        .testTarget(
            name: "RediclaimCtlTests",
            dependencies: [
                "RediclaimCtl", "RediclaimStore", "RediclaimKafka", "RediclaimGate", "RediclaimConfig", "RediclaimCore",
                "RediclaimMySQL", "RediclaimRedis", "RediclaimRuntime", "TestSupport", logging,
            ]),
        .testTarget(
            name: "RediclaimGateTests",
            dependencies: [
                "RediclaimGate", "RediclaimStore", "RediclaimKafka", "RediclaimRedis", "RediclaimConfig", "RediclaimCore",
                "RediclaimOps", "RediclaimIdentity", "RediclaimMySQL", "TestSupport", hummingbirdTesting, hummingbird, httpTypes, nioCore,
                prometheus, logging, lifecycle,
            ]),
        .testTarget(name: "RediclaimRedisTests", dependencies: ["RediclaimRedis", "TestSupport", logging]),
        .testTarget(name: "RediclaimKafkaTests", dependencies: ["RediclaimKafka", "TestSupport", logging]),
        .testTarget(name: "RediclaimMySQLTests", dependencies: ["RediclaimMySQL", "TestSupport", logging]),
        .testTarget(name: "DeploymentTests", dependencies: ["RediclaimConfig", "RediclaimCtl", "RediclaimGate", "TestSupport", argumentParser]),
    ],
    swiftLanguageModes: [.v6]
)
