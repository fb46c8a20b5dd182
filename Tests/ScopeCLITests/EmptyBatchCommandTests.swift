import Foundation
import Testing

/// An empty batch costs nothing however long T is: a 128-byte .npy declaring shape (2^40, 0, 1)
/// used to make `forward` loop for days over steps that compute no rows.
struct EmptyBatchCommandTests {
    /// A .npy of `shape` and no data: its 128-byte header alone.
    static func emptyNpy(_ shape: String) -> Data {
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shape), }"
        let padded = header + String(repeating: " ", count: 128 - 10 - header.count - 1) + "\n"
        return Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(padded.utf8.count), 0] + Array(padded.utf8))
    }

    @Test func aHugeEmptyBatchIsPyTorchsEmptyResultAtOnce() throws {
        let runner = try CommandRunner()
        #expect(FileManager.default.createFile(atPath: runner.path("x.npy"), contents: Self.emptyNpy("(1099511627776, 0, 1)")))
        let started = Date()
        let result = try runner.run(["forward", "--cell", "lstm", "--input-size", "1", "--hidden-size", "2", "--num-layers", "2",
                                     "--bidirectional", "--input", "x.npy", "--output", "out.npz", "--trace"])
        #expect(Date().timeIntervalSince(started) < 20)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.prefix(3) == ["output               [1099511627776, 0, 4]", "h_n                  [4, 0, 2]",
                                    "c_n                  [4, 0, 2]"])
        #expect(lines.contains("trace.c.l1_reverse   [1099511627776, 0, 2]") && lines.last == "wrote out.npz")
    }

    @Test func batchFirstMakesItAnEmptySequenceWhichPyTorchRefuses() throws {
        let runner = try CommandRunner()
        #expect(FileManager.default.createFile(atPath: runner.path("x.npy"), contents: Self.emptyNpy("(1099511627776, 0, 1)")))
        let result = try runner.run(["forward", "--input-size", "1", "--hidden-size", "2", "--batch-first", "--input", "x.npy",
                                     "--output", "out.npy"])
        #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: Expected sequence length to be larger than 0 in RNN\n"))
    }
}
