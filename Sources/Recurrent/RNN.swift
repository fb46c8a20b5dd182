/// The weights of one (layer, direction) recurrent cell, shaped as PyTorch stores them
/// (`G` gate blocks: 1 RNN, 4 LSTM, 3 GRU; `out` = proj_size or H).
///
/// `weightIH`: `(G·H, in_k)`, `weightHH`: `(G·H, out)`, `biasIH` / `biasHH`: `(G·H)` or `nil` when
/// `bias=False`, `weightHR`: `(P, H)` for an LSTM with `proj_size = P > 0`, else nil.
public struct CellWeights: Equatable, Sendable {
    public var weightIH: Tensor
    public var weightHH: Tensor
    public var biasIH: Tensor?
    public var biasHH: Tensor?
    public var weightHR: Tensor? = nil
}

/// A recurrent network with PyTorch's parameters, names, init and semantics: `torch.nn.RNN`
/// (an Elman stack), `nn.LSTM` or `nn.GRU`, as `config.kind` says.
///
/// Cells are indexed `layer · numDirections + direction` (direction 0 forward, 1 reverse) — the
/// same order as PyTorch's `h_n` and `state_dict`.
public struct RNN: Sendable {
    public let config: RNNConfig
    public let cells: [CellWeights]
    /// The same weights laid out for the time loop (built once per model, shared by every run).
    let prepared: PreparedWeights

    // MARK: Construction

    /// A model initialised like PyTorch's `reset_parameters`: every weight and bias drawn from
    /// U(−1/√H, 1/√H). Each parameter's values come from (seed, its name) alone, so adding a layer
    /// or a direction leaves the other parameters — and their hidden states — unchanged.
    public init(config: RNNConfig, seed: UInt64 = 0) {
        self.config = config
        let bound = 1 / Float(config.hiddenSize).squareRoot()
        func draw(_ name: String, _ shape: [Int]) -> Tensor {
            var generator = SeededUniform(seed: seed, key: name)
            let values = (0..<shape.reduce(1, *)).map { _ in generator.uniform(-bound, bound) }
            return Tensor(shape: shape, data: values)
        }
        cells = RNN.cellKeys(config).map { key in
            CellWeights(
                weightIH: draw(key.names.weightIH, key.shapes.weightIH),
                weightHH: draw(key.names.weightHH, key.shapes.weightHH),
                biasIH: config.bias ? draw(key.names.biasIH, key.shapes.bias) : nil,
                biasHH: config.bias ? draw(key.names.biasHH, key.shapes.bias) : nil,
                weightHR: key.shapes.weightHR.map { draw(key.names.weightHR, $0) })
        }
        prepared = PreparedWeights(cells)
    }

    /// A model from a state dict (`name → tensor`, PyTorch's names without prefix). Every expected
    /// parameter must be present with its exact shape; extra keys are ignored.
    public init(config: RNNConfig, stateDict: [String: Tensor]) throws {
        self.config = config
        func take(_ name: String, _ shape: [Int]) throws -> Tensor {
            guard let tensor = stateDict[name] else {
                throw RNNError.runtime("Missing key(s) in state_dict: \"\(name)\" (expected shape \(shapeList(shape))).")
            }
            guard tensor.shape == shape else {
                throw RNNError.runtime("size mismatch for \(name): copying a param with shape \(shapeList(tensor.shape)) "
                                       + "from checkpoint, the shape in current model is \(shapeList(shape)).")
            }
            return tensor
        }
        cells = try RNN.cellKeys(config).map { key in
            CellWeights(
                weightIH: try take(key.names.weightIH, key.shapes.weightIH),
                weightHH: try take(key.names.weightHH, key.shapes.weightHH),
                biasIH: config.bias ? try take(key.names.biasIH, key.shapes.bias) : nil,
                biasHH: config.bias ? try take(key.names.biasHH, key.shapes.bias) : nil,
                weightHR: try key.shapes.weightHR.map { try take(key.names.weightHR, $0) })
        }
        prepared = PreparedWeights(cells)
    }

