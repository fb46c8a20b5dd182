import Testing
import Foundation
import Recurrent

/// The trace and the stepper: every recorded part is consistent with the cell's formula, and
/// steps come in PyTorch's execution order.
@Suite struct TraceTests {
    static let bidirectional = Fixtures.forward().first { $0.config.bidirectional && $0.config.num_layers >= 2 && $0.h0 != nil }!

    @Test func everyStepSatisfiesTheCellFormula() throws {
        let fixture = Self.bidirectional
        let rnn = try fixture.model()
        let trace = try rnn.trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        let act: (Float) -> Float = fixture.config.nonlinearity == "tanh" ? { tanhf($0) } : { max(0, $0) }
        for layer in 0..<rnn.config.numLayers { for direction in 0..<2 { for t in 0..<trace.seqLen { for n in 0..<trace.batch {
            let ih = trace.inputPart(layer: layer, direction: direction, t: t, n: n)
            let hh = trace.hiddenPart(layer: layer, direction: direction, t: t, n: n)
            let h = trace.h(layer: layer, direction: direction, t: t, n: n)
            #expect(maxAbsDifference(h, zip(ih, hh).map { act($0 + $1) }) <= 1e-6)
            // W_ih·x_t + b_ih recomputed from the recorded x_t
            let cell = rnn.cells[layer * 2 + direction]
            let x = trace.x(layer: layer, t: t, n: n)
            let recomputed = (0..<rnn.config.hiddenSize).map { j in
                zip(x, cell.weightIH.data[(j * x.count)..<((j + 1) * x.count)]).reduce(cell.biasIH?.data[j] ?? 0) { $0 + $1.0 * $1.1 }
            }
            #expect(maxAbsDifference(ih, recomputed) <= 1e-5)
            // W_hh·h_prev + b_hh from the recorded previous state
            let prev = trace.previous(layer: layer, direction: direction, t: t, n: n)
            let hhRecomputed = (0..<rnn.config.hiddenSize).map { j in
                zip(prev, cell.weightHH.data[(j * prev.count)..<((j + 1) * prev.count)]).reduce(cell.biasHH?.data[j] ?? 0) { $0 + $1.0 * $1.1 }
            }
            #expect(maxAbsDifference(hh, hhRecomputed) <= 1e-5)
        } } } }
    }

    @Test func previousStateIsH0AtTheSequenceEnds() throws {
        let fixture = Self.bidirectional
        let trace = try fixture.model().trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        let h0 = fixture.h0!.tensor, hs = trace.config.hiddenSize, n = trace.batch
        for cell in 0..<(trace.config.numLayers * 2) {
            let layer = cell / 2, direction = cell % 2
            let t = direction == 0 ? 0 : trace.seqLen - 1
            #expect(trace.previous(layer: layer, direction: direction, t: t, n: 0) == Array(h0.data[(cell * n * hs)..<(cell * n * hs + hs)]))
        }
    }

    @Test func stepperFollowsPyTorchsOrderAndReportsComputedCells() throws {
        let config = try RNNConfig(inputSize: 1, hiddenSize: 3, numLayers: 2, bidirectional: true)
        let stepper = try RNN(config: config).stepper(Tensor(zeros: [4, 1]))
        var order: [CellStep] = []
        while let step = stepper.nextStep {
            #expect(!stepper.isComputed(layer: step.layer, direction: step.direction, t: step.t))
            #expect(stepper.step() == step)
            #expect(stepper.isComputed(layer: step.layer, direction: step.direction, t: step.t))
            order.append(step)
        }
        let expected = [(0, 0), (0, 1), (1, 0), (1, 1)].flatMap { layer, direction in
            (direction == 0 ? Array(0..<4) : Array((0..<4).reversed())).map { CellStep(layer: layer, direction: direction, t: $0) }
        }
        #expect(order == expected)
        #expect(stepper.totalSteps == 16)
        #expect(stepper.step() == nil)
    }

    @Test func reverseHnIsOutputAtTimeZero() throws {
        let fixture = Self.bidirectional
        let trace = try fixture.model().trace(fixture.input.tensor, h0: fixture.h0?.tensor)
        let top = trace.config.numLayers - 1
        #expect(trace.h(layer: top, direction: 1, t: 0, n: 0) != trace.h(layer: top, direction: 1, t: trace.seqLen - 1, n: 0))
        let hs = trace.config.hiddenSize, cells = trace.config.numLayers * 2
        let hNReverseTop = Array(trace.hN.data[((cells - 1) * trace.batch * hs)..<((cells - 1) * trace.batch * hs + hs)])
        #expect(hNReverseTop == trace.h(layer: top, direction: 1, t: 0, n: 0))
    }
}
