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
    /// The model this run uses.
    public let rnn: RNN
    /// Sequence length T and batch size N of the run.
    public let seqLen: Int, batch: Int
    /// Whether `W_hh·h + b_hh` is kept for every step (a plain `forward` keeps only the latest).
    public let keepsSteps: Bool
    /// How many cell steps have been computed so far (0 … `totalSteps`).
    public private(set) var stepsDone = 0
    /// The caller's input layout, which decides the shapes of `output` and `hN`.
    var layout: InputLayout = .batched

    let h0: FloatBuffer                // (L·dirs, N, H)
    var layerInputs: [FloatBuffer?]    // [layer] (T, N, in_l); above layer 0, set when the layer starts
    let layerOutputs: [FloatBuffer]    // [layer] (T, N, dirs·H)
    let inputParts: [FloatBuffer]      // [cell] (T, N, H)
    let hiddenParts: [FloatBuffer]     // [cell] (T, N, H) when keepsSteps, else (N, H)
    let weights: [CellBuffers]         // [cell] the weights, where the time loop can point at them
    let dropout: DropoutPlan?

    /// Starts a run with nothing computed. `input` is time-major `(T, N, input_size)`, `h0` is
    /// `(L·dirs, N, H)`; shapes are checked by `RNN.forward`/`RNN.stepper`, which call this.
    init(rnn: RNN, input: [Float], seqLen: Int, batch: Int, h0: [Float], keepsSteps: Bool, dropout: DropoutPlan?) {
        let config = rnn.config
        self.config = config
        self.rnn = rnn
        self.seqLen = seqLen
        self.batch = batch
        self.keepsSteps = keepsSteps
        self.dropout = dropout
        let h = config.hiddenSize, rows = seqLen * batch
        self.h0 = FloatBuffer(copying: h0)
        layerInputs = [FloatBuffer(copying: input)] + Array(repeating: nil, count: config.numLayers - 1)
        layerOutputs = (0..<config.numLayers).map { _ in FloatBuffer(zeros: rows * config.numDirections * h) }
        inputParts = rnn.cells.map { _ in FloatBuffer(zeros: rows * h) }
        hiddenParts = rnn.cells.map { _ in FloatBuffer(zeros: (keepsSteps ? rows : batch) * h) }
        weights = rnn.cells.map(CellBuffers.init)
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
        let w = weights[cell]
        let out = layerOutputs[s.layer].base, outStride = dirs * h
        let hh = hiddenParts[cell].base + (keepsSteps ? s.t * n * h : 0)
        let ih = inputParts[cell].base + s.t * n * h
        let prevT = s.direction == 0 ? s.t - 1 : s.t + 1  // where h_prev lives
        let (hPrev, ldPrev) = firstOfCell
            ? (UnsafePointer(h0.base + cell * n * h), h)
            : (UnsafePointer(out + prevT * n * outStride + s.direction * h), outStride)

        // W_hh·h_prev + b_hh
        fillRows(hh, rows: n, with: w.biasHH)
        multiplyTransposed(m: n, n: h, k: h, hPrev, lda: ldPrev, w.weightHH, ldb: h,
                           into: hh, ldc: h, beta: w.biasHH == nil ? 0 : 1)
        // h_t = act(ih + hh), written into the layer output at [t, :, direction·H ..< +H]
        let hOut = out + s.t * n * outStride + s.direction * h
        for b in 0..<n {
            config.nonlinearity.apply(ih + b * h, plus: hh + b * h, into: hOut + b * outStride, count: h)
        }
    }

    /// Before a cell's first step: the layer's input (with dropout applied to the layer below in
    /// training mode) and `W_ih·x_t + b_ih` for all T·N rows in one product.
    private func beginCell(layer: Int, direction: Int) {
        let h = config.hiddenSize, rows = seqLen * batch
        let cell = layer * config.numDirections + direction
        if direction == 0 && layer > 0 {
            let below = layerOutputs[layer - 1]
            layerInputs[layer] = dropout.map { $0.apply(to: below, belowLayer: layer - 1) } ?? below
        }
        guard rows > 0, let x = layerInputs[layer] else { return }
        let inSize = config.layerInputSize(layer), w = weights[cell], ih = inputParts[cell].base
        fillRows(ih, rows: rows, with: w.biasIH)
        multiplyTransposed(m: rows, n: h, k: inSize, x.base, lda: inSize, w.weightIH, ldb: inSize,
                           into: ih, ldc: h, beta: w.biasIH == nil ? 0 : 1)
    }

    /// Writes `bias` (H values) into each of `rows` rows; without a bias the product overwrites them.
    private func fillRows(_ base: UnsafeMutablePointer<Float>, rows: Int, with bias: UnsafePointer<Float>?) {
        guard let bias else { return }
        let h = config.hiddenSize
        for r in 0..<rows { (base + r * h).update(from: bias, count: h) }
    }
}

/// One cell's weights copied into buffers the time loop can point at for the whole run.
struct CellBuffers {
    private let storage: [FloatBuffer]
    let weightIH: UnsafePointer<Float>, weightHH: UnsafePointer<Float>
    let biasIH: UnsafePointer<Float>?, biasHH: UnsafePointer<Float>?

    init(_ cell: CellWeights) {
        let buffers = [cell.weightIH, cell.weightHH].map { FloatBuffer(copying: $0.data) }
            + [cell.biasIH, cell.biasHH].compactMap { $0.map { FloatBuffer(copying: $0.data) } }
        storage = buffers
        weightIH = UnsafePointer(buffers[0].base)
        weightHH = UnsafePointer(buffers[1].base)
        biasIH = buffers.count > 2 ? UnsafePointer(buffers[2].base) : nil
        biasHH = buffers.count > 3 ? UnsafePointer(buffers[3].base) : nil
    }
}
