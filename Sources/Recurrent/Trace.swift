import CKernels

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

/// Which part of a cell step `Trace.compute` computes.
enum StepPart {
    case whole
    /// Only these columns of `hh = W_hh·h_prev + b_hh`.
    case product(Range<Int>)
    /// Everything after hh: the cell's equations and an LSTM's projection.
    case rest
}

/// A run of a recurrent network over one input, computed one cell step at a time in PyTorch's
/// order — layer 0 forward t = 0…T−1, layer 0 reverse t = T−1…0, layer 1 forward, … — and kept so
/// that every step can be looked at afterwards (read by name: see `series(_:cell:t:n:)`).
///
/// Storage is time-major (G gate blocks, `out` = proj_size or H). For layer `l` (`in_l` features):
/// - layer input `(T, N, in_l)`: the data for layer 0; the layer below's output (after dropout) above;
/// - layer output `(T, N, dirs·out)`: h_t of both directions, `[forward, reverse]`;
/// - per cell, `ih = W_ih·x_t + b_ih` `(T, N, G·H)`; and `hh = W_hh·h + b_hh` `(T, N, G·H)`, the
///   gates after their activations `(T, N, G·H)` (LSTM, GRU) and c_t `(T, N, H)` (LSTM) — each
///   for every t when `keepsSteps`, else only the latest step's `(N, ·)`.
/// The previous state is not copied: it is the neighbouring h_t (c_t), or `h0` (`c0`) at the
/// sequence's end.
public final class Trace {
    public let config: RNNConfig
    /// The model this run uses.
    public let rnn: RNN
    /// Sequence length T and batch size N of the run.
    public let seqLen: Int, batch: Int
    /// Whether every step can be read afterwards (a plain `forward` keeps only the latest).
    public let keepsSteps: Bool
    /// Whether only the states h_t (and c_t) of every step are kept, and a step's affine parts and
    /// gates are computed again when read (`StepStorage.statesOnly`): W_ih·x is then projected
    /// `chunkSteps` steps at a time into a buffer that many steps long.
    public let recomputesParts: Bool
    /// Steps of `W_ih·x + b_ih` a cell's buffer holds: T, or fewer when parts are recomputed.
    let chunkSteps: Int
    /// The first step of the chunk each cell's input-part buffer holds (−1: none yet).
    private let chunkStarts: UnsafeMutablePointer<Int>
    /// How many cell steps have been computed so far (0 … `totalSteps`).
    public internal(set) var stepsDone = 0
    /// The caller's input layout, which decides the shapes of `output` and `hN`.
    var layout: InputLayout = .batched

    let h0: FloatView                  // (L·dirs, N, out)
    let c0: FloatView?                 // (L·dirs, N, H), LSTM
    let layerInputs: [FloatView]       // [layer] (T, N, in_l); above layer 0, filled when the layer starts
    let layerOutputs: [FloatView]      // [layer] (T, N, dirs·out)
    let inputParts: [FloatView]        // [cell] (T, N, G·H), or (chunkSteps, N, G·H) when recomputesParts
    let hiddenParts: [FloatView]       // [cell] (T, N, G·H) when keepsSteps, else (N, G·H) (also when recomputesParts)
    let gateValues: [FloatView]        // [cell] like hiddenParts (LSTM, GRU; empty for RNN)
    let cellStates: [FloatView]        // [cell] (T, N, H) when keepsSteps, else (N, H) (LSTM; empty otherwise)
    private let unprojected: FloatView? // (dirs, N, H): o ⊙ tanh(c) before W_hr (LSTM with proj_size)
    let weights: [CellPointers]        // [cell] the weights, where the time loop can point at them
    private let storage: FloatBuffer   // one allocation behind every view above
    let dropout: DropoutPlan?

