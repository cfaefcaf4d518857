// swift-tools-version: 6.2
// gitsops: encrypted Kubernetes secrets in git (a git filter and a kubectl plugin over the SOPS format).

import PackageDescription

let package = Package(
    name: "gitsops",
    // Linux only (Debian 12 is what CI runs): the code imports Glibc and reads /proc.
    products: [
        .executable(name: "gitsops", targets: ["gitsops"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // System libraries from Debian (libgit2-dev, libssl-dev, libcurl4-openssl-dev).
        // CGit2 is headers only too: Repository loads libgit2 with dlopen when it opens a repository.
        .systemLibrary(name: "CGit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        // CCurl is headers only: HTTP loads libcurl with dlopen on the first request (see its shim.h).
        .systemLibrary(name: "CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // statfs(2), which Swift's Glibc module does not export (header only, from libc6-dev).
        .systemLibrary(name: "CStatfs"),

        // Layers, bottom up (see docs/architecture.md).
        .target(name: "Diagnostics"),
        // The system layer, the only module that imports Glibc: files, atomic replacement, descriptors,
        // child processes, the tmpfs workspace with signal cleanup, dlopen, the clock and the calendar.
        .target(name: "Platform", dependencies: [
            "CStatfs", "Diagnostics",
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "Subprocess", package: "swift-subprocess"),
        ]),
        .target(name: "TextEncoding"),
        .target(name: "Crypto", dependencies: ["COpenSSL", "Diagnostics", "TextEncoding"]),
        // age as filippo.io/age: recipients, identities, header, STREAM, armor, Bech32, SSH, plugins.
        .target(name: "Age", dependencies: ["Crypto", "TextEncoding", "Diagnostics", "Platform",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "LosslessYAML", dependencies: ["Diagnostics", "TextEncoding"]),
        // A JSON parser for hostile input whose strings are zeroed with the document (responses, kubectl output).
        .target(name: "JSON", dependencies: ["Crypto", "TextEncoding"]),
        .target(name: "HTTP", dependencies: ["TextEncoding", "CCurl", "Crypto", "Diagnostics", "Platform", "JSON"]),
        .target(name: "KeySources", dependencies: ["TextEncoding", "Age", "Crypto", "HTTP", "JSON", "Diagnostics", "Platform",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "Sops", dependencies: ["TextEncoding", "LosslessYAML", "KeySources", "Crypto", "Diagnostics", "Platform"]),
        .target(name: "Repository", dependencies: ["CGit2", "Diagnostics", "TextEncoding", "Platform"]),
        // git's long-running filter protocol (pkt-lines, session, server, delayed smudges): knows no sops.
        .target(name: "FilterProtocol", dependencies: [
            "Diagnostics", "Platform", "TextEncoding",
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "GitFilter", dependencies: [
            "FilterProtocol", "Repository", "Sops", "Crypto", "Diagnostics", "Platform", "TextEncoding",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        .target(name: "KubectlPlugin", dependencies: ["TextEncoding",
            "GitFilter", "Repository", "Sops", "Diagnostics", "LosslessYAML", "KeySources", "JSON", "Crypto", "Platform",
            .product(name: "Subprocess", package: "swift-subprocess"),
            .product(name: "SystemPackage", package: "swift-system"),
        ]),
        // Sealed Secrets, ESO push and AWS Secrets Manager, above the plugin.
        .target(name: "Bridges", dependencies: ["KubectlPlugin", "KeySources", "Repository", "LosslessYAML", "HTTP",
                                                "Crypto", "TextEncoding", "Diagnostics", "Platform"]),
        .target(name: "GitsopsCLI", dependencies: [
            "GitFilter", "FilterProtocol", "KubectlPlugin", "Bridges", "Age", "Sops", "KeySources", "Repository",
            "Diagnostics", "Platform",
            .product(name: "SystemPackage", package: "swift-system"),
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Subprocess", package: "swift-subprocess"),
        ], plugins: ["BuildInfo"]),
        // BuildInfo.swift for GitsopsCLI before every build: VERSION and the commit (`gitsops --version`).
        .plugin(name: "BuildInfo", capability: .buildTool(), exclude: ["build-info.sh"]),
        .executableTarget(name: "gitsops", dependencies: ["GitsopsCLI"]),
        // Benchmarks (bench/*.sh); not part of the product.
        .executableTarget(name: "yaml-bench", dependencies: ["LosslessYAML"], path: "bench/yaml-bench"),
        .executableTarget(name: "sops-bench", dependencies: ["Sops", "KeySources"], path: "bench/sops-bench"),

        // bench/kms.sh's driver: unwraps data keys through AWS KMS (moto) behind a latency proxy.
        .executableTarget(name: "KMSBench", dependencies: ["KeySources", "HTTP", "Crypto", "TestSupport"],
                          path: "bench/KMSBench"),

        // Tests: one target per layer, plus CLI tests that run the built binary.
        .target(name: "TestSupport", dependencies: ["Crypto", "TextEncoding"], path: "Tests/TestSupport"),
        // Swift Testing traits over TestSupport (apart, so the bench and fuzz executables do not link Testing).
        .target(name: "TestTraits", dependencies: ["TestSupport"], path: "Tests/TestTraits"),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TextEncoding", "TestSupport"]),
        .testTarget(name: "TextEncodingTests", dependencies: ["TextEncoding"]),
        .testTarget(name: "LosslessYAMLTests", dependencies: ["LosslessYAML", "TestSupport", "TestTraits"]),
        .testTarget(name: "HTTPTests", dependencies: ["TextEncoding", "HTTP", "JSON", "TestSupport"]),
        .testTarget(name: "AgeTests", dependencies: ["Age", "Crypto", "TextEncoding", "TestSupport"]),
        .testTarget(name: "KeySourcesTests", dependencies: ["TextEncoding", "Age", "KeySources", "JSON", "TestSupport"]),
        .testTarget(name: "SopsTests", dependencies: ["TextEncoding", "Sops", "TestSupport", "TestTraits"]),
        .testTarget(name: "RepositoryTests", dependencies: ["Repository", "TestSupport"]),
        .testTarget(name: "PlatformTests", dependencies: ["Platform"]),
        .testTarget(name: "GitFilterTests", dependencies: ["GitFilter", "FilterProtocol", "Repository", "Sops", "Age", "KeySources", "TestSupport"]),
        // A filter-process server with a reversible toy policy: lets tests drive the protocol with
        // real git independently of sops (never installed; built next to `gitsops`).
        .executableTarget(name: "ToyFilter", dependencies: ["FilterProtocol", "Platform"], path: "Tests/ToyFilter"),
        .testTarget(name: "FilterProtocolTests", dependencies: ["FilterProtocol", "TestSupport"]),
        .testTarget(name: "KubectlPluginTests", dependencies: ["KubectlPlugin", "Sops", "LosslessYAML", "KeySources", "Crypto", "TestSupport"]),
        .testTarget(name: "BridgesTests", dependencies: ["Bridges", "KubectlPlugin", "Sops", "LosslessYAML", "KeySources", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["TestSupport", "TestTraits", "GitFilter"]),

        // Fuzzing (Tests/Fuzz/run.sh): a libFuzzer executable per parser over shared harnesses; built
        // without -DFUZZING they replay files. FuzzRegressionTests replays Tests/Fuzz/Regressions.
        .target(name: "FuzzHarness", dependencies: ["LosslessYAML", "Sops", "Age", "KeySources", "GitFilter", "FilterProtocol", "Crypto", "TextEncoding", "TestSupport",
                                                    .product(name: "SystemPackage", package: "swift-system")],
                path: "Tests/Fuzz/Harness"),
        .executableTarget(name: "YAMLFuzz", dependencies: ["FuzzHarness"], path: "Tests/Fuzz/YAML"),
        .executableTarget(name: "SopsStoreFuzz", dependencies: ["FuzzHarness"], path: "Tests/Fuzz/SopsStore"),
        .executableTarget(name: "SopsDocumentFuzz", dependencies: ["FuzzHarness"], path: "Tests/Fuzz/SopsDocument"),
        .executableTarget(name: "AgeFuzz", dependencies: ["FuzzHarness"], path: "Tests/Fuzz/Age"),
        .executableTarget(name: "FilterProtocolFuzz", dependencies: ["FuzzHarness"], path: "Tests/Fuzz/FilterProtocol"),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["FuzzHarness", "TestSupport"]),
    ]
)
