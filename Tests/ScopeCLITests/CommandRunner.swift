import Foundation
import Recurrent
import Testing

/// Runs the built `rnnscope` executable (it sits beside the test bundle) and captures what it says.
struct CommandRunner {
    struct Result: Equatable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `.build/<triple>/debug/rnnscope`: the test bundle's own directory holds the products.
    static let executable: URL = {
        let beside = Bundle.main.bundleURL.appendingPathComponent("rnnscope")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("rnnscope")
    }()

    /// The fixtures PyTorch and numpy wrote for the file-format tests.
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("RecurrentIOTests/Fixtures")

    static func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

    /// A fresh directory the command runs in (relative output paths land there).
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rnnscope-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    /// The names of the files in the working directory (to check that a failure wrote nothing).
    func files() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() }

    /// The command, ready to start in the working directory.
    func process(_ arguments: [String]) -> Process {
        let process = Process()
        process.executableURL = Self.executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        return process
    }

    /// Starts the command without waiting, its output discarded, with no signal blocked — as a shell
    /// starts it. (A child inherits the mask of the thread that spawns it, and the test runner's
    /// threads block most signals.)
    func start(_ arguments: [String]) throws -> Process {
        let process = process(arguments)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        var none = sigset_t(), previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        try process.run()
        return process
    }

    /// Runs the command to its end; `environment` entries are set on top of this process's.
    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = process(arguments)
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}

/// Same shape and every value within 1e-5 of PyTorch's (its CPU LSTM runs through oneDNN).
func expectClose(_ actual: Tensor?, _ expected: Tensor?, sourceLocation: SourceLocation = #_sourceLocation) {
    guard let actual, let expected else { Issue.record("missing tensor", sourceLocation: sourceLocation); return }
    #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
    let worst = zip(actual.data, expected.data).map { abs($0 - $1) }.max() ?? 0
    #expect(worst <= 1e-5, "largest difference \(worst)", sourceLocation: sourceLocation)
}
