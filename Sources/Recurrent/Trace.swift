/// One cell step: layer `layer`, direction `direction` (0 forward, 1 reverse), time index `t`
/// (0-based, as PyTorch indexes), for every batch element at once.
public struct CellStep: Hashable, Sendable, CustomStringConvertible {
    public let layer: Int
    public let direction: Int
    public let t: Int
    public init(layer: Int, direction: Int, t: Int) {
        self.layer = layer
        self.direction = direction
        self.t = t
    }
    public var description: String { "layer \(layer) \(direction == 0 ? "forward" : "reverse") t=\(t)" }
}

/// A run of an `RNN` over one input, computed one cell step at a time in PyTorch's order —
/// layer 0 forward t = 0…T−1, layer 0 reverse t = T−1…0, layer 1 forward, … — and kept so that
/// every step can be looked at afterwards.
///
/// Storage is time-major. For layer `l` (`in_l` features, `dirs·H` outputs):
/// - layer input `(T, N, in_l)`: the data for layer 0; the layer below's output (after dropout) above;
/// - layer output `(T, N, dirs·H)`: h_t of both directions, `[forward, reverse]`;
/// - per direction, `W_ih·x_t + b_ih` `(T, N, H)` and, when `keepsSteps`, `W_hh·h + b_hh` `(T, N, H)`.
/// The previous state is not copied: it is the neighbouring h_t, or `h0` at the sequence's end.
public final class Trace {
    public let config: RNNConfig
    /// Sequence length T and batch size N of the run.
    public let seqLen: Int, batch: Int
    /// Whether `W_hh·h + b_hh` is kept for every step (a plain `forward` keeps only the latest).
    public let keepsSteps: Bool
    /// How many cell steps have been computed so far (0 … `totalSteps`).
    public private(set) var stepsDone = 0

    let rnn: RNN
    let h0: [Float]                    // (L·dirs, N, H)
    var layerInputs: [[Float]]         // [layer] (T, N, in_l); filled when the layer starts
    var layerOutputs: [[Float]]        // [layer] (T, N, dirs·H)
    var inputParts: [[Float]]          // [cell] (T, N, H)
    var hiddenParts: [[Float]]         // [cell] (T, N, H) when keepsSteps, else (N, H)
    let dropout: DropoutPlan?
    /// The caller's input layout, which decides the shapes of `output` and `hN`.
    var layout: InputLayout = .batched

    /// Starts a run with nothing computed. `input` is time-major `(T, N, input_size)`, `h0` is
    /// `(L·dirs, N, H)`; shapes are checked by `RNN.forward`/`RNN.stepper`, which call this.
    init(rnn: RNN, input: [Float], seqLen: Int, batch: Int, h0: [Float], keepsSteps: Bool, dropout: DropoutPlan?) {
        let config = rnn.config
        self.config = config
        self.rnn = rnn
        self.seqLen = seqLen
        self.batch = batch
        self.h0 = h0
        self.keepsSteps = keepsSteps
        self.dropout = dropout
        let cellsCount = config.numLayers * config.numDirections
        layerInputs = [input] + Array(repeating: [], count: config.numLayers - 1)
        layerOutputs = Array(repeating: [], count: config.numLayers)
        inputParts = Array(repeating: [], count: cellsCount)
        hiddenParts = Array(repeating: [], count: cellsCount)
    }

    // MARK: Execution order

    /// `L · dirs · T`: one step per (layer, direction, t).
    public var totalSteps: Int { config.numLayers * config.numDirections * seqLen }
    public var isComplete: Bool { stepsDone == totalSteps }

    /// The cell computed at position `index` of PyTorch's execution order.
    public func cellStep(at index: Int) -> CellStep {
        precondition(index >= 0 && index < totalSteps, "step \(index) outside 0..<\(totalSteps)")
        let perCell = seqLen, cell = index / perCell, k = index % perCell
        let direction = cell % config.numDirections
        return CellStep(layer: cell / config.numDirections, direction: direction,
                        t: direction == 0 ? k : seqLen - 1 - k)
    }

    /// Position of a cell step in execution order (inverse of `cellStep(at:)`).
    public func executionIndex(of step: CellStep) -> Int {
        let cell = step.layer * config.numDirections + step.direction
        return cell * seqLen + (step.direction == 0 ? step.t : seqLen - 1 - step.t)
    }

    /// The step `step()` will compute next, or nil when the run is complete.
    public var nextStep: CellStep? { isComplete ? nil : cellStep(at: stepsDone) }

    /// Whether the cell (layer, direction, t) has been computed yet.
    public func isComputed(layer: Int, direction: Int, t: Int) -> Bool {
        executionIndex(of: CellStep(layer: layer, direction: direction, t: t)) < stepsDone
    }

