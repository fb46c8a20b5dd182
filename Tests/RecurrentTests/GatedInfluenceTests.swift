import Testing
import Foundation
import Recurrent

/// The influence through LSTM and GRU cells (`GatedInfluence.swift`) against torch.autograd
/// (`scripts/make_gated_influence_fixtures.py`), and its edge cases.
///
/// Tolerance 2e-6 relative: the fixture is the exact (float64) derivative of a float64 rerun of
/// PyTorch's cells from its float32 weights; ours differentiates our float32 run (gates and states
/// rounded to float32, through the engine's fast σ and tanh) in double precision. Measured: at most
/// 3.1e-7 over every t of every selection (LSTM state 2.7e-7, cell state 2.1e-7, input 3.1e-7; with
/// proj_size 2.1e-7 each; GRU 9e-8), about what float32 autograd itself is from the numbers (3.5e-7).
@Suite struct GatedInfluenceTests {
    static let fixtures = Fixtures.gatedInfluence()
    static let tolerance = 2e-6

    @Test func thereAreLSTMWithAndWithoutProjectionAndGRUBothDirectionsBothLayersAndFirstSteps() {
        let configs = Self.fixtures.map(\.config)
        #expect(Set(configs.map(\.mode)) == ["LSTM", "GRU"])
        #expect(configs.contains { $0.mode == "LSTM" && $0.proj_size > 0 } && configs.contains { $0.mode == "LSTM" && $0.proj_size == 0 })
        #expect(configs.allSatisfy { $0.bidirectional && $0.num_layers == 2 })
        for fixture in Self.fixtures {
            let selections = fixture.selections, last = fixture.selections[0].state.count - 1
            #expect(Set(selections.map(\.direction)) == [0, 1] && Set(selections.map(\.layer)) == [0, 1])
            #expect(Set(selections.map(\.batch_index)) == [0, 1])
            #expect(selections.contains { ($0.direction == 0 && $0.t == 0) || ($0.direction == 1 && $0.t == last) })
        }
    }

    @Test(arguments: fixtures.map(\.name))
    func agreesWithAutograd(name: String) throws {
        let fixture = try #require(Self.fixtures.first { $0.name == name })
        let trace = try fixture.trace()
        for s in fixture.selections {
            let influence = trace.influence(layer: s.layer, direction: s.direction, unit: s.unit, t: s.t, n: s.batch_index)
            let label = "n \(s.batch_index) layer \(s.layer) direction \(s.direction) unit \(s.unit) t \(s.t)"
            #expect(InfluenceTests.relativeGap(influence.state, s.state) <= Self.tolerance, "state \(label)")
            #expect(InfluenceTests.relativeGap(influence.input, s.input) <= Self.tolerance, "input \(label)")
            #expect((influence.cellState == nil) == (s.cell_state == nil), "cell state \(label)")
            if let ours = influence.cellState, let theirs = s.cell_state {
                #expect(InfluenceTests.relativeGap(ours, theirs) <= Self.tolerance, "cell state \(label)")
            }
        }
    }

    /// Values for t* and the steps before it in the cell's order, nil after; 1 at t* itself.
    @Test(arguments: fixtures.map(\.name))
    func valuesUpToTheStepAndNilAfterIt(name: String) throws {
        let fixture = try #require(Self.fixtures.first { $0.name == name })
        let trace = try fixture.trace()
        let hasCellState = fixture.config.mode == "LSTM"
        for direction in 0..<2 {
            for target in [0, trace.seqLen / 2, trace.seqLen - 1] {
                let influence = trace.influence(layer: 1, direction: direction, unit: 1, t: target, n: 1)
                #expect(influence.state[target] == 1 && !influence.isTruncated)
                let before = Set(direction == 0 ? Array(0...target) : Array(target..<trace.seqLen))
                for t in 0..<trace.seqLen {
                    #expect((influence.state[t] != nil) == before.contains(t) && (influence.input[t] != nil) == before.contains(t))
                    #expect((influence.cellState?[t] != nil) == (hasCellState && before.contains(t)))
                }
                #expect(influence.stepsBack == (direction == 0 ? Array((0...target).reversed()) : Array(target..<trace.seqLen)))
            }
        }
    }

