import Foundation
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

/// The indices the screen prints are ones PyTorch accepts for the layout shown, and they point at
/// the engine's own values: the shown element's h_t is `output[index]` and its last state `h_n[index]`.
@Suite struct ValidIndexTests {
    /// Evaluates an index the screen printed (`output[3, 2, 5:10]`, `h_n[1, 2]`, `output[:, 0]`) on
    /// a C-order tensor, as PyTorch would: integers select, `a:b` slices, `:` takes all.
    func evaluate(_ index: String, on tensor: Tensor) throws -> [Float] {
        let inner = try #require(index.split(separator: "[").last?.dropLast())
        let parts = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(parts.count <= tensor.rank, "\(index) has more indices than \(tensor.shape)")
        var selections: [[Int]] = tensor.shape.map { Array(0..<$0) }
        for (axis, part) in parts.enumerated() {
            if part == ":" { continue }
            if part.contains(":") {
                let bounds = part.split(separator: ":").map { Int($0)! }
                selections[axis] = Array(bounds[0]..<bounds[1])
            } else {
                let i = try #require(Int(part))
                #expect(i < tensor.shape[axis], "\(index): \(i) out of range for \(tensor.shape)")   // IndexError in PyTorch
                selections[axis] = [i]
            }
        }
        var strides = [Int](repeating: 1, count: tensor.rank)
        for axis in stride(from: tensor.rank - 2, through: 0, by: -1) { strides[axis] = strides[axis + 1] * tensor.shape[axis + 1] }
        var values: [Float] = [], offsets = [0]
        for (axis, choice) in selections.enumerated() { offsets = offsets.flatMap { base in choice.map { base + $0 * strides[axis] } } }
        for offset in offsets { values.append(tensor.data[offset]) }
        return values
    }

    @Test(arguments: [(false, 3, false), (true, 3, false), (false, 1, true), (true, 1, true)])
    func indicesSelectTheShownElementsValues(batchFirst: Bool, batch: Int, unbatched: Bool) throws {
        let config = try RNNConfig(inputSize: 2, hiddenSize: 5, numLayers: 2, batchFirst: batchFirst, bidirectional: true)
        let rnn = RNN(config: config, seed: 4)
        let (t, n) = (6, 4)
        let shape = unbatched ? [t, 2] : batchFirst ? [batch, t, 2] : [t, batch, 2]
        let input = Tensor.standardNormal(shape, seed: 9)
        let (output, hN, _) = try rnn.forward(input)
        for element in 0..<(unbatched ? 1 : batch) {
            var state = try ScreenState(rnn: rnn, seed: 4, input: input, batchIndex: element)
            state.cursor = 3
            _ = n
            for direction in 0..<2 {
                let h = state.trace.h(layer: 1, direction: direction, t: 3, n: 0)
                let feeds = state.feeds(layer: 1, direction: direction, t: 3)
                #expect(maxDifference(try evaluate(feeds[0], on: output), h) < 1e-5, "\(feeds[0])")
                let whole = try evaluate(state.outputIndex(t: ":", direction: direction), on: output)
                #expect(whole.count == t * 5)
                let last = direction == 0 ? t - 1 : 0
                let hNIndex = state.stateIndex(2 + direction)
                #expect(maxDifference(try evaluate(hNIndex, on: hN), state.trace.h(layer: 1, direction: direction, t: last, n: 0)) < 1e-5)
            }
            #expect(renderFrame(state, width: 120, height: 40, depth: .none).text.contains(unbatched ? "unbatched" : "batch \(element)/\(batch)"))
        }
    }

    func maxDifference(_ a: [Float], _ b: [Float]) -> Float {
        a.count == b.count ? zip(a, b).map { abs($0 - $1) }.max() ?? 0 : .infinity
    }

    @Test func theScreenSaysWhatTheRunStartedFromAndTheInputsAxes() throws {
        let seed = ScreenState.seedExample()
        let frame = renderFrame(seed, width: 120, height: 40, depth: .none).text
        #expect(frame.contains("input (1, 20, 1) = (N, T, D)"))
        #expect(frame.contains("h0 None → zeros · h_n (2, 1, 10)"))
        #expect(frame.contains("W_ih (10, 1) W_hh (10, 10) · unit 0") && frame.contains("W_ih (10, 10) W_hh (10, 10)"))
        let given = try ScreenState(rnn: seed.rnn, seed: 0, input: seed.input, h0: Tensor(zeros: [2, 1, 10]))
        #expect(renderFrame(given, width: 120, height: 40, depth: .none).text.contains("h0 (2, 1, 10) given · h_n"))
        let unbatched = try ScreenState(rnn: RNN(config: RNNConfig(inputSize: 1, hiddenSize: 3), seed: 0), seed: 0,
                                        input: Tensor.standardNormal([7, 1], seed: 1))
        #expect(update(unbatched, .selectBatch(1)).status == "unbatched input (7, 1) = (T, D): one sequence, no batch axis")
    }
}

/// With bias=False nothing on screen names a bias that does not exist.
@Suite struct NoBiasTests {
    @Test(arguments: [CellKind.rnn, .lstm, .gru])
    func noBiasNamesNoB(kind: CellKind) throws {
        let config = try RNNConfig(kind: kind, inputSize: 2, hiddenSize: 4, numLayers: 2, bias: false)
        let state = update(try ScreenState(rnn: RNN(config: config, seed: 2), seed: 2, input: ScreenState.exampleInput(for: config)), .step(3))
        for view in [nil, Action.toggleInspector, .toggleTimeline] {
            let shown = view.map { update(state, $0) } ?? state
            let text = renderFrame(shown, width: 140, height: 45, depth: .none).text
            #expect(!text.contains("b_ih") && !text.contains("b_hh") && !text.contains("+b_i") && !text.contains("+b_h"), "\(kind) \(String(describing: view))")
        }
        let biased = try ScreenState(rnn: RNN(config: RNNConfig(kind: kind, inputSize: 2, hiddenSize: 4), seed: 2), seed: 2,
                                     input: ScreenState.exampleInput(for: config))
        #expect(renderFrame(update(update(biased, .step(3)), .toggleInspector), width: 140, height: 45, depth: .none).text.contains("b_i"))
    }
}
