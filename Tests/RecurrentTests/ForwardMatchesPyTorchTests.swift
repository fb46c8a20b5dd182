import Testing
import Recurrent

/// Every configuration of the fixture script, run here and compared with what PyTorch returned.
@Suite struct ForwardMatchesPyTorchTests {
    static let fixtures = Fixtures.forward()

    @Test func thereAreAtLeastADozenConfigurations() {
        #expect(Self.fixtures.count >= 12)
    }

    @Test(arguments: fixtures.map(\.name))
    func forwardAgreesWithin1e5(name: String) throws {
        let fixture = Fixtures.forward(named: name)
        let rnn = try fixture.model()
        let (output, hN, _) = try rnn.forward(fixture.input.tensor, h0: fixture.h0?.tensor)
        #expect(output.shape == fixture.output.shape)
        #expect(hN.shape == fixture.h_n.shape)
        #expect(maxAbsDifference(output.data, fixture.output.tensor.data) <= 1e-5)
        #expect(maxAbsDifference(hN.data, fixture.h_n.tensor.data) <= 1e-5)
    }

    @Test(arguments: fixtures.map(\.name))
    func reprIsPyTorchs(name: String) throws {
        let fixture = Fixtures.forward(named: name)
        #expect(try fixture.config.make().pytorchRepr == fixture.repr)
    }

    @Test(arguments: fixtures.map(\.name))
    func stateDictOrderAndShapesArePyTorchs(name: String) throws {
        let fixture = Fixtures.forward(named: name)
        let rnn = RNN(config: try fixture.config.make(), seed: 1)
        #expect(rnn.stateDict.map(\.name) == fixture.parameters.map(\.name))
        #expect(rnn.stateDict.map(\.tensor.shape) == fixture.parameters.map(\.shape))
    }

    @Test(arguments: fixtures.map(\.name))
    func traceAndStepperEqualForward(name: String) throws {
        let fixture = Fixtures.forward(named: name)
        let rnn = try fixture.model()
        let plain = try rnn.forward(fixture.input.tensor, h0: fixture.h0?.tensor)
        let traced = try rnn.trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        #expect(traced.output == plain.output)
        #expect(traced.hN == plain.hN)

        let stepper = try rnn.stepper(fixture.input.tensor, h0: fixture.h0?.tensor)
        var steps = 0
        while stepper.step() != nil { steps += 1 }
        #expect(steps == rnn.config.numLayers * rnn.config.numDirections * stepper.seqLen)
        #expect(stepper.output == plain.output)
        #expect(stepper.hN == plain.hN)
    }
}
