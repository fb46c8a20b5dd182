import Foundation
import Recurrent
import Testing
@testable import ScopeUI

/// Two runs side by side: Δ = B − A from the engine's own runs, c cycling A, B, Δ, the header's
/// max|Δh|, the refusals, the input edits and their undo, and the input strip's influence shading.
@Suite struct ComparisonTests {
    let seed = update(ScreenState.seedExample(), .step(5))

    @Test func deltaIsRunBMinusRunAEverywhere() throws {
        var state = seed
        try state.compare(with: .seed(3))
        let b = try RNN(config: state.config, seed: 3).trace(state.input)
        for index in 0..<2 {
            let cell = CellIndex(index: index, directions: 1)
            for t in 0..<20 {
                let delta = state.shownSeries("h", cell: cell, t: t)
                let expected = zip(b.series("h", cell: cell, t: t, n: 0), state.trace.series("h", cell: cell, t: t, n: 0)).map { $0 - $1 }
                #expect(delta == expected)
            }
        }
        let peak = (0..<2).flatMap { i in zip(b.series("h", cell: CellIndex(index: i, directions: 1), t: 5, n: 0),
                                              state.trace.series("h", cell: CellIndex(index: i, directions: 1), t: 5, n: 0)).map { abs($0 - $1) } }.max()!
        #expect(state.maxDelta(t: 5) == peak)
        let frame = renderFrame(state, width: 100, height: 30, depth: .none).text
        #expect(frame.contains("A vs B = seed 3 · Δ · max|Δh| \(formatSignificant(Double(peak)))") && frame.contains("Δ = B − A scale"))
        var views: [ComparisonView] = []
        for _ in 0..<3 { state = update(state, .cycleComparisonView); views.append(state.comparison!.view) }
        #expect(views == [.a, .b, .delta])
        let onB = update(update(state, .cycleComparisonView), .cycleComparisonView)
        #expect(onB.shownSeries("h", cell: CellIndex(layer: 0, direction: 0), t: 5) == b.series("h", cell: CellIndex(layer: 0, direction: 0), t: 5, n: 0))
    }

    @Test func otherShapesAndArchitecturesAreRefusedInOneLine() throws {
        var state = seed
        #expect(throws: ModelError.self) { try state.compare(with: .input(Tensor(zeros: [1, 19, 1]), label: "b.npy", batchFirst: true)) }
        do { try state.compare(with: .input(Tensor(zeros: [1, 19, 1]), label: "b.npy", batchFirst: true)) } catch {
            #expect("\(error)" == "b.npy has shape (1, 19, 1), but the input is (1, 20, 1): runs compare step for step")
        }
        let wider = RNN(config: try RNNConfig(inputSize: 1, hiddenSize: 12, numLayers: 2, batchFirst: true), seed: 0)
        do { try state.compare(with: .weights(wider, label: "w2.pt")) } catch {
            #expect("\(error)".hasPrefix("w2.pt: ") && "\(error)".contains("another architecture") && !"\(error)".contains("\n"))
        }
        #expect(state.comparison == nil)
        #expect(update(seed, .cycleComparisonView).status?.hasPrefix("c compares two runs") == true)
    }

    @Test func editsChangeRunBAtTheCursorAndUndoTakesThemBack() throws {
        var state = update(update(seed, .editInput(.nudge(1))), .editInput(.nudge(1)))
        let index = state.inputIndex(t: 5, feature: 0)
        let step = state.dataScale.limit / 10
        #expect(abs(state.editedInput!.data[index] - (state.input.data[index] + 2 * step)) < 1e-6)
        #expect(state.input == seed.input)   // run A keeps the original
        let b = try state.rnn.trace(state.editedInput!)
        #expect(state.comparisonTrace!.hN == b.hN)
        // The difference starts at the edited step: nothing changes before t=5 (a forward RNN).
        #expect(state.maxDelta(t: 4) == 0 && state.maxDelta(t: 5)! > 0)
        state = update(state, .undoEdit)
        #expect(abs(state.editedInput!.data[index] - (state.input.data[index] + step)) < 1e-6)
        state = update(update(state, .undoEdit), .undoEdit)
        #expect(state.comparison == nil && state.status == "nothing to undo")
        let zeroed = update(seed, .editInput(.zero))
        #expect(zeroed.editedInput!.data[index] == 0 && update(zeroed, .editInput(.copyFromOther)).maxDelta(t: 19) == 0)
        #expect(update(seed, .exportEditedInput).exportRequested == false && update(zeroed, .exportEditedInput).exportRequested)
        var weights = seed
        try weights.compare(with: .seed(2))
        #expect(update(weights, .editInput(.zero)).status?.contains("edits need --compare-input") == true)
    }

