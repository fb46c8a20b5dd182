import Testing
@testable import Recurrent

@Suite struct InitTests {
    @Test func valuesLieInPyTorchsRange() throws {
        let config = try RNNConfig(inputSize: 3, hiddenSize: 25, numLayers: 2, bidirectional: true)
        let bound = 1 / Float(25).squareRoot()
        for (_, tensor) in RNN(config: config, seed: 7).stateDict {
            #expect(tensor.data.allSatisfy { $0 >= -bound && $0 < bound })
            #expect(Set(tensor.data).count > tensor.count / 2)   // not constant
        }
    }

    @Test func sameSeedSameWeightsOtherSeedOtherWeights() throws {
        let config = try RNNConfig(inputSize: 2, hiddenSize: 4)
        #expect(RNN(config: config, seed: 3).cells == RNN(config: config, seed: 3).cells)
        #expect(RNN(config: config, seed: 3).cells != RNN(config: config, seed: 4).cells)
    }

    @Test func changingTopologyKeepsExistingParameters() throws {
        let small = RNN(config: try RNNConfig(inputSize: 1, hiddenSize: 10), seed: 0)
        let bigger = RNN(config: try RNNConfig(inputSize: 1, hiddenSize: 10, numLayers: 3, bidirectional: true), seed: 0)
        for (name, tensor) in small.stateDict {
            #expect(bigger.parameter(named: name) == tensor, "\(name) changed")
        }
        // and so the forward states of layer 0 stay the same
        let input = Tensor(shape: [4, 1], data: [0.1, -0.5, 0.9, 0.3])
        let a = try small.trace(input), b = try bigger.trace(input)
        for t in 0..<4 { #expect(a.h(layer: 0, direction: 0, t: t, n: 0) == b.h(layer: 0, direction: 0, t: t, n: 0)) }
    }

    @Test func missingAndMisshapedParametersAreNamed() throws {
        let config = try RNNConfig(inputSize: 1, hiddenSize: 10, numLayers: 2)
        var dict = Dictionary(uniqueKeysWithValues: RNN(config: config).stateDict.map { ($0.name, $0.tensor) })
        dict["weight_hh_l1"] = nil
        #expect(throws: RNNError.self) { try RNN(config: config, stateDict: dict) }
        do { _ = try RNN(config: config, stateDict: dict) } catch let error as RNNError {
            #expect(error.message.contains("weight_hh_l1") && error.message.contains("[10, 10]"))
        }
        dict["weight_hh_l1"] = Tensor(zeros: [10, 3])
        do { _ = try RNN(config: config, stateDict: dict) } catch let error as RNNError {
            #expect(error.message == "size mismatch for weight_hh_l1: copying a param with shape [10, 3] from checkpoint, the shape in current model is [10, 10].")
        }
    }
}

@Suite struct DropoutTests {
    /// A model whose layer 0 output is never exactly zero, so zeros in layer 1's input are dropout's.
    func layerOneInputs(p: Double, training: Bool, seed: UInt64) throws -> (dropped: [Float], kept: [Float]) {
        let config = try RNNConfig(inputSize: 4, hiddenSize: 50, numLayers: 2, dropout: p)
        let input = Tensor(shape: [40, 8, 4], data: (0..<(40 * 8 * 4)).map { Float(($0 * 37) % 101) / 50 - 1 })
        let rnn = RNN(config: config, seed: 11)
        let trace = try rnn.trace(input, training: training, dropoutSeed: seed)
        var dropped: [Float] = [], kept: [Float] = []
        for t in 0..<40 { for n in 0..<8 {
            dropped += trace.x(layer: 1, t: t, n: n)
            kept += trace.h(layer: 0, direction: 0, t: t, n: n)
        } }
        return (dropped, kept)
    }

