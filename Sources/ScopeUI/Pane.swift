/// One (layer, direction) pane: the cell's step at the time cursor — its input x_t, the state it
/// started from, optionally the two pre-activation parts, and h_t — as labelled heatmaps, each with
/// the selected unit's value at the right.

/// One labelled heatmap row of a pane.
struct PaneRow {
    let label: String
    /// `(count)` values; `nil` entries are not computed yet.
    let values: [Float?]
    let scale: ValueScale
    /// Highlights the label (the row the pane produces).
    let isResult: Bool
}

extension Model {
    /// The rows of the pane for (layer, direction) at the cursor, for the selected batch element.
    /// Forward reads h_{t−1} (h0 at t = 0); reverse reads h_{t+1} (h0 at t = T−1). In exec mode a
    /// row not computed yet is blank.
    func paneRows(layer: Int, direction: Int, showsParts: Bool) -> [PaneRow] {
        let (t, n, scale, trace) = (cursor, Model.tracedElement, stateScale, shownTrace)
        let prevT = direction == 0 ? t - 1 : t + 1
        let prevKnown = prevT < 0 || prevT >= trace.seqLen || isComputed(layer: layer, direction: direction, t: prevT)
        let done = isComputed(layer: layer, direction: direction, t: t)
        var rows = [
            PaneRow(label: "x_t", values: known(trace.x(layer: layer, t: t, n: n), isInputKnown(layer: layer, t: t)),
                    scale: inputScale(layer: layer), isResult: false),
            PaneRow(label: previousName(direction: direction, t: t),
                    values: known(trace.previous(layer: layer, direction: direction, t: t, n: n), prevKnown), scale: scale, isResult: false),
        ]
        if showsParts {
            rows.append(PaneRow(label: "W_ih·x", values: known(trace.inputPart(layer: layer, direction: direction, t: t, n: n),
                                                               hasStarted(layer: layer, direction: direction)),
                                scale: scale, isResult: false))
            rows.append(PaneRow(label: "W_hh·h", values: known(trace.hiddenPart(layer: layer, direction: direction, t: t, n: n), done),
                                scale: scale, isResult: false))
        }
        rows.append(PaneRow(label: "h_t", values: known(trace.h(layer: layer, direction: direction, t: t, n: n), done),
                            scale: scale, isResult: true))
        return rows
    }
}

extension Model {
    /// What a step at t reads as its previous state: `h_t-1` forward, `h_t+1` reverse, or `h0`
    /// where the sequence starts for that direction (t = 0 forward, t = T−1 reverse).
    func previousName(direction: Int, t: Int) -> String {
        if t == trace.firstStep(direction: direction) { return "h0" }
        return direction == 0 ? "h_t-1" : "h_t+1"
    }
}

extension Buffer {
    /// Draws the pane for (layer, direction) into `rect`.
    mutating func drawPane(_ model: Model, layer: Int, direction: Int, rect: Rect, layout: FrameLayout, glyphs: Bool) {
        let selected = layer == model.selectedLayer && direction == model.selectedDirection
        // With the output highlight, the note says which result this pane's h_t at the cursor is part of.
        let feeds = model.highlightsOutput ? model.feeds(layer: layer, direction: direction, t: model.cursor) : []
        let title = "layer \(layer) · \(direction == 0 ? "forward" : "reverse")", unit = "unit \(model.selectedUnit)"
        let listed: String = feeds.joined(separator: ", ")
        let short: String = feeds.map { $0.hasPrefix("output") ? "out" + $0.dropFirst(6) : $0 }.joined(separator: ",")
        let notes: [String] = feeds.isEmpty ? [unit] : ["h_t → \(listed) · \(unit)", "→ \(listed)", "→ \(short)"]
        drawBox(rect, title: title, note: notes.first { title.count + $0.count + 6 < rect.width } ?? notes.last!,
                style: selected ? Theme.selectedBorder : Theme.border, titleStyle: selected ? Theme.selectedBorder : Theme.title)
        let inner = rect.inset(1)
        let heatmapX = inner.x + FrameLayout.labelWidth
        let heatmapWidth = FrameLayout.heatmapWidth(paneWidth: rect.width)
        var y = inner.y
        // A pane taller than the screen allows (hundreds of units on a small screen) is cut at its border.
        clip = inner
        defer { clip = nil }
        for row in model.paneRows(layer: layer, direction: direction, showsParts: layout.showsParts) {
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

extension Model {
    /// The selected unit's step at the cursor written out with its numbers, longest form first:
    /// `W_ih·x+b_ih +0.098 + W_hh·h+b_hh +0.063 = +0.161 → tanh → h_t +0.160`. Empty until computed.
    func cellEquations(layer: Int, direction: Int) -> [String] {
        guard isComputed(layer: layer, direction: direction, t: cursor) else { return [] }
        let (u, t, n, trace) = (selectedUnit, cursor, Model.tracedElement, shownTrace)
        let ih = trace.inputPart(layer: layer, direction: direction, t: t, n: n)[u]
        let hh = trace.hiddenPart(layer: layer, direction: direction, t: t, n: n)[u]
        let h = trace.h(layer: layer, direction: direction, t: t, n: n)[u]
        let (a, b, sum, out) = (formatValue(ih), formatValue(hh), formatValue(ih + hh), formatValue(h))
        let act = config.nonlinearity.rawValue
        return ["W_ih·x+b_ih \(a) + W_hh·h+b_hh \(b) = \(sum) → \(act) → h_t \(out)",
                "\(a)\(b)=\(sum) → \(act) → \(out)",
                "\(act)(\(sum)) = \(out)"]
    }
}
