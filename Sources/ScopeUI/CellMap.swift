/// The panel under the panes: what `output` and `h_n` are (in words and shapes), and the cell map —
/// one row per (layer, direction), top layer first, one column per t aligned with the input strip,
/// each cell the selected unit's h_t. In exec mode cells not computed yet are blank and the step
/// just computed is marked `▶` (forward) or `◀` (reverse); with `o` the cells of output and h_n
/// are marked `o` and `n` (underlined and inverse without colour).

import Recurrent

extension FrameLayout {
    /// The summary: `output … · h_n …` on one line when it fits in `width`, else two lines; what
    /// the run started from (`h0 None → zeros`) goes with h_n when there is room.
    static func summaryLines(_ model: ScreenState, width: Int) -> [String] {
        let (output, states) = (model.outputSummary, model.hNSummary)
        let withStart = model.initialStateSummary + " · " + states
        let hN = withStart.count + 2 <= width ? withStart : states
        if output.count + hN.count + 5 <= width { return [output + "   " + hN] }
        return [output, hN]
    }

    /// Where the cell map goes under the summary: its first row and the text rows per map row (two
    /// when the panel has room), or nil when the panel has no room for all its rows.
    func map(_ model: ScreenState) -> (top: Int, rowHeight: Int)? {
        let top = panel.y + FrameLayout.summaryLines(model, width: panel.width).count
        let rowHeight = min(2, (panel.maxY - top) / model.mapRows.count)
        return rowHeight >= 1 ? (top, rowHeight) : nil
    }

    /// The (layer, direction) of the map row drawn on text row `y`, if any.
    func mapRow(atRow y: Int, _ model: ScreenState) -> (layer: Int, direction: Int)? {
        guard let map = map(model), y >= map.top else { return nil }
        let k = (y - map.top) / map.rowHeight
        return k < model.mapRows.count ? model.mapRows[k] : nil
    }
}

extension Buffer {
    /// Draws the summary and, when the panel has room for every row, the cell map.
    mutating func drawOutputPanel(_ model: ScreenState, layout: FrameLayout, glyphs: Bool) {
        let rect = layout.panel
        for (i, line) in FrameLayout.summaryLines(model, width: rect.width).enumerated() where i < rect.height {
            drawSummary(line, x: rect.x + 1, y: rect.y + i)
        }
        guard let map = layout.map(model) else { return }
        let strip = StripGeometry(model, rect: rect, glyphs: glyphs)
        for (i, row) in model.mapRows.enumerated() {
            for dy in 0..<map.rowHeight {
                drawMapRow(model, layer: row.layer, direction: row.direction, strip: strip, y: map.top + i * map.rowHeight + dy,
                           glyphs: glyphs, isFirstLine: dy == 0)
            }
        }
    }

    /// A summary line with its names (`output`, `h_n`) picked out.
    private mutating func drawSummary(_ line: String, x: Int, y: Int) {
        put(line, x: x, y: y, Theme.value)
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        var column = x
        for word in words {
            if ["output", "h_n", "c_n", "h0", "h0,"].contains(word) { put(String(word), x: column, y: y, Theme.key) }
            column += word.count + 1
        }
    }

    /// One row of the cell map: label, one cell per visible t, and which result the row feeds.
    /// Rows two lines tall draw the cells on both lines and the label, marks and text on the first.
    private mutating func drawMapRow(_ model: ScreenState, layer: Int, direction: Int, strip: StripGeometry, y: Int, glyphs: Bool,
                                     isFirstLine: Bool) {
        let selected = layer == model.selectedLayer && direction == model.selectedDirection
        if isFirstLine { put("l\(layer) \(direction == 0 ? "fwd" : "rev")", x: 1, y: y, selected ? Theme.key : Theme.label) }
        let scale = model.showsDelta ? model.deltaScale : model.stateScale, last = model.lastExecutedStep
        let cell = CellIndex(layer: layer, direction: direction)
        for t in strip.first..<(strip.first + strip.visible) where model.isComputed(layer: layer, direction: direction, t: t) {
            let value = model.shownSeries("h", cell: cell, t: t)[model.shownOutputUnit]
            let x = strip.x0 + (t - strip.first) * strip.cellWidth
            var marks: [(Character, Style)] = []
            if !isFirstLine {   // the second line of a tall row: the colour only (glyph rows stay one line)
                for k in 0..<strip.cellWidth where !glyphs { self[x + k, y] = ScreenCell(" ", Style(bg: scale.color(value))) }
                continue
            }
            if last == CellStep(layer: layer, direction: direction, t: t) { marks.append((direction == 0 ? "▶" : "◀", Theme.executed)) }
            let isOutput = model.highlightsOutput && model.isOutputCell(layer: layer, direction: direction)
            let isHN = model.highlightsOutput && model.hNIndex(layer: layer, direction: direction, t: t) != nil
            if glyphs {
                let (sign, shade) = scale.glyphs(value)
                var style = Style(fg: scale.color(value))
                if isOutput { style.attrs.insert(.underline) }
                if isHN { style.attrs.insert(.reverse) }
                put(String([sign, shade]), x: x, y: y, style)
                if let mark = marks.first { self[x, y] = ScreenCell(mark.0, mark.1) }
                // A third column, when there is one, spells the mark out: n (h_n) before o (output).
                if strip.cellWidth >= 3, isHN || isOutput { self[x + 2, y] = ScreenCell(isHN ? "n" : "o", Theme.highlight) }
            } else {
                if isHN { marks.append(("n", Theme.highlight)) }
                if isOutput { marks.append(("o", Theme.highlight)) }
                let bg = scale.color(value)
                for k in 0..<strip.cellWidth {
                    let mark = k < marks.count ? marks[k] : nil
                    self[x + k, y] = ScreenCell(mark?.0 ?? " ", Style(fg: mark?.1.fg ?? .default, bg: bg, attrs: mark?.1.attrs ?? []))
                }
            }
        }
        guard isFirstLine else { return }
        if model.mode == .exec, layer + direction > 0, !model.hasStarted(layer: layer, direction: direction) {
            // Why the row is empty: PyTorch finishes each (layer, direction) before the next starts.
            let first = model.trace.executionIndex(of: CellStep(layer: layer, direction: direction, t: model.trace.firstStep(direction: direction)))
            let after = direction == 1 ? "l\(layer) fwd" : "all of l\(layer - 1)"
            put("starts at step=\(first + 1), after \(after)", x: strip.x0 + 1, y: y, Theme.dim,
                maxX: strip.x0 + strip.visible * strip.cellWidth)
        }
        let hN = model.stateIndex(layer * model.config.numDirections + direction)
        let forms = model.isOutputCell(layer: layer, direction: direction)
            ? ["\(model.outputIndex(t: ":", direction: direction)), \(hN)", "output, \(hN)", "out, \(hN)"] : [hN]
        put(firstFitting(forms, room: strip.labelRoom(in: area)), x: strip.labelX, y: y,
            model.highlightsOutput ? Theme.highlight : Theme.dim)
    }
}

extension ScreenState {
    /// The cell map's rows: every (layer, direction), top layer first, forward before reverse.
    var mapRows: [(layer: Int, direction: Int)] {
        (0..<config.numLayers).reversed().flatMap { layer in (0..<config.numDirections).map { (layer, $0) } }
    }
}
