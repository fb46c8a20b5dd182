import Foundation
import Recurrent
import RecurrentIO
import Testing

/// `torch.save`'d state dicts (`scripts/make_torch_fixtures.py`) read as PyTorch wrote them: the same
/// tensors as their safetensors twins, and models that compute PyTorch's outputs.
struct TorchCheckpointTests {
    /// The entries of a file by name (each name once).
    func tensorsByName(_ name: String) throws -> [String: SafetensorsFile.Entry] {
        Dictionary(uniqueKeysWithValues: try loadWeightsFile(path: IOFixtures.path(name)).entries.map { ($0.name, $0) })
    }

    @Test(arguments: [
        ("torch/seed_sine.pt", "seed_sine.safetensors"),
        ("torch/f64.pt", "f64.safetensors"),
        ("torch/bf16.pt", "bf16.safetensors"),
        ("torch/f16.pt", "f16.safetensors"),
        ("torch/protocol4.pt", "seed_sine.safetensors"),
        ("torch/parameters.pt", "seed_sine.safetensors"),
        ("torch/nested.pt", "nested.safetensors"),
        ("torch/bidir2.pt", "torch/bidir2.safetensors"),
        ("torch/views.pt", "torch/views.safetensors"),
        ("torch/integers.pt", "torch/integers.safetensors"),
    ])
    func readsTheSameTensorsAsItsSafetensorsTwin(pt: String, twin: String) throws {
        let file = try loadWeightsFile(path: IOFixtures.path(pt))
        #expect(file.format == .torchZip)
        #expect(file.metadata.isEmpty)
        let expected = try tensorsByName(twin)
        #expect(Set(file.entries.map(\.name)) == Set(expected.keys))
        for entry in file.entries {
            let want = try #require(expected[entry.name])
            #expect(entry.dtype == want.dtype, "\(entry.name)")
            #expect(entry.array.shape == want.array.shape, "\(entry.name)")
            #expect(entry.array.values.map(\.bitPattern) == want.array.values.map(\.bitPattern), "\(entry.name)")
        }
    }

    /// Integer and bool tensors beside the RNN (a BatchNorm's counter, masks) are read, widened to
    /// Float, rather than refusing the file; the RNN under `rnn.` loads.
    @Test(arguments: ["torch/integers.pt", "torch/integers.safetensors"])
    func integerAndBoolTensorsAreReadAsFloats(file: String) throws {
        let entries = try tensorsByName(file)
        let dtypes = Set(entries.values.map(\.dtype))
        #expect(dtypes.isSuperset(of: ["I64", "I32", "I16", "I8", "U8", "BOOL"]))
        for entry in entries.values where entry.dtype != "F32" {
            #expect(entry.array.values.allSatisfy { $0 == $0.rounded() }, "\(entry.name)")
        }
        let signed = try #require(entries["i8"]).array.values, unsigned = try #require(entries["u8"]).array.values
        #expect(signed.contains { $0 < 0 } && unsigned.allSatisfy { $0 >= 0 } && unsigned.contains { $0 > 127 })
        #expect(try #require(entries["flags"]).array.values.allSatisfy { $0 == 0 || $0 == 1 })
        let rnn = try modelFromStateDict(loadStateDict(path: IOFixtures.path(file)), prefix: nil, nonlinearity: "tanh",
                                         batchFirst: false, source: file)
        #expect(rnn.config.pytorchRepr == "RNN(2, 3)")
    }

    @Test func entriesComeInStateDictOrder() throws {
        let file = try loadWeightsFile(path: IOFixtures.path("torch/bidir2.pt"))
        let config = try RNNConfig(inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true)
        #expect(file.entries.map(\.name) == RNN.parameterNames(config))
        let views = try loadWeightsFile(path: IOFixtures.path("torch/views.pt"))
        #expect(views.entries.map(\.name) == ["base", "transposed", "row2", "odd_columns", "tail", "scalar", "empty"])
        #expect(views.entries.map(\.array.shape) == [[4, 6], [6, 4], [6], [4, 3], [12], [], [0, 6]])
    }

    @Test(arguments: [
        ("torch/seed_sine.pt", "seed_sine_input.npy", "seed_sine_expected.safetensors", "RNN(1, 10, num_layers=2, batch_first=True)"),
        ("torch/f64.pt", "seed_sine_input.npy", "f64_expected.safetensors", "RNN(1, 10, num_layers=2, batch_first=True)"),
        ("torch/bf16.pt", "seed_sine_input.npy", "bf16_expected.safetensors", "RNN(1, 10, num_layers=2, batch_first=True)"),
        ("torch/f16.pt", "seed_sine_input.npy", "f16_expected.safetensors", "RNN(1, 10, num_layers=2, batch_first=True)"),
        ("torch/bidir2.pt", "torch/bidir2_input.npy", "torch/bidir2_expected.safetensors", "RNN(3, 4, num_layers=2, bidirectional=True)"),
    ])
    func forwardMatchesPyTorch(weights: String, input: String, expected: String, repr: String) throws {
        let rnn = try IOFixtures.expectForwardMatchesPyTorch(weights: weights, input: input, expected: expected,
                                                             batchFirst: repr.contains("batch_first"))
        #expect(rnn.config.pytorchRepr == repr)
    }

    @Test func theRNNIsFoundUnderItsPrefix() throws {
        let tensors = try loadStateDict(path: IOFixtures.path("torch/nested.pt"))
        #expect(try locateRNN(in: Array(tensors.keys), prefix: nil, source: "nested.pt") == "encoder.rnn.")
        let rnn = try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: "nested.pt")
        #expect(rnn.config.pytorchRepr == "RNN(2, 3)")
    }

    @Test func aCheckpointDictIsReadWithDottedNames() throws {
        let file = try loadWeightsFile(path: IOFixtures.path("torch/checkpoint.pt"))
        let names = file.entries.map(\.name)
        // The state dict first, in order; then Adam's per-parameter state (step, exp_avg, exp_avg_sq).
        #expect(names.prefix(8).allSatisfy { $0.hasPrefix("model.") })
        #expect(names.contains("optimizer.state.0.exp_avg") && names.contains("optimizer.state.7.exp_avg_sq"))
        #expect(!names.contains { $0.hasPrefix("epoch") || $0.hasPrefix("note") || $0.contains("param_groups") })
        let twin = try loadStateDict(path: IOFixtures.path("seed_sine.safetensors"))
        let tensors = try loadStateDict(path: IOFixtures.path("torch/checkpoint.pt"))
        for (name, tensor) in twin { #expect(tensors["model." + name] == tensor, "\(name)") }
        let rnn = try modelFromStateDict(tensors, prefix: nil, nonlinearity: "tanh", batchFirst: true, source: "checkpoint.pt")
        #expect(rnn.config.pytorchRepr == "RNN(1, 10, num_layers=2, batch_first=True)")
    }

    @Test func theFormatIsToldByTheBytesNotTheName() throws {
        let directory = try IOFixtures.scratchDirectory()
        for (from, to) in [("torch/nested.pt", "weights.safetensors"), ("nested.safetensors", "weights.pt")] {
            let path = directory.appendingPathComponent(to).path
            try IOFixtures.bytes(from).write(to: path)
            #expect(try loadStateDict(path: path) == loadStateDict(path: IOFixtures.path("nested.safetensors")))
        }
    }
}

extension Array where Element == UInt8 {
    /// Writes the bytes to `path`.
    func write(to path: String) throws {
        try Data(self).write(to: URL(fileURLWithPath: path))
    }
}
