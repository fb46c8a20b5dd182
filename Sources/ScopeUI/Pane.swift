import Recurrent

/// One (layer, direction) pane: the cell's step at the time cursor — its input x_t, the state it
/// started from, the kind's own rows (the RNN's two pre-activation parts; an LSTM's c_t-1, gates
/// and c_t; a GRU's gates) as far as they fit, and h_t — as labelled heatmaps, each with the
/// selected unit's value at the right.

/// One labelled heatmap row of a pane.
struct PaneRow {
    let label: String
    /// `(count)` values; `nil` entries are not computed yet.
    let values: [Float?]
    let scale: ValueScale
    /// Highlights the label (the row the pane produces).
    let isResult: Bool
}

extension ScreenState {
    /// The rows of the pane for (layer, direction) at the cursor, for the selected batch element:
    /// `rows` (from `paneRowChoices`) filled with the step's values. Forward reads h_{t−1} (h0 at
    /// t = 0); reverse reads h_{t+1} (h0 at t = T−1). In exec mode a row not computed yet is blank.
    func paneRows(layer: Int, direction: Int, rows: [PaneRowSpec]) -> [PaneRow] {
        let (t, trace) = (cursor, shownTrace)
        let cell = CellIndex(layer: layer, direction: direction), prevT = cell.previousStep(t)
        let prevKnown = prevT < 0 || prevT >= trace.seqLen || isComputed(layer: layer, direction: direction, t: prevT)
        let done = isComputed(layer: layer, direction: direction, t: t)
        return rows.map { spec in
            let series = spec.series
            if spec.isPrevious {
                return PaneRow(label: previousName(series.name, direction: direction, t: t),
                               values: known(shownPrevious(series.name, cell: cell, t: t), prevKnown),
                               scale: scale(for: series.role, layer: layer), isResult: false)
            }
            let isKnown = series.role == .input ? isInputKnown(layer: layer, t: t)
                : series.name == "ih" ? hasStarted(layer: layer, direction: direction) : done
            return PaneRow(label: series.symbol, values: known(shownSeries(series.name, cell: cell, t: t), isKnown),
                           scale: scale(for: series.role, layer: layer), isResult: series.name == "h")
        }
    }

    /// The colour scale of a row: the data's (or the states') for x_t, ±1 (or relu's 0…max) for h
    /// and the affine parts, 0…1 for σ gates, ±1 for tanh gates, the run's own ±max|c| for c.
    func scale(for role: TraceSeries.Role, layer: Int) -> ValueScale {
        if showsDelta { return deltaScale }   // Δ = B − A: one diverging scale of its own
        switch role {
        case .input: return inputScale(layer: layer)
        case .state, .preActivation: return stateScale
        case .cellState: return cellStateScale
        case .sigmoidGate: return ScreenState.gateScale
        case .tanhGate: return ValueScale(limit: 1)
        }
    }

    /// σ gates on 0…1 (grey at 0, red at 1), in proportion (see `ValueScale.isLinear`).
    static let gateScale = ValueScale(limit: 1, linear: true)
}

extension ScreenState {
    /// What a step at t reads as its previous state: `h_t-1` forward, `h_t+1` reverse, or `h0`
    /// where the sequence starts for that direction (t = 0 forward, t = T−1 reverse).
    func previousName(direction: Int, t: Int) -> String { previousName("h", direction: direction, t: t) }

    /// The same for any state: `h_t-1`, `c_t+1`, `c0`.
    func previousName(_ state: String, direction: Int, t: Int) -> String {
        t == trace.firstStep(direction: direction) ? state + "0" : previousSymbol(state, direction: direction)
    }
}