    @Test func aBidirectionalLayerChangesBeforeTheEditedStep() {
        let state = update(update(update(ScreenState.seedExample(), .toggleBidirectional), .step(10)), .editInput(.nudge(1)))
        let reverse = CellIndex(layer: 0, direction: 1)
        // The reverse direction reads the future: its states before t=10 differ too.
        #expect(state.shownSeries("h", cell: reverse, t: 3).contains { $0 != 0 })
        #expect(state.shownSeries("h", cell: CellIndex(layer: 0, direction: 0), t: 3).allSatisfy { $0 == 0 })
    }

    @Test func theInputStripShowsEachStepsInfluenceOnTheSelectedUnit() {
        let state = update(update(seed, .selectUnit(3)), .toggleStripInfluence)
        let influence = state.influence(layer: 0, direction: 0, unit: 3, t: 5)
        let frame = renderFrame(state, width: 100, height: 30, depth: .none)
        #expect(frame.text(row: 2).contains("‖∂h_5[3]/∂x_t‖, log 1e-6…1"))
        let strip = StripGeometry(state, rect: FrameLayout(model: state, width: 100, height: 30, glyphs: true).strip, glyphs: true)
        for t in 0..<20 {
            let cell = frame[strip.x0 + (t - strip.first) * strip.cellWidth, 2]
            if let value = influence.input[t] { #expect(cell.glyph == logGlyph(value).0, "t=\(t)") } else { #expect(cell.glyph == " ", "t=\(t)") }
        }
    }
}

/// Δ against PyTorch: `scripts/make_compare_fixtures.py` runs each module with another input and
/// with other weights; the screen's Δ of the top layer's h_t (output) and of h_n must agree.
@Suite struct ComparisonMatchesPyTorchTests {
    struct Fixture: Decodable {
        struct T: Decodable { let shape: [Int]; let data: [Double] }
        struct P: Decodable { let name: String; let shape: [Int]; let data: [Double] }
        struct C: Decodable { let input_size: Int, hidden_size: Int, num_layers: Int, batch_first: Bool, bidirectional: Bool, proj_size: Int }
        let name: String, mode: String, config: C
        let weights_a: [P], weights_b: [P], input_a: T, input_b: T
        let delta_input: [String: T?], delta_weights: [String: T?]
    }
    static let cases: [Fixture] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/compare.json")
        struct File: Decodable { let cases: [Fixture] }
        return try! JSONDecoder().decode(File.self, from: Data(contentsOf: url)).cases
    }()

