import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

extension CellKind: ExpressibleByArgument {}

/// The options that choose a model, shared by `view`, `render`, `forward` and `init`:
/// either a trained state dict (`--weights [--prefix]`, its kind read from its shapes) or the
/// constructor arguments of `nn.RNN`, `nn.LSTM` or `nn.GRU` (`--cell`).
struct ModelOptions: ParsableArguments {
    @Option(help: "A PyTorch state dict to load: .safetensors or a torch.save'd state dict (.pt/.pth) of nn.RNN, nn.LSTM or nn.GRU.")
    var weights: String?

    @Option(help: "Key prefix of the module inside --weights (e.g. 'rnn.'); found automatically when unambiguous.")
    var prefix: String?

    @Option(help: "The module: rnn, lstm or gru (nn.RNN, nn.LSTM, nn.GRU; default rnn; --weights' shapes say it).")
    var cell: CellKind?

    @Option(parsing: .unconditional, help: "input_size.")
    var inputSize: Int?

    @Option(parsing: .unconditional, help: "hidden_size.")
    var hiddenSize: Int?

    @Option(parsing: .unconditional, help: "num_layers.")
    var numLayers: Int?

    @Option(parsing: .unconditional, help: "nn.LSTM proj_size: each step's h projected to P features (LSTM only).")
    var projSize: Int?

    @Option(help: "nn.RNN's tanh or relu (default tanh; a state dict does not store it; LSTM and GRU take none).")
    var nonlinearity: String?

    @Flag(help: "bias=False.")
    var noBias = false

    @Option(parsing: .unconditional, help: "Dropout between layers (active only with --train).")
    var dropout: Double = 0

    @Flag(help: "bidirectional=True.")
    var bidirectional = false

    @Flag(inversion: .prefixedNo, help: "batch_first=True: input (N, T, D) rather than (T, N, D); output likewise (the study example's default; --no-batch-first turns it off).")
    var batchFirst: Bool?

    @Option(help: "Seed for the initial weights (and dropout masks).")
    var seed: UInt64 = 0

    /// Whether these flags leave the model to the study example: no weights and no sizes.
    var isStudyExample: Bool { weights == nil && inputSize == nil && hiddenSize == nil }

    /// The model these options describe — the same rule for `view`, `render`, `forward` and `init`:
    /// - `--weights`: the state dict's module; batch_first and the nonlinearity as the flags say.
    /// - no sizes: the study notes' example, `nn.RNN(1, 10, num_layers=2, batch_first=True)`, which
    ///   the other flags modify (`--bidirectional` is the example made bidirectional, `--cell lstm`
    ///   its LSTM, `--num-layers 3`, `--no-batch-first`, …).
    /// - `--input-size` or `--hidden-size`: built as `nn.RNN(...)` would be from the flags alone —
    ///   both sizes required, every flag not given at PyTorch's default (`num_layers=1`,
    ///   `batch_first=False`, bias, tanh, no dropout, one direction).
    func makeRNN() throws -> RNN {
        if let weights {
            let tensors = try loadStateDict(path: weights)
            var rnn = try modelFromStateDict(tensors, prefix: prefix, nonlinearity: nil, batchFirst: batchFirst ?? false,
                                             source: weights)
            try checkFlags(agreeWith: rnn.config, weights: weights)
            if let nonlinearity { rnn = rnn.withNonlinearity(try Nonlinearity(validating: nonlinearity)) }
            return try withDropout(rnn)
        }
        let kind = cell ?? .rnn
        try checkProjSizeIsForLSTM(kind)
        let example = ModelOptions.studyExample
        let sizes: (input: Int, hidden: Int, layers: Int, batchFirst: Bool)
        if isStudyExample {
            sizes = (example.inputSize, example.hiddenSize, numLayers ?? example.numLayers, batchFirst ?? example.batchFirst)
        } else {
            let module = "nn.\(kind.moduleName)(input_size, hidden_size) takes both"
            guard let inputSize else { throw ValidationError("--input-size is required with --hidden-size: \(module)") }
            guard let hiddenSize else { throw ValidationError("--hidden-size is required with --input-size: \(module)") }
            sizes = (inputSize, hiddenSize, numLayers ?? 1, batchFirst ?? false)
        }
        let config = try RNNConfig(
            kind: kind, inputSize: sizes.input, hiddenSize: sizes.hidden, numLayers: sizes.layers,
            nonlinearity: nonlinearity, bias: !noBias, batchFirst: sizes.batchFirst,
            dropout: dropout, bidirectional: bidirectional, projSize: projSize ?? 0)
        printWarnings(config)
        return RNN(config: config, seed: seed)
    }

