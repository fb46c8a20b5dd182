// MARK: Reading a Trace — every value of every step, by (layer, direction, t, batch element)

extension Trace {
    /// The layer's input x_t for batch element `n`: `(in_l)` — the data for layer 0, the layer
    /// below's `[forward, reverse]` output (after dropout) above. Empty until the layer has started.
    public func x(layer: Int, t: Int, n: Int) -> [Float] {
        let size = config.layerInputSize(layer)
        return layerInputs[layer].slice((t * batch + n) * size, size)
    }

    /// h_t of (layer, direction) for batch element `n`: `(out)` (P with an LSTM projection, else H).
    public func h(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        let hs = config.outputSize, stride = config.numDirections * hs
        return layerOutputs[layer].slice((t * batch + n) * stride + direction * hs, hs)
    }

    /// The t a direction starts at: 0 forward, T − 1 reverse (where its previous state is h0).
    public func firstStep(direction: Int) -> Int { direction == 0 ? 0 : seqLen - 1 }

    /// The state the step at `t` started from: h_{t−1} forward, h_{t+1} reverse, or `h0` at the
    /// sequence's end (t = 0 forward, t = T−1 reverse). `(out)`.
    public func previous(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        previous("h", cell: CellIndex(layer: layer, direction: direction), t: t, n: n)
    }

    /// `W_ih·x_t + b_ih` for batch element `n`: `(G·H)`.
    public func inputPart(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        series("ih", cell: CellIndex(layer: layer, direction: direction), t: t, n: n)
    }

    /// `W_hh·h_prev + b_hh` for batch element `n`: `(G·H)`. Needs a trace that keeps its steps.
    public func hiddenPart(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        series("hh", cell: CellIndex(layer: layer, direction: direction), t: t, n: n)
    }

    // MARK: By name

    /// The series a step of this run's kind records (`config.kind.series`).
    public var recordedSeries: [TraceSeries] { config.kind.series }

    /// One recorded series of `cell` at step `t` for batch element `n`, by name (see
    /// `CellKind.series`): `x`, `ih`, `hh`, the gates (`i f g o`, `r z n`), `c`, `h`. Empty for a
    /// name the kind does not record. Series other than `x`, `ih` and `h` need a trace that keeps
    /// its steps; one that keeps only the states computes the others again (`recomputesParts`).
    public func series(_ name: String, cell: CellIndex, t: Int, n: Int) -> [Float] {
        let index = cell.index(directions: config.numDirections), g = config.hiddenSize
        let row = t * batch + n
        if recomputesParts, name != "x", name != "h", name != "c" {   // only the states are kept
            let parts = recomputedParts(cell, t: t, n: n)
            switch name {
            case "ih": return parts.ih
            case "hh": return parts.hh
            default:
                guard let block = config.kind.gateNames.firstIndex(of: name) else { return [] }
                return Array(parts.gates[(block * g)..<((block + 1) * g)])
            }
        }
        switch name {
        case "x": return x(layer: cell.layer, t: t, n: n)
        case "h": return h(layer: cell.layer, direction: cell.direction, t: t, n: n)
        case "ih": return inputParts[index].slice(row * config.gateRows, config.gateRows)
        case "hh":
            precondition(keepsSteps, "hh needs a trace made by RNN.trace or RNN.stepper")
            return hiddenParts[index].slice(row * config.gateRows, config.gateRows)
        case "c" where !cellStates.isEmpty:
            precondition(keepsSteps, "c needs a trace made by RNN.trace or RNN.stepper")
            return cellStates[index].slice(row * g, g)
        default:
            guard let block = config.kind.gateNames.firstIndex(of: name), !gateValues.isEmpty else { return [] }
            precondition(keepsSteps, "gates need a trace made by RNN.trace or RNN.stepper")
            return gateValues[index].slice(row * config.gateRows + block * g, g)
        }
    }

