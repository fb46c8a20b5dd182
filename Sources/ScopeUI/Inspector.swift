import Recurrent

/// The unit inspector (`i` or Enter): for the selected unit u of the selected pane at the cursor t —
/// its value and how it was computed, its history over t as a sparkline aligned with the input
/// strip and under it how far back it remembers (`InfluenceRows.swift`), its incoming weights
/// `W_ih[u, :]` and `W_hh[u, :]` as heatmaps (under the latter, the spectral radius and largest
/// singular value of the cell's whole `W_hh`), and the terms of its
/// pre-activation `Σ_j W_ih[u,j]·x_t[j] + b_ih[u] + Σ_k W_hh[u,k]·h_prev[k] + b_hh[u]`, biggest first.

// MARK: Contributions

/// One term of a unit's pre-activation.
public struct Contribution: Equatable, Sendable {
    /// `W_hh[3,7]·h_t-1[7]`, `W_ih[3,0]·x_t[0]`, `b_ih[3]`.
    public let name: String
    public let value: Float
}

extension ScreenState {
    /// The incoming weights of `unit` in (layer, direction): `W_ih[u, :]` `(in_l)` and `W_hh[u, :]` `(H)`.
    public func incomingWeights(layer: Int, direction: Int, unit: Int) -> (input: [Float], recurrent: [Float]) {
        let cell = rnn.cells[layer * config.numDirections + direction]
        let inSize = config.layerInputSize(layer), h = config.hiddenSize
        return (Array(cell.weightIH.data[(unit * inSize)..<((unit + 1) * inSize)]),
                Array(cell.weightHH.data[(unit * h)..<((unit + 1) * h)]))
    }

    /// Every term of the pre-activation of `unit` at t, biggest |value| first (the order the terms
    /// are listed in breaks ties). Their sum is `W_ih·x_t + b_ih + W_hh·h + b_hh` for that unit.
    public func contributions(layer: Int, direction: Int, unit: Int, t: Int) -> [Contribution] {
        let cell = rnn.cells[layer * config.numDirections + direction], n = ScreenState.tracedElement
        let weights = incomingWeights(layer: layer, direction: direction, unit: unit)
        let x = shownTrace.x(layer: layer, t: t, n: n)
        let previous = shownTrace.previous(layer: layer, direction: direction, t: t, n: n)
        let prevName = previousName(direction: direction, t: t)
        var terms = weights.input.indices.map { Contribution(name: "W_ih[\(unit),\($0)]·x_t[\($0)]", value: weights.input[$0] * x[$0]) }
        terms += weights.recurrent.indices.map {
            Contribution(name: "W_hh[\(unit),\($0)]·\(prevName)[\($0)]", value: weights.recurrent[$0] * previous[$0])
        }
        if let b = cell.biasIH { terms.append(Contribution(name: "b_ih[\(unit)]", value: b.data[unit])) }
        if let b = cell.biasHH { terms.append(Contribution(name: "b_hh[\(unit)]", value: b.data[unit])) }
        return terms.enumerated().sorted { (abs($0.element.value), -$0.offset) > (abs($1.element.value), -$1.offset) }.map(\.element)
    }
}

// MARK: Drawing

/// The sparkline's levels, lowest first.
let sparkLevels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
/// Columns of the inspector's row labels.
private let inspectorLabelWidth = 12

extension Buffer {
    /// Draws the inspector of the selected unit into `rect` (the body).
    mutating func drawInspector(_ model: ScreenState, rect: Rect, glyphs: Bool) {
        let (layer, direction, unit, t) = (model.selectedLayer, model.selectedDirection, model.selectedUnit, model.cursor)
        var x = put("inspector", x: rect.x + 1, y: rect.y, Theme.key)
        put("  unit \(unit) · layer \(layer) \(direction == 0 ? "forward" : "reverse") · t=\(t)   < > unit  ↑↓ tab pane",
            x: x, y: rect.y, Theme.value)
        let back = "i or Esc: panes"
        if rect.width > 90 { put(back, x: rect.maxX - back.count - 1, y: rect.y, Theme.dim) }
        var y = rect.y + 1
        guard model.isComputed(layer: layer, direction: direction, t: t) else {
            put("not computed yet: step \(model.executedSteps) of \(model.trace.totalSteps) (→ computes more)",
                x: rect.x + 1, y: y, Theme.status)
            return
        }
        // The value and how it came about.
        x = put("h_t[\(model.shownOutputUnit)]", x: rect.x + 1, y: y, Theme.key)
        put(model.cellEquations(layer: layer, direction: direction).first { $0.count + 14 < rect.width } ?? "",
            x: rect.x + 1 + inspectorLabelWidth, y: y, Theme.value)
        y += 1
        y = drawHistory(model, rect: rect, y: y, glyphs: glyphs)
        y = drawInfluence(model, rect: rect, y: y, glyphs: glyphs)
        y = drawCursorMarker(model, rect: rect, y: y, glyphs: glyphs)

        // An LSTM's or GRU's gates: their terms and per-gate weights.
        guard model.config.kind == .rnn else {
            _ = drawGates(model, rect: rect, y: y, glyphs: glyphs)
            return
        }
        // Incoming weights, each heatmap on its own scale ±max|W|; under W_hh's, the whole matrix's dynamics.
        let weights = model.incomingWeights(layer: layer, direction: direction, unit: unit)
        let prevName = model.previousName(direction: direction, t: model.cursor)
        y = drawWeightRow("W_hh[\(unit),:]", weights.recurrent, times: prevName, rect: rect, y: y, glyphs: glyphs)
        y = drawDynamics(model, rect: rect, y: y)
        y = drawWeightRow("W_ih[\(unit),:]", weights.input, times: "x_t", rect: rect, y: y, glyphs: glyphs)

        // The biggest terms of the pre-activation, with bars on one scale.
        let terms = model.contributions(layer: layer, direction: direction, unit: unit, t: t)
        let total = terms.reduce(Float(0)) { $0 + $1.value }
        put("biggest of the \(terms.count) terms of the pre-activation \(formatValue(total)):", x: rect.x + 1, y: y, Theme.label)
        y += 1
        let nameWidth = min(24, terms.map(\.name.count).max() ?? 0), peak = terms.first.map { abs($0.value) } ?? 1
        let barWidth = max(4, min(30, rect.width - nameWidth - 14))
        for term in terms where y < rect.maxY {
            put(term.name, x: rect.x + 3, y: y, Theme.value)
            let valueX = put(formatValue(term.value).leftPadded(to: 8), x: rect.x + 3 + nameWidth, y: y, Theme.value)
            let length = peak > 0 ? max(1, levelIndex(abs(term.value) / peak, levels: barWidth)) : 1
            put(String(repeating: "█", count: length), x: valueX + 2, y: y, Style(fg: ValueScale(limit: peak).color(term.value)))
            y += 1
        }
    }