    /// Starts a run with nothing computed. `input` is time-major `(T, N, input_size)`, `h0` is
    /// `(L·dirs, N, out)` and `c0` `(L·dirs, N, H)`, or nil for zeros; shapes are checked by
    /// `RNN.forward`/`RNN.stepper`.
    /// `zeroed`: a run stepped from outside may be looked at half-done, so its storage starts as
    /// zeros; one computed at once writes every value before reading it.
    /// - Throws: PyTorch's allocator error when the storage would not fit what the process may
    ///   still allocate (see `AllocationBudget.available`), instead of an abort in the allocator.
    /// `recomputesParts`: keep only the states (see the property); only with `keepsSteps`.
    init(rnn: RNN, input: [Float], seqLen: Int, batch: Int, h0: [Float]?, c0: [Float]?, keepsSteps: Bool,
         recomputesParts: Bool = false, zeroed: Bool, dropout: DropoutPlan?) throws {
        let config = rnn.config
        self.config = config
        self.rnn = rnn
        self.seqLen = seqLen
        self.batch = batch
        self.keepsSteps = keepsSteps
        self.recomputesParts = keepsSteps && recomputesParts
        self.dropout = dropout
        let chunkSteps = self.recomputesParts ? min(seqLen, Trace.chunkLength) : seqLen
        self.chunkSteps = chunkSteps
        chunkStarts = .allocate(capacity: max(1, rnn.cells.count))
        chunkStarts.initialize(repeating: -1, count: max(1, rnn.cells.count))
        let h = config.hiddenSize, out = config.outputSize, rows = seqLen * batch, layers = config.numLayers
        let cells = rnn.cells.count, gated = config.kind != .rnn, states = keepsSteps ? rows : batch
        let kept = keepsSteps && !self.recomputesParts ? rows : batch
        var arena = Arena()
        let h0Slot = arena.reserve(cells * batch * out)
        let c0Slot = config.kind.hasCellState ? arena.reserve(cells * batch * h) : nil
        // Above layer 0 the input is the layer below's output itself, unless dropout masks a copy.
        let inputSlots = (0..<layers).map { $0 == 0 || dropout != nil ? arena.reserve(rows * config.layerInputSize($0)) : nil }
        let outputSlots = (0..<layers).map { _ in arena.reserve(rows * config.numDirections * out) }
        let inputPartSlots = (0..<cells).map { _ in arena.reserve(chunkSteps * batch * config.gateRows) }
        let hiddenPartSlots = (0..<cells).map { _ in arena.reserve(kept * config.gateRows) }
        let gateSlots = gated ? (0..<cells).map { _ in arena.reserve(kept * config.gateRows) } : []
        let cellStateSlots = config.kind.hasCellState ? (0..<cells).map { _ in arena.reserve(states * h) } : []
        let unprojectedSlot = config.projSize > 0 ? arena.reserve(config.numDirections * batch * h) : nil   // a direction each: they may run at once
        // A run computed at once may reuse the storage of an earlier run of the model (ScratchSpace).
        if let spare = zeroed ? nil : rnn.prepared.scratch.take(atLeast: arena.total) {
            storage = spare
        } else {
            var budget = AllocationBudget()
            try budget.allocate([arena.total])
            storage = FloatBuffer(count: arena.total, zeroed: zeroed)
        }
        let views = arena.views(in: storage)
        self.h0 = views[h0Slot]
        self.c0 = c0Slot.map { views[$0] }
        layerOutputs = outputSlots.map { views[$0] }
        layerInputs = inputSlots.enumerated().map { layer, slot in slot.map { views[$0] } ?? views[outputSlots[layer - 1]] }
        inputParts = inputPartSlots.map { views[$0] }
        hiddenParts = hiddenPartSlots.map { views[$0] }
        gateValues = gateSlots.map { views[$0] }
        cellStates = cellStateSlots.map { views[$0] }
        unprojected = unprojectedSlot.map { views[$0] }
        weights = rnn.prepared.cells   // kept alive by `rnn`
        self.h0.fill(from: h0)
        self.c0?.fill(from: c0)
        layerInputs[0].fill(from: input)
    }

    /// The storage can serve the model's next run (see ScratchSpace).
    deinit {
        rnn.prepared.scratch.giveBack(storage)
        chunkStarts.deallocate()
    }

    /// Steps per chunk of `W_ih·x` when parts are recomputed: a 512-wide LSTM's chunk is 2 MB a cell.
    static let chunkLength = 256

    // MARK: Execution order

    /// `L · dirs · T`: one step per (layer, direction, t).
    public var totalSteps: Int { config.numLayers * config.numDirections * seqLen }
    public var isComplete: Bool { stepsDone == totalSteps }

    /// The cell computed at position `index` of PyTorch's execution order.
    public func cellStep(at index: Int) -> CellStep {
        precondition(index >= 0 && index < totalSteps, "step \(index) outside 0..<\(totalSteps)")
        let perCell = seqLen, cell = index / perCell, k = index % perCell
        return cellStep(layer: cell / config.numDirections, direction: cell % config.numDirections, k: k)
    }

