import Testing
import Foundation
import Recurrent

/// The influence of a cell's earlier states and inputs on one unit, against torch.autograd
/// (`scripts/make_influence_fixtures.py`), and its edge cases.
///
/// Tolerance 1e-5 relative: the fixture is the exact (float64) derivative of PyTorch's float32 run;
/// ours differentiates our float32 run (within a few ulp of PyTorch's) in double precision. The
/// derivative 1 − h² amplifies a state's rounding by 2h²/(1 − h²) relatively — about 10× at
/// |h| = 0.9 — and the error adds up over the steps back; float32 autograd itself is 4e-6 from the
/// float64 numbers on the trained sine model. Relu's derivative is exactly 0 or 1, so its zeros must
/// match exactly (|a − b| ≤ 1e-5·|b|).
@Suite struct InfluenceTests {
    static let fixtures = Fixtures.influence()

    /// max |ours − theirs| / |theirs| over the t with a value; ∞ where one has a value and the other not.
    static func relativeGap(_ ours: [Double?], _ theirs: [Double?]) -> Double {
        guard ours.count == theirs.count else { return .infinity }
        return zip(ours, theirs).map { a, b -> Double in
            switch (a, b) {
            case (nil, nil): return 0
            case let (a?, b?): return a == b ? 0 : abs(a - b) / abs(b)
            default: return .infinity
            }
        }.max() ?? 0
    }

    @Test func thereAreTanhReluForwardReverseAndTheTrainedModel() {
        #expect(Set(Self.fixtures.map(\.config.nonlinearity)) == ["tanh", "relu"])
        #expect(Set(Self.fixtures.flatMap(\.selections).map(\.direction)) == [0, 1])
        #expect(Self.fixtures.contains { $0.name == "sine" })
    }

    @Test(arguments: fixtures.map(\.name))
    func agreesWithAutogradWithin1e5Relative(name: String) throws {
        let fixture = try #require(Self.fixtures.first { $0.name == name })
        let trace = try fixture.model().trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        for s in fixture.selections {
            let influence = trace.influence(layer: s.layer, direction: s.direction, unit: s.unit, t: s.t, n: s.batch_index)
            #expect(Self.relativeGap(influence.state, s.state) <= 1e-5, "state \(s.layer) \(s.direction) \(s.unit) \(s.t)")
            #expect(Self.relativeGap(influence.input, s.input) <= 1e-5, "input \(s.layer) \(s.direction) \(s.unit) \(s.t)")
            #expect(influence.state[s.t] == 1)
        }
    }

    @Test func theCellsFirstStepHasOnlyItself() throws {
        let fixture = try #require(Self.fixtures.first { $0.config.bidirectional })
        let trace = try fixture.model().trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        let last = trace.seqLen - 1
        for (direction, t) in [(0, 0), (1, last)] {
            let influence = trace.influence(layer: 1, direction: direction, unit: 2, t: t, n: 0)
            #expect(influence.state.compactMap { $0 } == [1] && influence.state[t] == 1)
            #expect(influence.input.compactMap { $0 }.count == 1)
            #expect(influence.stepsBack == [t] && influence.reach(above: 0.01) == nil)
        }
    }

    /// Going back at most k steps gives the full answer's values for those steps, nil beyond, and says so.
    @Test func aLimitedLookBackIsTheFullOnesBeginning() throws {
        let fixture = try #require(Self.fixtures.first { $0.config.bidirectional })
        let trace = try fixture.model().trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        let last = trace.seqLen - 1
        for (direction, t) in [(0, last), (1, 0)] {
            let full = trace.influence(layer: 0, direction: direction, unit: 1, t: t, n: 0)
            let limited = trace.influence(layer: 0, direction: direction, unit: 1, t: t, n: 0, maxStepsBack: 3)
            #expect(!full.isTruncated && limited.isTruncated)
            #expect(limited.stepsBack == Array(full.stepsBack.prefix(4)))
            for s in 0..<trace.seqLen {
                let kept = limited.stepsBack.contains(s)
                #expect(limited.state[s] == (kept ? full.state[s] : nil) && limited.input[s] == (kept ? full.input[s] : nil))
            }
            #expect(trace.influence(layer: 0, direction: direction, unit: 1, t: t, n: 0, maxStepsBack: last) == full)
        }
    }

    @Test func reachCountsTheStepsBackAboveTheFraction() {
        let influence = Influence(layer: 0, direction: 1, unit: 0, t: 1, state: [nil, 1, 0.5, 0.02, 0.009, 0.5], input: [])
        #expect(influence.stepsBack == [1, 2, 3, 4, 5])
        #expect(influence.reach(above: 0.01) == 2 && influence.reach(above: 0.6) == 0 && influence.reach(above: 0.001) == nil)
    }

    @Test func aStepperComputedUpToTheStepGivesTheSameNumbers() throws {
        let fixture = try #require(Self.fixtures.first { $0.config.bidirectional && $0.config.nonlinearity == "tanh" })
        let rnn = try fixture.model()
        let full = try rnn.trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        let stepper = try rnn.stepper(fixture.input.tensor, h0: fixture.h0?.tensor)
        // layer 1 reverse up to t = 4: every step of layer 0, then T − 4 steps of layer 1 forward and reverse
        let target = CellStep(layer: 1, direction: 1, t: 4)
        while let step = stepper.step(), step != target {}
        #expect(!stepper.isComputed(layer: 1, direction: 1, t: 3))
        let partial = stepper.influence(layer: 1, direction: 1, unit: 0, t: 4, n: 1)
        #expect(partial == full.influence(layer: 1, direction: 1, unit: 0, t: 4, n: 1))
    }

    @Test func aNaNInTheInputGivesNaNFromThereBackWithoutATrap() throws {
        let config = try RNNConfig(inputSize: 2, hiddenSize: 4)
        var data = (0..<16).map { Float($0) / 16 }
        data[6] = .nan   // x at t = 3 (time-major (8, 1, 2))
        let trace = try RNN(config: config, seed: 3).trace(Tensor(shape: [8, 1, 2], data: data))
        let influence = trace.influence(layer: 0, direction: 0, unit: 1, t: 6, n: 0)
        #expect(influence.state[6] == 1)
        #expect(influence.state[3]!.isNaN && influence.state[0]!.isNaN && influence.input[2]!.isNaN)
        #expect(influence.reach(above: 0.01) != -1)
    }
}
