import CKernels

/// `nn.GRU`'s cell, gates in PyTorch's row order `r, z, n` (each `(H)`):
///
///     r = σ(ih_r + hh_r)    z = σ(ih_z + hh_z)
///     n = tanh(ih_n + r ⊙ hh_n)            b_hn sits inside the product: hh_n = W_hn·h_prev + b_hn
///     h_t = (1 − z) ⊙ n + z ⊙ h_prev       computed as ATen does: (h_prev − n) ⊙ z + n
///
/// (ih = W_ih·x_t + b_ih, hh = W_hh·h_prev + b_hh, both `(3H)`.)
enum GRUCell: RecurrentCell {
    @inline(__always)
    static func combine(_ row: StepRow, hidden: Int, nonlinearity: Nonlinearity) {
        let (ih, hh, gates, hPrev, h) = (row.ih, row.hh, row.gates!, row.hPrev, row.h)
        if let path = packedKernel, rk_gru_row(path, hidden, ih, hh, hPrev, gates, h) != 0 { return }   // AVX-512 / AVX2
        let (zOffset, nOffset) = (hidden, 2 &* hidden)
        var j = 0
        while j < hidden {
            let left = hidden &- j
            let r = sigmoid8(load8(ih + j) + load8(hh + j))
            let z = sigmoid8(load8(ih + (zOffset &+ j)) + load8(hh + (zOffset &+ j)))
            let n = tanh8(load8(ih + (nOffset &+ j)) + r * load8(hh + (nOffset &+ j)))
            storeFirst(left, of: r, to: gates + j)
            storeFirst(left, of: z, to: gates + (zOffset &+ j))
            storeFirst(left, of: n, to: gates + (nOffset &+ j))
            storeFirst(left, of: (load8(hPrev + j) - n) * z + n, to: h + j)
            j &+= 8
        }
    }
}