    /// The study notes' example: `nn.RNN(1, 10, 2, batch_first=True)` (`--cell` makes it an LSTM or
    /// GRU of the same sizes).
    static let studyExample = (inputSize: 1, hiddenSize: 10, numLayers: 2, batchFirst: true)
}

extension ModelOptions {
    /// PyTorch refuses `proj_size` for `nn.RNN` and `nn.GRU` whenever it is passed, 0 included.
    func checkProjSizeIsForLSTM(_ kind: CellKind) throws {
        if projSize != nil, kind != .lstm { throw RNNError(.valueError, "proj_size argument is only supported for LSTM, not RNN or GRU") }
    }

    /// Flags given beside `--weights` must describe the same model as the file: the kind, the sizes,
    /// bias and directions; a nonlinearity only for an `nn.RNN`.
    func checkFlags(agreeWith config: RNNConfig, weights: String) throws {
        let module = "an nn.\(config.kind.moduleName)"
        if let cell, cell != config.kind { throw FileError(weights, "holds \(module) state dict, but --cell \(cell.rawValue) was given") }
        try checkProjSizeIsForLSTM(config.kind)
        let given: [(flag: String, value: Int?, stored: Int)] = [
            ("--input-size", inputSize, config.inputSize), ("--hidden-size", hiddenSize, config.hiddenSize),
            ("--num-layers", numLayers, config.numLayers), ("--proj-size", projSize, config.projSize)]
        for (flag, value, stored) in given {
            if let value, value != stored { throw FileError(weights, "holds \(flag.dropFirst(2).replacingOccurrences(of: "-", with: "_"))=\(stored), but \(flag) \(value) was given") }
        }
        if noBias, config.bias { throw FileError(weights, "holds biases, but --no-bias was given") }
        if bidirectional, !config.bidirectional { throw FileError(weights, "holds one direction, but --bidirectional was given") }
        if let nonlinearity, config.kind != .rnn {
            throw FileError(weights, "holds \(module) state dict, whose gates have no nonlinearity to choose, but --nonlinearity \(nonlinearity) was given")
        }
    }

    /// The loaded model with `--dropout` (a state dict does not store it), validated as the module
    /// would be; the kind, sizes and nonlinearity are the loaded model's.
    func withDropout(_ rnn: RNN) throws -> RNN {
        guard dropout != 0 else { return rnn }
        let stored = rnn.config
        let config = try RNNConfig(kind: stored.kind, inputSize: stored.inputSize, hiddenSize: stored.hiddenSize,
                                   numLayers: stored.numLayers, nonlinearity: stored.kind == .rnn ? stored.nonlinearity.rawValue : nil,
                                   bias: stored.bias, batchFirst: stored.batchFirst, dropout: dropout,
                                   bidirectional: stored.bidirectional, projSize: stored.projSize)
        printWarnings(config)
        return try RNN(config: config, stateDict: Dictionary(uniqueKeysWithValues: rnn.stateDict.map { ($0.name, $0.tensor) }))
    }
}

/// PyTorch's `UserWarning`s for a configuration, on stderr.
func printWarnings(_ config: RNNConfig) {
    for warning in config.warnings { writeDiagnostic("UserWarning: \(warning)") }
}
