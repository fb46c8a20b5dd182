import Testing
import Recurrent

/// The same numbers whatever the layout: batch-first is the time-major run transposed, an unbatched
/// sequence is a batch of one, and every batch element is computed independently of the others.
@Suite struct LayoutConsistencyTests {
    /// A deterministic non-trivial input of `shape`.
    func input(_ shape: [Int]) -> Tensor {
        Tensor(shape: shape, data: (0..<shape.reduce(1, *)).map { Float(($0 * 7919) % 211) / 105 - 1 })
    }

    func model(batchFirst: Bool, bidirectional: Bool = true, nonlinearity: Nonlinearity = .tanh) throws -> RNN {
        RNN(config: try RNNConfig(inputSize: 3, hiddenSize: 9, numLayers: 3, nonlinearity: nonlinearity,
                                  batchFirst: batchFirst, bidirectional: bidirectional), seed: 42)
    }

    @Test(arguments: [Nonlinearity.tanh, .relu])
    func batchFirstIsTheTimeMajorRunTransposed(nonlinearity: Nonlinearity) throws {
        let timeMajor = input([6, 4, 3])
        let (output, hN, _) = try model(batchFirst: false, nonlinearity: nonlinearity).forward(timeMajor)
        let (outputBF, hNBF, _) = try model(batchFirst: true, nonlinearity: nonlinearity).forward(timeMajor.swappingFirstTwoAxes())
        #expect(outputBF == output.swappingFirstTwoAxes())
        #expect(hNBF == hN)   // h_n is never batch-first
    }

    @Test func anUnbatchedSequenceIsABatchOfOne() throws {
        let rnn = try model(batchFirst: false)
        let sequence = input([5, 3])
        let h0 = input([6, 9])
        let (output, hN, _) = try rnn.forward(sequence, h0: h0)
        let (batchedOutput, batchedHN, _) = try rnn.forward(sequence.reshaped([5, 1, 3]), h0: h0.reshaped([6, 1, 9]))
        #expect(output.shape == [5, 18] && hN.shape == [6, 9])
        #expect(output.data == batchedOutput.data)
        #expect(hN.data == batchedHN.data)
    }

    @Test func batchElementsDoNotInfluenceEachOther() throws {
        let rnn = try model(batchFirst: true)
        let batch = input([4, 7, 3])                       // (N, T, D)
        let (output, hN, _) = try rnn.forward(batch)
        for n in 0..<4 {
            let one = Tensor(shape: [1, 7, 3], data: Array(batch.data[(n * 21)..<((n + 1) * 21)]))
            let (alone, aloneHN, _) = try rnn.forward(one)
            #expect(maxAbsDifference(alone.data, Array(output.data[(n * 7 * 18)..<((n + 1) * 7 * 18)])) <= 1e-6)
            for cell in 0..<6 {
                #expect(maxAbsDifference(Array(aloneHN.data[(cell * 9)..<(cell * 9 + 9)]),
                                         Array(hN.data[((cell * 4 + n) * 9)..<((cell * 4 + n) * 9 + 9)])) <= 1e-6)
            }
        }
    }

    /// `InputGeometry.batchElement` cuts element n out of every layout, and running it alone gives
    /// element n's part of the whole run's output (what the visualizer relies on).
    @Test(arguments: [false, true])
    func aBatchElementCutOutRunsLikeItsPartOfTheWholeRun(batchFirst: Bool) throws {
        let rnn = try model(batchFirst: batchFirst)
        let whole = input(batchFirst ? [4, 7, 3] : [7, 4, 3])
        let geometry = try rnn.checkInput(whole)
        #expect(geometry == InputGeometry(layout: batchFirst ? .batchFirst : .batched, seqLen: 7, batch: 4))
        let output = try rnn.forward(whole).output
        for n in 0..<4 {
            let element = geometry.batchElement(n, of: whole)
            #expect(element.shape == (batchFirst ? [1, 7, 3] : [7, 1, 3]))
            let alone = try rnn.forward(element).output
            for t in 0..<7 {
                let row = batchFirst ? (n * 7 + t) : (t * 4 + n)
                #expect(maxAbsDifference(Array(alone.data[(t * 18)..<(t * 18 + 18)]),
                                         Array(output.data[(row * 18)..<(row * 18 + 18)])) <= 1e-6)
            }
        }
        #expect(geometry.outputShape(rnn.config) == output.shape)
    }

    @Test func anUnbatchedInputIsItsOwnOnlyElement() throws {
        let rnn = try model(batchFirst: false)
        let sequence = input([5, 3])
        let geometry = try rnn.checkInput(sequence)
        #expect(geometry == InputGeometry(layout: .unbatched, seqLen: 5, batch: 1))
        #expect(geometry.batchElement(0, of: sequence) == sequence)
        #expect(geometry.hNShape(rnn.config) == [6, 9])
    }

    @Test func checkingAnInputThrowsWhatForwardThrows() throws {
        let rnn = try model(batchFirst: false)
        for bad in [input([2, 3, 4]), input([2, 2, 2, 3]), input([0, 2, 3])] {
            var checkError = "", forwardError = ""
            do { _ = try rnn.checkInput(bad) } catch { checkError = "\(error)" }
            do { _ = try rnn.forward(bad) } catch { forwardError = "\(error)" }
            #expect(!checkError.isEmpty && checkError == forwardError)
        }
    }

    @Test func repeatedRunsOfOneModelAgree() throws {
        // Runs reuse the model's storage; a second run must not see the first one's values.
        let rnn = try model(batchFirst: false)
        let first = try rnn.forward(input([6, 2, 3]))
        _ = try rnn.forward(input([9, 5, 3]))
        _ = try rnn.trace(input([3, 1, 3]))
        let again = try rnn.forward(input([6, 2, 3]))
        #expect(again.output == first.output)
        #expect(again.hN == first.hN)
    }
}
