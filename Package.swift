// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "PeerDesk",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "peerdesk", targets: ["PeerDeskCLI"]),
        .executable(name: "peerdesk-bench", targets: ["PeerDeskBench"]),
        .library(name: "PeeringModel", targets: ["PeeringModel"]),
        .library(name: "Intake", targets: ["Intake"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "Validation", targets: ["Validation"]),
        .library(name: "Runbook", targets: ["Runbook"]),
        .library(name: "Replies", targets: ["Replies"]),
        .library(name: "Web", targets: ["Web"]),
        .library(name: "Provisioning", targets: ["Provisioning"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", exact: "2.1.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", exact: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", exact: "2.5.0"),
        // Hummingbird's own dependencies, named for the few types the web app uses directly
        // (header names, the channel of a request); pinned to the versions Hummingbird resolves.
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", exact: "1.0.2"),
    ],
    targets: [
        .target(name: "PeeringModel"),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        // glibc's memmem, which the Glibc module does not declare (MIME boundaries are found with it).
        .target(name: "CByteSearch"),
        .target(
            name: "Intake",
            dependencies: ["PeeringModel", "CLibXML2", "CByteSearch"]
        ),
        .target(
            name: "Registry",
            dependencies: [
                "PeeringModel",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(name: "Validation", dependencies: ["PeeringModel", "Registry"]),
        .target(
            name: "Runbook",
            dependencies: [
                "PeeringModel", "Registry", "Validation", "Intake",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Replies",
            dependencies: [
                "PeeringModel", "Registry", "Runbook",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        .target(
            name: "Web",
            dependencies: [
                "PeeringModel", "Registry", "Runbook", "Replies", "Intake", "Provisioning",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Executing a ticket's peering in AWS through the AWS CLI (plan, apply, verify).
        .target(
            name: "Provisioning",
            dependencies: [
                "PeeringModel", "Registry", "Runbook",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ]
        ),
        .executableTarget(
            name: "PeerDeskCLI",
            dependencies: [
                "PeeringModel", "Intake", "Registry", "Validation", "Runbook", "Replies", "Web", "Provisioning",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `make bench`: corpus generator, in-process intake timing, and the driver of the
        // peerdesk and Python reference processes (an executable no test depends on).
        .executableTarget(name: "PeerDeskBench", dependencies: ["Intake", "PeeringModel"]),
        .testTarget(
            name: "PeeringModelTests",
            dependencies: [
                "PeeringModel",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]
        ),
        .testTarget(name: "IntakeTests", dependencies: ["Intake"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RegistryTests",
            dependencies: ["Registry", "PeeringModel", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "ValidationTests", dependencies: ["Validation", "PeeringModel"]),
        // What the Runbook and CLI tests share: the in-memory desk, the built-binary runner, the
        // fixtures (once, not copied per test target).
        .target(
            name: "DeskTestSupport",
            dependencies: ["Runbook", "PeeringModel", "Intake", "Registry", "Validation", "Provisioning"],
            path: "Tests/DeskTestSupport"
        ),
        .testTarget(
            name: "RunbookTests",
            dependencies: [
                "Runbook", "PeeringModel", "Intake", "Registry", "Validation", "DeskTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "RepliesTests",
            dependencies: ["Replies", "Runbook", "PeeringModel", "Intake"],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "WebTests",
            dependencies: [
                "Web", "Runbook", "Registry", "PeeringModel", "Provisioning", "DeskTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "ProvisioningTests",
            dependencies: ["Provisioning", "PeerDeskCLI", "Runbook", "Registry", "PeeringModel", "DeskTestSupport"]
        ),
        .testTarget(name: "PeerDeskCLITests", dependencies: ["PeerDeskCLI", "DeskTestSupport"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6]
)

// `make fuzz` only (Scripts/fuzz.sh sets PEERDESK_FUZZ=1 and builds in .build-fuzz): the intake
// modules and one libFuzzer executable per entry in Fuzz/, with no package to fetch. `swift
// build`, `make test` and CI never see these targets.
if Context.environment["PEERDESK_FUZZ"] == "1" {
    let intakeModules: Set<String> = ["PeeringModel", "CLibXML2", "CByteSearch", "Intake"]
    package.products = []
    package.dependencies = []
    package.targets = package.targets.filter { intakeModules.contains($0.name) }
    package.targets.append(.target(name: "CFuzzerDriver", path: "Fuzz/CFuzzerDriver"))
    package.targets.append(.target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"], path: "Fuzz/FuzzSupport"))
    for name in ["FuzzMIME", "FuzzHeaders", "FuzzCSV", "FuzzJSON", "FuzzXML", "FuzzHTML", "FuzzExtraction"] {
        package.targets.append(
            .executableTarget(
                name: name,
                dependencies: ["FuzzSupport", "Intake", "PeeringModel"],
                path: "Fuzz/\(name)"
            )
        )
    }
}

// One place for the settings every target of ours shares (dependencies are not touched).
for target in package.targets where target.type != .system {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("InternalImportsByDefault"))
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    settings.append(.treatAllWarnings(as: .error))
    target.swiftSettings = settings
}