    @Test(arguments: [0.2, 0.5, 0.8])
    func fractionZeroedIsNearPAndSurvivorsAreScaled(p: Double) throws {
        let (dropped, kept) = try layerOneInputs(p: p, training: true, seed: 5)
        let zeroed = Double(dropped.filter { $0 == 0 }.count) / Double(dropped.count)
        #expect(abs(zeroed - p) < 0.03, "zeroed \(zeroed) for p \(p)")
        for (d, k) in zip(dropped, kept) where d != 0 {
            #expect(abs(d - k / Float(1 - p)) <= 1e-6 * max(1, abs(d)))
        }
    }

    @Test func evaluationModeIsDeterministicAndUntouched() throws {
        let (dropped, kept) = try layerOneInputs(p: 0.5, training: false, seed: 5)
        #expect(dropped == kept)
    }

    @Test func trainingRunsRepeatWithTheSameSeedAndDifferWithAnother() throws {
        let a = try layerOneInputs(p: 0.5, training: true, seed: 5).dropped
        let b = try layerOneInputs(p: 0.5, training: true, seed: 5).dropped
        let c = try layerOneInputs(p: 0.5, training: true, seed: 6).dropped
        #expect(a == b)
        #expect(a != c)
    }

    /// A batch element run alone (`onlyElement`, what the visualizer does) is that element's part of
    /// the whole batch's run — its dropout masks included — in both layouts, with an h0.
    @Test(arguments: [false, true])
    func aBatchElementRunAloneGetsItsMasksOfTheWholeRun(batchFirst: Bool) throws {
        let config = try RNNConfig(inputSize: 3, hiddenSize: 6, numLayers: 3, batchFirst: batchFirst,
                                   dropout: 0.4, bidirectional: true)
        let rnn = RNN(config: config, seed: 4)
        let (t, n) = (7, 5)
        let inputValues: [Float] = (0..<(t * n * 3)).map { Float(($0 * 53) % 97) / 48 - 1 }
        let h0Values: [Float] = (0..<(6 * n * 6)).map { Float(($0 * 31) % 23) / 11 - 1 }
        let input = Tensor(shape: batchFirst ? [n, t, 3] : [t, n, 3], data: inputValues)
        let h0 = Tensor(shape: [6, n, 6], data: h0Values)
        let whole = try rnn.trace(input, h0: h0, training: true, dropoutSeed: 9)
        var zeros = 0
        for element in 0..<n {
            let alone = try rnn.trace(input, h0: h0, training: true, dropoutSeed: 9, onlyElement: element)
            #expect(alone.batch == 1 && alone.seqLen == t)
            for layer in 0..<3 {
                for step in 0..<t {
                    let (a, w) = (alone.x(layer: layer, t: step, n: 0), whole.x(layer: layer, t: step, n: element))
                    #expect(a.map { $0 == 0 } == w.map { $0 == 0 })   // the same masks
                    #expect(maxAbsDifference(a, w) <= 1e-6)
                    if layer > 0 { zeros += w.filter { $0 == 0 }.count }
                    for direction in 0..<2 {
                        #expect(maxAbsDifference(alone.h(layer: layer, direction: direction, t: step, n: 0),
                                                 whole.h(layer: layer, direction: direction, t: step, n: element)) <= 1e-6)
                    }
                }
            }
        }
        #expect(zeros > 0)   // dropout did act
    }

    @Test func skippingTheGeneratorIsDrawingThatMany() {
        var drawn = SeededUniform(seed: 3, key: "k"), skipped = drawn
        for _ in 0..<1000 { _ = drawn.next() }
        skipped.skip(1000)
        #expect(drawn.next() == skipped.next())
    }

    @Test func theLastLayerGetsNoDropout() throws {
        let config = try RNNConfig(inputSize: 2, hiddenSize: 8, numLayers: 2, dropout: 0.9)
        let rnn = RNN(config: config, seed: 1)
        let input = Tensor(shape: [6, 1, 2], data: (0..<12).map { Float($0) / 6 - 1 })
        let (output, _, _) = try rnn.forward(input, training: true, dropoutSeed: 2)
        let trace = try rnn.trace(input, training: true, dropoutSeed: 2)
        #expect(output == trace.output)   // output is layer 1's h, never masked
    }
}
