import Recurrent
@testable import RecurrentIO
import Testing

/// nn.LSTM and nn.GRU state dicts PyTorch saved (Fixtures/gated, scripts/make_gated_io_fixtures.py):
/// the kind, sizes and proj_size read off the shapes, and the loaded module runs as PyTorch's did.
struct GatedStateDictTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var weights: String
        var input: String
        var expected: String
        var batchFirst = false
        var h0: String? = nil
        var c0: String? = nil
        var kind: CellKind
        var repr: String
        var hidden: Int
        var projSize = 0
        var testDescription: String { expected }
    }

    static let cases: [Case] = [
        Case(weights: "lstm_proj_bidir.safetensors", input: "lstm_proj_bidir_input.npy", expected: "lstm_proj_bidir_expected.safetensors",
             kind: .lstm, repr: "LSTM(3, 5, proj_size=2, num_layers=2, bidirectional=True)", hidden: 5, projSize: 2),
        Case(weights: "lstm_proj_bidir.safetensors", input: "lstm_h0c0.pt:input", expected: "lstm_h0c0_expected.safetensors",
             h0: "lstm_h0c0.pt:h0", c0: "lstm_h0c0.pt:c0",
             kind: .lstm, repr: "LSTM(3, 5, proj_size=2, num_layers=2, bidirectional=True)", hidden: 5, projSize: 2),
        Case(weights: "gru_prefixed.pt", input: "gru_prefixed_input.npy", expected: "gru_prefixed_expected.safetensors", batchFirst: true,
             kind: .gru, repr: "GRU(3, 4, num_layers=2, batch_first=True)", hidden: 4),
        Case(weights: "lstm_f64.safetensors", input: "lstm_f64_input.npy", expected: "lstm_f64_expected.safetensors",
             kind: .lstm, repr: "LSTM(2, 3)", hidden: 3),
        Case(weights: "gru_bf16.pt", input: "gru_bf16_input.npy", expected: "gru_bf16_expected.safetensors",
             kind: .gru, repr: "GRU(2, 3, bidirectional=True)", hidden: 3),
    ]

    static func gated(_ name: String) -> String { IOFixtures.path("gated/" + name) }

    @Test(arguments: cases)
    func kindAndSizesAreReadAndForwardMatchesPyTorch(_ c: Case) throws {
        let rnn = try modelFromStateDict(try loadStateDict(path: Self.gated(c.weights)), prefix: nil, nonlinearity: nil,
                                         batchFirst: c.batchFirst, source: c.weights)
        #expect(rnn.config.kind == c.kind && rnn.config.pytorchRepr == c.repr)
        #expect(rnn.config.hiddenSize == c.hidden && rnn.config.projSize == c.projSize)
        let (output, hN, cN) = try rnn.forward(try loadSequence(path: Self.gated(c.input)),
                                               h0: try c.h0.map { try loadSequence(path: Self.gated($0)) },
                                               c0: try c.c0.map { try loadSequence(path: Self.gated($0)) })
        let want = try loadStateDict(path: Self.gated(c.expected))
        expectClose(output, try #require(want["output"]), tolerance: 1e-5)
        expectClose(hN, try #require(want["h_n"]), tolerance: 1e-5)
        #expect((cN == nil) == (c.kind != .lstm))
        if let cN { expectClose(cN, try #require(want["c_n"]), tolerance: 1e-5) }
    }

    /// The state dicts once refused as "not an nn.RNN" are read as what they are.
    @Test(arguments: [("lstm.safetensors", CellKind.lstm, "LSTM(3, 5, num_layers=2)"), ("gru.safetensors", .gru, "GRU(3, 5)")])
    func theFormerlyRefusedGatedFilesLoad(file: String, kind: CellKind, repr: String) throws {
        let tensors = try loadStateDict(path: IOFixtures.path(file))
        let rnn = try modelFromStateDict(tensors, prefix: nil, nonlinearity: nil, batchFirst: false, source: file)
        #expect(rnn.config.kind == kind && rnn.config.pytorchRepr == repr)
        for (name, tensor) in rnn.stateDict { #expect(tensors[name] == tensor) }
        // W_hh (G·H, H) stacks gate blocks: no eigenvalues as a whole, and no trap.
        #expect(rnn.recurrentDynamics.allSatisfy { $0.spectralRadius.isNaN && $0.largestSingularValue.isNaN })
    }

    @Test func aNonlinearityForAGatedModuleFailsInPyTorchsWords() throws {
        let tensors = try loadStateDict(path: IOFixtures.path("lstm.safetensors"))
        #expect(throws: RNNError(.typeError, "RNNBase.__init__() got an unexpected keyword argument 'nonlinearity'")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: "lstm")
        }
    }

    /// Shapes that fit no kind are one line naming them.
    @Test func shapesThatFitNoKindAreNamed() throws {
        let weights = { (ih: [Int], hh: [Int]) in ["rnn.weight_ih_l0": Tensor(zeros: ih), "rnn.weight_hh_l0": Tensor(zeros: hh)] }
        #expect(throws: FileError("m", "rnn.weight_ih_l0 is [10, 3] and rnn.weight_hh_l0 [10, 5]: 10 rows are not 1, 3 or 4 gate "
                                  + "blocks of hidden_size 5 (nn.RNN, nn.GRU, nn.LSTM)")) {
            try modelFromStateDict(weights([10, 3], [10, 5]), prefix: nil, nonlinearity: nil, batchFirst: false, source: "m")
        }
        #expect(throws: FileError("m", "rnn.weight_ih_l0 is [7, 3] and rnn.weight_hh_l0 [7, 5]: 7 rows are not 1, 3 or 4 gate "
                                  + "blocks of hidden_size 5 (nn.RNN, nn.GRU, nn.LSTM)")) {
            try modelFromStateDict(weights([7, 3], [7, 5]), prefix: nil, nonlinearity: nil, batchFirst: false, source: "m")
        }
        var projected = weights([15, 3], [15, 2])
        projected["rnn.weight_hr_l0"] = Tensor(zeros: [2, 5])
        #expect(throws: FileError("m", "rnn.weight_ih_l0 is [15, 3] and rnn.weight_hh_l0 [15, 2] and rnn.weight_hr_l0 [2, 5]: "
                                  + "a projection (weight_hr_l0) is LSTM-only, but 3 gate blocks of hidden_size 5 make an nn.GRU")) {
            try modelFromStateDict(projected, prefix: nil, nonlinearity: nil, batchFirst: false, source: "m")
        }
        #expect(throws: FileError("m", "rnn.weight_hh_l0 is missing, expected [gates·hidden_size, hidden_size]")) {
            try modelFromStateDict(["rnn.weight_ih_l0": Tensor(zeros: [8, 3])], prefix: nil, nonlinearity: nil, batchFirst: false, source: "m")
        }
    }

    /// A projection no smaller than the hidden size fails as `nn.LSTM(…, proj_size=P)` does.
    @Test func aProjectionTooWideFailsInPyTorchsWords() throws {
        var tensors = try loadStateDict(path: Self.gated("lstm_f64.safetensors"))   // LSTM(2, 3): weight_hh_l0 (12, 3)
        tensors["weight_hr_l0"] = Tensor(zeros: [3, 3])
        #expect(throws: RNNError(.valueError, "proj_size has to be smaller than hidden_size")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: nil, batchFirst: false, source: "m")
        }
    }

    @Test func projectionNamesAreParameterNames() throws {
        let name = try #require(RNNParameterName("weight_hr_l1_reverse"))
        #expect(name.layer == 1 && name.isReverse && !name.isBias)
        #expect(RNNParameterName("weight_hx_l0") == nil)
    }

    /// What the engine writes for an LSTM with a projection reads back as the same module.
    @Test func aWrittenLSTMReadsBack() throws {
        let config = try RNNConfig(kind: .lstm, inputSize: 4, hiddenSize: 8, numLayers: 2, bidirectional: true, projSize: 3)
        let rnn = RNN(config: config, seed: 9)
        let path = try IOFixtures.scratchDirectory().appendingPathComponent("lstm.pt").path
        try saveTorchStateDict(rnn.stateDict, path: path)
        let back = try modelFromStateDict(try loadStateDict(path: path), prefix: nil, nonlinearity: nil, batchFirst: false, source: path)
        #expect(back.config == config && back.cells == rnn.cells)
    }
}
