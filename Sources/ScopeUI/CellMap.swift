/// The panel under the panes: what `output` and `h_n` are (in words and shapes), and the cell map —
/// one row per (layer, direction), top layer first, one column per t aligned with the input strip,
/// each cell the selected unit's h_t. In exec mode cells not computed yet are blank and the step
/// just computed is marked `▶` (forward) or `◀` (reverse); with `o` the cells of output and h_n
/// are marked `o` and `n` (underlined and inverse without colour).

import Recurrent

extension FrameLayout {
    /// The summary: `output … · h_n …` on one line when it fits in `width`, else two lines.
    static func summaryLines(_ model: Model, width: Int) -> [String] {
        let (output, hN) = (model.outputSummary, model.hNSummary)
        return output.count + hN.count + 5 <= width ? [output + "   " + hN] : [output, hN]
    }

    /// The first row of the cell map under the summary, or nil when the panel has no room for all its rows.
    func mapTop(_ model: Model) -> Int? {
        let top = panel.y + FrameLayout.summaryLines(model, width: panel.width).count
        return panel.maxY - top >= model.mapRows.count ? top : nil
    }
}

extension Buffer {
    /// Draws the summary and, when the panel has room for every row, the cell map.
    mutating func drawOutputPanel(_ model: Model, layout: FrameLayout, glyphs: Bool) {
        let rect = layout.panel
        for (i, line) in FrameLayout.summaryLines(model, width: rect.width).enumerated() where i < rect.height {
            drawSummary(line, x: rect.x + 1, y: rect.y + i)
        }
        guard let top = layout.mapTop(model) else { return }
        let strip = StripGeometry(model, rect: rect, glyphs: glyphs)
        for (i, row) in model.mapRows.enumerated() {
            drawMapRow(model, layer: row.layer, direction: row.direction, strip: strip, y: top + i, glyphs: glyphs)
        }
    }

    /// A summary line with its names (`output`, `h_n`) picked out.
    private mutating func drawSummary(_ line: String, x: Int, y: Int) {
        put(line, x: x, y: y, Theme.value)
        let words = line.split(separator: " ", omittingEmptySubsequences: false)
        var column = x
        for word in words {
            if word == "output" || word == "h_n" { put(String(word), x: column, y: y, Theme.key) }
            column += word.count + 1
        }
    }

    /// One row of the cell map: label, one cell per visible t, and which result the row feeds.
    private mutating func drawMapRow(_ model: Model, layer: Int, direction: Int, strip: StripGeometry, y: Int, glyphs: Bool) {
        let selected = layer == model.selectedLayer && direction == model.selectedDirection
        put("l\(layer) \(direction == 0 ? "fwd" : "rev")", x: 1, y: y, selected ? Theme.key : Theme.label)
        let scale = model.stateScale, trace = model.shownTrace, last = model.lastExecutedStep
        for t in strip.first..<(strip.first + strip.visible) where model.isComputed(layer: layer, direction: direction, t: t) {
            let value = trace.h(layer: layer, direction: direction, t: t, n: model.batchIndex)[model.selectedUnit]
            let x = strip.x0 + (t - strip.first) * strip.cellWidth
            var marks: [(Character, Style)] = []
            if last == CellStep(layer: layer, direction: direction, t: t) { marks.append((direction == 0 ? "▶" : "◀", Theme.executed)) }
            let isOutput = model.highlightsOutput && model.isOutputCell(layer: layer, direction: direction)
            let isHN = model.highlightsOutput && model.hNIndex(layer: layer, direction: direction, t: t) != nil
            if glyphs {
                let (sign, shade) = scale.glyphs(value)
                var style = Style(fg: scale.color(value))
                if isOutput { style.attrs.insert(.underline) }
                if isHN { style.attrs.insert(.reverse) }
                put(String([sign, shade]), x: x, y: y, style)
                if let mark = marks.first { self[x, y] = Cell(mark.0, mark.1) }
            } else {
                if isHN { marks.append(("n", Theme.highlight)) }
                if isOutput { marks.append(("o", Theme.highlight)) }
                let bg = scale.color(value)
                for k in 0..<strip.cellWidth {
                    let mark = k < marks.count ? marks[k] : nil
                    self[x + k, y] = Cell(mark?.0 ?? " ", Style(fg: mark?.1.fg ?? .default, bg: bg, attrs: mark?.1.attrs ?? []))
                }
            }
        }
        var feeds: [String] = []
        let h = model.config.hiddenSize
        if model.isOutputCell(layer: layer, direction: direction) { feeds.append("output[..., \(direction * h):\((direction + 1) * h)]") }
        feeds.append("h_n[\(layer * model.config.numDirections + direction)]")
        put(feeds.joined(separator: ", "), x: strip.x0 + strip.visible * strip.cellWidth + 2, y: y,
            model.highlightsOutput ? Theme.highlight : Theme.dim)
    }
}

extension Model {
    /// The cell map's rows: every (layer, direction), top layer first, forward before reverse.
    var mapRows: [(layer: Int, direction: Int)] {
        (0..<config.numLayers).reversed().flatMap { layer in (0..<config.numDirections).map { (layer, $0) } }
    }
}
