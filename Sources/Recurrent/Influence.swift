import COpenBLAS

// MARK: How far back a unit remembers — ∂h_t*[u] over the cell's earlier states and inputs

/// How strongly one hidden unit u of one cell (layer, direction) at step t* still depends on that
/// cell's earlier states and inputs: the recurrence's own memory, not paths through other layers.
///
/// - `state[t]` = ‖∂h_t*[u] / ∂h_t‖₂ — how much the whole state at t still moves the unit at t*;
/// - `cellState[t]` = ‖∂h_t*[u] / ∂c_t‖₂ — the same for an LSTM's cell state (nil for RNN, GRU);
/// - `input[t]` = ‖∂h_t*[u] / ∂x_t‖₂ — the same for the layer's input at t (input saliency).
///
/// For an LSTM, ∂/∂h_t counts the paths that start at h_t (through the next step's gates) with c_t
/// held, and ∂/∂c_t every path from c_t (through h_t and through c_t+1), as autograd's `h_t.grad`
/// and `c_t.grad` are. With proj_size P, u is one of the P projected outputs.
///
/// All are `(T)`, indexed by t as PyTorch indexes, with a value for each step the cell computed
/// up to t* (t ≤ t* forward, t ≥ t* reverse; `state[t*]` = 1) and nil for the steps after it.
/// A NaN or ±∞ in the trace gives NaN from there back (never a trap).
public struct Influence: Equatable, Sendable {
    public let layer: Int, direction: Int, unit: Int
    /// t*, the step whose unit is differentiated.
    public let t: Int
    public let state: [Double?]
    public let input: [Double?]
    /// ‖∂h_t*[u]/∂c_t‖₂ over t like `state` (LSTM); nil for a cell without a cell state.
    public let cellState: [Double?]?
    /// The steps back went no further than asked (`maxStepsBack`) although the cell has more: the
    /// values stop there (nil beyond), and `reach` cannot say where the memory ends if not before.
    public let isTruncated: Bool

    public init(layer: Int, direction: Int, unit: Int, t: Int, state: [Double?], input: [Double?],
                cellState: [Double?]? = nil, isTruncated: Bool = false) {
        (self.layer, self.direction, self.unit, self.t, self.state, self.input) = (layer, direction, unit, t, state, input)
        (self.cellState, self.isTruncated) = (cellState, isTruncated)
    }

    /// How many steps back from t* `state` stays at or above `fraction` (0.01 for "1%"): k when
    /// the steps 0…k back are all at or above it and step k + 1 back is below; nil when it never
    /// falls below within the cell's steps up to t* (always for t* the cell's first step). NaN
    /// counts as not below.
    public func reach(above fraction: Double) -> Int? {
        stepsBack.firstIndex { state[$0]! < fraction }.map { $0 - 1 }
    }

    /// The steps t that have values, from t* back towards the cell's first step.
    public var stepsBack: [Int] { Influence.steps(back: t, direction: direction, seqLen: state.count).prefix { state[$0] != nil } }

    /// t*, t* ∓ 1, … down to the cell's first step (0 forward, T − 1 reverse), at most `limit` + 1 of them.
    static func steps(back t: Int, direction: Int, seqLen: Int, limit: Int = .max) -> [Int] {
        let all = direction == 0 ? Array((0...t).reversed()) : Array(t..<seqLen)
        return limit < all.count - 1 ? Array(all.prefix(limit + 1)) : all
    }
}

extension Trace {
    /// The influence on unit `unit` of (layer, direction) at step `t` for batch element `n`: a
    /// vector–Jacobian product backwards in time within the cell, in double precision, from the
    /// values the trace recorded (the forward is not recomputed). O(T·(G·H)·out).
    ///
    /// With ḡ_h = ∂h_t*[u]/∂h_s, starting from e_u at s = t*, each step s from t* back to the cell's
    /// first turns ḡ_h (and an LSTM's ḡ_c) into the adjoint of the step's affine parts,
    /// δ_s = ∂h_t*[u]/∂ih_s `(G·H)` and ∂h_t*[u]/∂hh_s, and from them ∂h_t*[u]/∂x_s = W_ihᵀ·δ_s
    /// and the previous state's adjoint — `ElmanBackward`, `LSTMBackward`, `GRUBackward` give each
    /// kind's equations. Reads only the steps up to t*, so a stepper computed that far is enough.
    /// Precondition: step t of the cell is computed; `n` is a batch element of the run; `unit` is
    /// one of the cell's `out` (P or H) outputs.
    ///
    /// - maxStepsBack: go back at most this many steps (the screen asks for what it can show, so a
    ///   cursor move stays fast on sequences of thousands); the result then says `isTruncated`.
    public func influence(layer: Int, direction: Int, unit: Int, t target: Int, n: Int, maxStepsBack: Int = .max) -> Influence {
        precondition(isComputed(layer: layer, direction: direction, t: target), "step t=\(target) of the cell is not computed")
        precondition(n >= 0 && n < batch, "batch element \(n) outside 0..<\(batch)")
        let out = config.outputSize, rows = config.gateRows, inSize = config.layerInputSize(layer)
        precondition(unit >= 0 && unit < out, "unit \(unit) outside 0..<\(out)")
        let cell = CellIndex(layer: layer, direction: direction)
        var backward: any CellBackward = switch config.kind {
        case .rnn: ElmanBackward(self, cell: cell, n: n, unit: unit)
        case .lstm: LSTMBackward(self, cell: cell, n: n, unit: unit)
        case .gru: GRUBackward(self, cell: cell, n: n, unit: unit)
        }
        let steps = Influence.steps(back: target, direction: direction, seqLen: seqLen, limit: max(0, maxStepsBack))
        let isTruncated = steps.count < Influence.steps(back: target, direction: direction, seqLen: seqLen).count

        let weightIH = rnn.cells[cell.index(directions: config.numDirections)].weightIH.doubles   // (G·H, in)
        var state = [Double?](repeating: nil, count: seqLen), input = state
        var cellState: [Double?]? = config.kind.hasCellState ? state : nil
        var delta = [Double](repeating: 0, count: rows), inputGradient = [Double](repeating: 0, count: inSize)
        for s in steps {
            state[s] = euclideanNorm(backward.stateAdjoint)
            let cellNorm = backward.step(s, inputPartAdjoint: &delta)
            if cellState != nil { cellState![s] = cellNorm }
            // ∂h_t*[u]/∂x_s = W_ihᵀ·δ_s, one step at a time: the same product whatever the steps
            // asked for, so a limited look-back gives the full one's numbers to the last bit.
            transposedProduct(weightIH, rows: rows, columns: inSize, delta, into: &inputGradient)
            input[s] = euclideanNorm(inputGradient)
        }
        return Influence(layer: layer, direction: direction, unit: unit, t: target, state: state, input: input,
                         cellState: cellState, isTruncated: isTruncated)
    }
}

