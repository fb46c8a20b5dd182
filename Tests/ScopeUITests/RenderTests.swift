import Recurrent
import Testing
@testable import ScopeUI

/// Targeted checks of rendered frames that do not depend on golden files: the header's facts, and
/// heatmap cells whose colours are the colour map of the engine's own values.
@Suite struct RenderTests {
    let seed = ScreenState.seedExample()

    func at(_ t: Int, _ model: ScreenState? = nil) -> ScreenState { update(model ?? seed, .step(t)) }

    /// The row of `label` inside `rect` (labels start one column inside the border).
    func row(of label: String, in rect: Rect, _ frame: Buffer) -> Int? {
        (rect.y..<rect.maxY).first { y in
            let text = frame.text(row: y)
            let start = text.index(text.startIndex, offsetBy: rect.x + 2)
            return text[start...].hasPrefix(label + " ")
        }
    }

    @Test func headerShowsReprNonlinearityCursorLengthBatchAndMode() {
        let frame = renderFrame(at(5), width: 80, height: 24, depth: .trueColor)
        #expect(frame.text(row: 0).contains("RNN(1, 10, num_layers=2, batch_first=True)"))
        let second = frame.text(row: 1)
        for piece in ["tanh", "t=5", "T=20", "batch 0/1", "mode time"] { #expect(second.contains(piece), "\(piece)") }
    }

    @Test(arguments: [(80, 24), (200, 60)])
    func hiddenStateCellsHaveTheColourOfTheEnginesValues(width: Int, height: Int) throws {
        let model = at(7, update(seed, .toggleBidirectional))
        let frame = renderFrame(model, width: width, height: height, depth: .trueColor)
        let layout = FrameLayout(model: model, width: width, height: height, glyphs: false)
        #expect(layout.panes.count == 4)
        for pane in layout.panes {
            let y = try #require(row(of: "h_t", in: pane.rect, frame))
            let values = model.trace.h(layer: pane.layer, direction: pane.direction, t: 7, n: 0)
            let shape = HeatmapShape(count: values.count, width: FrameLayout.heatmapWidth(paneWidth: pane.rect.width),
                                     glyphs: false, maxCellWidth: FrameLayout.maxCellWidth(layout.lineHeight),
                                     lineHeight: layout.lineHeight)
            for (j, value) in values.enumerated() {
                let x = pane.rect.x + 1 + FrameLayout.labelWidth + j * shape.cellWidth
                #expect(frame[x, y].bg == model.stateScale.color(value), "layer \(pane.layer) dir \(pane.direction) unit \(j)")
            }
        }
    }

    @Test func layerZeroIsAtTheBottomAndDirectionsSideBySide() {
        let model = update(update(seed, .toggleBidirectional), .addLayer)
        let layout = FrameLayout(model: model, width: 80, height: 24, glyphs: false)
        let byCell = Dictionary(uniqueKeysWithValues: layout.panes.map { ("\($0.layer)\($0.direction)", $0.rect) })
        #expect(byCell["00"]!.y > byCell["10"]!.y && byCell["10"]!.y > byCell["20"]!.y)
        #expect(byCell["01"]!.x > byCell["00"]!.x && byCell["01"]!.y == byCell["00"]!.y)
        let frame = renderFrame(model, width: 80, height: 24, depth: .trueColor)
        #expect(frame.text(row: byCell["21"]!.y).contains("layer 2 · reverse"))
    }

    @Test func readoutPrintsTheSelectedUnitsValue() {
        let model = update(update(at(5), .selectUnit(1)), .selectUnit(1))
        let frame = renderFrame(model, width: 80, height: 24, depth: .trueColor)
        let h = model.trace.h(layer: 0, direction: 0, t: 5, n: 0)[2]
        #expect(frame.text.contains(formatValue(h)))
        #expect(frame.text.contains("unit 2"))
    }

    @Test func theSelectedUnitIsMarkedInEveryRow() throws {
        let model = update(update(at(5), .selectUnit(1)), .selectUnit(1))
        let layout = FrameLayout(model: model, width: 80, height: 24, glyphs: false)
        let colour = renderFrame(model, width: 80, height: 24, depth: .trueColor)
        let plain = renderFrame(model, width: 80, height: 24, depth: .none)
        let pane = try #require(layout.panes.first { $0.layer == 0 })
        let y = try #require(row(of: "h_t", in: pane.rect, colour))
        let x0 = pane.rect.x + 1 + FrameLayout.labelWidth
        let cw = HeatmapShape(count: 10, width: FrameLayout.heatmapWidth(paneWidth: pane.rect.width), glyphs: false,
                              maxCellWidth: FrameLayout.maxCellWidth(layout.lineHeight)).cellWidth
        // Colour: every column of unit 2 gets the ▁ bar; unit 1 does not.
        #expect((2 * cw..<3 * cw).allSatisfy { colour[x0 + $0, y].glyph == "▁" } && colour[x0 + cw, y].glyph == " ")
        // Glyphs: 3 columns per unit, unit 2's sign and shade underlined.
        #expect(plain[x0 + 6, y].attrs.contains(.underline) && !plain[x0 + 3, y].attrs.contains(.underline))
    }

    @Test func tooSmallSaysWhatItNeeds() {
        let frame = renderFrame(seed, width: 60, height: 20, depth: .trueColor)
        #expect(frame.text.contains("terminal too small: need 80×24, have 60×20"))
        #expect(frame.text.contains("q quits"))
    }

    @Test func inputStripMarksTheCursorColumn() {
        let frame = renderFrame(at(4), width: 80, height: 24, depth: .trueColor)
        let marker = frame.text(row: 3)
        let first = marker.firstIndex(of: "▲").map { marker.distance(from: marker.startIndex, to: $0) }
        // The strip starts at the label column; with T=20 in 80 columns each t is 2 columns wide.
        #expect(first == FrameLayout.labelWidth + 4 * 2)
        let cell = frame[FrameLayout.labelWidth + 4 * 2, 2]
        #expect(cell.bg == seed.dataScale.color(seed.trace.x(layer: 0, t: 4, n: 0)[0]))
    }

    @Test func withoutColourValuesReadThroughGlyphs() {
        let frame = renderFrame(at(5), width: 80, height: 24, depth: .none).quantised(to: .none)
        #expect(frame.cells.allSatisfy { $0.fg == .default && $0.bg == .default })
        let h = seed.trace.h(layer: 0, direction: 0, t: 5, n: 0)
        let (sign, shade) = ValueScale(limit: 1).glyphs(h[0])
        #expect(frame.text.contains("h_t    \(sign)\(shade)"))
    }

    @Test func specialValuesGetTheirOwnMarks() throws {
        let scale = ValueScale(limit: 1, marksZero: true)
        #expect(scale.glyphs(.nan) == (" ", "?") && scale.mark(.nan) == "?")
        #expect(scale.glyphs(.infinity) == ("+", "∞") && scale.glyphs(-.infinity) == ("-", "∞"))
        #expect(scale.mark(0) == "·" && ValueScale(limit: 1).mark(0) == nil)
        #expect(scale.color(.nan) == ValueScale.nanColor && scale.color(-.infinity) == ValueScale.minusInfColor)
        #expect(formatValue(.nan) == "nan" && formatValue(-.infinity) == "-inf")
        // A NaN in the data flows through the network: every depth still renders, with marks.
        let config = try RNNConfig(inputSize: 1, hiddenSize: 4, batchFirst: true)
        var data = ScreenState.exampleInput(for: config).data
        data[3] = .nan
        data[4] = .infinity
        let model = update(try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: Tensor(shape: [1, 20, 1], data: data)), .step(3))
        for depth in ColorDepth.allCases {
            let frame = renderFrame(model, width: 80, height: 24, depth: depth)
            #expect(frame.text.contains("nan"))
        }
        #expect(renderFrame(model, width: 80, height: 24, depth: .none).text.contains("?"))
    }