    @Test(arguments: cases.map(\.name))
    func deltaAgreesWithPyTorchWithin1e5(name: String) throws {
        let f = Self.cases.first { $0.name == name }!
        let kind: CellKind = f.mode == "LSTM" ? .lstm : f.mode == "GRU" ? .gru : .rnn
        let config = try RNNConfig(kind: kind, inputSize: f.config.input_size, hiddenSize: f.config.hidden_size, numLayers: f.config.num_layers,
                                   batchFirst: f.config.batch_first, bidirectional: f.config.bidirectional, projSize: f.config.proj_size)
        func dict(_ ps: [Fixture.P]) -> [String: Tensor] { Dictionary(uniqueKeysWithValues: ps.map { ($0.name, Tensor(shape: $0.shape, data: $0.data.map(Float.init))) }) }
        let a = try RNN(config: config, stateDict: dict(f.weights_a)), b = try RNN(config: config, stateDict: dict(f.weights_b))
        let inputA = Tensor(shape: f.input_a.shape, data: f.input_a.data.map(Float.init))
        let inputB = Tensor(shape: f.input_b.shape, data: f.input_b.data.map(Float.init))
        for (source, expected) in [(ComparisonSource.input(inputB, label: "b", batchFirst: config.batchFirst), f.delta_input),
                                   (.weights(b, label: "w2"), f.delta_weights)] {
            let batch = f.input_a.shape[config.batchFirst ? 0 : 1]
            for element in 0..<batch {
                var state = try ScreenState(rnn: a, seed: 0, input: inputA, batchIndex: element)
                try state.compare(with: source)
                let output = try #require(expected["output"] ?? nil), hN = try #require(expected["h_n"] ?? nil)
                let (seqLen, top, out) = (state.trace.seqLen, config.numLayers - 1, config.outputSize)
                let width = config.numDirections * out
                for t in 0..<seqLen { for direction in 0..<config.numDirections {
                    let delta = state.shownSeries("h", cell: CellIndex(layer: top, direction: direction), t: t)
                    let start = (config.batchFirst ? (element * seqLen + t) : (t * batch + element)) * width + direction * out
                    let want = output.data[start ..< start + out].map(Float.init)
                    #expect(zip(delta, want).allSatisfy { abs($0 - $1) <= 1e-5 }, "\(name) t=\(t) dir=\(direction) n=\(element)")
                } }
                for index in 0..<(config.numLayers * config.numDirections) {
                    let cell = CellIndex(index: index, directions: config.numDirections)
                    let delta = state.shownSeries("h", cell: cell, t: cell.lastStep(seqLen: seqLen))
                    let start = (index * batch + element) * out
                    #expect(zip(delta, hN.data[start ..< start + out].map(Float.init)).allSatisfy { abs($0 - $1) <= 1e-5 })
                }
            }
        }
    }
}

/// The text view: each token coloured by the selected unit's value at its t, the cursor's marked.
@Suite struct TextViewTests {
    func state(tokens: [String]) throws -> ScreenState {
        let config = try RNNConfig(inputSize: 2, hiddenSize: 4)
        var state = try ScreenState(rnn: RNN(config: config, seed: 1), seed: 1, input: Tensor.standardNormal([tokens.count, 2], seed: 2))
        state.tokens = tokens
        return update(update(state, .step(2)), .toggleTextView)
    }

    @Test func tokensTakeTheColourOfTheUnitsValueAtTheirStep() throws {
        let words = ["the", "cat", "sat", "on", "the", "mat"]
        let model = try state(tokens: words)
        let frame = renderFrame(model, width: 80, height: 24, depth: .trueColor)
        let y = try #require((0..<24).first { frame.text(row: $0).hasPrefix(" the cat sat on the mat") })
        // On the unit's own range: ±max|h_t[0]| over the run, which the title states.
        let values = words.indices.map { model.trace.h(layer: 0, direction: 0, t: $0, n: 0)[0] }
        let own = ValueScale(limit: values.map(abs).max()!, marksZero: model.stateScale.marksZero)
        #expect(own.limit < model.stateScale.limit)
        #expect(frame.text(row: y - 2).contains("h_t[0] of layer 0 forward on ±\(formatValue(own.limit, signed: false)), its own range"))
        var x = 1
        for (t, word) in words.enumerated() {
            #expect(frame[x, y].bg == own.color(values[t]), "\(word) at t=\(t)")
            #expect(frame[x, y].attrs.contains(.underline) == (t == 2))
            x += word.count + 1
        }
        #expect(frame.text(row: 2).contains("\"sat\""))   // the cursor's token leads the strip's readout
        let plain = renderFrame(model, width: 80, height: 24, depth: .none).text
        #expect(plain.contains(" the cat sat on the mat") && plain.contains("▲"))
    }

