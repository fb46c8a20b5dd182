import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO
import ScopeUI

/// `rnnscope inspect`: what a state dict file (`.safetensors` or `torch.save`'d) holds and the
/// `nn.RNN`, `nn.LSTM` or `nn.GRU` it describes (its gates' weights too, for the gated kinds).
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Show the nn.RNN, nn.LSTM or nn.GRU a state dict describes, every tensor's shape, dtype and range, and each gate's (or a sequence file's arrays).")

    @Argument(help: "A state dict (.safetensors, or a torch.save'd .pt/.pth), or a sequence file (.npy, .npz, .csv).")
    var file: String

    @Option(help: "Key prefix of the module (e.g. 'rnn.'); found automatically when unambiguous.")
    var prefix: String?

    @Flag(help: "Print one JSON object (model, config, tensors, gates, dynamics; or a sequence file's arrays) instead of text.")
    var json = false

    func run() throws {
        if ["npy", "npz", "csv"].contains((file as NSString).pathExtension.lowercased()) {
            return try describeArrays()
        }
        let stored = try loadWeightsFile(path: file)
        var lines = [("file", file)]
        var model: (prefix: String, rnn: RNN)?
        var problem: Error?
        do {
            let tensors = stored.stateDict
            let prefix = try locateRNN(in: Array(tensors.keys), prefix: self.prefix, source: file)
            let rnn = try modelFromStateDict(tensors, prefix: prefix, nonlinearity: nil, batchFirst: false, source: file)
            model = (prefix, rnn)
            lines += [("prefix", prefix.isEmpty ? "(none)" : prefix), ("model", rnn.config.pytorchRepr),
                      ("config", configLine(rnn.config))]
        } catch {
            problem = error
            lines.append(("model", "none (see the error below)"))
        }
        if !stored.metadata.isEmpty {
            lines.append(("metadata", stored.metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")))
        }
        if json {
            if let rnn = model?.rnn { announceSlowDynamics(rnn) }
            try writeLine(jsonLine(report(stored, model: model, problem: problem)))
            if let problem { throw problem }
            return
        }
        for (label, value) in lines { try writeLine(label.padding(toLength: 12, withPad: " ", startingAt: 0) + value) }
        try writeLine("tensors")
        for row in tensorRows(stored, model: model) { try writeLine("  " + row) }
        if let rnn = model?.rnn, rnn.config.kind != .rnn {
            try writeLine("gates       min, mean and max of each gate's \(rnn.config.hiddenSize) rows (\(rnn.config.kind.gateNames.joined(separator: " ")), in that order)")
            for row in gateRows(rnn) { try writeLine("  " + row) }
        }
        if let rnn = model?.rnn {
            announceSlowDynamics(rnn)   // what is known is printed above; the slow part says it is coming
            try writeLine("dynamics")
            for row in dynamicsRows(rnn) { try writeLine("  " + row) }
        }
        if let problem { throw problem }
    }

    /// A sequence file (`.npy`, `.npz`, `.csv`): each array's shape and range, and how to pass it.
    func describeArrays() throws {
        let arrays = try arraysInSequenceFile(file)
        if json {
            let reports = arrays.map { TensorReport(name: $0.name, shape: $0.tensor.shape, values: $0.tensor.data) }
            return try writeLine(jsonLine(ArraysReport(file: file, arrays: reports)))
        }
        try writeLine("file        " + file)
        let named = arrays.count > 1 || !(arrays.first?.name.isEmpty ?? true)
        try writeLine("arrays      " + (named ? "a sequence file: pass one as --input \(file):NAME (or --h0)" : "a sequence file: --input \(file)"))
        let ranges = rangeColumns(arrays.map(\.tensor.data))
        let table = arrays.indices.map { i in
            [arrays[i].name.isEmpty ? "(array)" : arrays[i].name, shapeText(arrays[i].tensor.shape)] + ranges[i]
        }
        for row in alignedColumns(table) { try writeLine("  " + row) }
    }

    /// The `--json` object for a state dict: the RNN's tensors first, as in the text.
    func report(_ stored: WeightsFile, model: (prefix: String, rnn: RNN)?, problem: Error?) -> StateDictReport {
        let rnnNames = Set(rnnParameterNames(model))
        return StateDictReport(
            file: file, prefix: model?.prefix, model: model?.rnn.config.pytorchRepr, config: model.map { ConfigReport($0.rnn.config) },
            error: problem.map { "\($0)" }, metadata: stored.metadata,
            tensors: orderedEntries(stored, model: model).map {
                TensorReport(name: $0.name, shape: $0.array.shape, values: $0.array.values, dtype: $0.dtype,
                             partOfRNN: model == nil ? nil : rnnNames.contains($0.name))
            },
            gates: model?.rnn.gateBlocks.map { GateReport($0, prefix: model?.prefix ?? "") } ?? [],
            dynamics: model.map { slowDynamics($0.rnn).map(DynamicsReport.init) } ?? [])
    }

    /// The file's tensors, the RNN's in `state_dict()` order first, then the others by name.
    func orderedEntries(_ stored: WeightsFile, model: (prefix: String, rnn: RNN)?) -> [SafetensorsFile.Entry] {
        let rnnNames = rnnParameterNames(model)
        let byName = Dictionary(uniqueKeysWithValues: stored.entries.map { ($0.name, $0) })
        let others = stored.entries.map(\.name).filter { !Set(rnnNames).contains($0) }.sorted()
        return (rnnNames + others).compactMap { byName[$0] }
    }

    /// One aligned row per cell (per cell and gate for LSTM and GRU), in `state_dict()` order:
    /// ρ(W_hh) and ‖W_hh‖₂ (of the gate's block) to 3 significant digits or `n/a`, then a line
    /// saying what they mean.
    func dynamicsRows(_ rnn: RNN) -> [String] {
        let dynamics = slowDynamics(rnn)
        let shown = { (value: Double?) -> String in value.map { formatSignificant($0) } ?? "n/a" }
        let radii = rightAligned(dynamics.map { shown($0.spectralRadius) })
        let norms = rightAligned(dynamics.map { shown($0.largestSingularValue) })
        let table = dynamics.indices.map { i -> [String] in
            let label: [String] = [dynamics[i].cell] + (dynamics[i].gate.map { [$0] } ?? [])
            return label + ["W_hh spectral radius " + radii[i], "largest singular value " + norms[i]]
        }
        return alignedColumns(table) + [rnn.config.kind == .rnn ? dynamicsMeaning : gateDynamicsMeaning(rnn.config)]
    }

    /// The constructor arguments a state dict stores, in PyTorch's names (`proj_size` for an LSTM).
    func configLine(_ config: RNNConfig) -> String {
        "input_size=\(config.inputSize) hidden_size=\(config.hiddenSize) "
            + (config.kind == .lstm ? "proj_size=\(config.projSize) " : "")
            + "num_layers=\(config.numLayers) bias=\(pythonBool(config.bias)) bidirectional=\(pythonBool(config.bidirectional)) "
            + (config.kind == .rnn ? "(nonlinearity and batch_first are not stored)" : "(batch_first is not stored)")
    }

    /// One aligned row per tensor: the RNN's in `state_dict()` order first, then the others by name.
    func tensorRows(_ stored: WeightsFile, model: (prefix: String, rnn: RNN)?) -> [String] {
        let rnnNames = Set(rnnParameterNames(model))
        let entries = orderedEntries(stored, model: model)
        let ranges = rangeColumns(entries.map(\.array.values))
        let table = entries.indices.map { i -> [String] in
            let entry = entries[i]
            return [entry.name, shapeText(entry.array.shape), entry.dtype] + ranges[i]
                + [rnnNames.contains(entry.name) || model == nil ? "" : "(not part of the \(model!.rnn.config.kind.moduleName))"]
        }
        return alignedColumns(table)
    }
}

/// What the dynamics numbers mean, in one line.
let dynamicsMeaning = "(spectral radius < 1: without input the state fades and gradients through time vanish; "
    + "> 1: they can persist or explode. Largest singular value < 1: each step contracts.)"

/// The RNN's parameter names in `state_dict()` order, with their prefix; none without a model.
func rnnParameterNames(_ model: (prefix: String, rnn: RNN)?) -> [String] {
    model.map { model in RNN.parameterNames(model.rnn.config).map { model.prefix + $0 } } ?? []
}

/// The smallest value, the mean (in Double) and the largest, or nil for no values.
func valueRange(_ values: [Float]) -> (low: Float, mean: Double, high: Float)? {
    guard let low = values.min(), let high = values.max() else { return nil }
    return (low, values.reduce(0.0) { $0 + Double($1) } / Double(values.count), high)
}

/// For each tensor's values the cells `min …`, `mean …`, `max …` with 4 decimals (`-` for an empty
/// tensor), each number right-aligned with its column so the digits line up.
func rangeColumns(_ tensors: [[Float]]) -> [[String]] {
    let ranges = tensors.map(valueRange)
    func column(_ number: ((low: Float, mean: Double, high: Float)) -> Double) -> [String] {
        rightAligned(ranges.map { $0.map { String(format: "%.4f", number($0)) } ?? "-" })
    }
    let (lows, means, highs) = (column { Double($0.low) }, column(\.mean), column { Double($0.high) })
    return tensors.indices.map { ["min " + lows[$0], "mean " + means[$0], "max " + highs[$0]] }
}

/// Rows of cells joined into lines, two spaces apart, every column padded to its widest cell
/// (trailing spaces dropped).
func alignedColumns(_ rows: [[String]]) -> [String] {
    guard let columns = rows.first?.count else { return [] }
    let widths = (0..<columns).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { column, cell in
            cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
        }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
}

/// The cells padded on the left to the widest one, so that numbers line up on their last digit.
func rightAligned(_ cells: [String]) -> [String] {
    let width = cells.map(\.count).max() ?? 0
    return cells.map { String(repeating: " ", count: width - $0.count) + $0 }
}

/// Python's spelling of a Bool.
func pythonBool(_ value: Bool) -> String { value ? "True" : "False" }

/// On stderr, before the W_hh dynamics of a wide model (dgeev is O(H³) per cell: seconds at
/// H = 2048, minutes at 4096): what is being computed and how much, so a silent wait has a reason.
func announceSlowDynamics(_ rnn: RNN) {
    let h = rnn.config.hiddenSize, cells = rnn.config.numLayers * rnn.config.numDirections
    guard h >= 1024 else { return }
    let blocks = rnn.config.kind == .rnn ? cells : cells * rnn.config.kind.gateBlocks
    writeDiagnostic("inspect: computing ρ and ‖·‖₂ of \(blocks) recurrent \(h)×\(h) matri\(blocks == 1 ? "x" : "ces") "
                    + "(LAPACK dgeev, O(H³) each: seconds apiece at H = 2048, eight times that at 4096)…")
}

/// A model's block dynamics, with a line on stderr after each matrix when they are slow to compute
/// (H ≥ 1024): `inspect: 3 of 8 done, 34 s`.
func slowDynamics(_ rnn: RNN) -> [BlockDynamics] {
    guard rnn.config.hiddenSize >= 1024 else { return rnn.blockDynamics }
    let started = Date()
    return rnn.blockDynamics { done, total in
        writeDiagnostic("inspect: \(done) of \(total) done, \(Int(Date().timeIntervalSince(started))) s")
    }
}
