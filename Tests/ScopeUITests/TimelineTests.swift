import Recurrent
import Testing
@testable import ScopeUI

/// The timeline: cells coloured by the engine's h_t, the cursor column, per-unit statistics and flags.
@Suite struct TimelineTests {
    func timeline(_ model: ScreenState) -> ScreenState { update(model, .toggleTimeline) }

    /// The text row of `unit` in the timeline drawn in the body of a `100 × height` frame.
    func unitRow(_ unit: Int, _ model: ScreenState, height: Int) -> Int {
        TimelineRows(model, rect: FrameLayout(model: model, width: 100, height: height, glyphs: false).body, glyphs: false).y(of: unit)
    }

    @Test func cellsHaveTheColourOfTheEnginesStatesAndTheCursorIsMarked() {
        let m = timeline(update(update(ScreenState.seedExample(), .selectLayer(1)), .step(6)))
        let frame = renderFrame(m, width: 100, height: 30, depth: .trueColor)
        let layout = FrameLayout(model: m, width: 100, height: 30, glyphs: false)
        let strip = StripGeometry.timeline(m, rect: layout.body, glyphs: false)
        #expect(frame.text(row: layout.body.y).contains("timeline  layer 1 forward"))
        #expect(frame[strip.x0 + 6 * strip.cellWidth, layout.body.y + 1].glyph == "▼")
        for unit in 0..<10 {
            for t in 0..<20 {
                let value = m.trace.h(layer: 1, direction: 0, t: t, n: 0)[unit]
                #expect(frame[strip.x0 + t * strip.cellWidth, unitRow(unit, m, height: 30)].bg == m.stateScale.color(value))
            }
        }
    }

    @Test func outputHighlightMarksTheColumnsThatFeedOutputAndHN() {
        let bi = [Action.toggleBidirectional, .switchDirection, .toggleOutputHighlight, .toggleTimeline].reduce(ScreenState.seedExample(), update)
        for m in [bi, update(bi, .selectLayer(1))] {
            let layout = FrameLayout(model: m, width: 100, height: 30, glyphs: false)
            let strip = StripGeometry.timeline(m, rect: layout.body, glyphs: false)
            let frame = renderFrame(m, width: 100, height: 30, depth: .trueColor)
            for t in 0..<20 {
                let marks = (0..<strip.cellWidth).map { frame[strip.x0 + t * strip.cellWidth + $0, layout.body.y + 1].glyph }
                #expect(marks.contains("n") == (m.hNIndex(layer: m.selectedLayer, direction: 1, t: t) != nil), "t=\(t)")
                #expect(marks.contains("o") == m.isOutputCell(layer: m.selectedLayer, direction: 1), "t=\(t)")
            }
        }
    }

    @Test func statisticsComeFromTheEnginesStates() {
        let m = ScreenState.seedExample()
        let stats = m.unitStats(layer: 0, direction: 0)
        for unit in 0..<10 {
            let values = (0..<20).map { m.trace.h(layer: 0, direction: 0, t: $0, n: 0)[unit] }
            #expect(abs(stats[unit].meanAbs - values.map(abs).reduce(0, +) / 20) < 1e-6)
            #expect(stats[unit].steps == 20)
        }
    }

    @Test func deadReluUnitsAreFlaggedExactly() {
        let m = timeline(update(ScreenState.seedExample(), .toggleNonlinearity))
        let stats = m.unitStats(layer: 0, direction: 0)
        let dead = (0..<10).filter { unit in (0..<20).allSatisfy { m.trace.h(layer: 0, direction: 0, t: $0, n: 0)[unit] == 0 } }
        #expect(!dead.isEmpty)
        #expect((0..<10).filter { stats[$0].isFlagged } == dead)
        let frame = renderFrame(m, width: 100, height: 30, depth: .trueColor)
        for unit in 0..<10 { #expect(frame.text(row: unitRow(unit, m, height: 30)).contains("  dead") == dead.contains(unit)) }
        #expect(frame.text.contains("\(dead.count) of 10 units dead"))
    }

    @Test func saturatedTanhUnitsAreFlagged() throws {
        // A loud input drives layer 0 into saturation.
        let seed = ScreenState.seedExample()
        let loud = Tensor(shape: seed.input.shape, data: seed.input.data.map { $0 * 40 + 3 })
        let m = timeline(try ScreenState(rnn: seed.rnn, seed: 0, input: loud))
        let stats = m.unitStats(layer: 0, direction: 0)
        let saturated = (0..<10).filter { unit in
            (0..<20).filter { abs(m.trace.h(layer: 0, direction: 0, t: $0, n: 0)[unit]) > 0.99 }.count * 2 > 20
        }
        #expect(!saturated.isEmpty)
        #expect((0..<10).filter { stats[$0].isFlagged } == saturated)
        let text = renderFrame(m, width: 100, height: 30, depth: .trueColor).text
        #expect(text.contains("\(saturated.count) of 10 units saturated"))
    }

    @Test func inExecModeOnlyComputedStepsAreDrawnAndCounted() {
        let m = timeline(update(update(ScreenState.seedExample(), .toggleExecutionOrder), .step(7)))
        #expect(m.unitStats(layer: 0, direction: 0).allSatisfy { $0.steps == 7 })
        let frame = renderFrame(m, width: 100, height: 30, depth: .trueColor)
        let strip = StripGeometry.timeline(m, rect: FrameLayout(model: m, width: 100, height: 30, glyphs: false).body, glyphs: false)
        let y = unitRow(0, m, height: 30)
        #expect(frame[strip.x0 + 6 * strip.cellWidth, y].bg != .default)
        #expect(frame[strip.x0 + 7 * strip.cellWidth, y].bg == .default)
        // Stepping back shows fewer steps (the shared stepper stays ahead): the statistics follow.
        #expect(m.unitStats(layer: 0, direction: 0).allSatisfy { $0.steps == 7 })
        let back = update(m, .step(-3))
        #expect(back.unitStats(layer: 0, direction: 0).allSatisfy { $0.steps == 4 })
    }

    @Test func manyUnitsScrollAroundTheSelectedOne() throws {
        let config = try RNNConfig(inputSize: 1, hiddenSize: 40, batchFirst: true)
        var m = timeline(try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: ScreenState.exampleInput(for: config)))
        for _ in 0..<30 { m = update(m, .selectUnit(1)) }
        let text = renderFrame(m, width: 80, height: 24, depth: .trueColor).text
        #expect(text.contains("▸ 30") && text.contains("of 40"))
    }
}
