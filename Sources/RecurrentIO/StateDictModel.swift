import Recurrent

// MARK: State dict → nn.RNN, nn.LSTM or nn.GRU: find the module's keys, infer its constructor
// arguments (the kind included) from their shapes, load it.

/// Builds the recurrent module a state dict describes — `nn.RNN`, `nn.LSTM` (with or without
/// `proj_size`) or `nn.GRU`, told apart by the shapes — with sizes, layers, bias and directions
/// inferred from its keys, under `prefix` (found automatically when exactly one set of keys exists).
/// The nonlinearity (RNN only; nil = not passed, tanh) and `batch_first` are not stored in a state
/// dict and come from the caller.
///
/// - Throws: `RNNError` for a bad nonlinearity, or any nonlinearity for an LSTM or GRU, or sizes
///   (PyTorch's words); `FileError` naming `source` for an ambiguous or absent prefix, for shapes
///   that fit no kind and for missing or mis-shaped parameters.
public func modelFromStateDict(_ tensors: [String: Tensor], prefix: String?, nonlinearity: String?,
                               batchFirst: Bool, source: String) throws -> RNN {
    let prefix = try locateRNN(in: Array(tensors.keys), prefix: prefix, source: source)
    var own: [String: Tensor] = [:]
    for (name, tensor) in tensors where name.hasPrefix(prefix) { own[String(name.dropFirst(prefix.count))] = tensor }
    let config = try inferRNNConfig(own, nonlinearity: nonlinearity, batchFirst: batchFirst, prefix: prefix, source: source)
    do {
        return try RNN(config: config, stateDict: own)
    } catch let error as RNNError {
        throw FileError(source, error.message + underPrefix(prefix))
    }
}

/// The key prefix of the RNN inside a state dict: `requested` (a missing final `.` is added)
/// when given, else the only prefix `P` with a key `P + "weight_ih_l0"`.
/// - Throws: `FileError` naming the candidates when there are none or several.
public func locateRNN(in names: [String], prefix requested: String?, source: String) throws -> String {
    let candidates = names.compactMap { name -> String? in
        guard name.hasSuffix("weight_ih_l0") else { return nil }
        let prefix = String(name.dropLast("weight_ih_l0".count))
        return prefix.isEmpty || prefix.hasSuffix(".") ? prefix : nil
    }.sorted()
    let listed = candidates.map { "'\($0)'" }.joined(separator: ", ")
    if var requested {
        if !requested.isEmpty, !requested.hasSuffix(".") { requested += "." }
        guard candidates.contains(requested) else {
            throw FileError(source, "no RNN under prefix '\(requested)' (no key '\(requested)weight_ih_l0'); "
                            + (candidates.isEmpty ? "the file holds no RNN weights" : "RNN prefixes in the file: \(listed)"))
        }
        return requested
    }
    switch candidates.count {
    case 0: throw FileError(source, "no RNN weights found (no key ending in 'weight_ih_l0')")
    case 1: return candidates[0]
    default: throw FileError(source, "several RNNs found (prefixes \(listed)); choose one with --prefix")
    }
}

/// The module's constructor arguments read off its parameters (names without prefix):
///
/// - `H` = `weight_hr_l0`.shape[1] when the LSTM projects (`proj_size` = its rows), else
///   `weight_hh_l0`.shape[1];
/// - the kind from `weight_ih_l0` `(G·H, input_size)`: G = 1 `nn.RNN`, 4 `nn.LSTM`, 3 `nn.GRU`;
/// - the highest `_l{k}` gives `num_layers`, any `_reverse` key bidirectional, any `bias_` key bias.
///
/// `nonlinearity` nil is "not passed" (tanh for an RNN); given for an LSTM or GRU it fails with
/// PyTorch's `TypeError`, as `nn.LSTM(..., nonlinearity=...)` does.
func inferRNNConfig(_ parameters: [String: Tensor], nonlinearity: String?, batchFirst: Bool,
                    prefix: String, source: String) throws -> RNNConfig {
    let first = try matrix("weight_ih_l0", in: parameters, prefix: prefix, source: source, expected: "[gates·hidden_size, input_size]")
    let shape = try moduleShape(weightIH: first, parameters, prefix: prefix, source: source)
    let names = parameters.keys.compactMap(RNNParameterName.init)
    let highest = names.map(\.layer).max() ?? 0
    // Each layer holds at least two parameters: a larger index means a gap, named here before
    // the model allocates a cell for every layer up to that index (and before an index of
    // Int.max could overflow as a layer count).
    if highest >= names.count, let gap = (0...highest).first(where: { parameters["weight_ih_l\($0)"] == nil }) {
        throw FileError(source, "Missing key(s) in state_dict: \"\(prefix)weight_ih_l\(gap)\" (layers up to l\(highest) have keys).")
    }
    return try RNNConfig(kind: shape.kind, inputSize: first.shape[1], hiddenSize: shape.hidden, numLayers: highest + 1,
                         nonlinearity: nonlinearity, bias: names.contains { $0.isBias }, batchFirst: batchFirst,
                         bidirectional: names.contains { $0.isReverse }, projSize: shape.projSize)
}

