/// Which of PyTorch's recurrent modules a configuration builds: `nn.RNN` (an Elman cell, tanh or
/// relu), `nn.LSTM` or `nn.GRU`. Each kind's weights stack its gate blocks in the rows: 1, 4 or 3
/// blocks of `hidden_size` rows each, in PyTorch's order (LSTM `i, f, g, o`; GRU `r, z, n`).
public enum CellKind: String, CaseIterable, Sendable {
    case rnn, lstm, gru

    /// The module's class name, as its repr and its error messages spell it: `RNN`, `LSTM`, `GRU`.
    public var moduleName: String {
        switch self {
        case .rnn: "RNN"
        case .lstm: "LSTM"
        case .gru: "GRU"
        }
    }

    /// How many `hidden_size`-row blocks `weight_ih`, `weight_hh` and the biases stack: 1, 4, 3.
    public var gateBlocks: Int {
        switch self {
        case .rnn: 1
        case .lstm: 4
        case .gru: 3
        }
    }

    /// The gate blocks' names in row order (`i f g o`, `r z n`; none for the Elman cell).
    public var gateNames: [String] {
        switch self {
        case .rnn: []
        case .lstm: ["i", "f", "g", "o"]
        case .gru: ["r", "z", "n"]
        }
    }

    /// Whether the cell carries a cell state `c` beside `h` (LSTM only).
    public var hasCellState: Bool { self == .lstm }

    /// The kind that follows this one when the screen cycles through them: RNN → LSTM → GRU → RNN.
    public var next: CellKind {
        switch self {
        case .rnn: .lstm
        case .lstm: .gru
        case .gru: .rnn
        }
    }

    /// The kind a state dict's first layer shows: `weight_ih_l0` rows ÷ hidden size = 1, 4 or 3.
    public init?(gateBlocks: Int) {
        guard let kind = CellKind.allCases.first(where: { $0.gateBlocks == gateBlocks }) else { return nil }
        self = kind
    }
}

/// `RNNBase.mode`: the string PyTorch stores for the module's cell.
public enum RNNMode: String, Sendable {
    case rnnTanh = "RNN_TANH", rnnRelu = "RNN_RELU", lstm = "LSTM", gru = "GRU"
}
