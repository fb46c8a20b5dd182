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

/// The constructor arguments of `torch.nn.RNN`, `nn.LSTM` or `nn.GRU`, validated in PyTorch's
/// order with PyTorch's words.
///
/// Shapes that follow from it: `H = hiddenSize`, `G = kind.gateBlocks` (1, 4, 3), `P = projSize`
/// (LSTM only, 0 = none), `out = P > 0 ? P : H` (`outputSize`, PyTorch's `real_hidden_size`),
/// `dirs = bidirectional ? 2 : 1`; layer `k` reads `inputSize` features for `k = 0` and
/// `dirs·out` above.
public struct RNNConfig: Equatable, Sendable {
    /// The module: `nn.RNN`, `nn.LSTM` or `nn.GRU`.
    public var kind: CellKind
    public var inputSize: Int
    public var hiddenSize: Int
    public var numLayers: Int
    /// The Elman cell's nonlinearity (`nn.RNN` only; LSTM and GRU have their own, fixed).
    public var nonlinearity: Nonlinearity
    public var bias: Bool
    public var batchFirst: Bool
    public var dropout: Double
    public var bidirectional: Bool
    /// `proj_size` of `nn.LSTM`: each step's h is projected to this many features (0 = none).
    public var projSize: Int

    /// Builds and validates a configuration exactly as `nn.RNN(...)`, `nn.LSTM(...)` or
    /// `nn.GRU(...)` would: proj_size outside LSTM, nonlinearity (RNN: its name; LSTM and GRU take
    /// none), dropout range, input_size, hidden_size, num_layers, proj_size — the first failure throws.
    /// (PyTorch warns about dropout with one layer before the size checks; `warnings` gives that text.)
    /// `nonlinearity` takes PyTorch's string so that a bad name fails with PyTorch's message; nil
    /// is "not passed" (tanh for an RNN).
    public init(
        kind: CellKind = .rnn, inputSize: Int, hiddenSize: Int, numLayers: Int = 1, nonlinearity: String? = nil,
        bias: Bool = true, batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false,
        projSize: Int = 0
    ) throws {
        if kind != .lstm, projSize != 0 {
            throw RNNError.value("proj_size argument is only supported for LSTM, not RNN or GRU")
        }
        var parsed = Nonlinearity.tanh
        if kind == .rnn {
            parsed = try Nonlinearity(validating: nonlinearity ?? "tanh")
        } else if nonlinearity != nil {
            throw RNNError(.typeError, "RNNBase.__init__() got an unexpected keyword argument 'nonlinearity'")
        }
        guard dropout >= 0, dropout <= 1 else {
            throw RNNError.value(
                "dropout should be a number in range [0, 1] representing the probability of an element being zeroed")
        }
        guard inputSize > 0 else { throw RNNError.value("input_size must be greater than zero") }
        guard hiddenSize > 0 else { throw RNNError.value("hidden_size must be greater than zero") }
        guard numLayers > 0 else { throw RNNError.value("num_layers must be greater than zero") }
        guard projSize >= 0 else { throw RNNError.value("proj_size should be a positive integer or zero to disable projections") }
        guard projSize < hiddenSize else { throw RNNError.value("proj_size has to be smaller than hidden_size") }
        // The module allocates its parameters in __init__: sizes that cannot exist fail there.
        var budget = AllocationBudget()
        let out = projSize > 0 ? projSize : hiddenSize
        let (gateRows, rowsOverflow) = hiddenSize.multipliedReportingOverflow(by: kind.gateBlocks)
        let rows = rowsOverflow ? Int.max : gateRows
        let (wide, overflow) = out.multipliedReportingOverflow(by: bidirectional ? 2 : 1)
        let layers = [(input: inputSize, count: 1), (input: overflow ? Int.max : wide, count: numLayers - 1)]
        for (layerInput, count) in layers where count > 0 {
            let (product, tooMany) = count.multipliedReportingOverflow(by: bidirectional ? 2 : 1)
            let tensors = tooMany ? Int.max : product
            try budget.allocate([rows, layerInput], times: tensors)
            try budget.allocate([rows, out], times: tensors)
            if bias { for _ in 0..<2 { try budget.allocate([rows], times: tensors) } }
            if projSize > 0 { try budget.allocate([projSize, hiddenSize], times: tensors) }
        }
        self.kind = kind
        self.inputSize = inputSize
        self.hiddenSize = hiddenSize
        self.numLayers = numLayers
        self.nonlinearity = parsed
        self.bias = bias
        self.batchFirst = batchFirst
        self.dropout = dropout
        self.bidirectional = bidirectional
        self.projSize = projSize
    }

