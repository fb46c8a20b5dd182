import Recurrent
import Testing
@testable import ScopeUI

/// Where output and h_n come from: the highlight sets against the engine's own output and h_n.
@Suite struct OutputSourceTests {
    /// Seed example: one direction, bidirectional, bidirectional with 3 layers.
    static let topologies: [[Action]] = [[], [.toggleBidirectional], [.toggleBidirectional, .addLayer]]
    static var models: [ScreenState] { topologies.map { $0.reduce(ScreenState.seedExample(), update) } }

    @Test(arguments: topologies.indices)
    func outputCellsHoldExactlyTheEnginesOutput(index: Int) {
        let m = OutputSourceTests.models[index]
        let output = m.trace.output, h = m.config.hiddenSize, dirs = m.config.numDirections
        #expect(output.shape == [1, m.trace.seqLen, dirs * h])   // batch_first
        let fromCells = m.outputCells.flatMap { m.trace.h(layer: $0.layer, direction: $0.direction, t: $0.t, n: 0) }
        #expect(fromCells == output.data)
        for cell in m.outputCells { #expect(m.isOutputCell(layer: cell.layer, direction: cell.direction)) }
    }

    @Test(arguments: topologies.indices)
    func hNCellsHoldExactlyTheEnginesHN(index: Int) {
        let m = OutputSourceTests.models[index]
        let hN = m.trace.hN
        #expect(hN.shape == [m.config.numLayers * m.config.numDirections, 1, m.config.hiddenSize])
        #expect(m.hNCells.flatMap { m.trace.h(layer: $0.layer, direction: $0.direction, t: $0.t, n: 0) } == hN.data)
        for (k, cell) in m.hNCells.enumerated() { #expect(m.hNIndex(layer: cell.layer, direction: cell.direction, t: cell.t) == k) }
    }

    @Test func reverseHNIsTheFirstOutputsSecondHalf() {
        let m = OutputSourceTests.models[1]
        let h = m.config.hiddenSize, top = m.config.numLayers - 1
        let reverseHN = Array(m.trace.hN.data[(2 * top + 1) * h..<(2 * top + 2) * h])
        let output = m.trace.output.data, width = 2 * h, last = m.trace.seqLen - 1
        #expect(reverseHN == Array(output[h..<width]))
        #expect(reverseHN != Array(output[(last * width + h)..<(last * width + width)]))
        #expect(m.hNIndex(layer: top, direction: 1, t: 0) == 2 * top + 1 && m.hNIndex(layer: top, direction: 1, t: last) == nil)
    }

    @Test func panelStatesTheShapesInWords() {
        let m = OutputSourceTests.models[1]
        let text = renderFrame(m, width: 120, height: 40, depth: .trueColor).text
        #expect(text.contains("output (1, 20, 20) = layer 1 h_t, all t, [fwd, rev]"))
        #expect(text.contains("h_n (4, 1, 10) = [l0 fwd t=19, l0 rev t=0, l1 fwd t=19, l1 rev t=0]"))
        #expect(shapeText(m.trace.output.shape) == "(1, 20, 20)")
    }

    /// The map cells of `m`'s frame at 120×50 that carry an `o` and an `n` mark.
    func markedCells(_ m: ScreenState) throws -> (output: Set<CellStep>, hN: Set<CellStep>) {
        let frame = renderFrame(m, width: 120, height: 50, depth: .trueColor)
        let layout = FrameLayout(model: m, width: 120, height: 50, glyphs: false)
        let strip = StripGeometry(m, rect: layout.panel, glyphs: false)
        let map = try #require(layout.map(m))
        var marked = (output: Set<CellStep>(), hN: Set<CellStep>())
        for (i, row) in m.mapRows.enumerated() {
            for t in 0..<m.trace.seqLen {
                let glyphs = (0..<strip.cellWidth).map { frame[strip.x0 + t * strip.cellWidth + $0, map.top + i * map.rowHeight].glyph }
                let cell = CellStep(layer: row.layer, direction: row.direction, t: t)
                if glyphs.contains("o") { marked.output.insert(cell) }
                if glyphs.contains("n") { marked.hN.insert(cell) }
            }
        }
        return marked
    }

    @Test(arguments: topologies.indices)
    func highlightMarksExactlyTheOutputAndHNCellsInTheMap(index: Int) throws {
        let plain = OutputSourceTests.models[index]
        let m = update(plain, .toggleOutputHighlight)
        let marked = try markedCells(m)
        #expect(marked.output == Set(m.outputCells))
        #expect(marked.hN == Set(m.hNCells))
        let unmarked = try markedCells(plain)
        #expect(unmarked.output.isEmpty && unmarked.hN.isEmpty)
    }
}
