// MARK: Reading a Trace — every value of every step, by (layer, direction, t, batch element)

extension Trace {
    /// The layer's input x_t for batch element `n`: `(in_l)` — the data for layer 0, the layer
    /// below's `[forward, reverse]` output (after dropout) above. Empty until the layer has started.
    public func x(layer: Int, t: Int, n: Int) -> [Float] {
        let size = config.layerInputSize(layer)
        return layerInputs[layer].slice((t * batch + n) * size, size)
    }

    /// h_t of (layer, direction) for batch element `n`: `(H)`.
    public func h(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        let hs = config.hiddenSize, stride = config.numDirections * hs
        return layerOutputs[layer].slice((t * batch + n) * stride + direction * hs, hs)
    }

    /// The t a direction starts at: 0 forward, T − 1 reverse (where its previous state is h0).
    public func firstStep(direction: Int) -> Int { direction == 0 ? 0 : seqLen - 1 }

    /// The state the step at `t` started from: h_{t−1} forward, h_{t+1} reverse, or `h0` at the
    /// sequence's end (t = 0 forward, t = T−1 reverse). `(H)`.
    public func previous(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        let prevT = direction == 0 ? t - 1 : t + 1
        if prevT < 0 || prevT >= seqLen {
            let hs = config.hiddenSize, cell = layer * config.numDirections + direction
            return h0.slice((cell * batch + n) * hs, hs)
        }
        return h(layer: layer, direction: direction, t: prevT, n: n)
    }

    /// `W_ih·x_t + b_ih` for batch element `n`: `(H)`.
    public func inputPart(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        let hs = config.hiddenSize
        return inputParts[layer * config.numDirections + direction].slice((t * batch + n) * hs, hs)
    }

    /// `W_hh·h_prev + b_hh` for batch element `n`: `(H)`. Needs a trace that keeps its steps.
    public func hiddenPart(layer: Int, direction: Int, t: Int, n: Int) -> [Float] {
        precondition(keepsSteps, "hiddenPart needs a trace made by RNN.trace or RNN.stepper")
        let hs = config.hiddenSize
        return hiddenParts[layer * config.numDirections + direction].slice((t * batch + n) * hs, hs)
    }

    /// The shape `output` has: `(T, N, dirs·H)`, `(N, T, dirs·H)` or `(T, dirs·H)` by the caller's layout.
    public var outputShape: [Int] { geometry.outputShape(config) }

    /// The shape `hN` has: `(L·dirs, N, H)`, or `(L·dirs, H)` unbatched.
    public var hNShape: [Int] { geometry.hNShape(config) }

    var geometry: InputGeometry { InputGeometry(layout: layout, seqLen: seqLen, batch: batch) }

    /// `output` in PyTorch's shape for the caller's layout: the top layer's h_t for every t,
    /// `[forward, reverse]` on the last axis. Precondition: the run is complete.
    public var output: Tensor {
        precondition(isComplete, "output needs a complete run")
        let top = Tensor(shape: [seqLen, batch, config.numDirections * config.hiddenSize],
                         data: layerOutputs[config.numLayers - 1].array)
        return layout == .batchFirst ? top.swappingFirstTwoAxes() : top.reshaped(outputShape)
    }

    /// `h_n`: each (layer, direction)'s last state — forward at t = T−1, reverse at t = 0 —
    /// ordered l0, l0_reverse, l1, …: `(L·dirs, N, H)`, or `(L·dirs, H)` unbatched.
    public var hN: Tensor {
        precondition(isComplete, "h_n needs a complete run")
        var data: [Float] = []
        data.reserveCapacity(config.numLayers * config.numDirections * batch * config.hiddenSize)
        for layer in 0..<config.numLayers {
            for direction in 0..<config.numDirections {
                let last = direction == 0 ? seqLen - 1 : 0
                for n in 0..<batch { data += h(layer: layer, direction: direction, t: last, n: n) }
            }
        }
        return Tensor(shape: hNShape, data: data)
    }
}
