// swift-tools-version:6.1
import PackageDescription

/// connectd: a local-first "keep in touch" daemon (connectd) and its client (connectctl).
/// Imports point one way: executables -> daemon/client -> protocol/store/systemd -> core.
let package = Package(
    name: "connectd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "connectd", targets: ["connectd"]),
        .executable(name: "connectctl", targets: ["connectctl"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(name: "ConnectCore"),
        .target(name: "ConnectSimulation", dependencies: ["ConnectCore"]),
        .target(name: "ConnectStore", dependencies: [
            "ConnectCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "ConnectProtocol"),
        .target(name: "ConnectSystemd", dependencies: ["CSystemd"]),
        .target(name: "ConnectClient", dependencies: ["ConnectProtocol"]),
        .target(name: "ConnectDaemon", dependencies: [
            "ConnectCore", "ConnectStore", "ConnectProtocol", "ConnectSystemd", "TOMLKit",
        ]),
        .executableTarget(name: "connectd", dependencies: [
            "ConnectDaemon", "ConnectSimulation", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(
            name: "connectctl",
            dependencies: ["ConnectClient", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // A one-shot client: linking the Swift runtime statically saves the dynamic loader's work.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-l_FoundationCShims", "-lswiftSynchronization", "-l_FoundationCollections"], .when(platforms: [.linux], configuration: .release))]),
        .testTarget(name: "ConnectCoreTests", dependencies: ["ConnectCore"]),
        .testTarget(name: "ConnectSimulationTests", dependencies: ["ConnectSimulation"]),
        .testTarget(name: "ConnectStoreTests", dependencies: ["ConnectStore"]),
        .testTarget(name: "ConnectProtocolTests", dependencies: ["ConnectProtocol"]),
        .testTarget(name: "ConnectDaemonTests", dependencies: ["ConnectDaemon", "ConnectCore"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ConnectProtocol", "ConnectStore"], exclude: ["varlink_peer.py", "fake_notification_server.py"]),
    ],
    swiftLanguageModes: [.v5]
)