    /// The convenience form with a typed nonlinearity (it cannot be misspelled, so only the numeric
    /// checks can throw). An `nn.RNN`.
    public init(
        inputSize: Int, hiddenSize: Int, numLayers: Int = 1, nonlinearity: Nonlinearity,
        bias: Bool = true, batchFirst: Bool = false, dropout: Double = 0, bidirectional: Bool = false
    ) throws {
        try self.init(inputSize: inputSize, hiddenSize: hiddenSize, numLayers: numLayers,
                      nonlinearity: nonlinearity.rawValue, bias: bias, batchFirst: batchFirst,
                      dropout: dropout, bidirectional: bidirectional)
    }

    /// `RNNBase.mode`: `RNN_TANH`, `RNN_RELU`, `LSTM` or `GRU`.
    public var mode: RNNMode {
        switch kind {
        case .rnn: nonlinearity == .tanh ? .rnnTanh : .rnnRelu
        case .lstm: .lstm
        case .gru: .gru
        }
    }

    /// The features of each step's h: `proj_size` when the LSTM projects, else `hidden_size`.
    public var outputSize: Int { projSize > 0 ? projSize : hiddenSize }

    /// Rows of `weight_ih`, `weight_hh` and the biases: `gateBlocks · hidden_size`.
    public var gateRows: Int { kind.gateBlocks * hiddenSize }

    /// The same configuration as another kind of module (the screen's `m` key): the sizes and
    /// flags carry over; a projection only where an LSTM can have it.
    public func asKind(_ kind: CellKind) -> RNNConfig {
        var config = self
        config.kind = kind
        if kind != .lstm { config.projSize = 0 }
        return config
    }

    /// 2 for a bidirectional RNN, else 1.
    public var numDirections: Int { bidirectional ? 2 : 1 }

    /// Features layer `layer` reads: `input_size` for layer 0, `num_directions · outputSize` above.
    public func layerInputSize(_ layer: Int) -> Int { layer == 0 ? inputSize : numDirections * outputSize }

    /// PyTorch's `UserWarning`s for this configuration (the dropout-with-one-layer warning).
    public var warnings: [String] { RNNConfig.warnings(dropout: dropout, numLayers: numLayers) }

    /// The warnings `nn.RNN(...)` emits for these arguments — emitted after the dropout range check
    /// and before the size checks, so PyTorch warns even when a size check then fails.
    public static func warnings(dropout: Double, numLayers: Int) -> [String] {
        guard dropout > 0, numLayers == 1 else { return [] }
        return ["dropout option adds dropout after all but last recurrent layer, so non-zero dropout expects "
                + "num_layers greater than 1, but got dropout=\(pythonFloat(dropout)) and num_layers=\(numLayers)"]
    }

    /// `repr(module)` exactly, e.g. `RNN(1, 10, num_layers=2, batch_first=True)`,
    /// `LSTM(10, 20, proj_size=5, num_layers=2)`.
    /// PyTorch leaves the nonlinearity out; show it beside this string where it matters.
    public var pytorchRepr: String {
        var s = "\(kind.moduleName)(\(inputSize), \(hiddenSize)"
        if projSize != 0 { s += ", proj_size=\(projSize)" }
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
