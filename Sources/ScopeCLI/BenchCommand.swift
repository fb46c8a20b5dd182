import ArgumentParser
import Foundation
import Recurrent
import ScopeUI

/// `rnnscope bench`: times `forward` (or the traced forward the UI uses) on random data.
struct BenchCommand: ParsableCommand {
    /// How long the untimed runs before the timed ones last at least.
    static let warmUp = Duration.milliseconds(1000)

    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Time forward on random data: median, min and max milliseconds and GFLOP/s.")

    @Option(help: "The module: rnn, lstm or gru (nn.RNN, nn.LSTM, nn.GRU).") var cell: CellKind = .rnn
    @Option(parsing: .unconditional, help: "input_size.") var inputSize = 64
    @Option(parsing: .unconditional, help: "hidden_size.") var hiddenSize = 256
    @Option(parsing: .unconditional, help: "num_layers.") var numLayers = 2
    @Flag(help: "bidirectional=True.") var bidirectional = false
    @Option(parsing: .unconditional, help: "Sequence length T.") var seqLen = 256
    @Option(parsing: .unconditional, help: "Batch size N.") var batch = 32
    @Option(parsing: .unconditional, help: "Timed repetitions (after 1 s of untimed warm-up runs, at least one).") var `repeat` = 20
    @Option(parsing: .unconditional, help: "Threads: the engine's (directions and batch blocks at once) and OpenBLAS's.") var threads = 1
    @Flag(help: "Time the traced forward (every step kept, as the visualizer uses).") var trace = false
    @Flag(help: "Print one JSON line instead of a table.") var json = false
    @Flag(help: "Time the screen instead: update + render + diff per cursor step of the mid model.") var ui = false
    @Option(parsing: .unconditional, help: "Screen width for --ui.") var width = 200
    @Option(parsing: .unconditional, help: "Screen height for --ui.") var height = 60
    @Option(parsing: .unconditional, help: "Frames for --ui.") var frames = 300
    @Option(help: "Colour depth for --ui: truecolor, 256, 16 or none.") var depth = "truecolor"

    func validate() throws {
        guard `repeat` > 0 else { throw ValidationError("--repeat must be at least 1") }
        guard (1...1024).contains(threads) else { throw ValidationError("--threads must be in 1...1024") }
        guard seqLen > 0, batch >= 0 else { throw ValidationError("--seq-len must be at least 1 and --batch at least 0") }
        guard frames > 0 else { throw ValidationError("--frames must be at least 1") }
        try checkFrameSize(width: width, height: height)
    }

