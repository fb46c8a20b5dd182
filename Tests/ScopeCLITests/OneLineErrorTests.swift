import Foundation
import Testing

/// Every refusal is one line on stderr (`rnnscope: …`) and a non-zero exit — usage errors included,
/// without ArgumentParser's usage block — and negative numbers reach the range checks.
struct OneLineErrorTests {
    private func expectOneLine(_ arguments: [String], status: Int32 = 64, says message: String) throws {
        let result = try CommandRunner().run(arguments)
        #expect(result == .init(status: status, stdout: "", stderr: "rnnscope: \(message)\n"), "\(arguments)")
    }

    @Test func outOfRangeValuesAreOneLine() throws {
        try expectOneLine(["render", "--t", "20"], says: "--t must be in 0..<20 (the sequence has T=20)")
        try expectOneLine(["render", "--t", "-1"], says: "--t must be in 0..<20 (the sequence has T=20)")
        try expectOneLine(["render", "--unit", "-1"], says: "--unit must be in 0..<10 (hidden_size)")
        try expectOneLine(["render", "--mode", "exec", "--step", "-1"], says: "--step must be in 0...40 (L·dirs·T cell steps)")
        try expectOneLine(["render", "--width", "-5"], says: "--width and --height must be in 1...2000")
        try expectOneLine(["render", "--width", "100000", "--height", "100000"], says: "--width and --height must be in 1...2000")
        try expectOneLine(["render", "--height", "\(Int.max)"], says: "--width and --height must be in 1...2000")
    }

    @Test func parseErrorsAreOneLine() throws {
        try expectOneLine(["render", "--bogus"], says: "Unknown option '--bogus'. Did you mean '--body'?")
        try expectOneLine(["forward", "--input", "x.npy"], says: "Missing expected argument '--output <output>'")
    }

    @Test func benchRefusesAnEmptyRunInsteadOfTrapping() throws {
        try expectOneLine(["bench", "--ui", "--frames", "0"], says: "--frames must be at least 1")
        try expectOneLine(["bench", "--ui", "--width", "0", "--frames", "1"], says: "--width and --height must be in 1...2000")
        try expectOneLine(["bench", "--repeat", "-2"], says: "--repeat must be at least 1")
        try expectOneLine(["bench", "--threads", "\(Int.max)"], says: "--threads must be in 1...1024")
        try expectOneLine(["bench", "--threads", "0"], says: "--threads must be in 1...1024")
    }

    @Test func helpIsStillHelp() throws {
        let result = try CommandRunner().run(["render", "--help"])
        #expect(result.status == 0 && result.stdout.contains("USAGE: rnnscope render") && result.stderr.isEmpty)
    }

    @Test func anEmptyBatchIsRefusedNotATrap() throws {
        let runner = try CommandRunner()
        // (T=5, N=0, D=1) as .npy: the header, then no data.
        let header = "{'descr': '<f4', 'fortran_order': False, 'shape': (5, 0, 1), }"
        let padded = header + String(repeating: " ", count: 128 - 10 - header.count - 1) + "\n"
        let bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(padded.utf8.count), 0] + Array(padded.utf8)
        #expect(FileManager.default.createFile(atPath: runner.path("empty.npy"), contents: Data(bytes)))
        let result = try runner.run(["render", "--input-size", "1", "--hidden-size", "4", "--input", runner.path("empty.npy")])
        #expect(result.status == 1 && result.stdout.isEmpty)
        #expect(result.stderr == "rnnscope: the input's batch is empty (N=0): there is no sequence to show (rnnscope forward runs it)\n")
    }

    @Test func impossibleSizesFailFastWithoutAFile() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["init", "--input-size", "1", "--hidden-size", "100000000", "--output", "big.safetensors"])
        #expect(result == .init(status: 1, stdout: "",
                                stderr: "rnnscope: DefaultCPUAllocator: can't allocate memory: you tried to allocate 40000000000000000 bytes. Error code 12 (Cannot allocate memory)\n"))
        #expect(try runner.files().isEmpty)
        let bench = try runner.run(["bench", "--seq-len", "\(Int.max)", "--batch", "\(Int.max)", "--input-size", "1", "--hidden-size", "2"])
        #expect(bench.status == 1 && bench.stderr.hasPrefix("rnnscope: Storage size calculation overflowed"))
    }

    @Test func forwardNeverWritesOverItsOwnInput() throws {
        let runner = try CommandRunner()
        let original = try Data(contentsOf: URL(fileURLWithPath: CommandRunner.fixture("unbatched.npy")))
        #expect(FileManager.default.createFile(atPath: runner.path("in.npy"), contents: original))
        for output in ["in.npy", "./in.npy", runner.path("in.npy")] {
            let result = try runner.run(["forward", "--input-size", "2", "--hidden-size", "3", "--input", "in.npy", "--output", output])
            #expect(result == .init(status: 64, stdout: "", stderr: "rnnscope: --output \(output) is the --input file; writing there would replace it, choose another path\n"))
        }
        let h0 = try runner.run(["forward", "--input-size", "2", "--hidden-size", "3", "--input", CommandRunner.fixture("unbatched.npy"),
                                 "--h0", "in.npy", "--output", "in.npy"])
        #expect(h0.status == 64 && h0.stderr.contains("is the --h0 file"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: runner.path("in.npy"))) == original)
        #expect(try runner.files() == ["in.npy"])
    }

    @Test func anOutputThatIsAPipeOrADirectoryIsRefusedAndKept() throws {
        let runner = try CommandRunner()
        #expect(mkfifo(runner.path("pipe.safetensors"), 0o644) == 0)
        try FileManager.default.createDirectory(atPath: runner.path("dir.safetensors"), withIntermediateDirectories: false)
        try FileManager.default.createSymbolicLink(atPath: runner.path("link.safetensors"), withDestinationPath: runner.path("pipe.safetensors"))
        for (output, says) in [("pipe.safetensors", "is not a regular file (a device or a pipe); give a file path"),
                               ("link.safetensors", "is not a regular file (a device or a pipe); give a file path"),
                               ("dir.safetensors", "is a directory")] {
            let result = try runner.run(["init", "--input-size", "1", "--hidden-size", "2", "--output", output])
            #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: \(output): \(says)\n"))
        }
        let pipe = try FileManager.default.attributesOfItem(atPath: runner.path("pipe.safetensors"))[.type] as? FileAttributeType
        #expect(pipe == .typeCharacterSpecial || pipe == .typeUnknown || pipe != .typeRegular)
        let link = try FileManager.default.attributesOfItem(atPath: runner.path("link.safetensors"))[.type] as? FileAttributeType
        #expect(link == .typeSymbolicLink)
        #expect(try runner.files() == ["dir.safetensors", "link.safetensors", "pipe.safetensors"])
    }

    @Test func anEmptyPathIsNamedAsSuch() throws {
        for arguments in [["forward", "--input-size", "1", "--hidden-size", "2", "--input", "", "--output", "o.safetensors"],
                          ["init", "--input-size", "1", "--hidden-size", "2", "--output", ""],
                          ["render", "--weights", ""], ["inspect", ""]] {
            try expectOneLine(arguments, status: 1, says: "'': an empty path names no file")
        }
    }
}