    /// Going back at most k steps (k = 0, 1, 3, T − 2, T − 1, more) gives the full answer's values for
    /// the k + 1 steps from t* back, nil elsewhere, and says it is truncated exactly when k < T − 1.
    @Test(arguments: fixtures.map(\.name))
    func aLimitedLookBackKeepsTheFullOnesFirstSteps(name: String) throws {
        let fixture = try #require(Self.fixtures.first { $0.name == name })
        let trace = try fixture.trace()
        let seqLen = trace.seqLen
        for (layer, direction, t) in [(0, 0, seqLen - 1), (1, 1, 0)] {
            let full = trace.influence(layer: layer, direction: direction, unit: 0, t: t, n: 1)
            #expect(!full.isTruncated && full.stepsBack.count == seqLen)
            for k in [0, 1, 3, seqLen - 2, seqLen - 1, seqLen + 5] {
                let limited = trace.influence(layer: layer, direction: direction, unit: 0, t: t, n: 1, maxStepsBack: k)
                let kept = Set(full.stepsBack.prefix(k + 1))
                func keptOnly(_ values: [Double?]) -> [Double?] { values.indices.map { kept.contains($0) ? values[$0] : nil } }
                #expect(limited.isTruncated == (k < seqLen - 1), "k = \(k)")
                #expect(limited.state == keptOnly(full.state) && limited.input == keptOnly(full.input), "k = \(k)")
                #expect(limited.cellState == full.cellState.map(keptOnly), "k = \(k)")
            }
        }
    }

    @Test func aStepperComputedUpToTheStepGivesTheSameNumbers() throws {
        let fixture = try #require(Self.fixtures.first { $0.config.proj_size > 0 })
        let rnn = try fixture.model()
        let stepper = try rnn.stepper(fixture.input.tensor, h0: fixture.h0.tensor, c0: fixture.c0?.tensor)
        let target = CellStep(layer: 1, direction: 1, t: 3)
        while let step = stepper.step(), step != target {}
        #expect(!stepper.isComputed(layer: 1, direction: 1, t: 2))
        let partial = stepper.influence(layer: 1, direction: 1, unit: 2, t: 3, n: 1)
        #expect(partial == (try fixture.trace()).influence(layer: 1, direction: 1, unit: 2, t: 3, n: 1))
    }

    @Test(arguments: [(CellKind.lstm, 0), (.lstm, 2), (.gru, 0)])
    func aNaNInTheInputGivesNaNFromThereBackWithoutATrap(kind: CellKind, projSize: Int) throws {
        let config = try RNNConfig(kind: kind, inputSize: 2, hiddenSize: 4, projSize: projSize)
        var data = (0..<16).map { Float($0) / 16 }
        data[6] = .nan   // x at t = 3 (time-major (8, 1, 2))
        let trace = try RNN(config: config, seed: 3).trace(Tensor(shape: [8, 1, 2], data: data))
        let influence = trace.influence(layer: 0, direction: 0, unit: 1, t: 6, n: 0)
        #expect(influence.state[6] == 1 && influence.state[7] == nil)
        #expect(influence.state[3]!.isNaN && influence.state[0]!.isNaN && influence.input[2]!.isNaN)
        if kind == .lstm {   // c_6 is NaN already (the NaN went forward from t = 3), so ∂/∂c_6 is too
            #expect(influence.cellState![6]!.isNaN && influence.cellState![3]!.isNaN && influence.cellState![7] == nil)
        } else {
            #expect(influence.cellState == nil)
        }
        #expect(influence.reach(above: 0.01) != -1)
    }

    @Test func anElmanCellHasNoCellState() throws {
        let trace = try RNN(config: RNNConfig(inputSize: 2, hiddenSize: 3), seed: 1).trace(Tensor(shape: [4, 1, 2], data: Array(repeating: 0.5, count: 8)))
        #expect(trace.influence(layer: 0, direction: 0, unit: 0, t: 3, n: 0).cellState == nil)
    }
}