    /// Computes the next cell step for every batch element and returns it (nil when complete).
    @discardableResult
    public func step() -> CellStep? {
        guard let next = nextStep else { return nil }
        compute(next)
        stepsDone += 1
        return next
    }

    /// Computes every remaining step.
    public func run() { while step() != nil {} }

    // MARK: One cell step

    /// `h_t = act(W_ih·x_t + b_ih + W_hh·h_prev + b_hh)` for all N batch elements of one cell.
    private func compute(_ s: CellStep) {
        let h = config.hiddenSize, dirs = config.numDirections, n = batch
        let cell = s.layer * dirs + s.direction
        let firstOfCell = s.t == (s.direction == 0 ? 0 : seqLen - 1)
        if firstOfCell { beginCell(layer: s.layer, direction: s.direction) }
        if n == 0 { return }                               // a batch of 0: shapes only, as in PyTorch
        let weights = rnn.cells[cell]
        let outStride = dirs * h
        let rowStep = s.direction == 0 ? -1 : 1          // where h_prev lives relative to t
        let prevT = s.t + rowStep
        let hhOffset = keepsSteps ? s.t * n * h : 0
        let ihOffset = s.t * n * h
        let outOffset = s.t * n * outStride + s.direction * h

        hiddenParts[cell].withUnsafeMutableBufferPointer { hh in
            let hhBase = hh.baseAddress! + hhOffset
            // W_hh·h_prev + b_hh
            fillBias(weights.biasHH, rows: n, into: hhBase)
            weights.weightHH.data.withUnsafeBufferPointer { w in
                if firstOfCell {
                    h0.withUnsafeBufferPointer { h0p in
                        multiplyTransposed(m: n, n: h, k: h, h0p.baseAddress! + cell * n * h, lda: h,
                                           w.baseAddress!, ldb: h, into: hhBase, ldc: h, beta: weights.biasHH == nil ? 0 : 1)
                    }
                } else {
                    layerOutputs[s.layer].withUnsafeBufferPointer { out in
                        multiplyTransposed(m: n, n: h, k: h, out.baseAddress! + prevT * n * outStride + s.direction * h,
                                           lda: outStride, w.baseAddress!, ldb: h, into: hhBase, ldc: h,
                                           beta: weights.biasHH == nil ? 0 : 1)
                    }
                }
            }
            // h_t = act(ih + hh), written into the layer output at [t, :, direction·H ..< +H]
            inputParts[cell].withUnsafeBufferPointer { ih in
                layerOutputs[s.layer].withUnsafeMutableBufferPointer { out in
                    for b in 0..<n {
                        config.nonlinearity.apply(ih.baseAddress! + ihOffset + b * h, plus: hhBase + b * h,
                                                  into: out.baseAddress! + outOffset + b * outStride, count: h)
                    }
                }
            }
        }
    }

    /// Before a cell's first step: the layer's input (with dropout applied to the layer below in
    /// training mode), its output buffer, and `W_ih·x_t + b_ih` for all T·N rows in one product.
    private func beginCell(layer: Int, direction: Int) {
        let h = config.hiddenSize, dirs = config.numDirections, rows = seqLen * batch
        let cell = layer * dirs + direction
        if direction == 0 {
            if layer > 0 {
                layerInputs[layer] = dropout?.apply(to: layerOutputs[layer - 1], belowLayer: layer - 1)
                    ?? layerOutputs[layer - 1]
            }
            layerOutputs[layer] = [Float](repeating: 0, count: rows * dirs * h)
        }
        let inSize = config.layerInputSize(layer)
        let weights = rnn.cells[cell]
        var ih = [Float](repeating: 0, count: rows * h)
        if rows > 0 {
        ih.withUnsafeMutableBufferPointer { ihp in
            fillBias(weights.biasIH, rows: rows, into: ihp.baseAddress!)
            layerInputs[layer].withUnsafeBufferPointer { x in
                weights.weightIH.data.withUnsafeBufferPointer { w in
                    multiplyTransposed(m: rows, n: h, k: inSize, x.baseAddress!, lda: inSize, w.baseAddress!, ldb: inSize,
                                       into: ihp.baseAddress!, ldc: h, beta: weights.biasIH == nil ? 0 : 1)
                }
            }
        }
        }
        inputParts[cell] = ih
        hiddenParts[cell] = [Float](repeating: 0, count: (keepsSteps ? rows : batch) * h)
    }

    /// Writes `bias` into each of `rows` rows (or leaves the rows for a beta-0 product to overwrite).
    private func fillBias(_ bias: Tensor?, rows: Int, into base: UnsafeMutablePointer<Float>) {
        guard let bias else { return }
        let h = bias.count
        bias.data.withUnsafeBufferPointer { b in
            for r in 0..<rows { (base + r * h).update(from: b.baseAddress!, count: h) }
        }
    }
}