// MARK: One kind's backward step

/// One kind of cell's backward step, for one cell and batch element of a trace. It holds
/// ḡ_h = ∂h_t*[u]/∂h_s `(out)` — e_u before t*'s step — and each `step(s)` turns it (with
/// whatever else the kind carries back, an LSTM's ḡ_c) into δ_s = ∂h_t*[u]/∂ih_s `(G·H)`, the
/// adjoint of `ih_s = W_ih·x_s + b_ih`, and into ḡ_h of the step before s.
protocol CellBackward {
    /// ∂h_t*[u]/∂h_s `(out)` for the step `step(_:inputPartAdjoint:)` takes next.
    var stateAdjoint: [Double] { get }
    /// Step s: writes δ_s `(G·H)` to `inputPartAdjoint`, moves `stateAdjoint` to the state before
    /// s, and returns ‖∂h_t*[u]/∂c_s‖₂ (LSTM) or nil.
    mutating func step(_ s: Int, inputPartAdjoint: inout [Double]) -> Double?
}

/// `nn.RNN`'s backward step (`(H)` throughout, ih and hh enter the activation alike):
///
///     δ_s = act'(a_s) ⊙ ḡ_h          ḡ_h(prev) = W_hhᵀ·δ_s   (W_hh (H, H))
///
/// act' written in the step's output as PyTorch's own backward writes it: 1 − h_s² for tanh,
/// 1[h_s > 0] for relu.
struct ElmanBackward: CellBackward {
    let trace: Trace, cell: CellIndex, n: Int
    let weightHH: [Double]             // (H, H)
    private(set) var stateAdjoint: [Double]

    init(_ trace: Trace, cell: CellIndex, n: Int, unit: Int) {
        (self.trace, self.cell, self.n) = (trace, cell, n)
        weightHH = trace.rnn.cells[cell.index(directions: trace.config.numDirections)].weightHH.doubles
        stateAdjoint = unitVector(unit, count: trace.config.hiddenSize)
    }

    mutating func step(_ s: Int, inputPartAdjoint delta: inout [Double]) -> Double? {
        let h = trace.series("h", cell: cell, t: s, n: n)
        for j in h.indices {
            let derivative: Double = switch trace.config.nonlinearity {
            case .tanh: 1 - Double(h[j]) * Double(h[j])
            case .relu: h[j] > 0 ? 1 : 0
            }
            delta[j] = derivative * stateAdjoint[j]
        }
        transposedProduct(weightHH, rows: h.count, columns: h.count, delta, into: &stateAdjoint)
        return nil
    }
}

// MARK: Helpers

/// e_u: `count` zeros but a 1 at `unit`.
func unitVector(_ unit: Int, count: Int) -> [Double] {
    var e = [Double](repeating: 0, count: count)
    e[unit] = 1
    return e
}

/// y = Aᵀ·x (or y + Aᵀ·x when `adding`) for A `(rows, columns)` row-major, x `(rows)`, y `(columns)`.
/// Without `adding`, y's old values are not read (a NaN in them does not survive).
func transposedProduct(_ a: [Double], rows: Int, columns: Int, _ x: UnsafePointer<Double>, into y: inout [Double],
                       adding: Bool = false) {
    if !adding { for j in y.indices { y[j] = 0 } }
    cblas_dgemv(CblasRowMajor, CblasTrans, Int32(rows), Int32(columns), 1, a, Int32(columns), x, 1, adding ? 1 : 0, &y, 1)
}

/// √(Σ v²) of some doubles (NaN if any is NaN; no scaling — values here stay far from overflow).
func euclideanNorm<C: Collection<Double>>(_ values: C) -> Double {
    values.reduce(0) { $0 + $1 * $1 }.squareRoot()
}

extension Tensor {
    /// The values in double precision, in the same order.
    var doubles: [Double] { data.map(Double.init) }
}