    /// The value a state (`h`, or an LSTM's `c`) had when the step at `t` started: the
    /// neighbouring step's (t − 1 forward, t + 1 reverse), or the initial state (`h0`, `c0`) where
    /// the cell starts.
    public func previous(_ state: String, cell: CellIndex, t: Int, n: Int) -> [Float] {
        let prevT = cell.previousStep(t)
        if prevT < 0 || prevT >= seqLen { return initial(state, cell: cell, n: n) }
        return series(state, cell: cell, t: prevT, n: n)
    }

    /// The initial state of `cell` for batch element `n`: `h0` `(out)` or `c0` `(H)` (zeros when not given).
    public func initial(_ state: String, cell: CellIndex, n: Int) -> [Float] {
        let index = cell.index(directions: config.numDirections)
        switch state {
        case "c":
            guard let c0 else { return [] }
            return c0.slice((index * batch + n) * config.hiddenSize, config.hiddenSize)
        default:
            return h0.slice((index * batch + n) * config.outputSize, config.outputSize)
        }
    }

    /// The shape `output` has: `(T, N, dirs·H)`, `(N, T, dirs·H)` or `(T, dirs·H)` by the caller's layout.
    public var outputShape: [Int] { geometry.outputShape(config) }

    /// The shape `hN` has: `(L·dirs, N, out)`, or `(L·dirs, out)` unbatched.
    public var hNShape: [Int] { geometry.hNShape(config) }

    /// The shape `cN` has (LSTM): `(L·dirs, N, H)`, or `(L·dirs, H)` unbatched.
    public var cNShape: [Int] { geometry.cNShape(config) }

    var geometry: InputGeometry { InputGeometry(layout: layout, seqLen: seqLen, batch: batch) }

    /// `output` in PyTorch's shape for the caller's layout: the top layer's h_t for every t,
    /// `[forward, reverse]` on the last axis. Precondition: the run is complete.
    public var output: Tensor {
        precondition(isComplete, "output needs a complete run")
        let top = Tensor(shape: [seqLen, batch, config.numDirections * config.outputSize],
                         data: layerOutputs[config.numLayers - 1].array)
        return layout == .batchFirst ? top.swappingFirstTwoAxes() : top.reshaped(outputShape)
    }

    /// `h_n`: each (layer, direction)'s last state — forward at t = T−1, reverse at t = 0 —
    /// ordered l0, l0_reverse, l1, …: `(L·dirs, N, H)`, or `(L·dirs, H)` unbatched.
    public var hN: Tensor {
        precondition(isComplete, "h_n needs a complete run")
        var data: [Float] = []
        data.reserveCapacity(config.numLayers * config.numDirections * batch * config.outputSize)
        for layer in 0..<config.numLayers {
            for direction in 0..<config.numDirections {
                let last = direction == 0 ? seqLen - 1 : 0
                for n in 0..<batch { data += h(layer: layer, direction: direction, t: last, n: n) }
            }
        }
        return Tensor(shape: hNShape, data: data)
    }
}

extension Trace {
    /// `c_n` of an LSTM: each cell's last cell state — forward at t = T−1, reverse at t = 0 —
    /// ordered l0, l0_reverse, l1, …: `(L·dirs, N, H)`, or `(L·dirs, H)` unbatched; nil for RNN and
    /// GRU. Precondition: the run is complete.
    public var cN: Tensor? {
        precondition(isComplete, "c_n needs a complete run")
        guard config.kind.hasCellState else { return nil }
        let g = config.hiddenSize, cells = config.numLayers * config.numDirections
        var data: [Float] = []
        data.reserveCapacity(cells * batch * g)
        for index in 0..<cells {
            let cell = CellIndex(index: index, directions: config.numDirections)
            let last = cell.lastStep(seqLen: seqLen)
            for n in 0..<batch {
                // a plain forward keeps only each cell's latest c, which is its last
                data += keepsSteps ? cellStates[index].slice(((last * batch) + n) * g, g)
                    : seqLen == 0 ? initial("c", cell: cell, n: n) : cellStates[index].slice(n * g, g)
            }
        }
        return Tensor(shape: cNShape, data: data)
    }
}
