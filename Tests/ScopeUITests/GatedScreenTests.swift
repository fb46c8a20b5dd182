import Foundation
import Recurrent
import Testing
@testable import ScopeUI

/// The screen of an LSTM and a GRU: rows labelled with PyTorch's symbols, gates drawn on 0…1, the
/// cell state on its own range, the border's equation from the engine's own numbers, `m` cycling
/// the kinds with the weights seeded by name, and the keys that do not apply saying why.
@Suite struct GatedScreenTests {
    let lstm = update(update(ScreenState.seedExample(), .cycleCellKind), .step(5))
    var gru: ScreenState { update(lstm, .cycleCellKind) }

    /// The text row of the pane `rect` whose label is `label`.
    func row(of label: String, in rect: Rect, _ frame: Buffer) -> Int? {
        (rect.y..<rect.maxY).first { y in
            let text = frame.text(row: y)
            return text.dropFirst(rect.x + 2).hasPrefix(label + " ")
        }
    }

    @Test func mCyclesRNNToLSTMToGRUAndBack() {
        #expect(lstm.config.kind == .lstm && lstm.config.pytorchRepr == "LSTM(1, 10, num_layers=2, batch_first=True)")
        #expect(gru.config.kind == .gru && gru.status?.hasPrefix("GRU:") == true)
        let back = update(gru, .cycleCellKind)
        #expect(back.config == ScreenState.seedExample().config)
        // Same sizes and seed: the RNN's states are the seed example's again.
        #expect(back.trace.hN == ScreenState.seedExample().trace.hN)
        #expect(back.cursor == 5)
    }