    @Test func partsRowsAreShownForNarrowLayersLeftOutForWideOnesAndToggledByP() throws {
        let narrow = ScreenState.seedExample()
        let wideConfig = try RNNConfig(inputSize: 2, hiddenSize: ScreenState.partsRowsHiddenSizeLimit + 1, numLayers: 2)
        let wide = try ScreenState(rnn: RNN(config: wideConfig, seed: 0), seed: 0, input: ScreenState.exampleInput(for: wideConfig))
        func showsParts(_ m: ScreenState) -> Bool { renderFrame(m, width: 200, height: 60, depth: .trueColor).text.contains("W_hh·h ") }
        #expect(action(for: .char("p")) == .togglePartsRows)
        #expect(showsParts(narrow) && !showsParts(update(narrow, .togglePartsRows)))
        #expect(showsParts(update(update(narrow, .togglePartsRows), .togglePartsRows)))
        #expect(!showsParts(wide) && showsParts(update(wide, .togglePartsRows)))
        // Left out, the selected unit's parts are still written out on the pane's border.
        #expect(renderFrame(wide, width: 200, height: 60, depth: .trueColor).text.contains("W_ih·x+b_ih"))
    }

    @Test func theCursorMarkIsNeverOverdrawnByAnEndLabel() throws {
        let config = try RNNConfig(inputSize: 1, hiddenSize: 4, batchFirst: true)
        let model = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: ScreenState.exampleInput(for: config, length: 40))
        for t in [0, 1, 20, 38, 39] {
            let frame = renderFrame(update(model, .moveCursor(to: t)), width: 100, height: 30, depth: .trueColor)
            let row = frame.text(row: 3)
            #expect(row.contains("input (1, 40, 1) = (N, T, D)"))   // the input's shape, right of the marks
            let marks = Array(row.components(separatedBy: "input (")[0])
            #expect(marks.contains("▲"), "t=\(t)")
            // Every run of digits is a whole end label, with a blank on each side (never "3▲").
            var i = 0
            while i < marks.count {
                guard marks[i].isNumber else { i += 1; continue }
                var j = i
                while j < marks.count, marks[j].isNumber { j += 1 }
                #expect(["0", "39"].contains(String(marks[i..<j])), "t=\(t): \(String(marks))")
                #expect(marks[i - 1] == " " && (j == marks.count || marks[j] == " "), "t=\(t): \(String(marks))")
                i = j
            }
        }
    }

    @Test func labelsRightOfTheStripAndMapAreWhole() throws {
        let config = try RNNConfig(inputSize: 64, hiddenSize: 256, numLayers: 2, bidirectional: true)
        func frame(seqLen: Int) throws -> String {
            let input = Tensor(shape: [seqLen, 1, 64], data: (0..<(seqLen * 64)).map { Float($0 % 17) / 8 - 1 })
            return renderFrame(try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: input),
                               width: 200, height: 60, depth: .trueColor).text
        }
        // Every t fits beside the long labels: they are drawn whole.
        let short = try frame(seqLen: 100)
        let shown = 2 * FrameLayout.stripRows(features: 64, glyphs: false, height: 60)   // more strip rows on a tall screen
        #expect(shown > 6 && short.contains("64 features, \(shown) shown") && short.contains("output[:, 0, 256:512], h_n[3, 0]"))
        // A sequence that must scroll keeps its columns; the labels take their short forms, whole.
        let long = try frame(seqLen: 300)
        #expect(long.contains("64 features ") && !long.contains("output[:"))
        #expect(long.contains("out, h_n[3, 0]") || long.contains("output, h_n[3, 0]"))
    }

    @Test func significantDigitsReadouts() {
        #expect(formatSignificant(0.93) == "0.930" && formatSignificant(1.4149) == "1.41" && formatSignificant(12.34) == "12.3")
        #expect(formatSignificant(1234.5) == "1230" && formatSignificant(0.0012345) == "0.00123" && formatSignificant(9.996) == "10.0")
        #expect(formatSignificant(5.9613e29) == "5.96e+29" && formatSignificant(6.84e-31) == "6.84e-31" && formatSignificant(-0.5) == "-0.500")
        #expect(formatSignificant(0) == "0" && formatSignificant(.nan) == "nan" && formatSignificant(-.infinity) == "-inf")
        #expect(formatSignificant(999_999.6) == "1.00e+06" && formatSignificant(Double.leastNonzeroMagnitude * 2000) == "\(Double.leastNonzeroMagnitude * 2000)")
    }

    @Test func hugeValuesPrintShortAndNeverTrap() throws {
        #expect(formatValue(1e30) == "+1e+30" && formatValue(-2.5e7, signed: false) == "-2.5e+07")
        #expect(formatValue(1234.4) == "+1234" && formatValue(999_999) == "+999999")
        // Data of 1e30 beside ±inf: the scale widens to the largest finite value, and every view renders.
        let config = try RNNConfig(inputSize: 1, hiddenSize: 4, batchFirst: true)
        var data = ScreenState.exampleInput(for: config).data
        (data[1], data[2], data[3]) = (1e30, .infinity, -.infinity)
        let model = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: Tensor(shape: [1, 20, 1], data: data))
        for action in [Action.step(2), .toggleExecutionOrder, .toggleTimeline, .toggleInspector] {
            for depth in ColorDepth.allCases {
                #expect(!renderFrame(update(model, action), width: 80, height: 24, depth: depth).text.isEmpty)
            }
        }
        #expect(renderFrame(update(model, .step(1)), width: 80, height: 24, depth: .none).text.contains("x=+1e+30"))
    }

    @Test func reluScaleRunsFromZeroToTheLargestState() {
        let relu = update(seed, .toggleNonlinearity)
        let scale = relu.stateScale
        #expect(scale.marksZero)
        let peak = (0..<20).flatMap { relu.trace.h(layer: 1, direction: 0, t: $0, n: 0) }.max()!
        #expect(scale.limit >= peak)
        // h is 0…max; the affine parts drawn on the same scale go below 0, and the legend says so.
        let legend = renderFrame(relu, width: 80, height: 24, depth: .trueColor).text(row: 22)
        #expect(legend.contains("relu scale -\(scale.limitText)") && legend.contains("+\(scale.limitText) (h ≥ 0)"))
    }

    @Test func tooManyLayersShowAWindowAroundTheSelection() {
        var model = seed
        for _ in 0..<6 { model = update(model, .addLayer) }
        let layout = FrameLayout(model: model, width: 80, height: 24, glyphs: false)
        #expect(layout.visibleLayers.count < 8 && layout.visibleLayers.contains(model.selectedLayer))
        #expect(renderFrame(model, width: 80, height: 24, depth: .trueColor).text.contains("of 8 shown"))
    }
}

