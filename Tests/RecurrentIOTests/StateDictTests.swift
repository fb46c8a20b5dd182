import Recurrent
import RecurrentIO
import Testing

/// State dicts PyTorch saved, loaded into a model and run on PyTorch's input.
struct StateDictTests {
    @Test(arguments: [
        ("seed_sine.safetensors", "seed_sine_expected.safetensors"),
        ("f64.safetensors", "f64_expected.safetensors"),
        ("bf16.safetensors", "bf16_expected.safetensors"),
        ("f16.safetensors", "f16_expected.safetensors"),
        ("nobias.safetensors", "nobias_expected.safetensors"),
    ])
    func forwardMatchesPyTorch(weights: String, expected: String) throws {
        let rnn = try IOFixtures.expectForwardMatchesPyTorch(weights: weights, input: "seed_sine_input.npy",
                                                             expected: expected, batchFirst: true)
        #expect(rnn.config.pytorchRepr.hasPrefix("RNN(1, 10, num_layers=2"))
    }

    @Test func nobiasIsInferred() throws {
        let rnn = try modelFromStateDict(try loadStateDict(path: IOFixtures.path("nobias.safetensors")), prefix: nil,
                                         nonlinearity: "tanh", batchFirst: true, source: "nobias")
        #expect(rnn.config.pytorchRepr == "RNN(1, 10, num_layers=2, bias=False, batch_first=True)")
    }

    @Test func reducedPrecisionDTypesAreReportedAndWidened() throws {
        let bf16 = try loadSafetensors(path: IOFixtures.path("bf16.safetensors"))
        let f16 = try loadSafetensors(path: IOFixtures.path("f16.safetensors"))
        let f32 = try loadStateDict(path: IOFixtures.path("seed_sine.safetensors"))
        #expect(Set(bf16.entries.map(\.dtype)) == ["BF16"])
        #expect(Set(f16.entries.map(\.dtype)) == ["F16"])
        // Rounded to 8 (BF16) or 11 (F16) significant bits: close to the F32 weights, not equal.
        for (file, tolerance) in [(bf16, Float(1.0 / 128)), (f16, Float(1.0 / 1024))] {
            for entry in file.entries {
                let exact = try #require(f32[entry.name])
                let worst = zip(entry.array.values, exact.data).map { abs($0 - $1) / max(abs($1), 1e-3) }.max()!
                #expect(worst <= tolerance, "\(entry.name)")
            }
        }
    }

    @Test(arguments: [("prefixed.safetensors", nil, "RNN(3, 5, num_layers=2, bidirectional=True)"),
                      ("prefixed.safetensors", "rnn", "RNN(3, 5, num_layers=2, bidirectional=True)"),
                      ("nested.safetensors", nil, "RNN(2, 3)"),
                      ("two_rnns.safetensors", "enc.", "RNN(2, 3)"),
                      ("two_rnns.safetensors", "dec.", "RNN(3, 2)")] as [(String, String?, String)])
    func prefixIsFoundOrChosen(file: String, prefix: String?, repr: String) throws {
        let tensors = try loadStateDict(path: IOFixtures.path(file))
        let rnn = try modelFromStateDict(tensors, prefix: prefix, nonlinearity: "relu", batchFirst: false, source: file)
        #expect(rnn.config.pytorchRepr == repr)
        #expect(rnn.config.nonlinearity == .relu)
        // The loaded weights are the file's, under its prefix.
        let chosen = try locateRNN(in: Array(tensors.keys), prefix: prefix, source: file)
        for (name, tensor) in rnn.stateDict { #expect(tensors[chosen + name] == tensor) }
    }

    @Test func severalRNNsNeedAPrefix() throws {
        let tensors = try loadStateDict(path: IOFixtures.path("two_rnns.safetensors"))
        #expect(throws: FileError("two_rnns", "several RNNs found (prefixes 'dec.', 'enc.'); choose one with --prefix")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: "two_rnns")
        }
        #expect(throws: FileError("two_rnns", "no RNN under prefix 'mid.' (no key 'mid.weight_ih_l0'); RNN prefixes in the file: 'dec.', 'enc.'")) {
            try modelFromStateDict(tensors, prefix: "mid", nonlinearity: "tanh", batchFirst: false, source: "two_rnns")
        }
    }

    @Test func missingAndMisshapedParametersAreNamedWithTheExpectedShape() throws {
        var tensors = try loadStateDict(path: IOFixtures.path("prefixed.safetensors"))
        tensors["rnn.bias_hh_l1_reverse"] = nil
        #expect(throws: FileError("m", "Missing key(s) in state_dict: \"bias_hh_l1_reverse\" (expected shape [5]). (keys under prefix 'rnn.')")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: "m")
        }
        tensors = try loadStateDict(path: IOFixtures.path("prefixed.safetensors"))
        tensors["rnn.weight_hh_l1"] = Tensor(zeros: [5, 4])
        #expect(throws: FileError("m", "size mismatch for weight_hh_l1: copying a param with shape [5, 4] from checkpoint, "
                                  + "the shape in current model is [5, 5]. (keys under prefix 'rnn.')")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: "m")
        }
        tensors["rnn.weight_ih_l0"] = Tensor(zeros: [15])
        #expect(throws: FileError("m", "rnn.weight_ih_l0 has shape [15], expected [gates·hidden_size, input_size]")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: "m")
        }
    }

    /// Int.max as a layer index once trapped: the layer count `index + 1` overflowed (found writing the state-dict fuzz harness).
    @Test(arguments: [999_999_999_999, Int.max])
    func aLayerGapIsNamedWithoutAllocatingEveryLayer(index: Int) throws {
        var tensors = try loadStateDict(path: IOFixtures.path("nested.safetensors"))
        tensors["encoder.rnn.weight_hh_l\(index)"] = Tensor(zeros: [3, 3])
        #expect(throws: FileError("n", "Missing key(s) in state_dict: \"encoder.rnn.weight_ih_l1\" (layers up to l\(index) have keys).")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: "n")
        }
    }

    @Test func aBadNonlinearityFailsInPyTorchsWords() throws {
        let tensors = try loadStateDict(path: IOFixtures.path("nested.safetensors"))
        #expect(throws: RNNError(.valueError, "Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.")) {
            try modelFromStateDict(tensors, prefix: nil, nonlinearity: "sigmoid", batchFirst: false, source: "n")
        }
    }

    @Test func writtenStateDictReadsBackInOrder() throws {
        let config = try RNNConfig(inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true)
        let rnn = RNN(config: config, seed: 7)
        let path = try IOFixtures.scratchDirectory().appendingPathComponent("w.safetensors").path
        try saveSafetensors(rnn.stateDict, metadata: ["format": "pt"], path: path)
        let file = try loadSafetensors(path: path)
        #expect(file.entries.map(\.name) == RNN.parameterNames(config))
        #expect(file.metadata == ["format": "pt"])
        let back = try modelFromStateDict(try loadStateDict(path: path), prefix: nil, nonlinearity: "tanh",
                                          batchFirst: false, source: path)
        #expect(back.cells == rnn.cells)
        #expect(back.config == config)
    }
}
