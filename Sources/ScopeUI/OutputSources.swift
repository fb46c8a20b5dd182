import Recurrent

/// Where `nn.RNN`'s two results come from, cell by cell: `output` is the top layer's h_t for every
/// t, `[forward, reverse]` on the last axis; `h_n` is every (layer, direction)'s last state —
/// forward at t = T−1, reverse at t = 0 (after it has consumed x_0), so for the reverse direction
/// h_n equals `output[0]`'s second half, not `output[T−1]`'s.

extension ScreenState {
    /// The cells of `output`, in its order along t then the last axis: `(T · dirs)` steps of the top layer.
    public var outputCells: [CellStep] {
        let top = config.numLayers - 1
        return (0..<trace.seqLen).flatMap { t in (0..<config.numDirections).map { CellStep(layer: top, direction: $0, t: t) } }
    }

    /// The cells of `h_n`, in its order `l0, l0_reverse, l1, …`: `(L · dirs)` steps.
    public var hNCells: [CellStep] {
        (0..<config.numLayers).flatMap { layer in
            (0..<config.numDirections).map { CellStep(layer: layer, direction: $0, t: $0 == 0 ? trace.seqLen - 1 : 0) }
        }
    }

    /// Whether h_t of (layer, direction) is part of `output`.
    public func isOutputCell(layer: Int, direction: Int) -> Bool { layer == config.numLayers - 1 }

    /// The index k of `h_n[k]` that h_t of (layer, direction) is, or nil.
    public func hNIndex(layer: Int, direction: Int, t: Int) -> Int? {
        t == (direction == 0 ? trace.seqLen - 1 : 0) ? layer * config.numDirections + direction : nil
    }

    // MARK: In words

    /// What h_t of (layer, direction) at t is part of: `output[t]` and/or `h_n[k]`.
    func feeds(layer: Int, direction: Int, t: Int) -> [String] {
        (isOutputCell(layer: layer, direction: direction) ? ["output[\(t)]"] : [])
            + (hNIndex(layer: layer, direction: direction, t: t).map { ["h_n[\($0)]"] } ?? [])
    }

    /// `output (1, 20, 10) = layer 1 h_t, all t` (and `, [fwd, rev]` when bidirectional).
    var outputSummary: String {
        "output \(shapeText(geometry.outputShape(config))) = layer \(config.numLayers - 1) h_t, all t"
            + (config.bidirectional ? ", [fwd, rev]" : "")
    }

    /// `h_n (2, 1, 10) = [l0 fwd t=19, l1 fwd t=19]`.
    /// An LSTM's c_n comes from the same steps: `h_n (2, 1, 10), c_n (2, 1, 10) = […]`.
    var hNSummary: String {
        let cN = config.kind.hasCellState ? ", c_n \(shapeText(geometry.cNShape(config)))" : ""
        return "h_n \(shapeText(geometry.hNShape(config)))\(cN) = [" + hNCells.map(\.shortName).joined(separator: ", ") + "]"
    }
}

extension CellStep {
    /// `l0 fwd t=19`, `l1 rev t=0`.
    var shortName: String { "l\(layer) \(direction == 0 ? "fwd" : "rev") t=\(t)" }
}

/// A shape as PyTorch prints a tuple: `(1, 20, 10)`.
func shapeText(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
