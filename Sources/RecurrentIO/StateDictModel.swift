import Recurrent

// MARK: State dict → nn.RNN: find the RNN's keys, infer its constructor arguments, load it.

/// Builds the RNN a state dict describes: sizes, layers, bias and directions inferred from its keys
/// and shapes, under `prefix` (found automatically when exactly one set of RNN keys exists).
/// The nonlinearity and `batch_first` are not stored in a state dict and come from the caller.
///
/// - Throws: `RNNError` for a bad nonlinearity or sizes (PyTorch's words); `FileError` naming
///   `source` for an ambiguous or absent prefix and for missing or mis-shaped parameters.
public func modelFromStateDict(_ tensors: [String: Tensor], prefix: String?, nonlinearity: String,
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

/// `nn.RNN`'s constructor arguments read off its parameters (names without prefix):
/// `weight_ih_l0` is `(hidden_size, input_size)`, the highest `_l{k}` gives `num_layers`,
/// any `_reverse` key means bidirectional, any `bias_` key means bias.
func inferRNNConfig(_ parameters: [String: Tensor], nonlinearity: String, batchFirst: Bool,
                    prefix: String, source: String) throws -> RNNConfig {
    guard let first = parameters["weight_ih_l0"], first.rank == 2 else {
        let got = parameters["weight_ih_l0"].map { " has shape \($0.shape)" } ?? " is missing"
        throw FileError(source, "\(prefix)weight_ih_l0\(got), expected [hidden_size, input_size]")
    }
    if let recurrent = parameters["weight_hh_l0"], let gated = gatedModuleName(weightIH: first, weightHH: recurrent) {
        let hidden = recurrent.shape[1]
        throw FileError(source, "\(prefix)weight_ih_l0 is \(first.shape) and weight_hh_l0 \(recurrent.shape): "
                        + "\(first.shape[0] / hidden) gates of hidden_size \(hidden), an \(gated)'s state dict — rnnscope runs nn.RNN, "
                        + "whose cell is one tanh or relu")
    }
    let names = parameters.keys.compactMap(RNNParameterName.init)
    let highest = names.map(\.layer).max() ?? 0
    // Each layer holds at least two parameters: a larger index means a gap, named here before
    // the model allocates a cell for every layer up to that index (and before an index of
    // Int.max could overflow as a layer count).
    if highest >= names.count, let gap = (0...highest).first(where: { parameters["weight_ih_l\($0)"] == nil }) {
        throw FileError(source, "Missing key(s) in state_dict: \"\(prefix)weight_ih_l\(gap)\" (layers up to l\(highest) have keys).")
    }
    return try RNNConfig(inputSize: first.shape[1], hiddenSize: first.shape[0], numLayers: highest + 1,
                         nonlinearity: nonlinearity, bias: names.contains { $0.isBias }, batchFirst: batchFirst,
                         bidirectional: names.contains { $0.isReverse })
}

/// `nn.LSTM` (4 gates) or `nn.GRU` (3), when the first layer's weights are `(gates·H, I)` and
/// `(gates·H, H)` — the same key names as nn.RNN's, with the gates stacked in the rows.
private func gatedModuleName(weightIH: Tensor, weightHH: Tensor) -> String? {
    guard weightHH.rank == 2, weightHH.shape[0] == weightIH.shape[0] else { return nil }
    let (rows, hidden) = (weightIH.shape[0], weightHH.shape[1])
    guard hidden > 0, rows != hidden else { return nil }
    switch rows {
    case 4 * hidden: return "nn.LSTM"
    case 3 * hidden: return "nn.GRU"
    default: return nil
    }
}

private func underPrefix(_ prefix: String) -> String { prefix.isEmpty ? "" : " (keys under prefix '\(prefix)')" }

/// A name of `nn.RNN`'s parameters: `(weight|bias)_(ih|hh)_l{k}[_reverse]`.
struct RNNParameterName {
    var isBias: Bool
    var layer: Int
    var isReverse: Bool

    init?(_ name: String) {
        var rest = Substring(name)
        guard let kind = ["weight_ih_l", "weight_hh_l", "bias_ih_l", "bias_hh_l"].first(where: { rest.hasPrefix($0) }) else {
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
