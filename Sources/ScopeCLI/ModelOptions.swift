import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

/// The options that choose a model, shared by `view`, `render`, `forward` and `init`:
/// either a trained state dict (`--weights [--prefix]`) or `nn.RNN`'s constructor arguments.
struct ModelOptions: ParsableArguments {
    @Option(help: "A PyTorch state dict to load: .safetensors or a torch.save'd state dict (.pt/.pth).")
    var weights: String?

    @Option(help: "Key prefix of the RNN inside --weights (e.g. 'rnn.'); found automatically when unambiguous.")
    var prefix: String?

    @Option(parsing: .unconditional, help: "nn.RNN input_size.")
    var inputSize: Int?

    @Option(parsing: .unconditional, help: "nn.RNN hidden_size.")
    var hiddenSize: Int?

    @Option(parsing: .unconditional, help: "nn.RNN num_layers.")
    var numLayers: Int?

    @Option(help: "tanh or relu (a state dict does not store it).")
    var nonlinearity: String = "tanh"

    @Flag(help: "nn.RNN bias=False.")
    var noBias = false

    @Option(parsing: .unconditional, help: "Dropout between layers (active only with --train).")
    var dropout: Double = 0

    @Flag(help: "nn.RNN bidirectional=True.")
    var bidirectional = false

    @Flag(help: "Input is (N, T, D) rather than (T, N, D); output likewise.")
    var batchFirst = false

    @Option(help: "Seed for the initial weights (and dropout masks).")
    var seed: UInt64 = 0

    /// The model these options describe. Without `--weights`, sizes not given come from `defaults`
    /// (`nil` there means the option is required).
    func makeRNN(defaults: ModelDefaults) throws -> RNN {
        // The default example's batch_first applies only while the user has not chosen a model.
        let batchFirst = self.batchFirst || (weights == nil && inputSize == nil && defaults.batchFirst)
        if let weights {
            let tensors = try loadStateDict(path: weights)
            let rnn = try modelFromStateDict(tensors, prefix: prefix, nonlinearity: nonlinearity,
                                             batchFirst: batchFirst, source: weights)
            try checkSizeFlags(agreeWith: rnn.config, weights: weights)
            return try withDropout(rnn)
        }
        guard let inputSize = inputSize ?? defaults.inputSize else { throw ValidationError("--input-size is required without --weights") }
        guard let hiddenSize = hiddenSize ?? defaults.hiddenSize else { throw ValidationError("--hidden-size is required without --weights") }
        let config = try RNNConfig(
            inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers ?? defaults.numLayers,
            nonlinearity: nonlinearity, bias: !noBias, batchFirst: batchFirst,
            dropout: dropout, bidirectional: bidirectional)
        printWarnings(config)
        return RNN(config: config, seed: seed)
    }
}

extension ModelOptions {
    /// Size flags given beside `--weights` must describe the same model as the file.
    func checkSizeFlags(agreeWith config: RNNConfig, weights: String) throws {
        let given: [(flag: String, value: Int?, stored: Int)] = [
            ("--input-size", inputSize, config.inputSize), ("--hidden-size", hiddenSize, config.hiddenSize),
            ("--num-layers", numLayers, config.numLayers)]
        for (flag, value, stored) in given {
            if let value, value != stored { throw FileError(weights, "holds \(flag.dropFirst(2).replacingOccurrences(of: "-", with: "_"))=\(stored), but \(flag) \(value) was given") }
        }
        if noBias, config.bias { throw FileError(weights, "holds biases, but --no-bias was given") }
        if bidirectional, !config.bidirectional { throw FileError(weights, "holds one direction, but --bidirectional was given") }
    }

    /// The loaded model with `--dropout` (a state dict does not store it), validated as `nn.RNN` would.
    func withDropout(_ rnn: RNN) throws -> RNN {
        guard dropout != 0 else { return rnn }
        let stored = rnn.config
        let config = try RNNConfig(inputSize: stored.inputSize, hiddenSize: stored.hiddenSize, numLayers: stored.numLayers,
                                   nonlinearity: stored.nonlinearity, bias: stored.bias, batchFirst: stored.batchFirst,
                                   dropout: dropout, bidirectional: stored.bidirectional)
        printWarnings(config)
        return try RNN(config: config, stateDict: Dictionary(uniqueKeysWithValues: rnn.stateDict.map { ($0.name, $0.tensor) }))
    }
}

/// PyTorch's `UserWarning`s for a configuration, on stderr.
func printWarnings(_ config: RNNConfig) {
    for warning in config.warnings { FileHandle.standardError.write(Data("UserWarning: \(warning)\n".utf8)) }
}

/// What a command assumes for the sizes the user leaves out.
struct ModelDefaults {
    var inputSize: Int?
    var hiddenSize: Int?
    var numLayers = 1
    var batchFirst = false

    /// Sizes must be given (headless commands).
    static let required = ModelDefaults()
    /// The study notes' example: `nn.RNN(1, 10, 2, batch_first=True)` (the visualizer's default).
    static let seedExample = ModelDefaults(inputSize: 1, hiddenSize: 10, numLayers: 2, batchFirst: true)
}