    /// The k-th step (0-based) that (layer, direction) computes: t = k forward, T − 1 − k reverse.
    func cellStep(layer: Int, direction: Int, k: Int) -> CellStep {
        CellStep(layer: layer, direction: direction, t: direction == 0 ? k : seqLen - 1 - k)
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

    /// Computes every remaining step (the same steps as calling `step()` until it returns nil,
    /// without working out each step's position from scratch).
    /// On `threads` threads (nil: `ComputeThreads.count`) a run not yet begun is computed
    /// `runInParallel`, with the same steps.
    public func run(threads: Int? = nil) {
        guard !isComplete else { return }
        // A batch of 0 has no values to compute, however long T is (PyTorch's empty result at once).
        if batch == 0 { stepsDone = totalSteps; return }
        RunProgress.stepsTotal.store(totalSteps, ordering: .relaxed)
        defer { RunProgress.stepsTotal.store(0, ordering: .relaxed) }
        let threads = threads ?? ComputeThreads.count
        if threads > 1, stepsDone == 0, runInParallel(threads: threads) { return }
        let dirs = config.numDirections, cells = config.numLayers * dirs
        var k = stepsDone % seqLen
        for cell in (stepsDone / seqLen)..<cells {
            let layer = cell / dirs, direction = cell % dirs
            while k < seqLen {
                compute(cellStep(layer: layer, direction: direction, k: k))
                stepsDone += 1
                if stepsDone & 63 == 0 { RunProgress.stepsDone.store(stepsDone, ordering: .relaxed) }
                k += 1
            }
            k = 0
        }
    }

    // MARK: One cell step

    /// One step of one cell for the batch elements `rows` (all N when nil, and then a cell's first
    /// step begins the cell: see `beginCell`): the two affine parts, then the cell's own equations
    /// per batch row (`ElmanCell`, `LSTMCell`, `GRUCell`), then an LSTM's projection. Steps of
    /// different directions, or of disjoint `rows`, write disjoint memory and may run at once.
    /// `part` cuts a step in two for threads that share it (see `runInParallel`): `.product(columns)`
    /// computes only those columns of hh (a multiple of 32 wide, but at the end), `.rest` all but hh.
    func compute(_ s: CellStep, rows: Range<Int>? = nil, part: StepPart = .whole) {
        let h = config.hiddenSize, out = config.outputSize, dirs = config.numDirections, n = batch
        let rowsWide = config.gateRows, cellIndex = CellIndex(layer: s.layer, direction: s.direction)
        let cell = cellIndex.index(directions: dirs)
        let firstOfCell = s.t == cellIndex.firstStep(seqLen: seqLen)
        if firstOfCell, rows == nil { beginCell(layer: s.layer, direction: s.direction) }
        if n == 0 { return }                               // a batch of 0: shapes only, as in PyTorch
        let rows = rows ?? 0..<n, first = rows.lowerBound
        let w = weights[cell]
        let output = layerOutputs[s.layer].base, outStride = dirs * out
        let slot = keepsSteps && !recomputesParts ? s.t * n : 0   // the row of this step in kept parts
        let stateSlot = keepsSteps ? s.t * n : 0                   // and in kept states
        let hh = hiddenParts[cell].base + slot * rowsWide
        let prevT = cellIndex.previousStep(s.t)            // where h_prev (and c_prev) live
        let (hPrev, ldPrev) = firstOfCell
            ? (UnsafePointer(h0.base + cell * n * out), out)
            : (UnsafePointer(output + prevT * n * outStride + s.direction * out), outStride)

        // hh = W_hh·h_prev + b_hh
        switch part {
        case .whole:
            multiplyTransposed(m: rows.count, n: rowsWide, k: out, hPrev + first * ldPrev, lda: ldPrev, w.weightHH, ldb: out,
                               transposed: w.weightHHT, packed: w.packedHH,
                               bias: w.biasHH, into: hh + first * rowsWide, ldc: rowsWide)
        case let .product(columns):   // W_hh's rows `columns`: a run of packed panels, or of B's rows for OpenBLAS
            let j = columns.lowerBound
            precondition(j % Int(RK_PANEL) == 0, "a column block starts on a panel")
            multiplyTransposed(m: rows.count, n: columns.count, k: out, hPrev + first * ldPrev, lda: ldPrev, w.weightHH + j * out,
                               ldb: out, packed: w.packedHH.map { $0 + j * out },
                               bias: w.biasHH.map { $0 + j }, into: hh + first * rowsWide + j, ldc: rowsWide)
            return
        case .rest: break
        }
        let ih = inputPart(layer: s.layer, direction: s.direction, t: s.t)
        // The cell's equations, row by row; h_t goes into the layer output at [t, :, direction·out ..< +out]
        // (or, before an LSTM's projection, into `unprojected`).
        let hOut = output + s.t * n * outStride + s.direction * out
        let gates = gateValues.isEmpty ? nil : gateValues[cell].base + slot * rowsWide
        let c = cellStates.isEmpty ? nil : cellStates[cell].base + stateSlot * h
        let cPrev: UnsafeMutablePointer<Float>? = cellStates.isEmpty ? nil
            : firstOfCell ? c0!.base + cell * n * h
            : keepsSteps ? cellStates[cell].base + prevT * n * h : c   // kept only the latest: updated in place
        let cellType = config.kind.cell, act = config.nonlinearity
        let unprojectedRows = unprojected.map { $0.base + s.direction * n * h }
        for b in rows {
            let row = StepRow(ih: ih + b * rowsWide, hh: hh + b * rowsWide, hPrev: hPrev + b * ldPrev,
                              cPrev: cPrev.map { UnsafePointer($0 + b * h) }, gates: gates.map { $0 + b * rowsWide },
                              c: c.map { $0 + b * h }, h: unprojectedRows.map { $0 + b * h } ?? hOut + b * outStride)
            cellType.combine(row, hidden: h, nonlinearity: act)
        }
        // h_t = W_hr·h_t (LSTM with proj_size: (N, H) → (N, P), no bias)
        if let unprojectedRows, let weightHR = w.weightHR {
            multiplyTransposed(m: rows.count, n: out, k: h, unprojectedRows + first * h, lda: h, weightHR, ldb: h,
                               transposed: w.weightHRT, packed: w.packedHR,
                               bias: nil, into: hOut + first * outStride, ldc: outStride)
        }
    }

    /// Before a cell's first step: the layer's input (with dropout applied to the layer below in
    /// training mode) and `W_ih·x_t + b_ih` for all T·N rows in one product.
    private func beginCell(layer: Int, direction: Int) {
        if direction == 0 { applyDropout(below: layer) }
        if !recomputesParts { projectInput(layer: layer, direction: direction, rows: 0..<(seqLen * batch)) }
    }

    /// Where `W_ih·x_t + b_ih` of step t is for the whole batch `(N, G·H)`: its rows of the cell's
    /// buffer — when parts are recomputed, of the chunk holding t, projected first if it is not
    /// the one the buffer holds (each cell has its own buffer, so directions may run at once).
    func inputPart(layer: Int, direction: Int, t: Int) -> UnsafeMutablePointer<Float> {
        let cell = layer * config.numDirections + direction, rowsWide = config.gateRows
        guard recomputesParts else { return inputParts[cell].base + t * batch * rowsWide }
        let start = t / chunkSteps * chunkSteps
        if chunkStarts[cell] != start {
            let end = min(seqLen, start + chunkSteps)
            projectInput(layer: layer, direction: direction, rows: (start * batch)..<(end * batch), firstRow: start * batch)
            chunkStarts[cell] = start
        }
        return inputParts[cell].base + (t - start) * batch * rowsWide
    }

    /// Training mode above layer 0: the layer's input is the layer below's output, masked.
    func applyDropout(below layer: Int) {
        guard layer > 0, let dropout else { return }
        dropout.apply(to: layerOutputs[layer - 1], into: layerInputs[layer], belowLayer: layer - 1,
                      batch: batch, rowLength: config.layerInputSize(layer))
    }

    /// `ih = W_ih·x + b_ih` for the rows `rows` of the layer's `(T·N, in)` input, in one product,
    /// into the cell's buffer from its row `rows.lowerBound − firstRow` (disjoint rows may be
    /// computed at once).
    func projectInput(layer: Int, direction: Int, rows: Range<Int>, firstRow: Int = 0) {
        guard !rows.isEmpty else { return }
        let rowsWide = config.gateRows, cell = layer * config.numDirections + direction
        let x = layerInputs[layer]
        let inSize = config.layerInputSize(layer), w = weights[cell], ih = inputParts[cell].base
        multiplyTransposed(m: rows.count, n: rowsWide, k: inSize, x.base + rows.lowerBound * inSize, lda: inSize, w.weightIH,
                           ldb: inSize, transposed: w.weightIHT, packed: w.packedIH,
                           bias: w.biasIH, into: ih + (rows.lowerBound - firstRow) * rowsWide, ldc: rowsWide)
    }
}
