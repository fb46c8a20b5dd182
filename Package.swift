// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "rnnscope",
    products: [
        .library(name: "Recurrent", targets: ["Recurrent"]),
        .library(name: "RecurrentIO", targets: ["RecurrentIO"]),
        .library(name: "ScopeUI", targets: ["ScopeUI"]),
        .executable(name: "rnnscope", targets: ["rnnscope"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // MARK: C libraries (system-library targets: a module map and a shim header each)
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CNcursesw", pkgConfig: "ncursesw", providers: [.apt(["libncursesw5-dev"])]),
        // Our own packed-weight SGEMM and cell kernels (AVX-512 / AVX2 / portable, chosen at run time)
        .target(name: "CKernels"),

        // MARK: Engine, files, screen
        .target(name: "Recurrent", dependencies: ["COpenBLAS", "CKernels"]),
        .target(name: "RecurrentIO", dependencies: ["Recurrent"]),
        .target(name: "ScopeUI", dependencies: ["Recurrent"]),

        // MARK: Command line and terminal backend
        .target(name: "ScopeCLI", dependencies: [
            "Recurrent", "RecurrentIO", "ScopeUI", "CNcursesw",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "rnnscope", dependencies: ["ScopeCLI"]),

        // MARK: Tests
        .testTarget(name: "RecurrentTests", dependencies: ["Recurrent"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RecurrentIOTests", dependencies: ["RecurrentIO"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ScopeUITests", dependencies: ["ScopeUI"], exclude: ["Golden", "Fixtures"]),
        .testTarget(name: "ScopeCLITests", dependencies: ["ScopeCLI", "rnnscope"]),
    ]
)
