import Recurrent

/// The inspector's middle for an LSTM or GRU: each gate of the selected unit at the cursor — its
/// input part `W_i·x+b_i`, its recurrent part `W_h·h+b_h`, the pre-activation, the activation and
/// the gate's value — then the unit's incoming recurrent weights per gate (`W_hf[u,:]` is row
/// `gate·H + u` of PyTorch's `weight_hh_l{k}`), each a heatmap on its own scale.

/// One gate of one unit at one step.
public struct GateTerms: Equatable, Sendable {
    /// `i`, `f`, `g`, `o` or `r`, `z`, `n`.
    public let gate: String
    /// `W_i·x_t + b_i` and `W_h·h + b_h` for the unit (rows `gate·H + u` of `ih` and `hh`).
    public let inputPart: Float, recurrentPart: Float
    /// What the activation is applied to: their sum, or for a GRU's n `in + r·hn` (b_hn inside the product).
    public let preActivation: Float
    /// `σ` or `tanh`.
    public let activation: String
    /// The gate after its activation, as the trace recorded it.
    public let value: Float
}

extension ScreenState {
    /// The gates of `unit` in (layer, direction) at t, in PyTorch's row order. Empty for an RNN.
    public func gateTerms(layer: Int, direction: Int, unit: Int, t: Int) -> [GateTerms] {
        let cell = CellIndex(layer: layer, direction: direction), n = ScreenState.tracedElement, h = config.hiddenSize
        let ih = shownTrace.series("ih", cell: cell, t: t, n: n), hh = shownTrace.series("hh", cell: cell, t: t, n: n)
        let reset = config.kind == .gru ? shownTrace.series("r", cell: cell, t: t, n: n)[unit] : 1
        return config.kind.gates.enumerated().map { block, gate in
            let (a, b) = (ih[block * h + unit], hh[block * h + unit])
            let isNewGate = config.kind == .gru && gate.name == "n"
            return GateTerms(gate: gate.name, inputPart: a, recurrentPart: b, preActivation: isNewGate ? a + reset * b : a + b,
                             activation: gate.role == .tanhGate ? "tanh" : "σ",
                             value: shownTrace.series(gate.name, cell: cell, t: t, n: n)[unit])
        }
    }

    /// Row `unit` of each gate block of the cell's `weight_hh`: `(out)` per gate, with PyTorch's
    /// row index in `weight_hh_l{k}`.
    func recurrentGateWeights(layer: Int, direction: Int, unit: Int) -> [(gate: String, row: Int, weights: [Float])] {
        let weights = rnn.cells[layer * config.numDirections + direction].weightHH, out = config.outputSize
        return config.kind.gateNames.enumerated().map { block, gate in
            let row = block * config.hiddenSize + unit
            return (gate, row, Array(weights.data[(row * out)..<((row + 1) * out)]))
        }
    }
}

extension Buffer {
    /// The gate table and the per-gate recurrent weights. Returns the next free row.
    mutating func drawGates(_ model: ScreenState, rect: Rect, y start: Int, glyphs: Bool) -> Int {
        let (layer, direction, unit, t) = (model.selectedLayer, model.selectedDirection, model.selectedUnit, model.cursor)
        var y = start
        let columns = [12, 12, 14, 8]
        let head = model.config.bias ? ["W_i·x+b_i", "W_h·h+b_h", "pre-activation", "", "gate"]
            : ["W_i·x", "W_h·h", "pre-activation", "", "gate"]   // bias=False: no b to name
        var x = rect.x + 3 + 4
        for (k, text) in head.enumerated() {
            put(text, x: x, y: y, Theme.label)
            x += k < columns.count ? columns[k] : 0
        }
        y += 1
        for term in model.gateTerms(layer: layer, direction: direction, unit: unit, t: t) where y < rect.maxY {
            put("\(term.gate)_t", x: rect.x + 3, y: y, Theme.key)
            let pre = model.config.kind == .gru && term.gate == "n" ? " (in + r·hn)" : ""
            let cells = [formatValue(term.inputPart), formatValue(term.recurrentPart), formatValue(term.preActivation) + pre,
                         term.activation + " →", formatValue(term.value, signed: term.activation == "tanh")]
            x = rect.x + 7
            for (k, text) in cells.enumerated() {
                put(text, x: x, y: y, k == cells.count - 1 ? Theme.title : Theme.value)
                x += k < columns.count ? max(columns[k], text.count + 2) : 0
            }
            y += 1
        }
        // The unit's recurrent weights per gate, while there is room.
        let source = model.previousName(direction: direction, t: t)
        let suffix = CellIndex(layer: layer, direction: direction).suffix
        for entry in model.recurrentGateWeights(layer: layer, direction: direction, unit: unit) where y < rect.maxY {
            let row = entry.weights
            let scale = ValueScale(limit: row.lazy.map(abs).max() ?? 1)
            let labelWidth = 12
            let shape = HeatmapShape(count: row.count, width: rect.width - labelWidth - 2 - 34, glyphs: glyphs)
            guard y + shape.textRows <= rect.maxY else { break }
            put("W_h\(entry.gate)[\(unit),:]", x: rect.x + 1, y: y, Theme.label)
            drawHeatmap(row, scale: scale, shape: shape, glyphs: glyphs, x: rect.x + 1 + labelWidth, y: y)
            put("±\(scale.limitText) × \(source) · weight_hh_\(suffix)[\(entry.row)]", x: rect.x + 2 + labelWidth + shape.columns, y: y,
                Theme.dim)
            y += shape.textRows
        }
        return y
    }
}
