import Foundation
import Recurrent

// MARK: `inspect` for gated cells: each gate block's weights and W_hh numbers
//
// An LSTM's and a GRU's weight_ih `(G·H, in)`, weight_hh `(G·H, out)` and biases `(G·H)` stack G
// blocks of H rows, one per gate in PyTorch's order (LSTM i f g o, GRU r z n).

/// The rows of one gate in one parameter of one cell.
struct GateBlock {
    /// The cell's suffix: `l0`, `l0_reverse`, …
    var cell: String
    /// The gate's name: `i f g o` or `r z n`.
    var gate: String
    /// `weight_ih`, `weight_hh`, `bias_ih` or `bias_hh`.
    var parameter: String
    /// The block's values in C order: `H · columns` (columns = 1 for a bias).
    var values: [Float]
}

/// One row of `inspect`'s dynamics: an Elman cell's W_hh, or one gate's H-row block of a gated
/// cell's W_hh; the numbers are nil where that block is not square (an LSTM's H×P under a projection).
struct BlockDynamics {
    var cell: String
    var gate: String? = nil
    var spectralRadius: Double? = nil
    var largestSingularValue: Double? = nil
}

extension RNN {
    /// Every gate block of every parameter (bar weight_hr), cell by cell in `state_dict()` order,
    /// then gate by gate; empty for `nn.RNN`, which has one block and no gates.
    var gateBlocks: [GateBlock] {
        let names = config.kind.gateNames, hidden = config.hiddenSize
        return cells.enumerated().flatMap { index, weights -> [GateBlock] in
            let cell = CellIndex(index: index, directions: config.numDirections).suffix
            let parameters = [("weight_ih", weights.weightIH), ("weight_hh", weights.weightHH),
                              ("bias_ih", weights.biasIH), ("bias_hh", weights.biasHH)].compactMap { name, tensor in
                tensor.map { (name: name, tensor: $0) }
            }
            return names.enumerated().flatMap { block, gate in
                parameters.map { parameter in
                    let size = hidden * (parameter.tensor.count / config.gateRows)
                    return GateBlock(cell: cell, gate: gate, parameter: parameter.name,
                                     values: Array(parameter.tensor.data[(block * size)..<((block + 1) * size)]))
                }
            }
        }
    }

    /// ρ and ‖·‖₂ of each cell's W_hh (RNN), or of each gate's H×H block of it (LSTM, GRU), in
    /// `state_dict()` order; an LSTM that projects has H×P blocks: one row per cell, numbers nil.
    var blockDynamics: [BlockDynamics] { blockDynamics(progress: { _, _ in }) }

    /// The same, calling `progress(done, total)` after each matrix (dgeev is O(H³): seconds apiece
    /// for a wide model, so `inspect` says how far it has come). The matrices are worked out on
    /// every core at once, each with one OpenBLAS thread: two H = 2048 cells took 9.8 s one after
    /// the other on one thread, 6.8 s with OpenBLAS's two, 5.2 s side by side (Zen 5, 2 cores).
    func blockDynamics(progress: @escaping (Int, Int) -> Void) -> [BlockDynamics] {
        let (hidden, out) = (config.hiddenSize, config.outputSize)
        var jobs: [() -> BlockDynamics] = []
        for (index, weights) in cells.enumerated() {
            let cell = CellIndex(index: index, directions: config.numDirections).suffix
            if config.kind == .rnn {
                jobs.append { let d = self.dynamics(ofCell: index)
                    return BlockDynamics(cell: d.cell, spectralRadius: d.spectralRadius, largestSingularValue: d.largestSingularValue) }
            } else if out != hidden {
                jobs.append { BlockDynamics(cell: cell) }   // H×P blocks: one n/a row per cell
            } else {
                for (block, gate) in config.kind.gateNames.enumerated() {
                    jobs.append {
                        let rows = Tensor(shape: [hidden, hidden], data: Array(weights.weightHH.data[(block * hidden * hidden)..<((block + 1) * hidden * hidden)]))
                        return BlockDynamics(cell: cell, gate: gate, spectralRadius: spectralRadius(rows), largestSingularValue: largestSingularValue(rows))
                    }
                }
            }
        }
        var results = [BlockDynamics?](repeating: nil, count: jobs.count)
        let parallel = jobs.count > 1 && hidden >= 256 && ProcessInfo.processInfo.activeProcessorCount > 1
        let blasBefore = blasThreads()
        if parallel { setBLASThreads(1) }
        defer { if parallel { setBLASThreads(blasBefore) } }
        let tally = Tally()
        results.withUnsafeMutableBufferPointer { buffer in
            nonisolated(unsafe) let (slots, work, report) = (buffer, jobs, progress)
            let run: @Sendable (Int) -> Void = { i in
                slots[i] = work[i]()
                tally.count { report($0, work.count) }
            }
            if parallel { DispatchQueue.concurrentPerform(iterations: work.count, execute: run) } else { (0..<work.count).forEach(run) }
        }
        return results.map { $0! }
    }
}

/// A count of finished jobs, told to `report` in order under a lock (the jobs finish on any thread).
private final class Tally: @unchecked Sendable {   // `done` is read and written under `lock` only
    private let lock = NSLock()
    private var done = 0

    func count(_ report: (Int) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        report(done)
    }
}

extension InspectCommand {
    /// `inspect`'s gate table: a header naming the parameters, then one aligned row per (cell, gate)
    /// with min, mean and max of that gate's rows in each parameter (4 decimals, signed).
    func gateRows(_ rnn: RNN) -> [String] {
        let blocks = rnn.gateBlocks
        let parameters = blocks.prefix { $0.cell == blocks.first?.cell && $0.gate == blocks.first?.gate }.map(\.parameter)
        guard !parameters.isEmpty else { return [] }
        // Column p of block row r is blocks[r · P + p]; each number right-aligned within its column.
        let columns = parameters.indices.map { p in
            let ranges = stride(from: p, to: blocks.count, by: parameters.count).map { valueRange(blocks[$0].values) }
            func numbers(_ pick: ((low: Float, mean: Double, high: Float)) -> Double) -> [String] {
                rightAligned(ranges.map { $0.map { String(format: "%+.4f", pick($0)) } ?? "-" })
            }
            let (lows, means, highs) = (numbers { Double($0.low) }, numbers(\.mean), numbers { Double($0.high) })
            return lows.indices.map { "\(lows[$0]) \(means[$0]) \(highs[$0])" }
        }
        let header = ["cell", "gate"] + parameters
        let rows = stride(from: 0, to: blocks.count, by: parameters.count).enumerated().map { row, first in
            [blocks[first].cell, blocks[first].gate] + columns.map { $0[row] }
        }
        return alignedColumns([header] + rows)
    }
}

/// What the dynamics rows of a gated cell mean, in one line: PyTorch's names of the blocks
/// (`W_hi W_hf W_hg W_ho`, `W_hr W_hz W_hn`), or why there are no numbers.
func gateDynamicsMeaning(_ config: RNNConfig) -> String {
    if config.outputSize != config.hiddenSize {
        return "(n/a: with proj_size=\(config.projSize) W_hh's gate blocks are \(config.hiddenSize)×\(config.projSize), not square)"
    }
    let blocks = config.kind.gateNames.map { "W_h" + $0 }.joined(separator: ", ")
    return "(of each gate's \(config.hiddenSize)×\(config.hiddenSize) block of W_hh — \(blocks): how strongly the "
        + "previous h drives that gate, before its σ or tanh.)"
}