    /// The same weights under another nonlinearity (a state dict does not store it, so a loaded
    /// model can be run either way). Precondition: an `nn.RNN`.
    public func withNonlinearity(_ nonlinearity: Nonlinearity) -> RNN {
        precondition(config.kind == .rnn, "only nn.RNN has a nonlinearity to choose")
        var config = self.config
        config.nonlinearity = nonlinearity
        return RNN(config: config, cells: cells)
    }

    /// The same weights reading its input the other way round (`batch_first` is not a parameter:
    /// PyTorch only transposes the input and output, never the hidden states).
    public func withBatchFirst(_ batchFirst: Bool) -> RNN {
        var config = self.config
        config.batchFirst = batchFirst
        return RNN(config: config, cells: cells)
    }

    private init(config: RNNConfig, cells: [CellWeights]) {
        self.config = config
        self.cells = cells
        prepared = PreparedWeights(cells)
    }

    // MARK: State dict

    /// `(name, tensor)` pairs in `state_dict()` order: per layer, per direction,
    /// `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, `weight_hr` (LSTM with proj_size).
    public var stateDict: [(name: String, tensor: Tensor)] {
        zip(RNN.cellKeys(config), cells).flatMap { key, cell -> [(name: String, tensor: Tensor)] in
            var entries = [(key.names.weightIH, cell.weightIH), (key.names.weightHH, cell.weightHH)]
            if let bIH = cell.biasIH, let bHH = cell.biasHH {
                entries += [(key.names.biasIH, bIH), (key.names.biasHH, bHH)]
            }
            if let hr = cell.weightHR { entries.append((key.names.weightHR, hr)) }
            return entries.map { (name: $0.0, tensor: $0.1) }
        }
    }

    /// The parameter called `name` (PyTorch's spelling), if the model has it.
    public func parameter(named name: String) -> Tensor? { stateDict.first { $0.name == name }?.tensor }

    /// PyTorch's parameter names for a configuration, in `state_dict()` order.
    public static func parameterNames(_ config: RNNConfig) -> [String] {
        cellKeys(config).flatMap { key in
            [key.names.weightIH, key.names.weightHH] + (config.bias ? [key.names.biasIH, key.names.biasHH] : [])
                + (key.shapes.weightHR == nil ? [] : [key.names.weightHR])
        }
    }

    /// PyTorch's shape for each parameter of a configuration, by name.
    public static func parameterShapes(_ config: RNNConfig) -> [String: [Int]] {
        var shapes: [String: [Int]] = [:]
        for key in cellKeys(config) {
            shapes[key.names.weightIH] = key.shapes.weightIH
            shapes[key.names.weightHH] = key.shapes.weightHH
            if config.bias {
                shapes[key.names.biasIH] = key.shapes.bias
                shapes[key.names.biasHH] = key.shapes.bias
            }
            if let hr = key.shapes.weightHR { shapes[key.names.weightHR] = hr }
        }
        return shapes
    }

    // MARK: Naming

    /// Names and shapes of one cell's parameters.
    struct CellKey {
        /// The cell's own suffix: `l0`, `l0_reverse`, `l1`, …
        var cell: String
        var names: (weightIH: String, weightHH: String, biasIH: String, biasHH: String, weightHR: String)
        var shapes: (weightIH: [Int], weightHH: [Int], bias: [Int], weightHR: [Int]?)
    }

    /// One key per cell, in cell order: suffix `_l{k}` plus `_reverse` for direction 1.
    static func cellKeys(_ config: RNNConfig) -> [CellKey] {
        let (rows, out) = (config.gateRows, config.outputSize)
        let projection = config.projSize > 0 ? [config.projSize, config.hiddenSize] : nil
        return (0..<config.numLayers).flatMap { layer in
            (0..<config.numDirections).map { direction in
                let cell = CellIndex(layer: layer, direction: direction).suffix
                return CellKey(
                    cell: cell,
                    names: ("weight_ih_" + cell, "weight_hh_" + cell, "bias_ih_" + cell, "bias_hh_" + cell, "weight_hr_" + cell),
                    shapes: ([rows, config.layerInputSize(layer)], [rows, out], [rows], projection))
            }
        }
    }
}