    @Test(arguments: [(CellKind.lstm, ["x_t", "h_t-1", "c_t-1", "i_t", "f_t", "g_t", "o_t", "c_t", "h_t"]),
                      (CellKind.gru, ["x_t", "h_t-1", "r_t", "z_t", "n_t", "h_t"])])
    func panesShowEveryRowOfTheKindWhenThereIsRoom(kind: CellKind, labels: [String]) throws {
        let model = kind == .lstm ? lstm : gru
        let layout = FrameLayout(model: model, width: 120, height: 40, glyphs: false)
        let frame = renderFrame(model, width: 120, height: 40, depth: .trueColor)
        for pane in layout.panes {
            let rows = try labels.map { try #require(row(of: $0, in: pane.rect, frame), "\($0)") }
            #expect(rows == rows.sorted())   // in the order the step computes them
        }
    }

    @Test func shortScreensNameTheRowsTheyLeaveOut() throws {
        let layout = FrameLayout(model: lstm, width: 80, height: 24, glyphs: false)
        #expect(layout.paneRows.count < 9)
        let kept = layout.paneRows.map(\.series.name)
        for essential in ["x", "h", "c"] { #expect(kept.contains(essential)) }
        let frame = renderFrame(lstm, width: 80, height: 24, depth: .trueColor)
        let omitted = lstm.leftOutRows(layout.paneRows)
        #expect(!omitted.isEmpty)
        #expect(frame.text(row: layout.panes[0].rect.y).contains(omitted.joined(separator: " ") + " left out"))
    }

    @Test func gatesAreOnZeroToOneAndTheCellStateOnItsOwnRange() throws {
        let frame = renderFrame(lstm, width: 120, height: 40, depth: .trueColor)
        let layout = FrameLayout(model: lstm, width: 120, height: 40, glyphs: false)
        let pane = layout.panes.last!   // layer 0 forward
        let cell = CellIndex(layer: pane.layer, direction: pane.direction)
        for (label, name, scale) in [("f_t", "f", ScreenState.gateScale), ("c_t", "c", lstm.cellStateScale), ("g_t", "g", ValueScale(limit: 1))] {
            let y = try #require(row(of: label, in: pane.rect, frame))
            let values = lstm.trace.series(name, cell: cell, t: 5, n: 0)
            let shape = HeatmapShape(count: values.count, width: FrameLayout.heatmapWidth(paneWidth: pane.rect.width), glyphs: false,
                                     maxCellWidth: FrameLayout.maxCellWidth(layout.lineHeight), lineHeight: layout.lineHeight)
            for (j, value) in values.enumerated() {
                #expect(frame[pane.rect.x + 1 + FrameLayout.labelWidth + j * shape.cellWidth, y].bg == scale.color(value), "\(label) \(j)")
            }
        }
        #expect(lstm.cellStateScale.limit >= 1)
        #expect(frame.text(row: 38).contains("σ gates 0"))
        #expect(frame.text(row: 38).contains(" c -"))
    }

    @Test func theBorderWritesTheLSTMStepOutWithTheEnginesNumbers() throws {
        let cell = CellIndex(layer: 0, direction: 0)
        let value = { (name: String) in self.lstm.trace.series(name, cell: cell, t: 5, n: 0)[0] }
        let equation = try #require(lstm.cellEquations(layer: 0, direction: 0).first)
        let cPrev = lstm.trace.previous("c", cell: cell, t: 5, n: 0)[0]
        #expect(equation == "c_t = f·c+i·g = \(formatValue(value("f")))·\(formatValue(cPrev)) + \(formatValue(value("i")))·"
                + "\(formatValue(value("g"))) = \(formatValue(value("c"))) → h_t = o·tanh(c_t) = \(formatValue(value("o")))·"
                + "tanh(\(formatValue(value("c")))) = \(formatValue(value("h")))")
        #expect(abs(value("f") * cPrev + value("i") * value("g") - value("c")) < 1e-6)
    }

    @Test func theGRUsGateTermsSumToTheRecordedGates() {
        let terms = gru.gateTerms(layer: 1, direction: 0, unit: 2, t: 5)
        #expect(terms.map(\.gate) == ["r", "z", "n"])
        for term in terms {
            let activated = term.activation == "σ" ? 1 / (1 + expf(-term.preActivation)) : tanhf(term.preActivation)
            #expect(abs(activated - term.value) < 1e-5, "\(term.gate)")
        }
    }

    @Test func keysThatDoNotApplySayWhy() throws {
        let n = update(lstm, .toggleNonlinearity)
        #expect(n.config == lstm.config && n.status?.contains("LSTM has no nonlinearity") == true)
        let loaded = try ScreenState(rnn: lstm.rnn, seed: 0, input: lstm.input, source: .loaded("lstm.pt"))
        let m = update(loaded, .cycleCellKind)
        #expect(m.config.kind == .lstm && m.status == "the module is fixed by the loaded weights (lstm.pt)")
        #expect(update(lstm, .cycleTimelineSeries).status == "T cycles the timeline's series (t opens it)")
    }

    @Test func anRNNsH0CannotBecomeAnLSTMsStateWithoutC0() throws {
        let seed = ScreenState.seedExample()
        let h0 = Tensor(zeros: [2, 1, 10])
        let model = try ScreenState(rnn: seed.rnn, seed: 0, input: seed.input, h0: h0)
        let m = update(model, .cycleCellKind)
        #expect(m.config.kind == .rnn && m.status == "the module is fixed by h0: an LSTM needs c0 with it (--c0)")
    }

    @Test func theTimelineCyclesThroughTheGatesAndFlagsOpenForgetGates() {
        var model = update(lstm, .toggleTimeline)
        var seen: [String] = []
        for _ in 0..<6 { seen.append(model.shownTimelineSeries.name); model = update(model, .cycleTimelineSeries) }
        #expect(seen == ["h", "c", "i", "f", "g", "o"])
        #expect(model.shownTimelineSeries.name == "h")
        let forget = update(update(update(update(lstm, .toggleTimeline), .cycleTimelineSeries), .cycleTimelineSeries), .cycleTimelineSeries)
        let stats = forget.unitStats(layer: 0, direction: 0)
        let f = (0..<20).map { forget.trace.series("f", cell: CellIndex(layer: 0, direction: 0), t: $0, n: 0) }
        for (unit, s) in stats.enumerated() {
            let high = Float(f.filter { $0[unit] > 0.9 }.count) / 20, low = Float(f.filter { $0[unit] < 0.1 }.count) / 20
            #expect(s.extremeFraction == high && s.lowFraction == low && s.isFlagged == (high > 0.5))
        }
        let frame = renderFrame(forget, width: 100, height: 30, depth: .trueColor)
        #expect(frame.text.contains("f_t (T: h c i f g o) per unit over t"))
        #expect(frame.text.contains("<0.1  >0.9"))
    }

    @Test func aProjectedLSTMShowsPOutputsAndHUnitsOfGates() throws {
        let config = try RNNConfig(kind: .lstm, inputSize: 2, hiddenSize: 6, numLayers: 2, bidirectional: true, projSize: 3)
        let input = ScreenState.exampleInput(for: config)
        var model = try ScreenState(rnn: RNN(config: config, seed: 1), seed: 1, input: input)
        model = update(update(model, .step(4)), .selectUnit(5))   // unit 5 < H, past P
        #expect(model.selectedUnit == 5 && model.shownOutputUnit == 2)
        let frame = renderFrame(model, width: 160, height: 50, depth: .none)
        #expect(frame.text.contains("LSTM(2, 6, proj_size=3, num_layers=2, bidirectional=True)"))
        #expect(frame.text.contains("output (20, 1, 6)"))
        #expect(frame.text.contains("h_n (4, 1, 3), c_n (4, 1, 6)"))
        for view in [Action.toggleTimeline, .toggleInspector] {
            _ = renderFrame(update(model, view), width: 100, height: 30, depth: .x256)   // no trap on P < H
        }
    }
}

/// Issue 11's live keys: f swaps batch_first over the same data, s the heatmap scale; help explains
/// every label; a status has its own line.
@Suite struct TeachingKeysTests {
    let seed = ScreenState.seedExample()

