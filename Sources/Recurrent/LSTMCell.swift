import CKernels

/// `nn.LSTM`'s cell, gates in PyTorch's row order `i, f, g, o` (each `(H)`):
///
///     i = σ(ih_i + hh_i)    f = σ(ih_f + hh_f)    g = tanh(ih_g + hh_g)    o = σ(ih_o + hh_o)
///     c_t = f ⊙ c_prev + i ⊙ g
///     h_t = o ⊙ tanh(c_t)                  then, with proj_size P > 0, h_t = W_hr·h_t  (P, no bias)
///
/// (ih = W_ih·x_t + b_ih, hh = W_hh·h_prev + b_hh, both `(4H)`; the projection is the layer's.)
enum LSTMCell: RecurrentCell {
    @inline(__always)
    static func combine(_ row: StepRow, hidden: Int, nonlinearity: Nonlinearity) {
        let (ih, hh, gates, c) = (row.ih, row.hh, row.gates!, row.c!)
        let (cPrev, h) = (row.cPrev!, row.h)
        if let path = packedKernel, rk_lstm_row(path, hidden, ih, hh, cPrev, gates, c, h) != 0 { return }   // AVX-512 / AVX2
        let (fOffset, gOffset, oOffset) = (hidden, 2 &* hidden, 3 &* hidden)
        var j = 0
        while j < hidden {
            let left = hidden &- j
            let i = sigmoid8(load8(ih + j) + load8(hh + j))
            let f = sigmoid8(load8(ih + (fOffset &+ j)) + load8(hh + (fOffset &+ j)))
            let g = tanh8(load8(ih + (gOffset &+ j)) + load8(hh + (gOffset &+ j)))
            let o = sigmoid8(load8(ih + (oOffset &+ j)) + load8(hh + (oOffset &+ j)))
            let cNew = f * load8(cPrev + j) + i * g
            storeFirst(left, of: i, to: gates + j)
            storeFirst(left, of: f, to: gates + (fOffset &+ j))
            storeFirst(left, of: g, to: gates + (gOffset &+ j))
            storeFirst(left, of: o, to: gates + (oOffset &+ j))
            storeFirst(left, of: cNew, to: c + j)
            storeFirst(left, of: o * tanh8(cNew), to: h + j)
            j &+= 8
        }
    }
}
