import Foundation
import Recurrent
import RecurrentIO
@testable import ScopeCLI
import Testing

/// A SIGINT or SIGTERM while a headless command writes its output leaves no temporary file, and
/// the process still dies of the signal. The registry is tested directly (it holds process-wide
/// signal handlers, so its tests run one at a time); the command is interrupted for real while
/// its temporary file exists.
@Suite(.serialized)
struct InterruptedWriteTests {
    /// A fresh directory with one file in it.
    func scratchFile(_ name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rnnscope-inflight-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent(name).path
        #expect(FileManager.default.createFile(atPath: path, contents: Data("partial".utf8)))
        return path
    }

    @Test func aRegisteredFileIsRemovedUntilItIsUnregistered() throws {
        let path = try scratchFile(".out.safetensors.1.tmp")
        #expect(!InFlightFiles.isWatchingSignals)
        let slot = try #require(InFlightFiles.register(path))
        #expect(InFlightFiles.isWatchingSignals)
        InFlightFiles.removeAll()   // what the signal handler does
        #expect(!FileManager.default.fileExists(atPath: path))

        InFlightFiles.unregister(slot)
        #expect(!InFlightFiles.isWatchingSignals)
        #expect(FileManager.default.createFile(atPath: path, contents: Data("complete".utf8)))
        InFlightFiles.removeAll()
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func writingRegistersTheTemporaryFileBesideTheOutputForItsDuration() throws {
        let output = try scratchFile("out.safetensors")
        let temporary = temporaryPath(beside: output)
        InFlightFiles.writing(output) {
            #expect(FileManager.default.createFile(atPath: temporary, contents: Data("partial".utf8)))
            InFlightFiles.removeAll()
            #expect(!FileManager.default.fileExists(atPath: temporary))
            #expect(FileManager.default.fileExists(atPath: output))   // only the temporary file goes
        }
        #expect(!InFlightFiles.isWatchingSignals)
    }

    @Test func anIgnoredSignalStaysIgnored() throws {
        let previous = signal(SIGTERM, SIG_IGN)
        defer { signal(SIGTERM, previous) }
        let slot = InFlightFiles.register(try scratchFile(".x.tmp"))
        #expect(!InFlightFiles.isWatchingSignals)
        InFlightFiles.unregister(slot)
        let after = signal(SIGTERM, SIG_IGN)   // what unregistering left in place
        #expect(unsafeBitCast(after, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self))
    }

    /// A command whose output is large enough (8 MB, 2 MB) that its write takes a few milliseconds.
    struct LargeWrite: Sendable, CustomTestStringConvertible {
        var command: String
        var signal: Int32
        var testDescription: String { "\(command), signal \(signal)" }

        /// The arguments, after writing any input they need into the runner's directory.
        func arguments(in runner: CommandRunner) throws -> [String] {
            if command == "init" { return ["init", "--input-size", "1000", "--hidden-size", "1000", "--output", "w.safetensors"] }
            try saveNpy(Tensor(zeros: [500, 100, 1]), path: runner.path("x.npy"))   // (T, N, 1) → output (T, N, 10)
            return ["forward", "--weights", CommandRunner.fixture("seed_sine.safetensors"), "--input", "x.npy", "--output", "w.safetensors"]
        }
    }

    /// The command is signalled once its temporary file is there. Whatever the timing, no temporary
    /// file may remain, and an output that does is whole.
    @Test(arguments: ["init", "forward"].flatMap { command in [SIGINT, SIGTERM].map { LargeWrite(command: command, signal: $0) } })
    func anInterruptedWriteLeavesNoTemporaryFile(_ write: LargeWrite) throws {
        let runner = try CommandRunner()
        defer { try? FileManager.default.removeItem(at: runner.directory) }   // megabytes of output
        let arguments = try write.arguments(in: runner)
        let before = try runner.files()
        let process = try runner.start(arguments)
        var sent = false
        while process.isRunning, !sent {
            if try runner.files().contains(where: { $0.hasSuffix(".tmp") }) {
                kill(process.processIdentifier, write.signal)
                sent = true
            } else {
                usleep(200)
            }
        }
        process.waitUntilExit()
        let left = try runner.files().filter { !before.contains($0) }
        #expect(!left.contains { $0.hasSuffix(".tmp") }, "left behind: \(left)")
        if process.terminationReason == .uncaughtSignal {
            #expect(process.terminationStatus == write.signal)   // the shell's 128 + n
        } else {
            #expect(process.terminationStatus == 0)
        }
        if left.contains("w.safetensors") {   // renamed into place before the signal landed
            #expect(try loadSafetensors(path: runner.path("w.safetensors")).entries.count >= 2)
        }
        withKnownIssue("the write ended before the signal landed", isIntermittent: true) {
            #expect(sent && process.terminationReason == .uncaughtSignal)
        }
    }
}
