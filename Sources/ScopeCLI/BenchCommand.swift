import ArgumentParser
import Foundation
import Recurrent

/// `rnnscope bench`: times `forward` (or the traced forward the UI uses) on random data.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time forward on random data: median, min and max milliseconds and GFLOP/s.")

    @Option(help: "nn.RNN input_size.") var inputSize = 64
    @Option(help: "nn.RNN hidden_size.") var hiddenSize = 256
    @Option(help: "nn.RNN num_layers.") var numLayers = 2
    @Flag(help: "nn.RNN bidirectional=True.") var bidirectional = false
    @Option(help: "Sequence length T.") var seqLen = 256
    @Option(help: "Batch size N.") var batch = 32
    @Option(help: "Timed repetitions (after one warm-up run).") var `repeat` = 20
    @Option(help: "OpenBLAS threads.") var threads = 1
    @Flag(help: "Time the traced forward (every step kept, as the visualizer uses).") var trace = false
    @Flag(help: "Print one JSON line instead of a table.") var json = false

    func validate() throws {
        guard `repeat` > 0 else { throw ValidationError("--repeat must be at least 1") }
        guard threads > 0 else { throw ValidationError("--threads must be at least 1") }
        guard seqLen > 0, batch >= 0 else { throw ValidationError("--seq-len must be at least 1 and --batch at least 0") }
    }

    func run() throws {
        setBLASThreads(threads)
        let config = try RNNConfig(inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                                   bidirectional: bidirectional)
        let rnn = RNN(config: config, seed: 0)
        var generator = SystemRandomNumberGenerator()
        let input = Tensor(shape: [seqLen, batch, inputSize],
                           data: (0..<(seqLen * batch * inputSize)).map { _ in Float.random(in: -1...1, using: &generator) })
        let once: () throws -> Void = trace ? { _ = try rnn.trace(input) } : { _ = try rnn.forward(input) }
        try once()   // warm-up
        var times: [Double] = []
        let clock = ContinuousClock()
        for _ in 0..<`repeat` {
            var failure: Error?
            let elapsed = clock.measure { do { try once() } catch { failure = error } }
            if let failure { throw failure }
            times.append(Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) * 1e-15)
        }
        let stats = BenchStats(milliseconds: times, flops: forwardFlops(config, seqLen: seqLen, batch: batch))
        print(json ? stats.json : stats.table(title: "\(config.pytorchRepr)  T=\(seqLen) N=\(batch) threads=\(threads)"
                                              + (trace ? " traced" : "")))
    }
}

/// Multiply-adds ×2 of one forward: per layer and direction, `T·N·H·(in_l + H)`.
func forwardFlops(_ config: RNNConfig, seqLen: Int, batch: Int) -> Double {
    let h = config.hiddenSize
    return (0..<config.numLayers).reduce(0.0) { sum, layer in
        sum + 2 * Double(config.numDirections * seqLen * batch * h * (config.layerInputSize(layer) + h))
    }
}

/// Median / min / max of a set of timings, and the throughput they imply.
struct BenchStats {
    let median: Double, min: Double, max: Double, gflops: Double

    init(milliseconds times: [Double], flops: Double) {
        let sorted = times.sorted()
        let mid = sorted.count / 2
        median = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
        min = sorted.first!
        max = sorted.last!
        gflops = median > 0 ? flops / (median * 1e6) : 0
    }

    var json: String {
        func f(_ v: Double) -> String { String(format: "%.6g", v) }
        return "{\"median_ms\": \(f(median)), \"min_ms\": \(f(min)), \"max_ms\": \(f(max)), \"gflops\": \(f(gflops))}"
    }

    func table(title: String) -> String {
        title + "\n" + String(format: "median %.4f ms   min %.4f ms   max %.4f ms   %.2f GFLOP/s", median, min, max, gflops)
    }
}
