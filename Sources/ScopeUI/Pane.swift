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
    /// Forward reads h_{t−1} (h0 at t = 0); reverse reads h_{t+1} (h0 at t = T−1).
    func paneRows(layer: Int, direction: Int, showsParts: Bool) -> [PaneRow] {
        let (t, n, scale) = (cursor, batchIndex, stateScale)
        var rows = [
            PaneRow(label: "x_t", values: trace.x(layer: layer, t: t, n: n), scale: inputScale(layer: layer), isResult: false),
            PaneRow(label: direction == 0 ? "h_t-1" : "h_t+1",
                    values: trace.previous(layer: layer, direction: direction, t: t, n: n), scale: scale, isResult: false),
        ]
        if showsParts {
            rows.append(PaneRow(label: "W_ih·x", values: trace.inputPart(layer: layer, direction: direction, t: t, n: n),
                                scale: scale, isResult: false))
            rows.append(PaneRow(label: "W_hh·h", values: trace.hiddenPart(layer: layer, direction: direction, t: t, n: n),
                                scale: scale, isResult: false))
        }
        rows.append(PaneRow(label: "h_t", values: trace.h(layer: layer, direction: direction, t: t, n: n), scale: scale, isResult: true))
        return rows
    }
}

extension Buffer {
    /// Draws the pane for (layer, direction) into `rect`.
    mutating func drawPane(_ model: Model, layer: Int, direction: Int, rect: Rect, layout: FrameLayout, glyphs: Bool) {
        let selected = layer == model.selectedLayer && direction == model.selectedDirection
        drawBox(rect, title: "layer \(layer) · \(direction == 0 ? "forward" : "reverse")",
                note: "unit \(model.selectedUnit)",
                style: selected ? Theme.selectedBorder : Theme.border, titleStyle: selected ? Theme.selectedBorder : Theme.title)
        let inner = rect.inset(1)
        let heatmapX = inner.x + FrameLayout.labelWidth
        let heatmapWidth = FrameLayout.heatmapWidth(paneWidth: rect.width)
        var y = inner.y
        for row in model.paneRows(layer: layer, direction: direction, showsParts: layout.showsParts) {
            let shape = HeatmapShape(count: row.values.count, width: heatmapWidth, glyphs: glyphs,
                                     maxCellWidth: FrameLayout.maxCellWidth(layout.lineHeight), lineHeight: layout.lineHeight)
            let middle = y + (shape.textRows - 1) / 2
            put(row.label, x: inner.x + 1, y: middle, row.isResult ? Theme.key : Theme.label)
            drawHeatmap(row.values, scale: row.scale, shape: shape, glyphs: glyphs, x: heatmapX, y: y)
            if model.selectedUnit < row.values.count {
                underlineHeatmapValue(model.selectedUnit, shape: shape, glyphs: glyphs, x: heatmapX, y: y)
            }
            if model.selectedUnit < row.values.count, let value = row.values[model.selectedUnit] {
                let text = formatValue(value).leftPadded(to: FrameLayout.readoutWidth - 1)
                put(text, x: inner.maxX - text.count, y: middle, row.isResult ? Theme.title : Theme.value)
            }
            y += shape.textRows
        }
    }
}
