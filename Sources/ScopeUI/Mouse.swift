/// Mouse clicks, where the terminal reports them: a click on the input strip moves the time cursor
/// there; a click in a pane selects that layer and direction, and the unit under the pointer; a
/// click in the cell map selects that pane and t; a click in the timeline selects that unit and t.

/// The action for a click at column `x`, row `y` of the frame `renderFrame` draws for `model` at
/// this size and depth, or nil where a click means nothing.
public func action(forClickAt x: Int, y: Int, model: ScreenState, width: Int, height: Int, depth: ColorDepth) -> Action? {
    guard width >= FrameLayout.minWidth, height >= FrameLayout.minHeight, !model.showingHelp else { return nil }
    let glyphs = depth.needsGlyphs
    let layout = FrameLayout(model: model, width: width, height: height, glyphs: glyphs)
    if layout.strip.contains(x: x, y: y) {
        return StripGeometry(model, rect: layout.strip, glyphs: glyphs).t(atColumn: x).map { .moveCursor(to: $0) }
    }
    switch model.bodyView {
    case .panes: break
    case .timeline:
        let rows = TimelineRows(model, rect: layout.body, glyphs: glyphs)
        guard let unit = rows.unit(atRow: y), let t = StripGeometry.timeline(model, rect: layout.body, glyphs: glyphs).t(atColumn: x) else { return nil }
        return .selectUnitAt(unit: unit, t: t)
    case .inspector, .text: return nil
    }
    if layout.panel.contains(x: x, y: y) {
        guard let row = layout.mapRow(atRow: y, model),
              let t = StripGeometry(model, rect: layout.panel, glyphs: glyphs).t(atColumn: x) else { return nil }
        return .selectStep(layer: row.layer, direction: row.direction, t: t)
    }
    guard let pane = layout.panes.first(where: { $0.rect.contains(x: x, y: y) }) else { return nil }
    // The unit under the pointer, read on the one-line layout of a hidden-size row.
    let shape = HeatmapShape(count: model.config.hiddenSize, width: FrameLayout.heatmapWidth(paneWidth: pane.rect.width),
                             glyphs: glyphs, maxCellWidth: FrameLayout.maxCellWidth(layout.lineHeight), lineHeight: layout.lineHeight)
    let column = x - (pane.rect.x + 1 + FrameLayout.labelWidth)
    let unit = column >= 0 && column < shape.columns && shape.lines == 1 ? column / shape.cellWidth : nil
    return .selectPane(layer: pane.layer, direction: pane.direction, unit: unit)
}
