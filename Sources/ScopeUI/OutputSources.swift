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

    // MARK: In words — as indices PyTorch accepts for the layout shown

    /// `output`'s index of the shown batch element's h_t at `t` (`":"` for every t) of a direction:
    /// batched `output[t, n, 0:10]`, batch-first `output[n, t, 0:10]`, unbatched `output[t, 0:10]`
    /// (the last axis sliced to the direction's half when bidirectional).
    func outputIndex(t: String, direction: Int) -> String {
        let out = config.outputSize
        let slice = config.numDirections == 2 ? ", \(direction * out):\((direction + 1) * out)" : ""
        switch geometry.layout {
        case .batched: return "output[\(t), \(batchIndex)\(slice)]"
        case .batchFirst: return "output[\(batchIndex), \(t)\(slice)]"
        case .unbatched: return "output[\(t)\(slice)]"
        }
    }

    /// `h_n`'s (or `c_n`'s) index of the shown batch element's state k: `h_n[k, n]`, unbatched `h_n[k]`.
    func stateIndex(_ k: Int, name: String = "h_n") -> String {
        geometry.layout == .unbatched ? "\(name)[\(k)]" : "\(name)[\(k), \(batchIndex)]"
    }

    /// What h_t of (layer, direction) at t is part of: `output[t, n, …]` and/or `h_n[k, n]`.
    func feeds(layer: Int, direction: Int, t: Int) -> [String] {
        (isOutputCell(layer: layer, direction: direction) ? [outputIndex(t: "\(t)", direction: direction)] : [])
            + (hNIndex(layer: layer, direction: direction, t: t).map { [stateIndex($0)] } ?? [])
    }

    /// `output (1, 20, 10) = layer 1 h_t, all t` (and `, [fwd, rev]` when bidirectional).
    var outputSummary: String {
        "output \(shapeText(geometry.outputShape(config))) = layer \(config.numLayers - 1) h_t, all t"
            + (config.bidirectional ? ", [fwd, rev]" : "")
    }

    /// `h_n (2, 1, 10) = [l0 fwd t=19, l1 fwd t=19]`.
    /// `h_n (2, 1, 10) = [l0 fwd t=19, l1 fwd t=19]` — an LSTM's c_n comes from the same steps:
    /// `h_n (2, 1, 10), c_n (2, 1, 10) = […]`.
    var hNSummary: String {
        let cN = config.kind.hasCellState ? ", c_n \(shapeText(geometry.cNShape(config)))" : ""
        return "h_n \(shapeText(geometry.hNShape(config)))\(cN) = [" + hNCells.map(\.shortName).joined(separator: ", ") + "]"
    }

    /// What the run started from: `h0 None → zeros` (the states PyTorch makes when hx is None), or
    /// `h0 (2, 3, 20) given`; an LSTM's `h0, c0 …`.
    var initialStateSummary: String {
        let names = config.kind.hasCellState ? "h0, c0" : "h0"
        guard let h0 else { return "\(names) None → zeros" }
        return "\(names) \(shapeText(h0.shape))" + (c0.map { ", \(shapeText($0.shape))" } ?? "") + " given"
    }

    /// The input's shape and what its axes are: `input (1, 20, 1) = (N, T, D)`.
    var inputShapeSummary: String {
        let axes: String
        switch geometry.layout {
        case .batched: axes = "(T, N, D)"
        case .batchFirst: axes = "(N, T, D)"
        case .unbatched: axes = "(T, D)"
        }
        return "input \(shapeText(input.shape)) = \(axes)"
    }
}

extension CellStep {
    /// `l0 fwd t=19`, `l1 rev t=0`.
    var shortName: String { "l\(layer) \(direction == 0 ? "fwd" : "rev") t=\(t)" }
}

/// A shape as PyTorch prints a tuple: `(1, 20, 10)`.
func shapeText(_ shape: [Int]) -> String { "(" + shape.map(String.init).joined(separator: ", ") + ")" }
