import COpenBLAS

// MARK: Whether a recurrence remembers or forgets — two numbers of W_hh

/// How one cell's recurrence `h_t = f(W_ih·x_t + b_ih + W_hh·h_{t-1} + b_hh)` treats its hidden
/// state over many steps, read from its `W_hh` `(H, H)` alone.
///
/// - `spectralRadius` ρ(W_hh), the largest |eigenvalue|: below 1, near h = 0 and with no input the
///   state decays toward 0 and the gradient through time tends to vanish; above 1 they can grow.
/// - `largestSingularValue` ‖W_hh‖₂, the most one step can stretch a vector: below 1, every step
///   is a contraction (tanh and relu never stretch). Always ≥ ρ; far above it for a non-normal matrix.
public struct CellDynamics: Equatable, Sendable {
    /// The cell, as PyTorch's parameter names end: `l0`, `l0_reverse`, `l1`, …
    public let cell: String
    public let spectralRadius: Double
    public let largestSingularValue: Double
}

extension RNN {
    /// Every cell's dynamics, in `state_dict()` order (`l0`, `l0_reverse`, `l1`, …).
    public var recurrentDynamics: [CellDynamics] { cells.indices.map(dynamics(ofCell:)) }

    /// The dynamics of cell `index` (`layer · numDirections + direction`). Both numbers are NaN
    /// when W_hh is not square — an LSTM's `(4H, P or H)` or a GRU's `(3H, H)` stacked gate blocks,
    /// which have no eigenvalues as a whole (each H×H block has: `spectralRadius` of its rows).
    public func dynamics(ofCell index: Int) -> CellDynamics {
        let weight = cells[index].weightHH
        guard weight.shape[0] == weight.shape[1] else {
            return CellDynamics(cell: RNN.cellKeys(config)[index].cell, spectralRadius: .nan, largestSingularValue: .nan)
        }
        return CellDynamics(cell: RNN.cellKeys(config)[index].cell, spectralRadius: spectralRadius(weight),
                            largestSingularValue: largestSingularValue(weight))
    }
}

// MARK: The two numbers of a square matrix

/// ρ(W) = max |λ| over the eigenvalues λ of a square matrix `(n, n)`, real or complex pairs.
///
/// Computed as numpy's `np.linalg.eigvals` does: LAPACK's `dgeev` (Hessenberg reduction and the
/// shifted QR algorithm, about 10·n³ flops, no eigenvectors) in double precision on the float
/// values. That algorithm is backward stable — the eigenvalues are exact for W plus a perturbation
/// of about 1e-16·‖W‖ — so ρ agrees with numpy to about 1e-16 × the eigenvalue's condition number:
/// within 1.1e-14 relative on the test fixtures (torch's init up to H = 256, rotations, a non-normal
/// 2×2 block in a rotated basis). A float32 computation, or Gelfand's ‖Wᵏ‖^{1/k} by repeated float
/// squaring, can be off in the third digit on such a block: rounding there moves its eigenvalues by
/// √(ε·‖W‖). Exact for the 1×1 case; 0 for an empty or all-zero matrix; NaN when any entry is NaN
/// or ±∞ (or, never seen in practice, when the QR algorithm does not converge). It never traps or
/// hangs: the QR iterations are bounded.
public func spectralRadius(_ matrix: Tensor) -> Double {
    let n = squareSide(of: matrix)
    guard n > 0 else { return 0 }
    guard matrix.data.allSatisfy(\.isFinite) else { return .nan }
    if n == 1 { return Double(abs(matrix.data[0])) }
    // LAPACK reads column-major, so it sees Wᵀ — which has the same eigenvalues.
    var a = matrix.data.map(Double.init), real = [Double](repeating: 0, count: n), imaginary = real
    var size = Int32(n), one: Int32 = 1, info: Int32 = 0, workSize: Int32 = -1
    var noVectors = CChar(UInt8(ascii: "N")), left = 0.0, right = 0.0, best = 0.0
    dgeev_(&noVectors, &noVectors, &size, &a, &size, &real, &imaginary, &left, &one, &right, &one, &best, &workSize, &info, 1, 1)
    workSize = Int32(max(best, Double(3 * n)))
    var work = [Double](repeating: 0, count: Int(workSize))
    dgeev_(&noVectors, &noVectors, &size, &a, &size, &real, &imaginary, &left, &one, &right, &one, &work, &workSize, &info, 1, 1)
    guard info == 0 else { return .nan }
    return zip(real, imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }.max() ?? 0
}

/// ‖W‖₂, the largest singular value of a square matrix `(n, n)`: √λ_max(WᵀW).
///
/// Power iteration on the Gram matrix G = WᵀW (formed once with `dsyrk`, then one `dsymv` of n²
/// per iteration), all in double precision, from a fixed pseudo-random start vector (so the answer
/// is deterministic and no structured matrix can hide its top singular vector from it). The
/// estimate is the square root of the Rayleigh quotient vᵀGv (‖v‖ = 1), never above the true value;
/// it stops when one iteration changes it by less than 1e-12 relative, or after `maxIterations`.
/// Where the top singular value stands apart it then agrees with numpy's `np.linalg.norm(W, 2)`
/// (an SVD) to 1e-11 relative (measured ≤ 6e-12 on the test fixtures); where several crowd within
/// δ of the top the estimate may stop anywhere among them, so the error is at most about δ — 5e-8
/// for an orthogonal matrix stored in float32, whose singular values are all 1 within its rounding.
/// 0 for an empty or all-zero matrix; NaN when any entry is NaN or ±∞.
public func largestSingularValue(_ matrix: Tensor, maxIterations: Int = 5000) -> Double {
    let n = squareSide(of: matrix)
    guard n > 0 else { return 0 }
    guard matrix.data.allSatisfy(\.isFinite) else { return .nan }
    let w = matrix.data.map(Double.init), side = Int32(n)
    var gram = [Double](repeating: 0, count: n * n)   // upper triangle of WᵀW (row-major)
    cblas_dsyrk(CblasRowMajor, CblasUpper, CblasTrans, side, side, 1, w, side, 0, &gram, side)
    var random = SeededUniform(seed: 0, key: "largestSingularValue")
    var v = (0..<n).map { _ in Double(random.uniform(-1, 1)) }, gv = [Double](repeating: 0, count: n)
    cblas_dscal(side, 1 / cblas_dnrm2(side, v, 1), &v, 1)
    var estimate = 0.0
    for _ in 0..<maxIterations {
        cblas_dsymv(CblasRowMajor, CblasUpper, side, 1, gram, side, v, 1, 0, &gv, 1)
        let rayleigh = cblas_ddot(side, v, 1, gv, 1), length = cblas_dnrm2(side, gv, 1)
        guard length > 0 else { break }   // G·v = 0: the zero matrix
        let converged = abs(rayleigh - estimate) <= 1e-12 * rayleigh
        estimate = rayleigh
        if converged { break }
        swap(&v, &gv)
        cblas_dscal(side, 1 / length, &v, 1)
    }
    return max(0, estimate).squareRoot()
}

/// n for an `(n, n)` tensor. Precondition: the tensor is a square matrix.
private func squareSide(of matrix: Tensor) -> Int {
    precondition(matrix.rank == 2 && matrix.shape[0] == matrix.shape[1], "a square matrix is needed, got shape \(shapeList(matrix.shape))")
    return matrix.shape[0]
}
