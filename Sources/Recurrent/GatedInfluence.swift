#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Influence through gated cells — the LSTM's and the GRU's backward step
//
// `Trace.influence` (Influence.swift) walks a cell backwards from t* with one of these: each
// reads the gates and states the trace recorded at step s (nothing of the forward is recomputed
// but tanh(c_s)), and turns the adjoint of the state after s into δ_s = ∂h_t*[u]/∂ih_s, whose
// W_ihᵀ-product is ∂h_t*[u]/∂x_s, and into the adjoint of the state before s. Double precision;
// the transposed products go through BLAS (`transposedProduct`). NaN and ±∞ just propagate.

/// `nn.LSTM`'s backward step. The state is the pair (h, c), and both adjoints go back together:
/// ḡ_h = ∂y/∂h_s `(out)` — the paths that leave from h_s, into step s + 1's gates — and ḡ_c⁺
/// `(H)`, the part of ∂y/∂c_s that runs through c_s+1 (0 at t*), where y = h_t*[u].
///
/// Step s reads i, f, g, o `(H)` (after σ and tanh), c_s and c_s−1 `(H)` (c0 at the cell's start):
///
///     m_s = o ⊙ tanh(c_s)                 h_s = W_hr·m_s (proj_size P > 0, W_hr (P, H)), else m_s
///     ḡ_m = W_hrᵀ·ḡ_h                     `(H)`; ḡ_h itself without a projection
///     ḡ_c = ḡ_c⁺ + ḡ_m ⊙ o ⊙ (1 − tanh²(c_s))        = ∂y/∂c_s, every path: cellState[s] = ‖ḡ_c‖₂
///     δ_i = ḡ_c ⊙ g ⊙ i ⊙ (1 − i)         δ_f = ḡ_c ⊙ c_s−1 ⊙ f ⊙ (1 − f)
///     δ_g = ḡ_c ⊙ i ⊙ (1 − g²)            δ_o = ḡ_m ⊙ tanh(c_s) ⊙ o ⊙ (1 − o)
///     δ_s = [δ_i δ_f δ_g δ_o]             `(4H)`, the adjoint of ih_s and of hh_s alike
///     ḡ_h ← W_hhᵀ·δ_s                     W_hh (4H, out)
///     ḡ_c⁺ ← ḡ_c ⊙ f
struct LSTMBackward: CellBackward {
    let trace: Trace, cell: CellIndex, n: Int, hidden: Int
    let weightHH: [Double]                  // (4H, out)
    let weightHR: [Double]?                 // (P, H), with proj_size
    private(set) var stateAdjoint: [Double] // ḡ_h (out)
    private var carried: [Double]           // ḡ_c⁺ (H)
    private var unprojected: [Double]       // ḡ_m (H)

    init(_ trace: Trace, cell: CellIndex, n: Int, unit: Int) {
        let config = trace.config, weights = trace.rnn.cells[cell.index(directions: config.numDirections)]
        (self.trace, self.cell, self.n, hidden) = (trace, cell, n, config.hiddenSize)
        weightHH = weights.weightHH.doubles
        weightHR = weights.weightHR?.doubles
        stateAdjoint = unitVector(unit, count: config.outputSize)
        carried = [Double](repeating: 0, count: hidden)
        unprojected = [Double](repeating: 0, count: hidden)
    }

    mutating func step(_ s: Int, inputPartAdjoint delta: inout [Double]) -> Double? {
        let (i, f) = (trace.series("i", cell: cell, t: s, n: n), trace.series("f", cell: cell, t: s, n: n))
        let (g, o) = (trace.series("g", cell: cell, t: s, n: n), trace.series("o", cell: cell, t: s, n: n))
        let c = trace.series("c", cell: cell, t: s, n: n), cPrev = trace.previous("c", cell: cell, t: s, n: n)
        let out = stateAdjoint.count
        if let weightHR {
            transposedProduct(weightHR, rows: out, columns: hidden, stateAdjoint, into: &unprojected)
        } else {
            unprojected = stateAdjoint
        }
        let (fOffset, gOffset, oOffset) = (hidden, 2 * hidden, 3 * hidden)
        var squares: Double = 0
        for j in 0..<hidden {
            let (i, f, g, o) = (Double(i[j]), Double(f[j]), Double(g[j]), Double(o[j]))
            let tanhC = tanh(Double(c[j])), gm = unprojected[j]
            let gc = carried[j] + gm * o * (1 - tanhC * tanhC)
            squares += gc * gc
            delta[j] = gc * g * i * (1 - i)
            delta[fOffset + j] = gc * Double(cPrev[j]) * f * (1 - f)
            delta[gOffset + j] = gc * i * (1 - g * g)
            delta[oOffset + j] = gm * tanhC * o * (1 - o)
            carried[j] = gc * f
        }
        transposedProduct(weightHH, rows: 4 * hidden, columns: out, delta, into: &stateAdjoint)
        return squares.squareRoot()
    }
}

