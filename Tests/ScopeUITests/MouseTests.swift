import Testing
@testable import ScopeUI

/// Clicks map to the thing drawn under the pointer.
@Suite struct MouseTests {
    let seed = ScreenState.seedExample()

    @Test func clickOnTheStripMovesTheCursor() {
        let strip = StripGeometry(seed, rect: FrameLayout(model: seed, width: 80, height: 24, glyphs: false).strip, glyphs: false)
        let x = strip.x0 + 7 * strip.cellWidth
        #expect(action(forClickAt: x, y: 2, model: seed, width: 80, height: 24, depth: .x256) == .moveCursor(to: 7))
        #expect(update(seed, .moveCursor(to: 7)).cursor == 7)
        #expect(action(forClickAt: 0, y: 2, model: seed, width: 80, height: 24, depth: .x256) == nil)
    }

    @Test func clickInAPaneSelectsItsLayerDirectionAndUnit() throws {
        let model = update(seed, .toggleBidirectional)
        let layout = FrameLayout(model: model, width: 100, height: 30, glyphs: false)
        let pane = try #require(layout.panes.first { $0.layer == 1 && $0.direction == 1 })
        let shape = HeatmapShape(count: 10, width: FrameLayout.heatmapWidth(paneWidth: pane.rect.width), glyphs: false,
                                 maxCellWidth: FrameLayout.maxCellWidth(layout.lineHeight), lineHeight: layout.lineHeight)
        let x = pane.rect.x + 1 + FrameLayout.labelWidth + 3 * shape.cellWidth
        let click = action(forClickAt: x, y: pane.rect.y + 2, model: model, width: 100, height: 30, depth: .x256)
        #expect(click == .selectPane(layer: 1, direction: 1, unit: 3))
        let selected = update(model, click!)
        #expect(selected.selectedLayer == 1 && selected.selectedDirection == 1 && selected.selectedUnit == 3)
        // On the border: the pane, no unit.
        #expect(action(forClickAt: pane.rect.x, y: pane.rect.y, model: model, width: 100, height: 30, depth: .x256)
                == .selectPane(layer: 1, direction: 1, unit: nil))
    }
}

/// Clicks in the debugging views: the cell map and the timeline.
@Suite struct DebugViewMouseTests {
    @Test func clickInTheCellMapSelectsThatPaneAndT() throws {
        let m = update(update(ScreenState.seedExample(), .toggleBidirectional), .toggleExecutionOrder)
        let layout = FrameLayout(model: m, width: 100, height: 30, glyphs: false)
        let map = try #require(layout.map(m))
        let strip = StripGeometry(m, rect: layout.panel, glyphs: false)
        // Row 3 of the map is layer 0 reverse (top layer first, forward before reverse).
        let click = action(forClickAt: strip.x0 + 12 * strip.cellWidth, y: map.top + 3 * map.rowHeight, model: m, width: 100, height: 30, depth: .x256)
        #expect(click == .selectStep(layer: 0, direction: 1, t: 12))
        let selected = update(m, click!)
        #expect(selected.selectedLayer == 0 && selected.selectedDirection == 1 && selected.cursor == 12)
        #expect(action(forClickAt: 0, y: map.top + 3 * map.rowHeight, model: m, width: 100, height: 30, depth: .x256) == nil)
    }

    @Test func clickInTheTimelineSelectsThatUnitAndT() {
        let m = update(ScreenState.seedExample(), .toggleTimeline)
        let layout = FrameLayout(model: m, width: 100, height: 30, glyphs: false)
        let rows = TimelineRows(m, rect: layout.body, glyphs: false)
        let strip = StripGeometry.timeline(m, rect: layout.body, glyphs: false)
        let click = action(forClickAt: strip.x0 + 9 * strip.cellWidth, y: rows.y(of: 4), model: m, width: 100, height: 30, depth: .x256)
        #expect(click == .selectUnitAt(unit: 4, t: 9))
        let selected = update(m, click!)
        #expect(selected.selectedUnit == 4 && selected.cursor == 9)
        #expect(action(forClickAt: 50, y: layout.body.y, model: m, width: 100, height: 30, depth: .x256) == nil)
    }
}
