import Recurrent
import Testing
@testable import ScopeUI

/// The execution-order view: the stepper's count and order, blank cells not computed yet, the header.
@Suite struct ExecutionOrderTests {
    let bidirectional = update(ScreenState.seedExample(), .toggleBidirectional)

    func exec(_ model: ScreenState, steps: Int) -> ScreenState { update(update(model, .toggleExecutionOrder), .step(steps)) }

    @Test func stepCountIsLayersTimesDirectionsTimesT() {
        for model in [ScreenState.seedExample(), bidirectional] {
            let entered = update(model, .toggleExecutionOrder)
            #expect(entered.mode == .exec && entered.executedSteps == 0 && entered.lastExecutedStep == nil)
            let total = model.config.numLayers * model.config.numDirections * model.trace.seqLen
            var m = entered
            var seen = 0
            while true {
                let next = update(m, .step(1))
                if next.executedSteps == m.executedSteps { break }
                m = next
                seen += 1
            }
            #expect(seen == total && m.executedSteps == model.trace.totalSteps)
            #expect(update(entered, .jumpToEnd).executedSteps == total)
        }
    }

    @Test func eachStepIsTheEnginesNextCellAndTheCursorFollows() {
        for k in [1, 20, 21, 40, 41, 80] {
            let m = exec(bidirectional, steps: k)
            let expected = bidirectional.trace.cellStep(at: k - 1)
            #expect(m.lastExecutedStep == expected)
            #expect(m.cursor == expected.t && m.selectedLayer == expected.layer && m.selectedDirection == expected.direction)
            let header = renderFrame(m, width: 100, height: 30, depth: .trueColor).text(row: 1)
            #expect(header.contains("step=\(k)/80") && header.contains("\(expected)"), "\(header)")
        }
        // Layer 0 reverse runs T−1 … 0 before layer 1 starts.
        #expect(exec(bidirectional, steps: 21).lastExecutedStep == CellStep(layer: 0, direction: 1, t: 19))
        #expect(exec(bidirectional, steps: 41).lastExecutedStep == CellStep(layer: 1, direction: 0, t: 0))
    }

    @Test func modelValuesSharingTheStepperStayPure() {
        // Values made from one another share the stepper; moving one must not change another's screen.
        let early = exec(bidirectional, steps: 10)
        let before = renderFrame(early, width: 100, height: 30, depth: .trueColor)
        let later = update(early, .jumpToEnd)
        #expect(later.executedSteps == 80 && early.executedSteps == 10)
        #expect(renderFrame(early, width: 100, height: 30, depth: .trueColor) == before)
        #expect(!early.isComputed(layer: 0, direction: 0, t: 10) && later.isComputed(layer: 0, direction: 0, t: 10))
        // And stepping on from the early value shows the same step 11 as a fresh run does.
        #expect(renderFrame(update(early, .step(1)), width: 100, height: 30, depth: .trueColor)
                == renderFrame(exec(bidirectional, steps: 11), width: 100, height: 30, depth: .trueColor))
    }

    @Test func rewindingGivesTheSameStateAsSteppingThere() {
        let there = exec(bidirectional, steps: 30)
        let back = update(exec(bidirectional, steps: 31), .step(-1))
        #expect(back.executedSteps == 30 && back.lastExecutedStep == there.lastExecutedStep)
        #expect(back.shownTrace.h(layer: 0, direction: 1, t: 10, n: 0) == there.shownTrace.h(layer: 0, direction: 1, t: 10, n: 0))
        #expect(update(back, .jumpToStart).executedSteps == 0)
        let complete = exec(bidirectional, steps: 80)
        #expect(complete.shownTrace.h(layer: 1, direction: 1, t: 0, n: 0) == bidirectional.trace.h(layer: 1, direction: 1, t: 0, n: 0))
        #expect(update(complete, .toggleExecutionOrder).mode == .time)
    }

    @Test func cellsNotComputedAreBlankInThePanesAndTheMap() throws {
        // 33 steps: layer 0 forward done, layer 0 reverse down to t=7, layer 1 not started.
        var m = exec(bidirectional, steps: 33)
        m = update(m, .moveCursor(to: 5))
        let frame = renderFrame(m, width: 120, height: 40, depth: .trueColor)
        let layout = FrameLayout(model: m, width: 120, height: 40, glyphs: false)
        for pane in layout.panes {
            let y = try #require(RenderTests().row(of: "h_t", in: pane.rect, frame))
            let x0 = pane.rect.x + 1 + FrameLayout.labelWidth
            let computed = m.isComputed(layer: pane.layer, direction: pane.direction, t: 5)
            #expect(computed == (pane.layer == 0 && pane.direction == 0))
            let values = m.shownTrace.h(layer: pane.layer, direction: pane.direction, t: 5, n: 0)
            #expect(frame[x0, y].bg == (computed ? m.stateScale.color(values[0]) : .default))
        }
        // The map: a row per (layer, direction); a cell has colour exactly when computed.
        let strip = StripGeometry(m, rect: layout.panel, glyphs: false)
        let map = try #require(layout.map(m))
        for (i, row) in m.mapRows.enumerated() {
            #expect(frame.text(row: map.top + i * map.rowHeight).hasPrefix(" l\(row.layer) \(row.direction == 0 ? "fwd" : "rev")"))
            for t in 0..<20 {
                let cell = frame[strip.x0 + t * strip.cellWidth + 1, map.top + i * map.rowHeight]
                let value = m.shownTrace.h(layer: row.layer, direction: row.direction, t: t, n: 0)[0]
                let expected: Color = m.isComputed(layer: row.layer, direction: row.direction, t: t) ? m.stateScale.color(value) : .default
                #expect(cell.bg == expected, "l\(row.layer) d\(row.direction) t\(t)")
            }
        }
        // The step just computed is marked ◀ (reverse) in the map.
        let last = try #require(m.lastExecutedStep)
        let lastRow = try #require(m.mapRows.firstIndex { $0 == (last.layer, last.direction) })
        #expect(frame[strip.x0 + last.t * strip.cellWidth, map.top + lastRow * map.rowHeight].glyph == "◀")
    }

    @Test func rowsNotStartedSayWhenTheyStart() {
        let m = exec(bidirectional, steps: 5)
        let text = renderFrame(m, width: 100, height: 30, depth: .trueColor).text
        let layer1 = m.trace.executionIndex(of: CellStep(layer: 1, direction: 0, t: 0)) + 1
        let reverse0 = m.trace.executionIndex(of: CellStep(layer: 0, direction: 1, t: 19)) + 1
        #expect(text.contains("l1 fwd  starts at step=\(layer1), after all of l0"))
        #expect(text.contains("l0 rev  starts at step=\(reverse0), after l0 fwd"))
        #expect(!renderFrame(exec(bidirectional, steps: 0), width: 100, height: 30, depth: .trueColor).text.contains("l-1"))
    }

    @Test func topologyChangesKeepTheStepCount() {
        let m = update(exec(ScreenState.seedExample(), steps: 12), .toggleBidirectional)
        #expect(m.mode == .exec && m.executedSteps == 12 && m.lastExecutedStep == CellStep(layer: 0, direction: 0, t: 11))
    }

    @Test func playAdvancesOneCellStepPerTick() {
        var m = update(update(ScreenState.seedExample(), .toggleExecutionOrder), .togglePlay)
        for _ in 0..<3 { m = update(m, .tick) }
        #expect(m.executedSteps == 3 && m.playing)
    }
}