/// The kind, `hidden_size` and `proj_size` of the first layer: `weight_ih_l0` is `(G·H, I)`,
/// `weight_hh_l0` `(G·H, P or H)`, and an LSTM's `weight_hr_l0` `(P, H)`.
/// - Throws: `FileError` in one line when the shapes fit no kind.
private func moduleShape(weightIH first: Tensor, _ parameters: [String: Tensor], prefix: String,
                         source: String) throws -> (kind: CellKind, hidden: Int, projSize: Int) {
    let recurrent = try matrix("weight_hh_l0", in: parameters, prefix: prefix, source: source,
                               expected: "[gates·hidden_size, hidden_size]")
    let projection = try parameters["weight_hr_l0"].map { _ in
        try matrix("weight_hr_l0", in: parameters, prefix: prefix, source: source, expected: "[proj_size, hidden_size]")
    }
    let rows = first.shape[0], hidden = projection?.shape[1] ?? recurrent.shape[1]
    // hidden_size 0 is left to RNNConfig, which refuses it in PyTorch's words.
    guard hidden > 0 else { return (.rnn, rows, 0) }
    let blocks = rows % hidden == 0 ? CellKind(gateBlocks: rows / hidden) : nil
    let described = "\(prefix)weight_ih_l0 is \(first.shape) and \(prefix)weight_hh_l0 \(recurrent.shape)"
        + (projection.map { " and \(prefix)weight_hr_l0 \($0.shape)" } ?? "")
    guard let kind = blocks else {
        throw FileError(source, "\(described): \(rows) rows are not 1, 3 or 4 gate blocks of hidden_size \(hidden) "
                        + "(nn.RNN, nn.GRU, nn.LSTM)")
    }
    if let projection, kind != .lstm {
        throw FileError(source, "\(described): a projection (weight_hr_l0) is LSTM-only, but \(kind.gateBlocks) gate "
                        + "block\(kind.gateBlocks == 1 ? "" : "s") of hidden_size \(hidden) make an nn.\(kind.moduleName)")
    }
    return (kind, hidden, projection?.shape[0] ?? 0)
}

/// The parameter `name`, which must be a matrix: else a `FileError` saying what shape it should have.
private func matrix(_ name: String, in parameters: [String: Tensor], prefix: String, source: String,
                    expected: String) throws -> Tensor {
    guard let tensor = parameters[name], tensor.rank == 2 else {
        let got = parameters[name].map { " has shape \($0.shape)" } ?? " is missing"
        throw FileError(source, "\(prefix)\(name)\(got), expected \(expected)")
    }
    return tensor
}

private func underPrefix(_ prefix: String) -> String { prefix.isEmpty ? "" : " (keys under prefix '\(prefix)')" }

/// A name of a recurrent module's parameters: `(weight|bias)_(ih|hh)_l{k}[_reverse]`, or an LSTM's
/// projection `weight_hr_l{k}[_reverse]`.
struct RNNParameterName {
    var isBias: Bool
    var layer: Int
    var isReverse: Bool

    init?(_ name: String) {
        var rest = Substring(name)
        guard let kind = ["weight_ih_l", "weight_hh_l", "weight_hr_l", "bias_ih_l", "bias_hh_l"].first(where: { rest.hasPrefix($0) }) else {
            return nil
        }
        rest = rest.dropFirst(kind.count)
        isReverse = rest.hasSuffix("_reverse")
        if isReverse { rest = rest.dropLast("_reverse".count) }
        guard !rest.isEmpty, rest.allSatisfy(\.isASCII), let layer = Int(rest), layer >= 0, String(layer) == rest else {
            return nil
        }
        self.layer = layer
        isBias = kind.hasPrefix("bias")
    }
}