    func run() throws {
        setBLASThreads(threads)
        ComputeThreads.count = threads
        if ui { return try runUI() }
        let config = try RNNConfig(kind: cell, inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                                   bidirectional: bidirectional)
        // torch.randn(T, N, D) and the output (T, N, dirs·H) must fit, as in PyTorch.
        var budget = AllocationBudget()
        try budget.allocate([seqLen, batch, inputSize])
        try budget.allocate([seqLen, batch, config.numDirections, hiddenSize])
        let rnn = RNN(config: config, seed: 0)
        var generator = SystemRandomNumberGenerator()
        let input = Tensor(shape: [seqLen, batch, inputSize],
                           data: (0..<(seqLen * batch * inputSize)).map { _ in Float.random(in: -1...1, using: &generator) })
        let once: () throws -> Void = trace ? { _ = try rnn.trace(input) } : { _ = try rnn.forward(input) }
        // Warm-up: at least one run, and runs back to back for at least `warmUp`. A core that was idle
        // starts slow: the seed model timed in its first 10 ms ran at 6.6–7.5 µs instead of 4.4 in about
        // half the processes, and it took up to a second of work to stop; PyTorch's side is timed in a
        // process that has been busy for seconds (importing torch).
        let clock = ContinuousClock()
        let warmUpStart = clock.now
        repeat { try once() } while clock.now - warmUpStart < BenchCommand.warmUp
        var times: [Double] = []
        for _ in 0..<`repeat` {
            var failure: Error?
            let elapsed = clock.measure { do { try once() } catch { failure = error } }
            if let failure { throw failure }
            times.append(milliseconds(elapsed))
        }
        let stats = BenchStats(milliseconds: times, flops: forwardFlops(config, seqLen: seqLen, batch: batch))
        // The machine, and how much of its measured peak the run reached (machines of this project differ).
        let machine = try MachineInfo.measure()
        // The peak is one thread's; n threads on n cores can reach n times it.
        let usable = Double(min(threads, ProcessInfo.processInfo.activeProcessorCount))
        let share = machine.peakGFLOPS > 0 ? stats.gflops / (machine.peakGFLOPS * usable) : 0
        if json {
            try writeLine(String(stats.json.dropLast()) + ", \"cpu\": \"\(machine.cpu)\", "
                          + String(format: "\"peak_gflops\": %.6g, \"share_of_peak\": %.6g}", machine.peakGFLOPS, share))
        } else {
            try writeLine(stats.table(title: "\(config.pytorchRepr)  T=\(seqLen) N=\(batch) threads=\(threads)" + (trace ? " traced" : "")))
            try writeLine("cpu \(machine.cpu): measured peak " + String(format: "%.0f GFLOP/s", machine.peakGFLOPS)
                          + " (a 512×1024×1024 product pair, one thread); this run " + String(format: "%.0f%%", share * 100)
                          + (usable > 1 ? " of \(Int(usable)) times it" : " of it"))
        }
    }
}

extension BenchCommand {
    /// `--ui`: frames of the mid model at `--width`×`--height` in `--depth` colours.
    func runUI() throws {
        let depths: [String: ColorDepth] = ["truecolor": .trueColor, "256": .x256, "16": .x16, "none": .none]
        guard let colorDepth = depths[depth] else { throw ValidationError("--depth must be truecolor, 256, 16 or none") }
        let result = try UIBench(width: width, height: height, frames: frames, depth: colorDepth).run()
        func f(_ v: Double) -> String { String(format: "%.6g", v) }
        if json {
            try writeLine("{\"median_us\": \(f(result.medianUs)), \"min_us\": \(f(result.minUs)), \"max_us\": \(f(result.maxUs)), "
                  + "\"changed_share\": \(f(result.changedShare)), \"first_frame_ms\": \(f(result.firstFrameMs))}")
        } else {
            try writeLine("screen \(width)x\(height) (\(depth) colours), \(frames) cursor steps of RNN(64, 256, num_layers=2, bidirectional=True) T=256 N=32")
            try writeLine(String(format: "update+render+diff  median %.1f µs   min %.1f µs   max %.1f µs", result.medianUs, result.minUs, result.maxUs))
            try writeLine(String(format: "a step rewrites %.1f%% of a full redraw's cells", result.changedShare * 100))
            try writeLine(String(format: "first frame of the default view: %.2f ms (in process)", result.firstFrameMs))
        }
    }
}

/// Multiply-adds ×2 of one forward's matrix products: per layer and direction,
/// `T·N·G·H·(in_l + out)` (G gate blocks, out = P or H), plus `T·N·P·H` for an LSTM's projection.
func forwardFlops(_ config: RNNConfig, seqLen: Int, batch: Int) -> Double {
    let (rows, out) = (config.gateRows, config.outputSize)
    let projection = config.projSize * config.hiddenSize
    return (0..<config.numLayers).reduce(0.0) { sum, layer in
        sum + 2 * Double(config.numDirections * seqLen * batch) * Double(rows * (config.layerInputSize(layer) + out) + projection)
    }
}

/// Median / min / max of a set of timings, and the throughput they imply.
struct BenchStats {
    let median: Double, min: Double, max: Double, gflops: Double

    init(milliseconds times: [Double], flops: Double) {
        median = ScopeCLI.median(times)
        min = times.min()!
        max = times.max()!
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
