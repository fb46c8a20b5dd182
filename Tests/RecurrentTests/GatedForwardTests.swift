import Testing
import Recurrent

/// nn.LSTM and nn.GRU, every configuration of `scripts/make_gated_fixtures.py`, run here and
/// compared with what PyTorch returned — output, h_n, c_n, and every gate of every step.
@Suite struct GatedForwardTests {
    static let fixtures = Fixtures.gated()

    @Test func bothKindsAreCovered() {
        #expect(Self.fixtures.filter { $0.config.mode == "LSTM" }.count >= 10)
        #expect(Self.fixtures.filter { $0.config.mode == "GRU" }.count >= 10)
        #expect(Self.fixtures.contains { $0.config.proj_size > 0 && $0.config.bidirectional })
    }

    @Test(arguments: fixtures.map(\.name))
    func forwardAgreesWithin1e5(name: String) throws {
        let fixture = Fixtures.gated(named: name)
        let (output, hN, cN) = try fixture.model().forward(fixture.input.tensor, h0: fixture.h0?.tensor, c0: fixture.c0?.tensor)
        #expect(output.shape == fixture.output.shape)
        #expect(hN.shape == fixture.h_n.shape)
        #expect(maxAbsDifference(output.data, fixture.output.tensor.data) <= 1e-5)
        #expect(maxAbsDifference(hN.data, fixture.h_n.tensor.data) <= 1e-5)
        #expect(cN?.shape == fixture.c_n?.shape)
        if let cN, let expected = fixture.c_n { #expect(maxAbsDifference(cN.data, expected.tensor.data) <= 1e-5) }
    }

    @Test(arguments: fixtures.map(\.name))
    func reprParameterNamesAndShapesArePyTorchs(name: String) throws {
        let fixture = Fixtures.gated(named: name)
        let config = try fixture.config.make()
        #expect(config.pytorchRepr == fixture.repr)
        let seeded = RNN(config: config, seed: 3)
        #expect(seeded.stateDict.map(\.name) == fixture.parameters.map(\.name))
        #expect(seeded.stateDict.map(\.tensor.shape) == fixture.parameters.map(\.shape))
        // U(−1/√H, 1/√H) for every parameter, weight_hr too
        let bound = 1 / Float(config.hiddenSize).squareRoot()
        #expect(seeded.stateDict.allSatisfy { $0.tensor.data.allSatisfy { abs($0) <= bound } })
    }

    /// Every recorded series of every cell and step — the gates after their activations, c_t and
    /// h_t — against the script's recomputation.
    @Test(arguments: fixtures.map(\.name))
    func everyGateOfEveryStepAgrees(name: String) throws {
        let fixture = Fixtures.gated(named: name)
        let trace = try fixture.model().trace(fixture.input.tensor, h0: fixture.h0?.tensor, c0: fixture.c0?.tensor)
        let expectedNames = fixture.config.kind == .lstm ? ["i", "f", "g", "o", "c", "h"] : ["r", "z", "n", "h"]
        #expect(trace.recordedSeries.map(\.name).filter { expectedNames.contains($0) } == expectedNames)
        var compared = 0
        for (suffix, series) in fixture.steps {
            let cell = (0..<trace.config.numLayers * trace.config.numDirections)
                .map { CellIndex(index: $0, directions: trace.config.numDirections) }.first { $0.suffix == suffix }!
            for (seriesName, expected) in series {
                let width = expected.shape[2]
                for t in 0..<trace.seqLen { for n in 0..<trace.batch {
                    let start = (t * trace.batch + n) * width
                    let want = expected.data[start ..< start + width].map(Float.init)
                    #expect(maxAbsDifference(trace.series(seriesName, cell: cell, t: t, n: n), want) <= 1e-5,
                            "\(suffix) \(seriesName) t=\(t) n=\(n)")
                    compared += 1
                } }
            }
        }
        #expect(compared > 0)
    }

    @Test(arguments: fixtures.map(\.name))
    func stepperAndOneElementEqualTheWholeRun(name: String) throws {
        let fixture = Fixtures.gated(named: name)
        let rnn = try fixture.model()
        let (h0, c0) = (fixture.h0?.tensor, fixture.c0?.tensor)
        let whole = try rnn.trace(fixture.input.tensor, h0: h0, c0: c0)
        let stepper = try rnn.stepper(fixture.input.tensor, h0: h0, c0: c0)
        var order: [CellStep] = []
        while let step = stepper.step() { order.append(step) }
        #expect(order == (0..<whole.totalSteps).map(whole.cellStep(at:)))
        #expect(stepper.output == whole.output)
        #expect(stepper.hN == whole.hN)
        #expect(stepper.cN == whole.cN)
        for n in 0..<whole.batch {
            let alone = try rnn.trace(fixture.input.tensor, h0: h0, c0: c0, onlyElement: n)
            for index in 0..<(rnn.config.numLayers * rnn.config.numDirections) {
                let cell = CellIndex(index: index, directions: rnn.config.numDirections)
                for t in 0..<whole.seqLen { for series in whole.recordedSeries {
                    #expect(maxAbsDifference(alone.series(series.name, cell: cell, t: t, n: 0),
                                             whole.series(series.name, cell: cell, t: t, n: n)) <= 1e-6)
                } }
            }
        }
    }

    /// The previous state of a cell's first step is its initial state: h0 and c0, or zeros.
    @Test func theFirstStepStartsFromH0AndC0() throws {
        let fixture = Fixtures.gated(named: "lstm_proj_bidir2_batch_first_h0")
        let trace = try fixture.model().trace(fixture.input.tensor, h0: fixture.h0?.tensor, c0: fixture.c0?.tensor)
        let (h0, c0) = (fixture.h0!.tensor, fixture.c0!.tensor)
        let (out, hidden, n) = (trace.config.outputSize, trace.config.hiddenSize, trace.batch)
        for index in 0..<4 {
            let cell = CellIndex(index: index, directions: 2), first = cell.firstStep(seqLen: trace.seqLen)
            for b in 0..<n {
                #expect(trace.previous("h", cell: cell, t: first, n: b) == Array(h0.data[((index * n + b) * out)...].prefix(out)))
                #expect(trace.previous("c", cell: cell, t: first, n: b) == Array(c0.data[((index * n + b) * hidden)...].prefix(hidden)))
            }
        }
    }
}
