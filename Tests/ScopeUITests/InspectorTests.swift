import Recurrent
import Testing
@testable import ScopeUI

/// The unit inspector: the terms of the pre-activation against the engine, the weight heatmaps.
@Suite struct InspectorTests {
    /// The seed example, bidirectional, at t=5, layer 1 reverse, unit 3, inspector open.
    let model: ScreenState = [Action.toggleBidirectional, .step(5), .selectLayer(1), .switchDirection,
                        .selectUnit(1), .selectUnit(1), .selectUnit(1), .toggleInspector].reduce(ScreenState.seedExample(), update)

    @Test func termsAddUpToTheEnginesPreActivation() {
        let m = model
        let terms = m.contributions(layer: 1, direction: 1, unit: 3, t: 5)
        #expect(terms.count == m.config.layerInputSize(1) + m.config.hiddenSize + 2)
        let engine = m.trace.inputPart(layer: 1, direction: 1, t: 5, n: 0)[3] + m.trace.hiddenPart(layer: 1, direction: 1, t: 5, n: 0)[3]
        #expect(abs(terms.reduce(0) { $0 + $1.value } - engine) < 1e-5)
        #expect(zip(terms, terms.dropFirst()).allSatisfy { abs($0.value) >= abs($1.value) })
        // The biggest recurrent term, worked out from the weights and the state the step started from (h_{t+1}).
        let cell = m.rnn.cells[1 * 2 + 1], h = m.config.hiddenSize
        let previous = m.trace.h(layer: 1, direction: 1, t: 6, n: 0)
        let recurrent = (0..<h).map { cell.weightHH.data[3 * h + $0] * previous[$0] }
        let k = recurrent.indices.max { abs(recurrent[$0]) < abs(recurrent[$1]) }!
        let listed = terms.first { $0.name.hasPrefix("W_hh") }!
        #expect(listed.name == "W_hh[3,\(k)]·h_t+1[\(k)]" && listed.value == recurrent[k])
    }

