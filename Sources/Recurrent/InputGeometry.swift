/// How the caller laid out the input: `(T, N, D)`, `(N, T, D)` or unbatched `(T, D)`.
public enum InputLayout: Sendable {
    case batched, batchFirst, unbatched
}

/// What `RNN.checkInput` found in an input: its layout, T, and N (1 for unbatched input) — enough
/// to know the shapes of `output` and `h_n` before running anything.
public struct InputGeometry: Equatable, Sendable {
    public let layout: InputLayout
    public let seqLen: Int
    public let batch: Int

    public init(layout: InputLayout, seqLen: Int, batch: Int) {
        (self.layout, self.seqLen, self.batch) = (layout, seqLen, batch)
    }

    /// The shape `output` has: `(T, N, dirs·out)`, `(N, T, dirs·out)` or `(T, dirs·out)` by the
    /// layout (`out` = proj_size or H).
    public func outputShape(_ config: RNNConfig) -> [Int] {
        let features = config.numDirections * config.outputSize
        switch layout {
        case .batched: return [seqLen, batch, features]
        case .batchFirst: return [batch, seqLen, features]
        case .unbatched: return [seqLen, features]
        }
    }

    /// The shape `h_n` (and h0) has: `(L·dirs, N, out)`, or `(L·dirs, out)` unbatched.
    public func hNShape(_ config: RNNConfig) -> [Int] { stateShape(config, width: config.outputSize) }

    /// The shape an LSTM's `c_n` (and c0) has: `(L·dirs, N, H)`, or `(L·dirs, H)` unbatched.
    public func cNShape(_ config: RNNConfig) -> [Int] { stateShape(config, width: config.hiddenSize) }

    private func stateShape(_ config: RNNConfig, width: Int) -> [Int] {
        let cells = config.numLayers * config.numDirections
        return layout == .unbatched ? [cells, width] : [cells, batch, width]
    }

    /// Batch element `n` of a checked `h0` `(L·dirs, N, out)` (or `c0`) as `(L·dirs, 1, out)`; an
    /// unbatched input's `(L·dirs, out)` is returned as it is.
    public func hiddenElement(_ n: Int, of h0: Tensor) -> Tensor {
        precondition(n >= 0 && n < batch, "batch element \(n) is outside 0..<\(batch)")
        guard layout != .unbatched, h0.rank == 3 else { return h0 }
        return middleElement(n, of: h0)
    }

    /// Batch element `n` of `input` (laid out as this geometry says) as a batch of one in the same
    /// layout: `(T, 1, D)`, `(1, T, D)`, or the unbatched `(T, D)` itself. Batch elements never mix
    /// in `nn.RNN` (without dropout), so running it gives element n's numbers of the whole run.
    public func batchElement(_ n: Int, of input: Tensor) -> Tensor {
        precondition(n >= 0 && n < batch, "batch element \(n) is outside 0..<\(batch)")
        let features = input.shape.last ?? 0
        switch layout {
        case .unbatched:
            return input
        case .batchFirst:
            let start = n * seqLen * features
            return Tensor(shape: [1, seqLen, features], data: Array(input.data[start ..< start + seqLen * features]))
        case .batched:
            return middleElement(n, of: input)
        }
    }

    /// Batch element `n` of a batched `input` over its first `length` steps only, as a batch of one
    /// in the same layout: `(length, 1, D)` or `(1, length, D)` — a packed sequence's own steps.
    public func batchElement(_ n: Int, of input: Tensor, steps length: Int) -> Tensor {
        precondition(layout != .unbatched && length >= 0 && length <= seqLen, "steps \(length) outside 0…\(seqLen) of a batched input")
        let features = input.shape.last ?? 0
        let shape = layout == .batchFirst ? [1, length, features] : [length, 1, features]
        return Tensor(shape: shape, data: Array(batchElement(n, of: input).data.prefix(length * features)))
    }

    /// Element `n` of a `(A, N, B)` tensor's middle axis, as `(A, 1, B)`.
    private func middleElement(_ n: Int, of tensor: Tensor) -> Tensor {
        let (outer, inner) = (tensor.shape[0], tensor.shape[2])
        var data: [Float] = []
        data.reserveCapacity(outer * inner)
        for i in 0..<outer {
            let start = (i * batch + n) * inner
            data += tensor.data[start ..< start + inner]
        }
        return Tensor(shape: [outer, 1, inner], data: data)
    }
}
