// MARK: The recurrent cell — the engine's unit (PyTorch's Cell in aten/src/ATen/native/RNN.cpp)
//
// A layer is a scan of one cell over time. Every kind of cell shares the two affine parts, which
// the layer computes (for all t at once, and per step):
//
//     ih = W_ih·x_t + b_ih      (N, G·H)      G gate blocks: 1 RNN, 4 LSTM (i f g o), 3 GRU (r z n)
//     hh = W_hh·h_prev + b_hh   (N, G·H)
//
// and each kind combines them, per batch row, into its gates and new state — `ElmanCell`,
// `LSTMCell`, `GRUCell`, one file each. An LSTM with `proj_size` then projects: h = W_hr·h.

/// One batch row of one step, as a cell sees it: pointers to `G·H`-wide rows (`ih`, `hh`, `gates`)
/// and to the states. Any row may be read up to seven floats past its end (FloatBuffer's slack);
/// writes go through `storeFirst`, which changes nothing past the row's end.
struct StepRow {
    /// `W_ih·x_t + b_ih`: `(G·H)`.
    let ih: UnsafePointer<Float>
    /// `W_hh·h_prev + b_hh`: `(G·H)`.
    let hh: UnsafePointer<Float>
    /// The state the step starts from, `h_prev`: `(H)` (read by GRU).
    let hPrev: UnsafePointer<Float>
    /// The cell state the step starts from, `c_prev`: `(H)` (LSTM), else nil.
    let cPrev: UnsafePointer<Float>?
    /// Where the gates go after their activations: `(G·H)` (LSTM, GRU), else nil.
    let gates: UnsafeMutablePointer<Float>?
    /// Where the new cell state goes, `c_t`: `(H)` (LSTM; may be `cPrev` itself), else nil.
    let c: UnsafeMutablePointer<Float>?
    /// Where the new state goes, `h_t`: `(H)` (before the projection, for an LSTM with proj_size).
    let h: UnsafeMutablePointer<Float>
}

/// A kind of recurrent cell: how one batch row of a step turns the two affine parts into the
/// recorded gates and the new state. `hidden` is H; rows are `gateBlocks · H` wide.
protocol RecurrentCell {
    static func combine(_ row: StepRow, hidden: Int, nonlinearity: Nonlinearity)
}

extension CellKind {
    /// The cell that computes this kind's steps.
    var cell: any RecurrentCell.Type {
        switch self {
        case .rnn: ElmanCell.self
        case .lstm: LSTMCell.self
        case .gru: GRUCell.self
        }
    }
}

// MARK: What a trace records, by name

/// A per-step quantity a trace records for each (layer, direction) cell and each t, read by name
/// with `Trace.series(_:cell:t:n:)` — the screen's rows, the timeline, `forward --trace` and
/// `inspect` are all made from a kind's list of these.
public struct TraceSeries: Hashable, Sendable {
    /// What the values are, which decides the scale they are drawn on.
    public enum Role: Hashable, Sendable {
        /// The layer's input x_t (the data's own range for layer 0).
        case input
        /// A state h (±1 for tanh cells, 0…max for relu).
        case state
        /// The LSTM's cell state c (unbounded: drawn on its own range).
        case cellState
        /// A gate after σ: 0…1.
        case sigmoidGate
        /// A candidate after tanh (LSTM g, GRU n): −1…1.
        case tanhGate
        /// An affine part before any activation (`ih`, `hh`).
        case preActivation
    }

    /// The name in code and files: `x`, `ih`, `hh`, `i`, `f`, `g`, `o`, `r`, `z`, `n`, `c`, `h`.
    public let name: String
    /// PyTorch's symbol, as screen rows label it: `x_t`, `W_ih·x`, `i_t`, `c_t`, `h_t`.
    public let symbol: String
    public let role: Role

    /// Whether it is a state: it has an initial value (`h0`, `c0`) and a final one (`h_n`, `c_n`).
    public var isState: Bool { role == .state || role == .cellState }

    /// Values per step and batch element: `in_l` for x, `G·H` for the affine parts, P or H for h,
    /// H for gates and c.
    public func width(_ config: RNNConfig, layer: Int) -> Int {
        switch name {
        case "x": config.layerInputSize(layer)
        case "ih", "hh": config.gateRows
        case "h": config.outputSize
        default: config.hiddenSize
        }
    }

    static let x = TraceSeries(name: "x", symbol: "x_t", role: .input)
    static let ih = TraceSeries(name: "ih", symbol: "W_ih·x", role: .preActivation)
    static let hh = TraceSeries(name: "hh", symbol: "W_hh·h", role: .preActivation)
    static let h = TraceSeries(name: "h", symbol: "h_t", role: .state)
    static let c = TraceSeries(name: "c", symbol: "c_t", role: .cellState)
    static func gate(_ name: String, tanh: Bool = false) -> TraceSeries {
        TraceSeries(name: name, symbol: name + "_t", role: tanh ? .tanhGate : .sigmoidGate)
    }
}

extension CellKind {
    /// Everything a step of this kind records, in the order the equations compute it:
    /// RNN `x ih hh h`; LSTM `x ih hh i f g o c h`; GRU `x ih hh r z n h`.
    public var series: [TraceSeries] {
        switch self {
        case .rnn: [.x, .ih, .hh, .h]
        case .lstm: [.x, .ih, .hh, .gate("i"), .gate("f"), .gate("g", tanh: true), .gate("o"), .c, .h]
        case .gru: [.x, .ih, .hh, .gate("r"), .gate("z"), .gate("n", tanh: true), .h]
        }
    }

    /// The states a step carries to the next: `h`, and `c` for an LSTM.
    public var states: [TraceSeries] { series.filter(\.isState) }

    /// The gates after their activations, in row order (empty for the Elman cell).
    public var gates: [TraceSeries] { series.filter { $0.role == .sigmoidGate || $0.role == .tanhGate } }
}
