/// The whole frame: `renderFrame` draws a model into a fresh buffer. Pure — the same model, size
/// and colour depth always give the same cells (colours in RGB; quantise with `Buffer.quantised`).

/// The largest frame side `render` and `bench --ui` draw: beyond any terminal, and small enough
/// that a frame's cells fit in memory (a side of 100 000 would ask for 160 GB).
public let maxFrameSide = 2000

/// The frame for `model` on a `width × height` screen whose colours go as deep as `depth`
/// (which decides only whether heatmaps carry glyphs; colours stay RGB in the buffer).
public func renderFrame(_ model: ScreenState, width: Int, height: Int, depth: ColorDepth) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    guard width >= FrameLayout.minWidth, height >= FrameLayout.minHeight else {
        buffer.drawTooSmall()
        return buffer
    }
    let glyphs = depth.needsGlyphs
    let layout = FrameLayout(model: model, width: width, height: height, glyphs: glyphs)
    buffer.drawHeader(model, rect: layout.header)
    buffer.drawInputStrip(model, rect: layout.strip, glyphs: glyphs)
    switch model.bodyView {
    case .panes:
        for pane in layout.panes {
            buffer.drawPane(model, layer: pane.layer, direction: pane.direction, rect: pane.rect, layout: layout, glyphs: glyphs)
        }
        if layout.visibleLayers.count < model.config.numLayers {
            let note = " layers \(layout.visibleLayers.lowerBound)–\(layout.visibleLayers.upperBound) of \(model.config.numLayers) shown · ↑/↓ scrolls "
            buffer.put(note, x: width - note.count - 1, y: layout.caption.y - 1, Theme.status)
        }
        buffer.drawOutputPanel(model, layout: layout, glyphs: glyphs)
    case .timeline:
        buffer.drawTimeline(model, rect: layout.body, glyphs: glyphs)
    case .inspector:
        buffer.drawInspector(model, rect: layout.body, glyphs: glyphs)
    case .text:
        buffer.drawTextView(model, rect: layout.body, glyphs: glyphs)
    }
    if let caption = model.tourCaption { buffer.drawTourCaption(caption, rect: layout.caption) }
    buffer.drawLegend(model, rect: layout.legend, glyphs: glyphs)
    buffer.drawHints(model, rect: layout.hints)
    if model.showingHelp { buffer.drawHelp(page: model.helpPage) }
    return buffer
}

extension Buffer {
    /// The message for a screen under 80×24 (which still quits on q).
    mutating func drawTooSmall() {
        let lines = ["terminal too small: need \(FrameLayout.minWidth)×\(FrameLayout.minHeight), have \(width)×\(height)",
                     "q quits"]
        for (i, line) in lines.enumerated() {
            put(line, x: max(0, (width - line.count) / 2), y: max(0, height / 2 - 1) + i, i == 0 ? Theme.status : Theme.dim)
        }
    }

    /// The help: the keys and, beside them when there is room, what every label means; on a
    /// narrower screen the labels are page 1 (→ and ← turn the page).
    mutating func drawHelp(page: Int) {
        let keysWidth = keyHelp.map(\.keys.count).max()! + keyHelp.map(\.does.count).max()! + 8
        let labelsWidth = labelHelp.map(\.label.count).max()! + labelHelp.map(\.means.count).max()! + 8
        if keysWidth + labelsWidth + 2 <= width {
            let left = (width - keysWidth - labelsWidth - 2) / 2
            drawKeyHelp(x: left, note: "Esc or ? closes")
            drawLabelHelp(x: left + keysWidth + 2, note: "every label on screen")
        } else if page == 1 {
            drawLabelHelp(note: "← keys · Esc or ? closes")
        } else {
            drawKeyHelp(note: "→ labels · Esc or ? closes")
        }
    }

    /// The key list in a box at `x` (or centred).
    mutating func drawKeyHelp(x: Int? = nil, note: String) {
        let keysWidth = keyHelp.map(\.keys.count).max()!, doesWidth = keyHelp.map(\.does.count).max()!
        // A blank row above and below the list when the screen has room for them (not at 80×24).
        let padding = keyHelp.count + 4 <= height ? 1 : 0
        let boxWidth = keysWidth + doesWidth + 8, boxHeight = keyHelp.count + 2 + 2 * padding
        let box = Rect(x: x ?? (width - boxWidth) / 2, y: max(0, (height - boxHeight) / 2), width: boxWidth, height: boxHeight)
        fill(box)
        drawBox(box, title: "keys", note: note, style: Theme.selectedBorder, titleStyle: Theme.selectedBorder)
        for (i, entry) in keyHelp.enumerated() {
            let y = box.y + 1 + padding + i
            put(entry.keys.leftPadded(to: keysWidth), x: box.x + 3, y: y, Theme.key)
            put(entry.does, x: box.x + 5 + keysWidth, y: y, Theme.value)
        }
    }
}