    @Test func characterTokensRunTogetherAndNewlinesShowAndEndTheirLine() throws {
        let model = try state(tokens: ["h", "i", "\n", "y", "o"])
        let text = renderFrame(model, width: 80, height: 24, depth: .none).text
        #expect(text.contains(" hi⏎ ") && text.contains("\n yo "), "\(text)")
        #expect(!text.contains("hi⏎yo"))
        var none = model
        none.tokens = nil
        #expect(renderFrame(none, width: 80, height: 24, depth: .none).text.contains("no tokens: give --tokens FILE"))
    }
}

extension TextViewTests {
    /// A text longer than the body scrolls with the cursor, and says which lines it shows.
    @Test func aLongTextKeepsTheCursorsLineInSight() throws {
        let lines = (0..<60).flatMap { Array("line \($0)".map(String.init)) + ["\n"] }
        var model = try state(tokens: lines)
        let last = lines.count - 2                          // the "9" of "line 59"
        model = update(model, .step(last - model.cursor))
        let frame = renderFrame(model, width: 80, height: 24, depth: .none)
        #expect(frame.text.contains(" line 59⏎"), "\(frame.text)")
        #expect(!frame.text.contains(" line 0⏎"))
        let label = try #require(frame.text.split(separator: "\n").first { $0.hasPrefix(" text ") })
        #expect(label.contains("of 60"), "\(label)")
        let top = update(model, .step(-last))
        let first = renderFrame(top, width: 80, height: 24, depth: .none).text
        #expect(first.contains(" line 0⏎") && first.contains("lines 1–"))
    }
}

/// Select and match on screen: v at a span's ends selects the engine's units; v jumps through the matches.
@Suite struct SpanSelectionTests {
    @Test func vSelectsASpanAndJumpsThroughItsMatches() throws {
        let config = try RNNConfig(inputSize: 3, hiddenSize: 8)
        let input = Tensor.standardNormal([30, 3, 3], seed: 4)
        var state = try ScreenState(rnn: RNN(config: config, seed: 2), seed: 2, input: input)
        let whole = try state.rnn.trace(input)
        // Find a span whose units the engine selects, so the test exercises a real match list.
        let cell = CellIndex(layer: 0, direction: 0)
        let start = try #require((1..<27).first { !whole.selectUnits(cell: cell, n: 0, start: $0, end: $0 + 2, threshold: SpanSearch.threshold).units.isEmpty })
        let expected = whole.selectUnits(cell: cell, n: 0, start: start, end: start + 2, threshold: SpanSearch.threshold)
        let matches = whole.matches(of: expected, excludingBatch: 0)
        state = update(update(state, .moveCursor(to: start)), .spanSelect)
        #expect(state.status?.hasPrefix("span starts at t=\(start)") == true)
        state = update(state, .step(1))
        #expect(renderFrame(state, width: 100, height: 30, depth: .none).text.contains("━"))   // the span so far, under the strip
        state = update(state, .spanSelect)
        #expect(state.spanSearch?.selection == expected && state.spanSearch?.matches == matches)
        #expect(state.status?.contains("\(matches.count) other places") == true)
        guard let best = matches.first else { return }
        state = update(state, .spanSelect)
        #expect(state.batchIndex == best.batch && state.cursor == best.start && state.status?.hasPrefix("match 1 of \(matches.count)") == true)
        #expect(update(state, .escape).spanSearch == nil)
    }
}

