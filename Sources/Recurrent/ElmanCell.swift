/// `nn.RNN`'s cell (Elman):
///
///     h_t = act(W_ih·x_t + b_ih + W_hh·h_prev + b_hh)        act = tanh or relu;  all (H)
///
/// One gate block; nothing recorded besides the two affine parts and h_t.
enum ElmanCell: RecurrentCell {
    @inline(__always)
    static func combine(_ row: StepRow, hidden: Int, nonlinearity: Nonlinearity) {
        nonlinearity.apply(row.ih, plus: row.hh, into: row.h, count: hidden)
    }
}
