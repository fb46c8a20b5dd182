import Foundation
import Recurrent
import Testing
@testable import ScopeUI

/// Keys → actions → state: the visualizer's behaviour without a screen.
@Suite struct UpdateTests {
    let start = ScreenState.seedExample()

    /// Applies the actions for `keys` in order.
    func pressing(_ keys: [Key], from model: ScreenState? = nil) -> ScreenState {
        keys.reduce(model ?? start) { m, key in action(for: key).map { update(m, $0) } ?? m }
    }

    @Test func keyMapCoversTheIssueKeys() {
        #expect(action(for: .right) == .step(1))
        #expect(action(for: .char("h")) == .step(-1))
        #expect(action(for: .char("G")) == .jumpToEnd)
        #expect(action(for: .home) == .jumpToStart)
        #expect(action(for: .up) == .selectLayer(1))
        #expect(action(for: .char("j")) == .selectLayer(-1))
        #expect(action(for: .tab) == .switchDirection)
        #expect(action(for: .char("]")) == .selectBatch(1))
        #expect(action(for: .char(" ")) == .togglePlay)
        #expect(action(for: .char("b")) == .toggleBidirectional)
        #expect(action(for: .char("+")) == .addLayer)
        #expect(action(for: .char("-")) == .removeLayer)
        #expect(action(for: .char("n")) == .toggleNonlinearity)
        #expect(action(for: .char("B")) == .toggleBias)
        #expect(action(for: .char("r")) == .reseed)
        #expect(action(for: .char("?")) == .toggleHelp)
        #expect(action(for: .escape) == .escape)
        #expect(action(for: .char("q")) == .quit)
        #expect(action(for: .char("Z")) == nil && action(for: .char("z")) == .editInput(.nudge(-1)))
    }

    @Test func seedExampleOpensAtTheStart() {
        #expect(start.config.pytorchRepr == "RNN(1, 10, num_layers=2, batch_first=True)")
        #expect(start.config.nonlinearity == .tanh)
        #expect(start.trace.seqLen == 20 && start.trace.batch == 1)
        #expect(start.cursor == 0 && start.mode == .time && !start.showingHelp)
        #expect(start.input.shape == [1, 20, 1])
        #expect(abs(start.input.data[10] - Float(sin(Double.pi * 10 / 19))) < 1e-6)
    }