    @Test func weightHeatmapsHaveTheColoursOfTheWeights() throws {
        let m = model
        let frame = renderFrame(m, width: 100, height: 30, depth: .trueColor)
        let y = try #require((0..<30).first { frame.text(row: $0).hasPrefix(" W_hh[3,:]") })
        let cell = m.rnn.cells[3], h = m.config.hiddenSize
        let row = Array(cell.weightHH.data[(3 * h)..<(4 * h)])
        let scale = ValueScale(limit: row.map(abs).max()!)
        let shape = HeatmapShape(count: h, width: 100 - 12 - 2 - 16, glyphs: false)
        for k in 0..<h { #expect(frame[1 + 12 + k * shape.cellWidth, y].bg == scale.color(row[k])) }
        let text = frame.text
        #expect(text.contains("inspector  unit 3 · layer 1 reverse · t=5"))
        #expect(text.contains(formatValue(m.trace.h(layer: 1, direction: 1, t: 5, n: 0)[3])))
        #expect(text.contains("biggest of the 32 terms"))
    }

    @Test func theSelectedCellsDynamicsSitUnderItsWHHRow() throws {
        let m = model
        let text = renderFrame(m, width: 100, height: 30, depth: .none).text
        let rows = text.split(separator: "\n", omittingEmptySubsequences: false)
        let y = try #require(rows.firstIndex { $0.hasPrefix(" W_hh[3,:]") })
        let cell = m.rnn.dynamics(ofCell: 1 * 2 + 1)   // layer 1 reverse
        #expect(rows[y + 1].hasPrefix(" W_hh (this cell): spectral radius \(formatSignificant(cell.spectralRadius))"
                                      + " · largest singular value \(formatSignificant(cell.largestSingularValue))  "))
        #expect(rows[y + 2].hasPrefix(" W_ih[3,:]"))
        // Too narrow for the line, or too short to keep the terms below it: left out.
        for (width, height) in [(60, 30), (100, 9)] {
            var body = Buffer(width: width, height: height)
            body.drawInspector(m, rect: body.area, glyphs: true)
            #expect(body.text.contains(" W_hh[3,:]") && !body.text.contains("this cell"), "\(width)×\(height)")
        }
    }

    @Test func dynamicsAreComputedOncePerNetwork() {
        let m = model
        let cached = m.dynamics(layer: 1, direction: 1)
        #expect(m.dynamicsCache === update(m, .toggleNonlinearity).dynamicsCache)   // same weights
        #expect(update(m, .step(3)).dynamics(layer: 1, direction: 1) == cached)
        let reseeded = update(m, .reseed)
        #expect(reseeded.dynamicsCache !== m.dynamicsCache)
        #expect(reseeded.dynamics(layer: 1, direction: 1) == reseeded.rnn.dynamics(ofCell: 3))
        #expect(reseeded.dynamics(layer: 1, direction: 1) != cached)
    }

    @Test func memoryAndInputRowsShowTheEnginesInfluenceOnTheHistorysColumns() throws {
        let m = model   // layer 1 reverse, unit 3, t = 5: the cell computed t = 19 … 5
        var body = Buffer(width: 100, height: 30)
        body.drawInspector(m, rect: body.area, glyphs: true)
        let rows = (0..<30).map { Array(body.text(row: $0)) }
        let y = try #require(rows.firstIndex { String($0).hasPrefix(" memory ") })
        #expect(String(rows[y - 2]).hasPrefix(" h(t) ") && String(rows[y + 1]).hasPrefix(" input "))
        let engine = m.trace.influence(layer: 1, direction: 1, unit: 3, t: 5, n: 0)
        let strip = StripGeometry(m, rect: body.area, glyphs: true)
        #expect(rows[y + 2][strip.x0 + (5 - strip.first) * strip.cellWidth] == "▲")
        for t in strip.first..<(strip.first + strip.visible) {
            let x = strip.x0 + (t - strip.first) * strip.cellWidth
            #expect(rows[y][x] == (t < 5 ? " " : logGlyph(engine.state[t]!).0), "memory t=\(t)")
            #expect(rows[y + 1][x] == (t < 5 ? " " : logGlyph(engine.input[t]!).0), "input t=\(t)")
        }
        #expect(rows[y][strip.x0 + (5 - strip.first) * strip.cellWidth] == "█")   // ∂h_t*[u]/∂h_t* = e_u
        let room = strip.labelRoom(in: body.area)
        #expect(String(rows[y]).contains(firstFitting(reachForms(engine), room: room)))
        #expect(String(rows[y + 1]).contains(firstFitting(peakForms(engine), room: room)))
    }

    @Test func theLogScaleRunsFromOneMillionthToOne() {
        #expect(logGlyph(1).0 == "█" && logGlyph(3).0 == "█" && logGlyph(1e-6).0 == "▁")
        #expect(logGlyph(1e-3).0 == "▅" && logGlyph(9e-7).0 == "·" && logGlyph(0).0 == "·" && logGlyph(.nan).0 == "?")
        let influence = Influence(layer: 0, direction: 0, unit: 0, t: 4, state: [0.001, 0.02, 0.1, 0.5, 1], input: [0, 0, 0.3, 0, 0.1])
        #expect(reachForms(influence).first == "reach 3 steps, <1% at t=0")
        #expect(peakForms(influence).first == "peak 0.300 at t=2")
        #expect(reachForms(Influence(layer: 0, direction: 1, unit: 0, t: 1, state: [nil, 1], input: [nil, 1])).first == "the cell's first step")
        let followedTwo = Influence(layer: 0, direction: 0, unit: 0, t: 4, state: [nil, nil, 0.2, 0.5, 1], input: [nil, nil, 0, 0, 0],
                                    isTruncated: true)
        #expect(reachForms(followedTwo).first == "≥2 steps back ≥1% (followed no further)")
    }

    @Test func theInfluenceIsComputedOncePerTraceAndSelection() {
        var m = model
        _ = renderFrame(m, width: 100, height: 30, depth: .none)
        let computed = m.influenceCache.computations
        _ = renderFrame(m, width: 100, height: 30, depth: .none)
        #expect(m.influenceCache.computations == computed)
        m = update(m, .selectUnit(1))
        _ = renderFrame(m, width: 100, height: 30, depth: .none)
        #expect(m.influenceCache.computations == computed + 1)
        m = update(m, .toggleNonlinearity)   // same weights and selection, a new trace
        #expect(m.influence(layer: 1, direction: 1, unit: 4, t: 5) == m.trace.influence(layer: 1, direction: 1, unit: 4, t: 5, n: 0))
        #expect(m.influenceCache.computations == computed + 2)
    }

    @Test func theRowsAreLeftOutWhenTheyWouldPushTheTermsOff() {
        // 9 rows: neither; 10: memory, then the marker, both weight rows, the heading and one term.
        for (height, rows) in [(9, [String]()), (10, [" memory"]), (11, [" memory", " input"])] {
            var body = Buffer(width: 100, height: height)
            body.drawInspector(model, rect: body.area, glyphs: true)
            let shown = [" memory", " input"].filter { body.text.contains($0 + " ") }
            #expect(shown == rows && body.text(row: height - 1).hasPrefix("   "), "height \(height)")
        }
    }

    @Test func execModeUsesOnlyTheComputedSteps() throws {
        let m = [Action.toggleExecutionOrder, .step(7), .toggleInspector].reduce(ScreenState.seedExample(), update)
        let last = try #require(m.lastExecutedStep)   // layer 0 forward t = 6
        let text = renderFrame(m, width: 100, height: 30, depth: .none).text
        #expect(text.contains(" memory ") && text.contains("t=\(last.t)"))
        let shown = m.influence(layer: last.layer, direction: last.direction, unit: m.selectedUnit, t: last.t)
        let full = m.trace.influence(layer: last.layer, direction: last.direction, unit: m.selectedUnit, t: last.t, n: 0)
        #expect(shown == full)
    }

    @Test func aStepNotComputedYetSaysSo() {
        let m = [Action.toggleExecutionOrder, .step(3), .moveCursor(to: 9), .toggleInspector].reduce(ScreenState.seedExample(), update)
        #expect(renderFrame(m, width: 80, height: 24, depth: .trueColor).text.contains("not computed yet: step 3 of 40"))
    }

    @Test func keysOpenAndCloseTheViews() {
        #expect(action(for: .char("i")) == .toggleInspector && action(for: .char("\r")) == .toggleInspector)
        #expect(action(for: .char("t")) == .toggleTimeline && action(for: .char("e")) == .toggleExecutionOrder)
        #expect(action(for: .char("o")) == .toggleOutputHighlight)
        let open = update(ScreenState.seedExample(), .toggleInspector)
        #expect(open.bodyView == .inspector && update(open, .toggleInspector).bodyView == .panes)
        #expect(update(open, .escape).bodyView == .panes && update(open, .toggleTimeline).bodyView == .timeline)
        for entry in ["e / v", "o", "t / T / w", "i / Enter / x", "n / m / M"] { #expect(keyHelp.contains { $0.keys == entry }) }
    }
}