/// A packed batch on screen: each element runs over its own steps, and its states are those of
/// PyTorch's packed run (`RNN.forwardPacked`, checked against PyTorch in the capture tests) — run B
/// of a comparison or an edit too.
@Suite struct PackedScreenTests {
    @Test func eachElementRunsToItsOwnLength() throws {
        let config = try RNNConfig(kind: .lstm, inputSize: 2, hiddenSize: 3, batchFirst: true, bidirectional: true)
        let rnn = RNN(config: config, seed: 3)
        let input = Tensor.standardNormal([3, 6, 2], seed: 1), lengths = [4, 6, 1]
        let packed = try rnn.forwardPacked(input, lengths: lengths)
        for n in 0..<3 {
            let state = try ScreenState(rnn: rnn, seed: 3, input: input, batchIndex: n, lengths: lengths)
            #expect(state.trace.seqLen == lengths[n])
            for index in 0..<2 {
                let cell = CellIndex(index: index, directions: 2)
                let mine = state.trace.series("h", cell: cell, t: cell.lastStep(seqLen: lengths[n]), n: 0)
                let theirs = Array(packed.hN.data[((index * 3 + n) * 3)..<((index * 3 + n + 1) * 3)])
                #expect(zip(mine, theirs).allSatisfy { abs($0 - $1) < 1e-6 }, "element \(n) cell \(index)")
            }
            #expect(renderFrame(state, width: 100, height: 30, depth: .none).text.contains("T=\(lengths[n]) (packed: its length, of 6)"))
            // Run B over the same element and steps: other weights, or an input edited at the cursor.
            func hN(_ run: (output: Tensor, hN: Tensor, cN: Tensor?), cell index: Int) -> [Float] {
                Array(run.hN.data[((index * 3 + n) * 3)..<((index * 3 + n + 1) * 3)])
            }
            var other = state
            try other.compare(with: .seed(1))
            let reseeded = try RNN(config: config, seed: 1).forwardPacked(input, lengths: lengths)
            #expect(other.comparisonTrace?.seqLen == lengths[n])
            let edited = update(update(state, .step(lengths[n] - 1)), .editInput(.nudge(1)))
            let rerun = try rnn.forwardPacked(edited.editedInput!, lengths: lengths)
            #expect(edited.editedInput != input && edited.comparisonTrace?.seqLen == lengths[n])
            for index in 0..<2 {
                let cell = CellIndex(index: index, directions: 2), last = cell.lastStep(seqLen: lengths[n])
                for (name, run, b) in [("seed", reseeded, other.comparisonTrace!), ("edit", rerun, edited.comparisonTrace!)] {
                    #expect(zip(b.series("h", cell: cell, t: last, n: 0), hN(run, cell: index)).allSatisfy { abs($0 - $1) < 1e-6 },
                            "\(name) n=\(n) cell \(index): \(b.series("h", cell: cell, t: last, n: 0)) vs \(hN(run, cell: index))")
                }
            }
            // The edit at the element's last step reaches the reverse direction's every step.
            #expect((edited.maxDelta(t: 0) ?? 0) > 0)
        }
        #expect(throws: ModelError.self) { try ScreenState(rnn: rnn, seed: 3, input: input, lengths: [4, 7, 1]) }
    }
}

/// M switches between the recurrent modules of a capture, each opened as it ran.
@Suite struct ModuleChoiceTests {
    @Test func mCyclesThroughTheCapturesModules() throws {
        let gru = RNN(config: try RNNConfig(kind: .gru, inputSize: 4, hiddenSize: 5), seed: 1)
        let rnn = RNN(config: try RNNConfig(inputSize: 5, hiddenSize: 3, nonlinearity: "relu"), seed: 2)
        let choices = [ModuleChoice(label: "cap [enc]", rnn: gru, input: Tensor.standardNormal([6, 2, 4], seed: 1), h0: nil, c0: nil, lengths: nil),
                       ModuleChoice(label: "cap [dec]", rnn: rnn, input: Tensor.standardNormal([6, 2, 5], seed: 2), h0: nil, c0: nil, lengths: nil)]
        var state = try ScreenState(rnn: gru, seed: 0, input: choices[0].input, source: .loaded("cap [enc]"))
        state.moduleChoices = choices
        state = update(state, .nextModule)
        #expect(state.config == rnn.config && state.source == .loaded("cap [dec]") && state.moduleIndex == 1)
        #expect(state.status == "module 2 of 2: cap [dec] — RNN(5, 3)")
        #expect(state.trace.hN == (try rnn.trace(choices[1].input, onlyElement: 0)).hN)
        state = update(state, .nextModule)
        #expect(state.config == gru.config && state.moduleIndex == 0)
        #expect(update(ScreenState.seedExample(), .nextModule).status?.hasPrefix("one recurrent module here") == true)
    }
}