    @Test func fSwapsBatchFirstOverTheSameDataAndLeavesTheStatesAlone() throws {
        let toggled = update(update(seed, .step(4)), .toggleBatchFirst)
        #expect(!toggled.config.batchFirst && toggled.input.shape == [20, 1, 1])
        #expect(toggled.cursor == 4)
        // The same sequence: T and N keep their meaning, every state is the same, h_n too.
        #expect(toggled.trace.hN == seed.trace.hN)
        #expect(toggled.trace.h(layer: 1, direction: 0, t: 4, n: 0) == seed.trace.h(layer: 1, direction: 0, t: 4, n: 0))
        let text = renderFrame(toggled, width: 120, height: 40, depth: .none).text
        #expect(text.contains("RNN(1, 10, num_layers=2)   ") && text.contains("input (20, 1, 1) = (T, N, D)"))
        #expect(text.contains("output (20, 1, 10)") && text.contains("h_n (2, 1, 10)") && text.contains("output[:, 0], h_n[1, 0]"))
        #expect(toggled.status == "batch_first=False: input (20, 1, 1) = (T, N, D), output (20, 1, 10); h0 and h_n stay (2, 1, 10)")
        #expect(update(toggled, .toggleBatchFirst).config.batchFirst && update(toggled, .toggleBatchFirst).input == seed.input)
        let unbatched = try ScreenState(rnn: RNN(config: RNNConfig(inputSize: 1, hiddenSize: 3), seed: 0), seed: 0,
                                        input: Tensor.standardNormal([5, 1], seed: 0))
        #expect(update(unbatched, .toggleBatchFirst).status == "unbatched input (5, 1) = (T, D): batch_first does not apply to it")
    }

    @Test func sSpreadsTheStatesOverTheRunsOwnRange() {
        let spread = update(seed, .toggleScale)
        #expect(spread.scalesToData && spread.stateScale.limit < 1 && seed.stateScale.limit == 1)
        #expect(renderFrame(spread, width: 100, height: 30, depth: .none).text.contains("tanh scale (run's range) -0."))
        #expect(!update(spread, .toggleScale).scalesToData)
    }

    @Test func helpExplainsEveryLabelOnAPageOrBesideTheKeys() {
        let help = update(seed, .toggleHelp)
        let keys = renderFrame(help, width: 100, height: 30, depth: .none).text
        #expect(keys.contains("→ labels") && !keys.contains("spectral radius"))
        let labels = renderFrame(update(help, .step(1)), width: 100, height: 30, depth: .none).text
        for label in ["x_t", "h_t-1 / h_t+1", "W_ih·x+b_ih", "h_n (c_n)", "spectral radius", "memory input cell", "sat / dead"] {
            #expect(labels.contains(label), "\(label)")
        }
        #expect(update(update(help, .step(1)), .step(-1)).helpPage == 0 && update(update(help, .step(1)), .escape).showingHelp == false)
        let wide = renderFrame(help, width: 200, height: 50, depth: .none).text
        #expect(wide.contains("every label on screen") && wide.contains("Esc or ? closes"))
    }

    @Test func aStatusHasItsOwnLine() {
        let said = update(seed, .selectBatch(1))
        let frame = renderFrame(said, width: 80, height: 24, depth: .none)
        #expect(frame.text(row: 23).contains("the input has one batch element"))
        #expect(frame.text(row: 1).contains("mode time"))
    }
}