/// Inputs PyTorch accepts but the screen has nothing of: refused with a reason, never a trap.
@Suite struct EmptyBatchTests {
    @Test(arguments: [false, true])
    func anEmptyBatchIsRefusedWithAReason(batchFirst: Bool) throws {
        let config = try RNNConfig(inputSize: 1, hiddenSize: 4, batchFirst: batchFirst)
        let input = Tensor(shape: batchFirst ? [0, 5, 1] : [5, 0, 1], data: [])
        #expect(throws: ModelError.self) { try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: input) }
        #expect(try RNN(config: config, seed: 0).forward(input).output.shape == (batchFirst ? [0, 5, 4] : [5, 0, 4]))
    }
}

/// A key that does nothing says why — on the header's second row, even when that row is full.
@Suite struct StatusAlwaysShowsTests {
    @Test(arguments: [(80, 24), (90, 24), (100, 30)])
    func theStatusShowsInExecModeOnANarrowScreen(width: Int, height: Int) {
        var model = update(update(ScreenState.seedExample(), .toggleBidirectional), .toggleExecutionOrder)
        model = update(model, .selectBatch(1))
        #expect(model.status == "the input has one batch element")
        let frame = renderFrame(model, width: width, height: height, depth: .trueColor)
        #expect(frame.text(row: height - 1).contains("the input has one batch element"), "\(frame.text(row: height - 1))")
        #expect(frame.text(row: 1).hasSuffix("exec   ") || frame.text(row: 1).contains("mode exec"))   // the header stays whole
    }
}

/// Found by clicking and pressing every key over extreme models: a frame never traps.
@Suite struct ExtremeModelFrameTests {
    @Test func wideHiddenStateOnManyLayersWithTheUpperLayerSelected() throws {
        // 12 bidirectional layers of 200 units over one step, ↑ pressed at 80×24: a packed heatmap
        // used to run past the bottom of the frame and read a cell that is not there.
        let config = try RNNConfig(inputSize: 2, hiddenSize: 200, numLayers: 12, batchFirst: true, bidirectional: true)
        let model = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: ScreenState.exampleInput(for: config, length: 1))
        let frame = renderFrame(update(model, .selectLayer(1)), width: 80, height: 24, depth: .trueColor)
        #expect(frame.text(row: 0).contains("RNN(2, 200, num_layers=12"))
        // The pane stays in its box: the legend and the hint line are intact.
        #expect(frame.text(row: 22).hasPrefix(" tanh scale -1"))
        #expect(frame.text(row: 23).hasPrefix(" ←→ step"))
        #expect(frame.text(row: 21).hasPrefix("└") || frame.text(row: 21).contains("layers 1–1 of 12"))
    }
}