    /// `d` is rnn.train() / rnn.eval(): dropout between layers on the screen's numbers, or a status
    /// saying why there is none.
    @Test func dTogglesTrainingMode() throws {
        #expect(action(for: .char("d")) == .toggleTraining)
        #expect(pressing([.char("d")]).training && !pressing([.char("d"), .char("d")]).training)
        #expect(pressing([.char("d")]).status == "training mode: dropout is 0, nothing is dropped (--dropout p sets it)")
        #expect(pressing([.char("d"), .char("d")]).status == "evaluation mode (rnn.eval()): no dropout")
        let config = try RNNConfig(inputSize: 1, hiddenSize: 16, numLayers: 2, batchFirst: true, dropout: 0.5)
        let m = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: ScreenState.exampleInput(for: config))
        let training = pressing([.char("d")], from: m)
        #expect(training.status == "training mode (rnn.train()): dropout 0.5 between layers, masks from seed 0")
        let whole = try m.rnn.trace(m.input, training: true, dropoutSeed: 0)
        let layerOneInputs = (0..<20).flatMap { training.trace.x(layer: 1, t: $0, n: ScreenState.tracedElement) }
        #expect(layerOneInputs == (0..<20).flatMap { whole.x(layer: 1, t: $0, n: 0) })
        #expect(layerOneInputs.contains(0) && !(0..<20).flatMap { m.trace.x(layer: 1, t: $0, n: 0) }.contains(0))
        let oneLayer = try ScreenState(rnn: RNN(config: RNNConfig(inputSize: 1, hiddenSize: 4, dropout: 0.5), seed: 0), seed: 0,
                                 input: Tensor(zeros: [3, 1, 1]))
        #expect(pressing([.char("d")], from: oneLayer).status?.contains("with one layer there is none") == true)
    }

    @Test func bigStepsMoveTenAndStopAtTheEnds() throws {
        #expect(action(for: .pageDown) == .step(bigStep) && action(for: .char("H")) == .step(-bigStep))
        #expect(pressing([.pageDown]).cursor == 10 && pressing([.pageDown, .pageDown]).cursor == 19)
        #expect(pressing([.pageDown, .pageDown]).status == "t=19 is the last step (T=20)")
        #expect(pressing([.end, .pageUp]).cursor == 9 && pressing([.char("L"), .char("H")]).cursor == 0)
        #expect(pressing([.char("e"), .pageDown]).executedSteps == 10)
        let config = try RNNConfig(inputSize: 1, hiddenSize: 2, batchFirst: true)
        let batch = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: Tensor(zeros: [25, 3, 1]))
        #expect(pressing([.char("}")], from: batch).batchIndex == 10 && pressing([.char("}"), .char("}"), .char("}")], from: batch).batchIndex == 24)
        #expect(pressing([.char("}"), .char("{")], from: batch).batchIndex == 0)
    }

    @Test func steppingClampsToTheSequence() {
        #expect(pressing([.right, .right, .char("l")]).cursor == 3)
        #expect(pressing([.left]).cursor == 0)
        #expect(pressing([.end]).cursor == 19)
        #expect(pressing([.end, .right]).cursor == 19)
        #expect(pressing([.end, .char("g")]).cursor == 0)
    }

    @Test func layerSelectionStaysInsideTheStack() {
        #expect(pressing([.up]).selectedLayer == 1)
        #expect(pressing([.up, .up, .up]).selectedLayer == 1)
        #expect(pressing([.up, .down, .down]).selectedLayer == 0)
    }

    @Test func bidirectionalKeepsTheForwardStates() {
        let bi = pressing([.right, .char("b")])
        #expect(bi.config.bidirectional && bi.config.numDirections == 2)
        #expect(bi.trace.h(layer: 0, direction: 0, t: 1, n: 0) == start.trace.h(layer: 0, direction: 0, t: 1, n: 0))
        #expect(bi.cursor == 1)
        let tabbed = pressing([.tab], from: bi)
        #expect(tabbed.selectedDirection == 1)
        let back = pressing([.char("b")], from: tabbed)
        #expect(!back.config.bidirectional && back.selectedDirection == 0)
    }

    @Test func layersAreAddedAndRemovedWithinLimits() {
        let three = pressing([.char("+")])
        #expect(three.config.numLayers == 3 && three.selectedLayer == 2)
        #expect(three.trace.h(layer: 1, direction: 0, t: 7, n: 0) == start.trace.h(layer: 1, direction: 0, t: 7, n: 0))
        let one = pressing([.char("-"), .char("-")])
        #expect(one.config.numLayers == 1)
        #expect(one.status == "nn.RNN needs at least one layer")
        let many = pressing(Array(repeating: .char("+"), count: 12))
        #expect(many.config.numLayers == maxLayers && many.status != nil)
    }

    @Test func nonlinearityBiasAndSeedRebuild() {
        let relu = pressing([.char("n")])
        #expect(relu.config.nonlinearity == .relu)
        #expect(relu.trace.h(layer: 0, direction: 0, t: 3, n: 0).allSatisfy { $0 >= 0 })
        #expect(relu.rnn.cells[0].weightHH == start.rnn.cells[0].weightHH)
        let noBias = pressing([.char("B")])
        #expect(!noBias.config.bias && noBias.rnn.cells[0].biasIH == nil)
        let reseeded = pressing([.char("r")])
        #expect(reseeded.seed == 1 && reseeded.rnn.cells[0].weightHH != start.rnn.cells[0].weightHH)
    }

    @Test func aLoadedModelSaysWhyTopologyKeysAreOff() throws {
        let loaded = try ScreenState(rnn: start.rnn, seed: 0, input: start.input, source: .loaded("sine.safetensors"))
        for key in [Key.char("b"), .char("+"), .char("-"), .char("B"), .char("r")] {
            let after = pressing([key], from: loaded)
            #expect(after.config == loaded.config)
            #expect(after.status?.contains("fixed by the loaded weights (sine.safetensors)") == true)
        }
        #expect(pressing([.char("r")], from: loaded).status == "the weights are fixed by the loaded weights (sine.safetensors)")
        #expect(pressing([.char("+")], from: loaded).status == "the number of layers is fixed by the loaded weights (sine.safetensors)")
        #expect(pressing([.char("n")], from: loaded).config.nonlinearity == .relu)
    }

    @Test func helpClosesOnEscapeFirstAndQuitStillQuits() {
        let help = pressing([.char("?")])
        #expect(help.showingHelp)
        let closed = pressing([.escape], from: help)
        #expect(!closed.showingHelp && !closed.quitRequested)
        #expect(pressing([.char("q")], from: help).quitRequested)
    }

    @Test func playTicksUntilTheEnd() {
        var m = pressing([.char(" ")])
        #expect(m.playing)
        for _ in 0..<25 { m = update(m, .tick) }
        #expect(m.cursor == 19 && !m.playing)
        #expect(update(start, .tick).cursor == 0)
    }

    @Test func batchAndDirectionKeysExplainAOneElementOneDirectionModel() {
        #expect(pressing([.char("]")]).batchIndex == 0)
        #expect(pressing([.char("]")]).status == "the input has one batch element")
        #expect(pressing([.tab]).status?.contains("bidirectional") == true)
    }

    @Test func movesPastAnEndSayWhyNothingMoved() {
        #expect(pressing([.left]).status == "t=0 is the first step")
        #expect(pressing([.end, .right]).status == "t=19 is the last step (T=20)")
        #expect(pressing([.end, .right]).cursor == 19)
        #expect(pressing([.right]).status == nil && pressing([.right]).cursor == 1)
        #expect(pressing([.down]).status == "layer 0 is the bottom layer")
        #expect(pressing([.up, .up]).status == "layer 1 is the top layer")
        #expect(pressing([.up]).status == nil && pressing([.up]).selectedLayer == 1)
        #expect(pressing([.char("e"), .home, .left]).status == "no cell step computed yet")
        #expect(pressing([.char("e"), .end, .right]).status == "all 40 cell steps computed")
        #expect(pressing([.char("e"), .home, .right]).status == nil)
    }

    @Test func batchElementsAreSelectable() throws {
        let config = try RNNConfig(inputSize: 1, hiddenSize: 4, batchFirst: true)
        let input = Tensor(shape: [3, 5, 1], data: (0..<15).map { Float($0) / 15 })
        let m = try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: input)
        #expect(pressing([.char("]"), .char("]"), .char("]")], from: m).batchIndex == 2)
        #expect(pressing([.char("]"), .char("]"), .char("]")], from: m).status == "batch element 2 is the last (N=3)")
        #expect(pressing([.char("[")], from: m).status == "batch element 0 is the first")
    }

    /// The screen runs the network over the element on screen alone; its numbers are that
    /// element's numbers of the whole batch's run, in time and exec mode, and relu's scale is its own.
    @Test(arguments: [Nonlinearity.tanh, .relu])
    func theElementOnScreenHasItsNumbersOfTheWholeRun(nonlinearity: Nonlinearity) throws {
        let config = try RNNConfig(inputSize: 2, hiddenSize: 4, numLayers: 2, nonlinearity: nonlinearity, bidirectional: true)
        let input = Tensor(shape: [5, 3, 2], data: (0..<30).map { Float(($0 * 37) % 17) / 8 - 1 })   // (T, N, D)
        let rnn = RNN(config: config, seed: 3)
        let whole = try rnn.trace(input)
        let m = try ScreenState(rnn: rnn, seed: 3, input: input)
        #expect(m.batchSize == 3 && m.trace.batch == 1)
        for (keys, n) in [([Key](), 0), ([.char("]")], 1), ([.char("]"), .char("]")], 2)] {
            let shown = pressing(keys, from: m)
            let exec = pressing(keys + [.char("e"), .end], from: m)
            #expect(shown.batchIndex == n && exec.batchIndex == n)
            var peak: Float = 0
            for layer in 0..<2 {
                for direction in 0..<2 {
                    for t in 0..<5 {
                        let expected = whole.h(layer: layer, direction: direction, t: t, n: n)
                        peak = max(peak, expected.map(abs).max()!)
                        for model in [shown, exec] {
                            let got = model.shownTrace.h(layer: layer, direction: direction, t: t, n: ScreenState.tracedElement)
                            #expect(zip(got, expected).map { abs($0 - $1) }.max()! <= 1e-6)
                        }
                    }
                }
            }
            if nonlinearity == .relu { #expect(abs(shown.stateScale.limit - peak) <= 1e-6) }
        }
    }

    /// With an h0, each element starts from its own slice of it: the screen's numbers are the whole
    /// run's, the step at t = 0 reads "h0", and keys that would change h0's shape are refused.
    @Test func anH0IsSlicedPerElementAndFixesTheTopology() throws {
        let config = try RNNConfig(inputSize: 2, hiddenSize: 3, numLayers: 2, bidirectional: true)
        let input = Tensor(shape: [4, 3, 2], data: (0..<24).map { Float(($0 * 29) % 13) / 6 - 1 })   // (T, N, D)
        let h0 = Tensor(shape: [4, 3, 3], data: (0..<36).map { Float(($0 * 11) % 7) / 3 - 1 })      // (L·dirs, N, H)
        let rnn = RNN(config: config, seed: 5)
        let whole = try rnn.trace(input, h0: h0)
        let m = try ScreenState(rnn: rnn, seed: 5, input: input, h0: h0)
        for n in 0..<3 {
            let shown = pressing(Array(repeating: .char("]"), count: n), from: m)
            for layer in 0..<2 {
                for direction in 0..<2 {
                    for t in 0..<4 {
                        let got = shown.trace.h(layer: layer, direction: direction, t: t, n: ScreenState.tracedElement)
                        let expected = whole.h(layer: layer, direction: direction, t: t, n: n)
                        #expect(zip(got, expected).map { abs($0 - $1) }.max()! <= 1e-6)
                    }
                    let start = direction == 0 ? 0 : 3
                    #expect(shown.trace.previous(layer: layer, direction: direction, t: start, n: ScreenState.tracedElement)
                            == whole.previous(layer: layer, direction: direction, t: start, n: n))
                }
            }
        }
        #expect(m.previousName(direction: 0, t: 0) == "h0" && m.previousName(direction: 1, t: 3) == "h0")
        #expect(m.previousName(direction: 0, t: 1) == "h_t-1" && m.previousName(direction: 1, t: 0) == "h_t+1")
        for key: Key in [.char("b"), .char("+"), .char("-")] {
            let refused = pressing([key], from: m)
            #expect(refused.config == m.config)
            #expect(refused.status?.hasSuffix("fixed by h0 (4, 3, 3) (one state per layer and direction)") == true)
        }
        #expect(pressing([.char("B")], from: m).config.bias == false)   // bias and the weights stay free
    }

    @Test func aModelCanOpenOnAnyElementAndRefusesOnesNotThere() throws {
        let config = try RNNConfig(inputSize: 1, hiddenSize: 4, batchFirst: true)
        let input = Tensor(shape: [3, 5, 1], data: (0..<15).map { Float($0) / 15 })
        #expect(try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: input, batchIndex: 2).batchIndex == 2)
        #expect(throws: ModelError("batch element 3 is not in the input: its batch has 3 (0…2)")) {
            try ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: input, batchIndex: 3)
        }
    }
}
