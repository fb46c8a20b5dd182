import COpenBLAS

// MARK: How far back a unit remembers — ∂h_t*[u] over the cell's earlier states and inputs

/// How strongly one hidden unit u of one cell (layer, direction) at step t* still depends on that
/// cell's earlier states and inputs: the recurrence's own memory, not paths through other layers.
///
/// - `state[t]` = ‖∂h_t*[u] / ∂h_t‖₂ — how much the whole state at t still moves the unit at t*;
/// - `input[t]` = ‖∂h_t*[u] / ∂x_t‖₂ — the same for the layer's input at t (input saliency).
///
/// Both are `(T)`, indexed by t as PyTorch indexes, with a value for each step the cell computed
/// up to t* (t ≤ t* forward, t ≥ t* reverse; `state[t*]` = 1) and nil for the steps after it.
/// A NaN or ±∞ in the trace gives NaN from there back (never a trap).
public struct Influence: Equatable, Sendable {
    public let layer: Int, direction: Int, unit: Int
    /// t*, the step whose unit is differentiated.
    public let t: Int
    public let state: [Double?]
    public let input: [Double?]
    /// The steps back went no further than asked (`maxStepsBack`) although the cell has more: the
    /// values stop there (nil beyond), and `reach` cannot say where the memory ends if not before.
    public let isTruncated: Bool

    public init(layer: Int, direction: Int, unit: Int, t: Int, state: [Double?], input: [Double?], isTruncated: Bool = false) {
        (self.layer, self.direction, self.unit, self.t, self.state, self.input) = (layer, direction, unit, t, state, input)
        self.isTruncated = isTruncated
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
    /// vector–Jacobian product backwards in time within the cell, O(T·H²), in double precision.
    ///
    /// With g_t* = e_u and, for each step s from t* back to the cell's first,
    /// δ_s = act'(a_s) ⊙ g_s, g_prev(s) = W_hhᵀ·δ_s and ∂h_t*[u]/∂x_s = W_ihᵀ·δ_s, where act' is
    /// written in the step's output as PyTorch's own backward writes it: 1 − h_s² for tanh,
    /// 1[h_s > 0] for relu. Reads only the steps up to t*, so a stepper computed that far is enough.
    /// Precondition: step t of the cell is computed; `n` is a batch element of the run.
    ///
    /// - maxStepsBack: go back at most this many steps (the screen asks for what it can show, so a
    ///   cursor move stays fast on sequences of thousands); the result then says `isTruncated`.
    public func influence(layer: Int, direction: Int, unit: Int, t target: Int, n: Int, maxStepsBack: Int = .max) -> Influence {
        precondition(isComputed(layer: layer, direction: direction, t: target), "step t=\(target) of the cell is not computed")
        precondition(n >= 0 && n < batch, "batch element \(n) outside 0..<\(batch)")
        let h = config.hiddenSize, inSize = config.layerInputSize(layer)
        precondition(unit >= 0 && unit < h, "unit \(unit) outside 0..<\(h)")
        let weights = rnn.cells[layer * config.numDirections + direction]
        let weightHH = weights.weightHH.data.map(Double.init), weightIH = weights.weightIH.data.map(Double.init)
        let steps = Influence.steps(back: target, direction: direction, seqLen: seqLen, limit: max(0, maxStepsBack))
        let isTruncated = steps.count < Influence.steps(back: target, direction: direction, seqLen: seqLen).count

        var state = [Double?](repeating: nil, count: seqLen)
        var g = [Double](repeating: 0, count: h)
        g[unit] = 1
        // δ_s of every step, one row each (steps, H): W_ihᵀ·δ_s for all of them is then one product.
        var deltas = [Double](repeating: 0, count: steps.count * h)
        var derivative = [Double](repeating: 0, count: h)
        for (row, s) in steps.enumerated() {
            state[s] = euclideanNorm(g)
            activationDerivative(of: self.h(layer: layer, direction: direction, t: s, n: n), into: &derivative)
            deltas.withUnsafeMutableBufferPointer { all in
                for j in 0..<h { all[row * h + j] = derivative[j] * g[j] }
                // g_prev = W_hhᵀ·δ_s: W_hh is (H, H) row-major, so this is δ_sᵀ·W_hh.
                cblas_dgemv(CblasRowMajor, CblasTrans, Int32(h), Int32(h), 1, weightHH, Int32(h),
                            all.baseAddress! + row * h, 1, 0, &g, 1)
            }
        }
        // (steps, H)·W_ih (H, in) = every ∂h_t*[u]/∂x_s as a row.
        var inputGradients = [Double](repeating: 0, count: steps.count * inSize)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(steps.count), Int32(inSize), Int32(h),
                    1, deltas, Int32(h), weightIH, Int32(inSize), 0, &inputGradients, Int32(inSize))
        var input = [Double?](repeating: nil, count: seqLen)
        for (row, s) in steps.enumerated() {
            input[s] = euclideanNorm(inputGradients[(row * inSize)..<((row + 1) * inSize)])
        }
        return Influence(layer: layer, direction: direction, unit: unit, t: target, state: state, input: input,
                         isTruncated: isTruncated)
    }

    /// act'(a) for each unit of a step's output `h` `(H)`, in terms of that output.
    private func activationDerivative(of h: [Float], into derivative: inout [Double]) {
        switch config.nonlinearity {
        case .tanh: for j in h.indices { derivative[j] = 1 - Double(h[j]) * Double(h[j]) }
        case .relu: for j in h.indices { derivative[j] = h[j] > 0 ? 1 : 0 }
        }
    }
}

/// √(Σ v²) of some doubles (NaN if any is NaN; no scaling — values here stay far from overflow).
private func euclideanNorm<C: Collection<Double>>(_ values: C) -> Double {
    values.reduce(0) { $0 + $1 * $1 }.squareRoot()
}