extension Buffer {
    /// Draws the pane for (layer, direction) into `rect`.
    mutating func drawPane(_ model: ScreenState, layer: Int, direction: Int, rect: Rect, layout: FrameLayout, glyphs: Bool) {
        let selected = layer == model.selectedLayer && direction == model.selectedDirection
        // With the output highlight, the note says which result this pane's h_t at the cursor is part of.
        let feeds = model.highlightsOutput ? model.feeds(layer: layer, direction: direction, t: model.cursor) : []
        let title = "layer \(layer) · \(direction == 0 ? "forward" : "reverse")", unit = "unit \(model.selectedUnit)"
        let listed: String = feeds.joined(separator: ", ")
        let short: String = feeds.map { $0.hasPrefix("output") ? "out" + $0.dropFirst(6) : $0 }.joined(separator: ",")
        // Rows a short screen leaves out are named, so the pane never hides that they exist.
        let omitted = model.leftOutRows(layout.paneRows)
        let why = model.showsPartsRows == false ? "p shows them" : "taller screen"
        let left = omitted.isEmpty ? [] : ["\(omitted.joined(separator: " ")) left out (\(why)) · \(unit)",
                                           "\(omitted.joined(separator: " ")) left out · \(unit)", "\(omitted.count) rows left out · \(unit)"]
        // Otherwise the cell's weights with PyTorch's shapes: W_ih (G·H, in), W_hh (G·H, out) (and W_hr).
        let cell = model.rnn.cells[layer * model.config.numDirections + direction]
        let weights = "W_ih \(shapeText(cell.weightIH.shape)) W_hh \(shapeText(cell.weightHH.shape))"
            + (cell.weightHR.map { " W_hr \(shapeText($0.shape))" } ?? "")
        let notes: [String] = feeds.isEmpty ? left + ["\(weights) · \(unit)", unit]
            : ["h_t → \(listed) · \(unit)", "→ \(listed)", "→ \(short)",
               "→ " + feeds.map { $0.hasPrefix("output") ? "out" : $0 }.joined(separator: ", ")]
        drawBox(rect, title: title, note: notes.first { title.count + $0.count + 6 < rect.width } ?? notes.last!,
                style: selected ? Theme.selectedBorder : Theme.border, titleStyle: selected ? Theme.selectedBorder : Theme.title)
        let inner = rect.inset(1)
        let heatmapX = inner.x + FrameLayout.labelWidth
        let heatmapWidth = FrameLayout.heatmapWidth(paneWidth: rect.width)
        var y = inner.y
        // A pane taller than the screen allows (hundreds of units on a small screen) is cut at its border.
        clip = inner
        defer { clip = nil }
        for row in model.paneRows(layer: layer, direction: direction, rows: layout.paneRows) {
            let shape = HeatmapShape(count: row.values.count, width: heatmapWidth, glyphs: glyphs,
                                     maxCellWidth: FrameLayout.maxCellWidth(layout.lineHeight), lineHeight: layout.lineHeight)
            let middle = y + (shape.textRows - 1) / 2
            put(row.label, x: inner.x + 1, y: middle, row.isResult ? (feeds.isEmpty ? Theme.key : Theme.highlight) : Theme.label)
            drawHeatmap(row.values, scale: row.scale, shape: shape, glyphs: glyphs, x: heatmapX, y: y)
            if model.selectedUnit < row.values.count, row.values[model.selectedUnit] != nil {
                underlineHeatmapValue(model.selectedUnit, shape: shape, glyphs: glyphs, x: heatmapX, y: y)
            }
            if model.selectedUnit < row.values.count, let value = row.values[model.selectedUnit] {
                let text = formatValue(value).leftPadded(to: FrameLayout.readoutWidth - 1)
                put(text, x: inner.maxX - text.count, y: middle, row.isResult ? Theme.title : Theme.value)
            }
            y += shape.textRows
        }
        clip = nil
        // The cell written out for the selected unit, on the bottom border: the two affine parts,
        // their sum, and h_t.
        if let equation = model.cellEquations(layer: layer, direction: direction).first(where: { $0.count + 4 <= rect.width }) {
            put(" \(equation) ", x: rect.x + 2, y: rect.maxY - 1, selected ? Theme.value : Theme.label)
        }
    }
}
