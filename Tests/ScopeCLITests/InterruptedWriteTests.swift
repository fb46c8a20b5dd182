import Foundation
import RecurrentIO
@testable import ScopeCLI
import Testing

/// A SIGINT or SIGTERM while a headless command writes its output leaves no temporary file, and
/// the process still dies of the signal. The registry is tested directly (it holds process-wide
/// signal handlers, so its tests run one at a time).
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
        try InFlightFiles.writing(output) {
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
}
