// swift-tools-version:6.2
import PackageDescription

/// Every target builds in Swift 6 language mode with strict concurrency and no warnings.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "aurora-gateway",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "aurora-gateway", targets: ["aurora-gateway"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-ssh.git", from: "0.15.1"),
    ],
    targets: [
        // MARK: - C libraries, each behind one system-library target with a shim header
        .systemLibrary(name: "CGSSAPI", providers: [.apt(["libkrb5-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CLDAP", providers: [.apt(["libldap-dev"])]),

        // MARK: - The scheduler path
        .target(name: "AuroraThrift", swiftSettings: strict),
        .target(name: "Kerberos", dependencies: ["CGSSAPI"], swiftSettings: strict),
        .target(name: "HTTPTransport", dependencies: ["CCurl"], swiftSettings: strict),
        .target(
            name: "SchedulerClient",
            dependencies: [
                "AuroraThrift", "Kerberos", "HTTPTransport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "AuroraSimulator",
            dependencies: [
                "AuroraThrift", "Kerberos",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strict
        ),

        // MARK: - The gateway
        .target(
            name: "GatewayCore",
            dependencies: [
                "AuroraThrift", "SchedulerClient",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(name: "Directory", dependencies: ["GatewayCore", "CLDAP", "HTTPTransport"], swiftSettings: strict),
        .target(
            name: "Sandbox",
            dependencies: [
                "GatewayCore", "HTTPTransport",
                .product(name: "NIOSSH", package: "swift-nio-ssh"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "GatewayStore",
            dependencies: ["GatewayCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .target(
            name: "GatewayAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            // Generated code only: its `public import`s of Foundation in files that do not need them would each warn.
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "GatewayServer",
            dependencies: [
                "GatewayCore", "GatewayStore", "Directory", "SchedulerClient", "Kerberos", "HTTPTransport", "AuroraSimulator",
                "GatewayAPI", "Sandbox",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "aurora-gateway",
            dependencies: [
                "GatewayServer", "GatewayCore", "GatewayStore", "AuroraSimulator", "SchedulerClient",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // MARK: - Benchmarks (bench/run builds these in release mode)
        .executableTarget(
            name: "aurora-gateway-bench",
            dependencies: ["AuroraThrift", "Kerberos", "SchedulerClient", "AuroraSimulator", "HTTPTransport", "GatewayCore", "GatewayStore",
                           "GatewayServer", .product(name: "Hummingbird", package: "hummingbird"), .product(name: "Logging", package: "swift-log")],
            path: "bench/Sources/aurora-gateway-bench",
            swiftSettings: strict
        ),

        // MARK: - Tests
        .target(name: "TestSupport", path: "Tests/Support", swiftSettings: strict),
        .testTarget(name: "AuroraThriftTests", dependencies: ["AuroraThrift"], swiftSettings: strict),
        .testTarget(
            name: "SandboxTests",
            dependencies: ["Sandbox", "GatewayCore", "TestSupport", .product(name: "NIOSSH", package: "swift-nio-ssh")],
            swiftSettings: strict
        ),
        .testTarget(name: "KerberosTests", dependencies: ["Kerberos", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPTransportTests", dependencies: ["HTTPTransport", "TestSupport", .product(name: "Hummingbird", package: "hummingbird")], swiftSettings: strict),
        .testTarget(
            name: "SchedulerClientTests",
            dependencies: [
                "SchedulerClient", "AuroraSimulator", "AuroraThrift", "Kerberos", "HTTPTransport", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "AuroraSimulatorTests",
            dependencies: [
                "AuroraSimulator", "AuroraThrift", "Kerberos", "GatewayCore",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "GatewayCoreTests", dependencies: ["GatewayCore", "AuroraThrift", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "GatewayStoreTests",
            dependencies: ["GatewayStore", "GatewayCore", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "DirectoryTests",
            dependencies: ["Directory", "GatewayCore", "HTTPTransport", "TestSupport", .product(name: "Hummingbird", package: "hummingbird")],
            swiftSettings: strict
        ),
        .testTarget(
            name: "GatewayServerTests",
            dependencies: [
                "GatewayServer", "GatewayCore", "GatewayStore", "SchedulerClient", "HTTPTransport", "TestSupport", "AuroraSimulator",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "EndToEndTests", dependencies: ["AuroraThrift", "AuroraSimulator", "TestSupport", "aurora-gateway"], swiftSettings: strict),
    ]
)
