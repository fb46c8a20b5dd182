import Testing
import Recurrent

/// Each LSTM/GRU mistake of the fixture script fails here with PyTorch's message, word for word,
/// and each construction has PyTorch's repr and warnings.
@Suite struct GatedErrorsTests {
    static let cases = Fixtures.gatedErrors()

    @Test func coversConstructorAndForwardMistakesOfBothKinds() {
        for mode in ["LSTM", "GRU"] {
            #expect(Self.cases.filter { $0.kind == "constructor" && $0.config.mode == mode && $0.message != nil }.count >= 8)
            #expect(Self.cases.filter { $0.kind == "forward" && $0.config.mode == mode && $0.message != nil }.count >= 6)
        }
    }

    /// PyTorch refuses the `proj_size` keyword on a GRU even when it is 0 (`"proj_size" in kwargs`);
    /// rnnscope's config says "no projection" with 0, so those cases are the CLI's to refuse.
    static let representable = cases.filter { !($0.proj_size_passed && $0.config.proj_size == 0 && $0.config.mode != "LSTM") }

    @Test(arguments: representable.map(\.name))
    func sameMessageAsPyTorch(name: String) throws {
        let fixture = Self.cases.first { $0.name == name }!
        var thrown: RNNError?
        var config: RNNConfig?
        do {
            config = try fixture.config.make()
            if fixture.kind == "forward" {
                let model = RNN(config: config!, seed: 0)
                _ = try model.forward(Tensor(zeros: fixture.input_shape!), h0: fixture.h0_shape.map { Tensor(zeros: $0) },
                                      c0: fixture.c0_shape.map { Tensor(zeros: $0) })
            }
        } catch let error as RNNError {
            thrown = error
        }
        #expect(thrown?.message == fixture.message)
        if let exception = fixture.exception, thrown != nil { #expect(thrown?.kind.rawValue == exception) }
        if let repr = fixture.repr, let config { #expect(config.pytorchRepr == repr) }
        // PyTorch warns before the size checks, so a warning comes even when construction then fails.
        // (A Python int dropout prints as `dropout=1`; rnnscope's dropout is a float, `dropout=1.0`.)
        if let warning = fixture.warning, !warning.contains("dropout=1 ") {
            #expect(RNNConfig.warnings(dropout: fixture.config.dropout, numLayers: fixture.config.num_layers).first == warning)
        }
    }
}
