import Foundation
import Recurrent
import Testing

/// Under a process memory limit (`ulimit -v`) a run too big for it fails in the CPU allocator's words,
/// in one line, instead of aborting with a backtrace; an empty batch needs no time loop at all.
@Suite struct MemoryLimitTests {
    @Test func aRunBeyondTheAddressSpaceLimitIsRefusedInOneLine() throws {
        let runner = try CommandRunner()
        // 2 GB of address space; the trace of T=200000, N=8 at H=512 needs far more.
        let command = "ulimit -v 2000000; exec '\(CommandRunner.executable.path)' forward --input-size 4 --hidden-size 512 "
            + "--seq-len 200000 --batch 8 --output '\(runner.path("out.npz"))'"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.hasPrefix("rnnscope: DefaultCPUAllocator: can't allocate memory: you tried to allocate "))
        #expect(stderr.split(separator: "\n").count == 1)
        #expect(try runner.files().isEmpty)   // nothing half-written
    }

    @Test func anEmptyBatchOfAnyLengthReturnsPyTorchsEmptyResultAtOnce() throws {
        let rnn = RNN(config: try RNNConfig(kind: .lstm, inputSize: 1, hiddenSize: 3, numLayers: 2, bidirectional: true), seed: 0)
        let (output, hN, cN) = try rnn.forward(Tensor(shape: [1 << 40, 0, 1], data: []))
        #expect(output.shape == [1 << 40, 0, 6] && hN.shape == [4, 0, 3] && cN?.shape == [4, 0, 3])
        let stepper = try rnn.stepper(Tensor(shape: [1 << 40, 0, 1], data: []))
        stepper.run()
        #expect(stepper.isComplete)
    }
}
