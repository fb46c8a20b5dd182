/// The elementwise nonlinearity of an Elman RNN cell: `'tanh'` or `'relu'`, as in PyTorch.
public enum Nonlinearity: String, CaseIterable, Sendable {
    case tanh, relu

    /// Parses PyTorch's spelling, or throws PyTorch's own `ValueError`.
    public init(validating name: String) throws {
        guard let value = Nonlinearity(rawValue: name) else {
            throw RNNError.value("Unknown nonlinearity '\(name)'. Select from 'tanh' or 'relu'.")
        }
        self = value
    }
}

/// The constructor arguments of `torch.nn.RNN`, validated in PyTorch's order with PyTorch's words.
///
/// Shapes that follow from it: `H = hiddenSize`, `dirs = bidirectional ? 2 : 1`,
/// layer `k` reads `inputSize` features for `k = 0` and `dirs·H` above.
public struct RNNConfig: Equatable, Sendable {
    public var inputSize: Int
    public var hiddenSize: Int
    public var numLayers: Int
    public var nonlinearity: Nonlinearity
    public var bias: Bool
    public var batchFirst: Bool
    public var dropout: Double
    public var bidirectional: Bool

    /// Builds and validates a configuration exactly as `nn.RNN(...)` would:
    /// nonlinearity, dropout range, input_size, hidden_size, num_layers — the first failure throws.
    /// (PyTorch warns about dropout with one layer before the size checks; `warnings` gives that text.)
    /// `nonlinearity` takes PyTorch's string so that a bad name fails with PyTorch's message.
    public init(
        inputSize: Int, hiddenSize: Int, numLayers: Int = 1, nonlinearity: String = "tanh",
        bias: Bool = true, batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false
    ) throws {
        let parsed = try Nonlinearity(validating: nonlinearity)
        guard dropout >= 0, dropout <= 1 else {
            throw RNNError.value(
                "dropout should be a number in range [0, 1] representing the probability of an element being zeroed")
        }
        guard inputSize > 0 else { throw RNNError.value("input_size must be greater than zero") }
        guard hiddenSize > 0 else { throw RNNError.value("hidden_size must be greater than zero") }
        guard numLayers > 0 else { throw RNNError.value("num_layers must be greater than zero") }
        // nn.RNN allocates its parameters in __init__: sizes that cannot exist fail there.
        var budget = AllocationBudget()
        let (wide, overflow) = hiddenSize.multipliedReportingOverflow(by: bidirectional ? 2 : 1)
        let layers = [(input: inputSize, count: 1), (input: overflow ? Int.max : wide, count: numLayers - 1)]
        for (layerInput, count) in layers where count > 0 {
            let (product, tooMany) = count.multipliedReportingOverflow(by: bidirectional ? 2 : 1)
            let tensors = tooMany ? Int.max : product
            try budget.allocate([hiddenSize, layerInput], times: tensors)
            try budget.allocate([hiddenSize, hiddenSize], times: tensors)
            if bias { for _ in 0..<2 { try budget.allocate([hiddenSize], times: tensors) } }
        }
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.nonlinearity = parsed
        self.bias = bias
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.bidirectional = bidirectional
    }

    /// The convenience form with a typed nonlinearity (it cannot be misspelled, so only the numeric
    /// checks can throw).
    public init(
        inputSize: Int, hiddenSize: Int, numLayers: Int = 1, nonlinearity: Nonlinearity,
        bias: Bool = true, batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false
    ) throws {
        try self.init(inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                      nonlinearity: nonlinearity.rawValue, bias: bias, batchFirst: batchFirst,
                      dropout: dropout, bidirectional: bidirectional)
    }

    /// 2 for a bidirectional RNN, else 1.
    public var numDirections: Int { bidirectional ? 2 : 1 }

    /// Features layer `layer` reads: `input_size` for layer 0, `num_directions · hidden_size` above.
    public func layerInputSize(_ layer: Int) -> Int { layer == 0 ? inputSize : numDirections * hiddenSize }

    /// PyTorch's `UserWarning`s for this configuration (the dropout-with-one-layer warning).
    public var warnings: [String] { RNNConfig.warnings(dropout: dropout, numLayers: numLayers) }

    /// The warnings `nn.RNN(...)` emits for these arguments — emitted after the dropout range check
    /// and before the size checks, so PyTorch warns even when a size check then fails.
    public static func warnings(dropout: Double, numLayers: Int) -> [String] {
        guard dropout > 0, numLayers == 1 else { return [] }
        return ["dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                + "num_layers greater than 1, but got dropout=\(pythonFloat(dropout)) and num_layers=\(numLayers)"]
    }

    /// `repr(nn.RNN(...))` exactly, e.g. `RNN(1, 10, num_layers=2, batch_first=True)`.
    /// PyTorch leaves the nonlinearity out; show it beside this string where it matters.
    public var pytorchRepr: String {
        var s = "RNN(\(inputSize), \(hiddenSize)"
        if numLayers != 1 { s += ", num_layers=\(numLayers)" }
        if !bias { s += ", bias=False" }
        if batchFirst { s += ", batch_first=True" }
        if dropout != 0 { s += ", dropout=\(pythonFloat(dropout))" }
        if bidirectional { s += ", bidirectional=True" }
        return s + ")"
    }
}

/// Python's `repr(float)`: the shortest round-tripping decimal, which Swift's `description` also gives.
func pythonFloat(_ value: Double) -> String { "\(value)" }
