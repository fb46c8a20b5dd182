import Testing
import Recurrent

/// Each mistake from the fixture script must fail here with PyTorch's message, word for word.
@Suite struct PyTorchErrorsTests {
    static let cases = Fixtures.errors()

    @Test func coversConstructorAndForwardMistakes() {
        #expect(Self.cases.filter { $0.kind == "constructor" }.count >= 6)
        #expect(Self.cases.filter { $0.kind == "forward" }.count >= 10)
    }

    @Test(arguments: cases.map(\.name))
    func sameMessageAsPyTorch(name: String) throws {
        let fixture = Self.cases.first { $0.name == name }!
        var thrown: RNNError?
        var warnings: [String] = []
        do {
            if (try? Nonlinearity(validating: fixture.config.nonlinearity)) != nil, (0...1).contains(fixture.config.dropout) {
                warnings = RNNConfig.warnings(dropout: fixture.config.dropout, numLayers: fixture.config.num_layers)
            }
            let config = try fixture.config.make()
            #expect(config.warnings == warnings)
            if fixture.kind == "forward" {
                let rnn = RNN(config: config, seed: 0)
                _ = try rnn.forward(Tensor(zeros: fixture.input_shape!), h0: fixture.h0_shape.map { Tensor(zeros: $0) })
            }
        } catch let error as RNNError {
            thrown = error
        }
        #expect(thrown?.message == fixture.message)
        if let exception = fixture.exception, thrown != nil {
            #expect(thrown?.kind.rawValue == exception)
        }
        #expect(warnings.first == fixture.warning)
    }
}
