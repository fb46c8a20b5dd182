import Testing
import Recurrent

/// The examples from the study notes the project grew from.
@Suite struct SeedExamplesTests {
    @Test func stackedExampleShapes() throws {
        // rnn = nn.RNN(10, 20, 2); output, hn = rnn(randn(5, 3, 10), randn(2, 3, 20))
        let fixture = Fixtures.forward(named: "seed_example")
        #expect(fixture.input.shape == [5, 3, 10])
        #expect(fixture.h0?.shape == [2, 3, 20])
        let (output, hN, _) = try fixture.model().forward(fixture.input.tensor, h0: fixture.h0?.tensor)
        #expect(output.shape == [5, 3, 20])
        #expect(hN.shape == [2, 3, 20])
    }

    @Test func sineExampleShapesAndRepr() throws {
        // nn.RNN(1, 10, 2, batch_first=True) on a 20-step sine wave of shape (1, 20, 1)
        let config = try RNNConfig(inputSize: 1, hiddenSize: 10, numLayers: 2, batchFirst: true)
        #expect(config.pytorchRepr == "RNN(1, 10, num_layers=2, batch_first=True)")
        let sine = Fixtures.forward(named: "seed_sine").input.tensor
        #expect(sine.shape == [1, 20, 1])
        let (output, hN, _) = try RNN(config: config, seed: 0).forward(sine)
        #expect(output.shape == [1, 20, 10])
        #expect(hN.shape == [2, 1, 10])
    }

    @Test func seedsLastCellIsPyTorchsError() throws {
        // rnn = nn.RNN(10, 20); rnn(randn(5, 3, 10), randn(2, 3, 20)) → RuntimeError
        let expected = Fixtures.errors().first { $0.input_shape == [5, 3, 10] && $0.h0_shape == [2, 3, 20] && $0.config.num_layers == 1 }
        let rnn = RNN(config: try RNNConfig(inputSize: 10, hiddenSize: 20), seed: 0)
        #expect(throws: RNNError(.runtimeError, expected!.message!)) {
            try rnn.forward(Tensor(zeros: [5, 3, 10]), h0: Tensor(zeros: [2, 3, 20]))
        }
    }

    @Test func reprOfAFullyConfiguredModel() throws {
        let config = try RNNConfig(inputSize: 10, hiddenSize: 20, numLayers: 3, bias: false, dropout: 0.3, bidirectional: true)
        #expect(config.pytorchRepr == "RNN(10, 20, num_layers=3, bias=False, dropout=0.3, bidirectional=True)")
    }
}