    /// One row of incoming weights `(count)` as a heatmap on its own scale ±max|w|, with that scale and
    /// what the weights multiply (`source[0…count-1]`). Returns the next free row.
    private mutating func drawWeightRow(_ label: String, _ row: [Float], times source: String, rect: Rect, y: Int, glyphs: Bool) -> Int {
        let scale = ValueScale(limit: row.lazy.map(abs).max() ?? 1)
        let shape = HeatmapShape(count: row.count, width: rect.width - inspectorLabelWidth - 2 - 16, glyphs: glyphs)
        put(label, x: rect.x + 1, y: y, Theme.label)
        drawHeatmap(row, scale: scale, shape: shape, glyphs: glyphs, x: rect.x + 1 + inspectorLabelWidth, y: y)
        put("±\(scale.limitText)  × \(source)[0…\(row.count - 1)]", x: rect.x + 2 + inspectorLabelWidth + shape.columns, y: y, Theme.dim)
        return y + shape.textRows
    }

    /// One line with the spectral radius and largest singular value of the selected cell's whole
    /// W_hh — when it fits the width and leaves the W_ih row, the terms' heading and one term below.
    /// Returns the next free row.
    private mutating func drawDynamics(_ model: ScreenState, rect: Rect, y: Int) -> Int {
        guard y + 4 <= rect.maxY else { return y }
        let dynamics = model.dynamics(layer: model.selectedLayer, direction: model.selectedDirection)
        let numbers = ": spectral radius \(formatSignificant(dynamics.spectralRadius))"
            + " · largest singular value \(formatSignificant(dynamics.largestSingularValue))"
        let label = "W_hh (this cell)"
        guard label.count + numbers.count + 2 <= rect.width else { return y }
        put(numbers, x: put(label, x: rect.x + 1, y: y, Theme.label), y: y, Theme.value)
        return y + 1
    }

    /// The unit's h over t as a two-row sparkline (columns aligned with the input strip, blank where
    /// not computed) and its range. Returns the next free row.
    private mutating func drawHistory(_ model: ScreenState, rect: Rect, y: Int, glyphs: Bool) -> Int {
        let (layer, direction) = (model.selectedLayer, model.selectedDirection)
        let strip = StripGeometry(model, rect: rect, glyphs: glyphs)
        let computed = (0..<model.trace.seqLen).filter { model.isComputed(layer: layer, direction: direction, t: $0) }
        let values = computed.map { model.shownTrace.h(layer: layer, direction: direction, t: $0, n: ScreenState.tracedElement)[model.shownOutputUnit] }
        let low = values.filter(\.isFinite).min() ?? 0, high = values.filter(\.isFinite).max() ?? 0
        put("h(t)", x: rect.x + 1, y: y, Theme.label)   // short: the sparkline starts right after it
        // Two rows tall: 16 levels, the top row carrying the upper half.
        for (t, value) in zip(computed, values) where t >= strip.first && t < strip.first + strip.visible {
            let level = high > low && value.isFinite ? levelIndex((value - low) / (high - low), levels: 15) : 7
            let (top, bottom) = level >= 8 ? (sparkLevels[level - 8], Character("█")) : (Character(" "), sparkLevels[level])
            let x = strip.x0 + (t - strip.first) * strip.cellWidth
            put(String(repeating: top, count: strip.cellWidth), x: x, y: y, Style(fg: Theme.accent))
            put(String(repeating: bottom, count: strip.cellWidth), x: x, y: y + 1, Style(fg: Theme.accent))
        }
        put(formatValue(high), x: strip.labelX, y: y, Theme.dim)
        put(formatValue(low), x: strip.labelX, y: y + 1, Theme.dim)
        return y + 2
    }

    /// The cursor `▲` under its t column of the history and memory rows. Returns the next free row.
    private mutating func drawCursorMarker(_ model: ScreenState, rect: Rect, y: Int, glyphs: Bool) -> Int {
        let strip = StripGeometry(model, rect: rect, glyphs: glyphs)
        put(String(repeating: "▲", count: strip.cellWidth), x: strip.x0 + (model.cursor - strip.first) * strip.cellWidth, y: y,
            Theme.cursor)
        return y + 1
    }
}
