import Foundation
import Recurrent

/// What `bench` says about the machine it ran on: the CPU (`/proc/cpuinfo`: model name, family,
/// model, and whether AVX-512 or AVX2 is there — the project's machines differ), and the peak it
/// measures for a large product through the engine's own path.
struct MachineInfo {
    let cpu: String
    /// GFLOP/s of one 512 × 1024 × 1024 product pair (a one-step RNN(1024, 1024) over N = 512:
    /// its input and recurrent products), best of two — the arithmetic a run can reach here.
    let peakGFLOPS: Double

    static func measure() throws -> MachineInfo {
        let info = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        func field(_ name: String) -> String? {
            info.split(separator: "\n").first { $0.hasPrefix(name) }.flatMap { $0.split(separator: ":", maxSplits: 1).last }
                .map { $0.trimmingCharacters(in: .whitespaces) }
        }
        let flags = field("flags")?.split(separator: " ").map(String.init) ?? []
        let vector = flags.contains("avx512f") ? "AVX-512" : flags.contains("avx2") ? "AVX2" : "no AVX2"
        let kernel = ProcessInfo.processInfo.environment["RNNSCOPE_KERNEL"].map { ", kernels forced to \($0)" } ?? ""
        let cpu = "\(field("model name") ?? "unknown CPU") (family \(field("cpu family") ?? "?") model \(field("model") ?? "?"), \(vector)\(kernel))"
        let config = try RNNConfig(inputSize: 1024, hiddenSize: 1024)
        let rnn = RNN(config: config, seed: 0)
        let input = Tensor.standardNormal([1, 512, 1024], seed: 0), h0 = Tensor.standardNormal([1, 512, 1024], seed: 1)
        let clock = ContinuousClock()
        var best = Double.infinity
        for _ in 0..<2 {
            var failure: Error?
            let elapsed = clock.measure { do { _ = try rnn.forward(input, h0: h0) } catch { failure = error } }
            if let failure { throw failure }
            best = min(best, milliseconds(elapsed))
        }
        return MachineInfo(cpu: cpu, peakGFLOPS: 2 * 2 * 512 * 1024 * 1024 / (best * 1e6))
    }
}
