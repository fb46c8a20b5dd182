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
    /// Each gate block of each cell's parameters (LSTM, GRU; empty for nn.RNN).
    var gates: [GateReport]
    var dynamics: [DynamicsReport]
}

/// The constructor arguments a state dict stores, and which module it is (`cell`: rnn, lstm, gru;
/// `proj_size` for an LSTM only).
struct ConfigReport: Encodable {
    var cell: String
    var inputSize, hiddenSize, numLayers: Int
    var projSize: Int?
    var bias, bidirectional: Bool

    init(_ config: RNNConfig) {
        cell = config.kind.rawValue
        (inputSize, hiddenSize, numLayers) = (config.inputSize, config.hiddenSize, config.numLayers)
        projSize = config.kind == .lstm ? config.projSize : nil
        (bias, bidirectional) = (config.bias, config.bidirectional)
    }
}

/// One gate's rows of one parameter: `parameter` is its full name (`encoder.weight_ih_l0`).
struct GateReport: Encodable {
    var cell, gate, parameter: String
    var min, max: Float?
    var mean: Double?

    init(_ block: GateBlock, prefix: String) {
        (cell, gate, parameter) = (block.cell, block.gate, prefix + block.parameter + "_" + block.cell)
        if let range = valueRange(block.values) { (min, mean, max) = (range.low, range.mean, range.high) }
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

/// One cell's W_hh numbers — or, for LSTM and GRU, one gate's block of it (`gate`), the numbers
/// `null` where the block is not square (an LSTM with proj_size).
struct DynamicsReport: Encodable {
    var cell: String
    var gate: String?
    var spectralRadius, largestSingularValue: Double?

    init(_ dynamics: BlockDynamics) {
        (cell, gate) = (dynamics.cell, dynamics.gate)
        (spectralRadius, largestSingularValue) = (dynamics.spectralRadius, dynamics.largestSingularValue)
    }

    enum CodingKeys: String, CodingKey { case cell, gate, spectralRadius, largestSingularValue }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cell, forKey: .cell)
        try container.encodeIfPresent(gate, forKey: .gate)
        try container.encode(spectralRadius, forKey: .spectralRadius)   // null when n/a
        try container.encode(largestSingularValue, forKey: .largestSingularValue)
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
