import Recurrent

/// Each cell's ρ(W_hh) and ‖W_hh‖₂, worked out the first time the screen asks for that cell and
/// then kept: they depend only on the weights (an H = 256 cell takes milliseconds, H = 1024 about a
/// second), never on t, the input or the nonlinearity. A `ScreenState` holds one per network, shared by
/// its copies; `rebuild` starts a new one.
final class DynamicsCache {
    private let rnn: RNN
    /// By cell index (`layer · numDirections + direction`).
    private var known: [Int: CellDynamics] = [:]

    init(_ rnn: RNN) { self.rnn = rnn }

    func dynamics(ofCell index: Int) -> CellDynamics {
        if let done = known[index] { return done }
        let computed = rnn.dynamics(ofCell: index)
        known[index] = computed
        return computed
    }
}

extension ScreenState {
    /// ρ(W_hh) and ‖W_hh‖₂ of the cell (layer, direction), computed once per network.
    public func dynamics(layer: Int, direction: Int) -> CellDynamics {
        dynamicsCache.dynamics(ofCell: layer * config.numDirections + direction)
    }
}