/// `nn.GRU`'s backward step, `(H)` throughout. h_s = (1 − z) ⊙ n + z ⊙ h_s−1 reaches h_s−1
/// directly and through hh_s = W_hh·h_s−1 + b_hh, which feeds r's and z's pre-activations and,
/// multiplied by r, n's: a_n = ih_n + r ⊙ hh_n.
///
/// Step s reads r, z, n `(H)` (after σ and tanh), hh_n (the n block of the recorded hh) and
/// h_s−1 (h0 at the cell's start); with ḡ_h = ∂y/∂h_s:
///
///     δ_n = ḡ_h ⊙ (1 − z) ⊙ (1 − n²)              the adjoint of a_n
///     δ_z = ḡ_h ⊙ (h_s−1 − n) ⊙ z ⊙ (1 − z)
///     δ_r = δ_n ⊙ hh_n ⊙ r ⊙ (1 − r)
///     δ_s = ∂y/∂ih_s = [δ_r δ_z δ_n]              `(3H)`
///     ∂y/∂hh_s = [δ_r δ_z r ⊙ δ_n]                `(3H)`
///     ḡ_h ← W_hhᵀ·∂y/∂hh_s + z ⊙ ḡ_h             W_hh (3H, H)
struct GRUBackward: CellBackward {
    let trace: Trace, cell: CellIndex, n: Int, hidden: Int
    let weightHH: [Double]                  // (3H, H)
    private(set) var stateAdjoint: [Double] // ḡ_h (H)
    private var hiddenPartAdjoint: [Double] // ∂y/∂hh_s (3H)

    init(_ trace: Trace, cell: CellIndex, n: Int, unit: Int) {
        let config = trace.config
        (self.trace, self.cell, self.n, hidden) = (trace, cell, n, config.hiddenSize)
        weightHH = trace.rnn.cells[cell.index(directions: config.numDirections)].weightHH.doubles
        stateAdjoint = unitVector(unit, count: hidden)
        hiddenPartAdjoint = [Double](repeating: 0, count: 3 * hidden)
    }

    mutating func step(_ s: Int, inputPartAdjoint delta: inout [Double]) -> Double? {
        let (r, z) = (trace.series("r", cell: cell, t: s, n: n), trace.series("z", cell: cell, t: s, n: n))
        let candidate = trace.series("n", cell: cell, t: s, n: n), hh = trace.series("hh", cell: cell, t: s, n: n)
        let hPrev = trace.previous("h", cell: cell, t: s, n: n)
        let (zOffset, nOffset) = (hidden, 2 * hidden)
        for j in 0..<hidden {
            let (r, z, candidate) = (Double(r[j]), Double(z[j]), Double(candidate[j]))
            let gh = stateAdjoint[j]
            let deltaN = gh * (1 - z) * (1 - candidate * candidate)
            let deltaZ = gh * (Double(hPrev[j]) - candidate) * z * (1 - z)
            let deltaR = deltaN * Double(hh[nOffset + j]) * r * (1 - r)
            (delta[j], delta[zOffset + j], delta[nOffset + j]) = (deltaR, deltaZ, deltaN)
            (hiddenPartAdjoint[j], hiddenPartAdjoint[zOffset + j], hiddenPartAdjoint[nOffset + j]) = (deltaR, deltaZ, r * deltaN)
            stateAdjoint[j] = z * gh      // the direct path; W_hhᵀ·∂y/∂hh_s is added below
        }
        transposedProduct(weightHH, rows: 3 * hidden, columns: hidden, hiddenPartAdjoint, into: &stateAdjoint, adding: true)
        return nil
    }
}
