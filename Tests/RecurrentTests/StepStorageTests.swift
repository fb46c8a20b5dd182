import Testing
@testable import Recurrent

/// `StepStorage.statesOnly`: a trace that keeps h_t (and c_t) only, projecting W_ih·x chunk by
/// chunk and computing a step's parts and gates again when read, reads like one that keeps everything.
@Suite struct StepStorageTests {
    static func model(_ kind: CellKind, bidirectional: Bool) throws -> RNN {
        let config = try RNNConfig(kind: kind, inputSize: 3, hiddenSize: 40, numLayers: 2, dropout: 0.25,
                                   bidirectional: bidirectional, projSize: kind == .lstm ? 6 : 0)
        return RNN(config: config, seed: 21)
    }

    @Test(arguments: [CellKind.rnn, .lstm, .gru], [false, true])
    func everySeriesReadsAsTheFullTrace(kind: CellKind, bidirectional: Bool) throws {
        let rnn = try Self.model(kind, bidirectional: bidirectional)
        let input = Tensor.standardNormal([300, 2, 3], seed: 6)    // two chunks of W_ih·x, the second short
        let full = try rnn.trace(input, training: true, dropoutSeed: 3, storage: .everything)
        #expect(!full.recomputesParts)
        for threads in [1, 2] {
            let lean = try rnn.trace(input, training: true, dropoutSeed: 3, threads: threads, storage: .statesOnly)
            #expect(lean.recomputesParts && lean.chunkSteps == Trace.chunkLength)
            #expect(maxAbsDifference(lean.output.data, full.output.data) <= 1e-6, "threads \(threads)")
            #expect(maxAbsDifference(lean.hN.data, full.hN.data) <= 1e-6)
            #expect(maxAbsDifference(lean.cN?.data ?? [], full.cN?.data ?? []) <= 1e-6)
            for index in 0..<(rnn.config.numLayers * rnn.config.numDirections) {
                let cell = CellIndex(index: index, directions: rnn.config.numDirections)
                for series in full.recordedSeries { for t in [0, 1, 137, 255, 256, 299] { for n in 0..<2 {
                    let want = full.series(series.name, cell: cell, t: t, n: n), got = lean.series(series.name, cell: cell, t: t, n: n)
                    #expect(got.count == want.count && maxAbsDifference(got, want) <= 1e-5, "\(series.name) \(cell.suffix) t=\(t)")
                } } }
            }
        }
    }

    @Test(arguments: [CellKind.rnn, .lstm, .gru])
    func aStepperKeepingStatesStepsAsTheWholeRun(kind: CellKind) throws {
        let rnn = try Self.model(kind, bidirectional: true)
        let input = Tensor.standardNormal([270, 1, 3], seed: 9)
        let whole = try rnn.trace(input, storage: .everything)
        let stepper = try rnn.stepper(input, storage: .statesOnly)
        while stepper.step() != nil {}
        #expect(maxAbsDifference(stepper.output.data, whole.output.data) <= 1e-6)
        #expect(maxAbsDifference(stepper.series(kind == .rnn ? "hh" : kind.gateNames[0], cell: CellIndex(layer: 1, direction: 1), t: 5, n: 0),
                                 whole.series(kind == .rnn ? "hh" : kind.gateNames[0], cell: CellIndex(layer: 1, direction: 1), t: 5, n: 0)) <= 1e-5)
    }

    @Test func automaticKeepsOnlyTheStatesPastTheBudget() throws {
        let long = try RNNConfig(inputSize: 8, hiddenSize: 512, numLayers: 2, bidirectional: true)
        #expect(StepStorage.automatic.keepsOnlyStates(long, seqLen: 100_000, batch: 1))   // 1.6 GB of parts
        #expect(!StepStorage.automatic.keepsOnlyStates(long, seqLen: 1_000, batch: 1))
        #expect(!StepStorage.everything.keepsOnlyStates(long, seqLen: 100_000, batch: 1))
        #expect(StepStorage.statesOnly.keepsOnlyStates(long, seqLen: 1, batch: 1))
    }
}
