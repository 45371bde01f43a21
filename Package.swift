// swift-tools-version:6.1
import PackageDescription

/// Upcoming features every target of ours builds with (as Hummingbird does). CI sets COURSED_WARNINGS_AS_ERRORS
/// so that warnings fail our targets only (`-Xswiftc` would reach the dependencies too).
var strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
if Context.environment["COURSED_WARNINGS_AS_ERRORS"] != nil {
    strictSettings.append(.unsafeFlags(["-warnings-as-errors"]))
}

let package = Package(
    name: "coursed",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "coursed", targets: ["coursed"]),
        .library(name: "CoreSupport", targets: ["CoreSupport"]),
        .library(name: "CourseDomain", targets: ["CourseDomain"]),
        .library(name: "Persistence", targets: ["Persistence"]),
        .library(name: "HealthKitCore", targets: ["HealthKitCore"]),
        .library(name: "Observability", targets: ["Observability"]),
        .library(name: "PostgresAdapter", targets: ["PostgresAdapter"]),
        .library(name: "RedisAdapter", targets: ["RedisAdapter"]),
        .library(name: "CurlHTTPClient", targets: ["CurlHTTPClient"]),
        .library(name: "AIProviders", targets: ["AIProviders"]),
        .library(name: "ObjectStorage", targets: ["ObjectStorage"]),
        .library(name: "HTTPAPI", targets: ["HTTPAPI"]),
        .library(name: "CoursedApp", targets: ["CoursedApp"]),
        .library(name: "RealtimeAdapter", targets: ["RealtimeAdapter"]),
        .library(name: "MediaAdapter", targets: ["MediaAdapter"]),
    ],
    dependencies: [
        .package(
            url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    ],
    targets: [
        // MARK: Pure cores
        .target(name: "CoreSupport", swiftSettings: strictSettings),
        .target(name: "CourseDomain", dependencies: ["CoreSupport"], swiftSettings: strictSettings),
        .target(name: "Persistence", dependencies: ["CoreSupport", "CourseDomain"], swiftSettings: strictSettings),
        .target(name: "HealthKitCore", dependencies: ["CoreSupport"], swiftSettings: strictSettings),
        .target(
            name: "Observability",
            dependencies: [
                "CoreSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),

        // MARK: C libraries of the real systems
        .systemLibrary(
            name: "CLibPQ", path: "Sources/Adapters/CLibPQ", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .systemLibrary(
            name: "CHiredis", path: "Sources/Adapters/CHiredis", pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "CCurlShim", path: "Sources/Adapters/CCurlShim",
            linkerSettings: [.linkedLibrary("curl")]
        ),

        // MARK: Adapters, one per real system
        .target(
            name: "PostgresAdapter",
            dependencies: [
                "CLibPQ", "CoreSupport", "CourseDomain", "Persistence", "HealthKitCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            path: "Sources/Adapters/PostgresAdapter",
            swiftSettings: strictSettings
        ),
        .target(
            name: "RedisAdapter",
            dependencies: [
                "CHiredis", "CoreSupport", "CourseDomain", "Persistence", "HealthKitCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Sources/Adapters/RedisAdapter",
            swiftSettings: strictSettings
        ),
        .target(
            name: "CurlHTTPClient",
            dependencies: [
                "CCurlShim", "CoreSupport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Adapters/CurlHTTPClient",
            swiftSettings: strictSettings
        ),
        .target(
            name: "AIProviders",
            dependencies: [
                "CoreSupport", "CurlHTTPClient", "CourseDomain", "HealthKitCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Sources/Adapters/AIProviders",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ObjectStorage",
            dependencies: [
                "CoreSupport", "CurlHTTPClient", "CourseDomain",
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            path: "Sources/Adapters/ObjectStorage",
            swiftSettings: strictSettings
        ),
        .target(
            name: "MediaAdapter",
            dependencies: ["CoreSupport", "CourseDomain"],
            path: "Sources/Adapters/MediaAdapter",
            swiftSettings: strictSettings
        ),
        .target(
            name: "HTTPAPI",
            dependencies: [
                "CoreSupport", "CourseDomain", "HealthKitCore", "Observability",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            path: "Sources/Adapters/HTTPAPI",
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: strictSettings
        ),

        .target(
            name: "RealtimeAdapter",
            dependencies: [
                "CoreSupport", "CourseDomain", "HTTPAPI", "HealthKitCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
            ],
            path: "Sources/Adapters/RealtimeAdapter",
            swiftSettings: strictSettings
        ),

        // MARK: Composition and the executable
        .target(
            name: "CoursedApp",
            dependencies: [
                "CoreSupport", "CourseDomain", "Persistence", "HealthKitCore", "Observability",
                "HTTPAPI", "CurlHTTPClient", "AIProviders", "PostgresAdapter", "RedisAdapter", "ObjectStorage",
                "RealtimeAdapter", "MediaAdapter",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "coursed", dependencies: ["CoursedApp"], swiftSettings: strictSettings),

        // MARK: Tests
        .target(
            name: "RepositoryContract",
            dependencies: ["CourseDomain"],
            path: "Tests/RepositoryContract",
            swiftSettings: strictSettings
        ),
        .target(
            name: "VideoQueueContract",
            dependencies: ["CourseDomain"],
            path: "Tests/VideoQueueContract",
            swiftSettings: strictSettings
        ),
        .target(
            name: "LogTestSupport",
            dependencies: [.product(name: "Logging", package: "swift-log")],
            path: "Tests/LogTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ProcessTestSupport",
            path: "Tests/ProcessTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ClockTestSupport",
            path: "Tests/ClockTestSupport",
            swiftSettings: strictSettings
        ),
        .target(
            name: "PostgresTestSupport",
            path: "Tests/PostgresTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CoreSupportTests", dependencies: ["CoreSupport"], swiftSettings: strictSettings),
        .testTarget(name: "CourseDomainTests", dependencies: ["CourseDomain"], swiftSettings: strictSettings),
        .testTarget(
            name: "PersistenceTests",
            dependencies: [
                "Persistence", "CourseDomain", "RepositoryContract", "ClockTestSupport", "VideoQueueContract",
            ],
            exclude: ["Migrations/Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HealthKitCoreTests", dependencies: ["HealthKitCore", "ClockTestSupport"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: [
                "CoreSupport", "Observability", "LogTestSupport", "ProcessTestSupport",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PostgresAdapterTests",
            dependencies: [
                "PostgresAdapter", "Persistence", "CourseDomain", "HealthKitCore", "RepositoryContract",
                "PostgresTestSupport", "VideoQueueContract", "ProcessTestSupport",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RedisAdapterTests",
            dependencies: [
                "RedisAdapter", "Persistence", "CourseDomain", "HealthKitCore", "ProcessTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AIProvidersTests",
            dependencies: [
                "AIProviders", "CurlHTTPClient", "CourseDomain", "HealthKitCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ObjectStorageTests",
            dependencies: [
                "ObjectStorage", "CoreSupport", "CurlHTTPClient", "ProcessTestSupport", "CourseDomain",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "MediaAdapterTests",
            dependencies: ["MediaAdapter", "CourseDomain", "Persistence"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "HTTPAPITests",
            dependencies: [
                "HTTPAPI", "CourseDomain", "RealtimeAdapter", "Persistence", "HealthKitCore", "Observability",
                "LogTestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Instrumentation", package: "swift-distributed-tracing"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RealtimeAdapterTests",
            dependencies: [
                "RealtimeAdapter", "CourseDomain", "HTTPAPI", "ProcessTestSupport",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CoursedAppTests",
            dependencies: [
                "CoursedApp", "CourseDomain", "Persistence", "HealthKitCore", "CurlHTTPClient", "PostgresAdapter",
                "RedisAdapter", "PostgresTestSupport", "ProcessTestSupport", "LogTestSupport", "Observability",
                "HTTPAPI",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
