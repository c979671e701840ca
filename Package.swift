// swift-tools-version:6.1
import PackageDescription

/// connectd: a local-first "keep in touch" daemon (connectd) and its client (connectctl).
/// Imports point one way (see ARCHITECTURE.md): executables -> ConnectDaemon / ConnectClient ->
/// ConnectServices -> ConnectStore -> ConnectCore -> ConnectTime; ConnectProtocol and
/// ConnectJSON are shared by daemon and client; ConnectSystemd wraps libsystemd.
let package = Package(
    name: "connectd",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "connectd", targets: ["connectd"]),
        .executable(name: "connectctl", targets: ["connectctl"]),
        .executable(name: "connectd-mcp", targets: ["connectd-mcp"]),
        .executable(name: "connectd-feeds", targets: ["connectd-feeds"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(name: "CSystemd", pkgConfig: "libsystemd", providers: [.apt(["libsystemd-dev"])]),
        .target(name: "ConnectTime"),
        .target(name: "ConnectJSON"),
        .target(name: "ConnectTOML"),
        .target(name: "CLinux"),
        .target(name: "ConnectUnix", dependencies: ["CLinux"]),
        .target(name: "ConnectCore", dependencies: ["ConnectTime"]),
        .target(name: "ConnectSimulation", dependencies: ["ConnectCore", "ConnectStore", "ConnectServices"]),
        .target(name: "ConnectInterchange", dependencies: ["ConnectCore", "ConnectTime", "ConnectJSON"]),
        // The wire: io.connectd.varlink is the source; Tests/generate-wire makes Interface.generated.swift.
        .target(name: "ConnectProtocol", dependencies: ["ConnectJSON", "ConnectTime"],
                exclude: ["io.connectd.varlink", "org.varlink.service.varlink"]),
        .target(name: "ConnectStore", dependencies: [
            "ConnectCore", "ConnectTime", "ConnectJSON", "ConnectUnix",
            .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "ConnectServices", dependencies: ["ConnectCore", "ConnectTime", "ConnectStore", "ConnectInterchange"]),
        .target(name: "ConnectSystemd", dependencies: ["CSystemd"]),
        .target(name: "ConnectClient", dependencies: ["ConnectProtocol", "ConnectJSON", "ConnectTime", "ConnectUnix"]),
        .target(name: "ConnectDaemon", dependencies: [
            "ConnectCore", "ConnectTime", "ConnectJSON", "ConnectUnix", "ConnectStore", "ConnectServices", "ConnectProtocol",
            "ConnectSystemd", "ConnectTOML",
        ]),
        .executableTarget(
            name: "connectd",
            dependencies: [
                "ConnectDaemon", "ConnectCore", "ConnectTime", "ConnectSimulation", "ConnectProtocol", "ConnectInterchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // A read-only GOT (full RELRO): every symbol bound at start, once, as Debian's hardening asks.
            linkerSettings: [.unsafeFlags(["-Xlinker", "-z", "-Xlinker", "relro", "-Xlinker", "-z", "-Xlinker", "now"],
                                          .when(platforms: [.linux], configuration: .release))]),
        // The Model Context Protocol server: a client of the daemon's socket, in its own executable so
        // that connectctl stays small and quick (`connectctl mcp` runs it).
        .target(name: "ConnectMCP", dependencies: [
            "ConnectClient", "ConnectProtocol", "ConnectJSON", "ConnectCore", .product(name: "MCP", package: "swift-sdk"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        // The SDK imports FoundationNetworking (its HTTP transports, unused here); statically linked
        // (release, --static-swift-stdlib) that needs libcurl named.
        .executableTarget(name: "connectd-mcp", dependencies: ["ConnectMCP"],
                          linkerSettings: [.linkedLibrary("curl", .when(platforms: [.linux], configuration: .release)),
                                           .unsafeFlags(["-Xlinker", "-z", "-Xlinker", "relro", "-Xlinker", "-z", "-Xlinker", "now"],
                                                        .when(platforms: [.linux], configuration: .release))]),
        // The feed fetcher: HTTP (libcurl) and XML (Foundation's XMLParser) in their own library
        // and executable, run outside the daemon's sandbox; the daemon links neither.
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "ConnectFeeds", dependencies: ["ConnectCore", "ConnectTime", "CCurl"]),
        .executableTarget(name: "connectd-feeds", dependencies: ["ConnectFeeds", "ConnectClient", "ConnectProtocol", "ConnectJSON", "ConnectTime"],
                          linkerSettings: [.linkedLibrary("xml2", .when(platforms: [.linux], configuration: .release))]),
        .executableTarget(
            name: "connectctl",
            dependencies: ["ConnectClient", "ConnectProtocol", "ConnectJSON", "ConnectTime", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            // A one-shot client starts faster without the dynamic loader: 0.8 ms instead of 2.1 ms
            // for a Swift hello world here. Release builds only; the debug build stays dynamic.
            // -static-stdlib and the libraries static Foundation needs, named, so that a plain
            // `swift build -c release` (what packagers type) links it too, not only the README's
            // `--static-swift-stdlib`, with which the driver finds them itself.
            linkerSettings: [.unsafeFlags(["-static-stdlib", "-static-executable", "-lFoundationEssentials", "-l_FoundationCollections",
                                           "-l_FoundationCShims", "-lswiftSynchronization", "-lswift_StringProcessing", "-lswift_RegexParser"],
                                          .when(platforms: [.linux], configuration: .release))]),
        .testTarget(name: "ConnectTimeTests", dependencies: ["ConnectTime"]),
        .testTarget(name: "ConnectFeedsTests", dependencies: ["ConnectFeeds"]),
        .testTarget(name: "ConnectCoreTests", dependencies: ["ConnectCore", "ConnectTime"]),
        .testTarget(name: "ConnectSimulationTests", dependencies: ["ConnectSimulation", "ConnectCore", "ConnectTime", "ConnectStore"]),
        .testTarget(name: "ConnectJSONTests", dependencies: ["ConnectJSON"]),
        .testTarget(name: "ConnectTOMLTests", dependencies: ["ConnectTOML"]),
        .testTarget(name: "ConnectInterchangeTests", dependencies: ["ConnectInterchange", "ConnectCore"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConnectStoreTests", dependencies: [
            "ConnectStore", "ConnectCore", .product(name: "GRDB", package: "GRDB.swift"),
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "ConnectProtocolTests", dependencies: ["ConnectProtocol", "ConnectJSON", "ConnectTime"]),
        .testTarget(name: "ConnectDaemonTests", dependencies: [
            "ConnectDaemon", "ConnectServices", "ConnectStore", "ConnectCore", "ConnectTime", "ConnectProtocol", "ConnectJSON",
            "ConnectInterchange",
        ]),
        .testTarget(name: "ConnectctlTests", dependencies: ["connectctl"]),
        .testTarget(name: "EndToEndTests", dependencies: ["ConnectProtocol", "ConnectStore", "ConnectCore", "ConnectJSON"],
                    exclude: ["varlink_peer.py", "fake_notification_server.py", "fake_login1.py", "smtp_sink.py", "mcp_client.py", "notmuch_mailbox.py", "Golden"]),
    ],
    swiftLanguageModes: [.v6]
)

// The fuzz target exists only for Tests/Fuzz/run (CONNECTD_FUZZ=1): libFuzzer supplies its main,
// so an ordinary `swift build` must never try to link it.
if Context.environment["CONNECTD_FUZZ"] == "1" {
    package.targets.append(.executableTarget(
        name: "connectd-fuzz",
        dependencies: ["ConnectDaemon", "ConnectServices", "ConnectStore", "ConnectCore", "ConnectTime", "ConnectProtocol", "ConnectJSON",
                       "ConnectSystemd", "ConnectTOML", "ConnectInterchange"],
        path: "Tests/Fuzz",
        exclude: ["run", "corpus"],
        swiftSettings: [.unsafeFlags(["-parse-as-library", "-sanitize=fuzzer"])],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer"])]))
}
