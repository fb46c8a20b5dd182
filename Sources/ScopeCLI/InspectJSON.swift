import Foundation
import Recurrent
import RecurrentIO

// MARK: `inspect --json`: the same facts as the text, as one JSON object for scripts

/// What `inspect --json` prints for a state dict. When no RNN could be built from it, `prefix`,
/// `model` and `config` are left out and `error` says why (the command still exits 1).
struct StateDictReport: Encodable {
    var file: String
    var prefix: String?
    var model: String?
    var config: ConfigReport?
    var error: String?
    var metadata: [String: String]
    var tensors: [TensorReport]
    var dynamics: [DynamicsReport]
}

/// `nn.RNN`'s constructor arguments a state dict stores.
struct ConfigReport: Encodable {
    var inputSize, hiddenSize, numLayers: Int
    var bias, bidirectional: Bool

    init(_ config: RNNConfig) {
        (inputSize, hiddenSize, numLayers) = (config.inputSize, config.hiddenSize, config.numLayers)
        (bias, bidirectional) = (config.bias, config.bidirectional)
    }
}

/// One tensor or array: its shape and range (`dtype` and `partOfRNN` for state dicts only).
struct TensorReport: Encodable {
    var name: String
    var shape: [Int]
    var dtype: String?
    /// min and max as the values are (Float: JSON gets their shortest digits); the mean in Double.
    var min, max: Float?
    var mean: Double?
    var partOfRNN: Bool?

    init(name: String, shape: [Int], values: [Float], dtype: String? = nil, partOfRNN: Bool? = nil) {
        (self.name, self.shape, self.dtype, self.partOfRNN) = (name, shape, dtype, partOfRNN)
        if let range = valueRange(values) { (min, mean, max) = (range.low, range.mean, range.high) }
    }

    enum CodingKeys: String, CodingKey { case name, shape, dtype, min, mean, max, partOfRNN = "part_of_rnn" }
}

/// One cell's W_hh numbers.
struct DynamicsReport: Encodable {
    var cell: String
    var spectralRadius, largestSingularValue: Double

    init(_ dynamics: CellDynamics) {
        (cell, spectralRadius, largestSingularValue) = (dynamics.cell, dynamics.spectralRadius, dynamics.largestSingularValue)
    }
}

/// What `inspect --json` prints for a sequence file.
struct ArraysReport: Encodable {
    var file: String
    var arrays: [TensorReport]
}

/// `value` as one line of JSON: snake_case keys, sorted, non-finite numbers as the strings
/// `"nan"`, `"inf"`, `"-inf"` (JSON has no spelling for them).
func jsonLine<Value: Encodable>(_ value: Value) throws -> String {
    let encoder = JSONEncoder()
    encoder.keyEncodingStrategy = .convertToSnakeCase
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
