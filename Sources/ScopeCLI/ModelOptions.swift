import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

/// The options that choose a model, shared by `view`, `render`, `forward` and `init`:
/// either a trained state dict (`--weights [--prefix]`) or `nn.RNN`'s constructor arguments.
struct ModelOptions: ParsableArguments {
    @Option(help: "A PyTorch state dict (.safetensors) to load.")
    var weights: String?

    @Option(help: "Key prefix of the RNN inside --weights (e.g. 'rnn.'); found automatically when unambiguous.")
    var prefix: String?

    @Option(help: "nn.RNN input_size.")
    var inputSize: Int?

    @Option(help: "nn.RNN hidden_size.")
    var hiddenSize: Int?

    @Option(help: "nn.RNN num_layers.")
    var numLayers: Int?

    @Option(help: "tanh or relu (a state dict does not store it).")
    var nonlinearity: String = "tanh"

    @Flag(help: "nn.RNN bias=False.")
    var noBias = false

    @Option(help: "Dropout between layers (active only with --train).")
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
            return try modelFromStateDict(tensors, prefix: prefix, nonlinearity: nonlinearity,
                                          batchFirst: batchFirst, source: weights)
        }
        guard let inputSize = inputSize ?? defaults.inputSize else { throw ValidationError("--input-size is required without --weights") }
        guard let hiddenSize = hiddenSize ?? defaults.hiddenSize else { throw ValidationError("--hidden-size is required without --weights") }
        let config = try RNNConfig(
            inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers ?? defaults.numLayers,
            nonlinearity: nonlinearity, bias: !noBias, batchFirst: batchFirst,
            dropout: dropout, bidirectional: bidirectional)
        for warning in config.warnings { FileHandle.standardError.write(Data("UserWarning: \(warning)\n".utf8)) }
        return RNN(config: config, seed: seed)
    }
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
