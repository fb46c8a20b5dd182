import Testing
@testable import Recurrent

/// `run(threads:)`: directions at once and batch blocks at once compute the steps one thread
/// computes — checked against PyTorch's fixtures and against the one-thread run.
@Suite struct ParallelRunTests {
    @Test(arguments: Fixtures.gated().map(\.name))
    func gatedFixturesAgreeWithPyTorchOnTwoAndThreeThreads(name: String) throws {
        let fixture = Fixtures.gated(named: name)
        for threads in [2, 3] {
            let (output, hN, cN) = try fixture.model().forward(fixture.input.tensor, h0: fixture.h0?.tensor, c0: fixture.c0?.tensor,
                                                               threads: threads)
            #expect(maxAbsDifference(output.data, fixture.output.tensor.data) <= 1e-5, "threads \(threads)")
            #expect(maxAbsDifference(hN.data, fixture.h_n.tensor.data) <= 1e-5)
            if let cN, let expected = fixture.c_n { #expect(maxAbsDifference(cN.data, expected.tensor.data) <= 1e-5) }
        }
    }

    @Test(arguments: Fixtures.forward().map(\.name))
    func rnnFixturesAgreeWithPyTorchOnTwoThreads(name: String) throws {
        let fixture = Fixtures.forward(named: name)
        let (output, hN, _) = try fixture.model().forward(fixture.input.tensor, h0: fixture.h0?.tensor, threads: 2)
        #expect(output.shape == fixture.output.shape)
        #expect(maxAbsDifference(output.data, fixture.output.tensor.data) <= 1e-5)
        #expect(maxAbsDifference(hN.data, fixture.h_n.tensor.data) <= 1e-5)
    }

    /// Batches big enough to be cut into row and element blocks, with dropout masks and a
    /// projection: every kept series of the two-thread trace is the one-thread trace's.
    @Test(arguments: [CellKind.rnn, .lstm, .gru], [false, true])
    func everySeriesEqualsTheOneThreadRun(kind: CellKind, bidirectional: Bool) throws {
        let config = try RNNConfig(kind: kind, inputSize: 5, hiddenSize: 24, numLayers: 2, dropout: 0.3,
                                   bidirectional: bidirectional, projSize: kind == .lstm ? 7 : 0)
        let rnn = RNN(config: config, seed: 11)
        let input = Tensor.standardNormal([40, 6, 5], seed: 3)    // T·N = 240 rows: four blocks of 64+
        let one = try rnn.trace(input, training: true, dropoutSeed: 5, threads: 1)
        let two = try rnn.trace(input, training: true, dropoutSeed: 5, threads: 2)
        #expect(two.isComplete && two.stepsDone == one.totalSteps)
        #expect(maxAbsDifference(two.output.data, one.output.data) <= 1e-6)
        #expect(maxAbsDifference(two.hN.data, one.hN.data) <= 1e-6)
        for index in 0..<(config.numLayers * config.numDirections) {
            let cell = CellIndex(index: index, directions: config.numDirections)
            for series in one.recordedSeries { for t in 0..<40 { for n in 0..<6 {
                let a = one.series(series.name, cell: cell, t: t, n: n), b = two.series(series.name, cell: cell, t: t, n: n)
                #expect(maxAbsDifference(a, b) <= 1e-6, "\(series.name) \(cell.suffix) t=\(t) n=\(n)")
            } } }
        }
        let forward = try rnn.forward(input, training: true, dropoutSeed: 5, threads: 2)
        #expect(maxAbsDifference(forward.output.data, one.output.data) <= 1e-6)
        #expect(maxAbsDifference(forward.cN?.data ?? [], one.cN?.data ?? []) <= 1e-6)
    }

    /// A W_hh of a core's L2 or more (so with a batch of one too): hh's columns are cut in two per
    /// step (a leader and a helper), with a projection and dropout on the way.
    @Test(arguments: [(CellKind.rnn, 1, 512), (.lstm, 1, 512), (.gru, 1, 300), (.gru, 3, 300), (.lstm, 2, 260)])
    func sharedStepsEqualTheOneThreadRun(kind: CellKind, batch: Int, hidden: Int) throws {
        let config = try RNNConfig(kind: kind, inputSize: 4, hiddenSize: hidden, numLayers: 2, dropout: 0.2,
                                   projSize: kind == .lstm && hidden == 512 ? 128 : 0)
        #expect(config.gateRows * config.outputSize * 4 >= Trace.cachedWeightBytes)
        let rnn = RNN(config: config, seed: 4)
        let input = Tensor.standardNormal([30, batch, 4], seed: 8)
        let one = try rnn.trace(input, training: true, dropoutSeed: 2, threads: 1)
        for threads in [2, 4] {
            let two = try rnn.trace(input, training: true, dropoutSeed: 2, threads: threads)
            #expect(maxAbsDifference(two.output.data, one.output.data) <= 1e-6, "threads \(threads)")
            for series in one.recordedSeries { for layer in 0..<2 { for t in 0..<30 { for n in 0..<batch {
                let cell = CellIndex(layer: layer, direction: 0)
                #expect(maxAbsDifference(one.series(series.name, cell: cell, t: t, n: n), two.series(series.name, cell: cell, t: t, n: n)) <= 1e-6)
            } } } }
            let forward = try rnn.forward(input, training: true, dropoutSeed: 2, threads: threads)
            #expect(maxAbsDifference(forward.hN.data, one.hN.data) <= 1e-6)
        }
    }

    @Test func blocksCoverTheRangeInOrder() {
        #expect(blocks(of: 10, into: 3, smallest: 1) == [0..<3, 3..<6, 6..<10])
        #expect(blocks(of: 100, into: 4, smallest: 64) == [0..<100])           // too few rows to cut
        #expect(blocks(of: 200, into: 2, smallest: 64) == [0..<100, 100..<200])
        #expect(blocks(of: 0, into: 2, smallest: 1) == [0..<0])
    }
}
