import Foundation
import Recurrent
@testable import RecurrentIO
import Testing

/// Captures python/rnnscope_capture.py wrote around real models (Fixtures/capture,
/// scripts/make_capture_fixtures.py): the configuration read from the metadata, the input and
/// states as the module received them, forward equal to what the module returned in PyTorch.
struct CaptureFileTests {
    static func capture(_ name: String) -> String { IOFixtures.path("capture/" + name) }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var prefix: String?
        var path: String
        var repr: String
        var nonlinearity = Nonlinearity.tanh
        var hasH0 = false
        var testDescription: String { "\(file) \(path)" }
    }

    static let cases: [Case] = [
        Case(file: "rnn_relu", prefix: nil, path: "rnn", repr: "RNN(3, 5, num_layers=2, batch_first=True)",
             nonlinearity: .relu),
        Case(file: "embedded_lstm", prefix: nil, path: "lstm", repr: "LSTM(8, 6, proj_size=3, bidirectional=True)", hasH0: true),
        Case(file: "two_modules", prefix: "enc", path: "enc", repr: "GRU(4, 5)"),
        Case(file: "two_modules", prefix: "dec.", path: "dec", repr: "RNN(5, 3)", hasH0: true),
        Case(file: "packed_full", prefix: nil, path: "gru", repr: "GRU(3, 4, batch_first=True, bidirectional=True)", hasH0: true),
    ]

    @Test(arguments: cases)
    func forwardOfTheCapturedModuleIsWhatItReturnedInPyTorch(_ c: Case) throws {
        let module = try CaptureFile(path: Self.capture(c.file + ".safetensors")).module(prefix: c.prefix)
        #expect(module.path == c.path && module.prefix == c.path + ".")
        #expect(module.config.pytorchRepr == c.repr && module.config.nonlinearity == c.nonlinearity)
        #expect((module.h0 != nil) == c.hasH0 && (module.c0 != nil) == (module.config.kind == .lstm && c.hasH0))
        #expect(!module.training && module.calls == 1)
        let rnn = try module.rnn(source: c.file)
        let (output, hN, cN) = try rnn.forward(module.input, h0: module.h0, c0: module.c0)
        let want = try loadStateDict(path: Self.capture(c.file + "_expected.safetensors"))
        expectClose(output, try #require(want["\(c.path).output"]), tolerance: 1e-5)
        expectClose(hN, try #require(want["\(c.path).h_n"]), tolerance: 1e-5)
        #expect((cN == nil) == (want["\(c.path).c_n"] == nil))
        if let cN { expectClose(cN, try #require(want["\(c.path).c_n"]), tolerance: 1e-5) }
    }

    @Test func theMetadataGivesWhatAStateDictCannot() throws {
        let relu = try CaptureFile(path: Self.capture("rnn_relu.safetensors")).module(prefix: nil)
        #expect(relu.config == (try RNNConfig(kind: .rnn, inputSize: 3, hiddenSize: 5, numLayers: 2, nonlinearity: "relu",
                                              batchFirst: true)))
        #expect(relu.input.shape == [2, 4, 3] && relu.lengths == nil)
        #expect(relu.stateDict.keys.sorted() == RNN.parameterNames(relu.config).sorted())   // head.* left out
        let lstm = try CaptureFile(path: Self.capture("embedded_lstm.safetensors")).module(prefix: "lstm")
        #expect(lstm.config.projSize == 3 && lstm.config.bidirectional && lstm.input.shape == [7, 2, 8])   // embedded, not ids
        #expect(lstm.h0?.shape == [2, 2, 3] && lstm.c0?.shape == [2, 2, 6])
        #expect(try CaptureFile(path: Self.capture("two_modules.safetensors")).modules.map(\.path) == ["enc", "dec"])
    }

    @Test func aPackedBatchCarriesItsLengths() throws {
        let packed = try CaptureFile(path: Self.capture("packed_gru.safetensors")).module(prefix: "gru")
        #expect(packed.lengths == [3, 5, 2] && packed.input.shape == [3, 5, 3] && packed.isPackedWithShorterSequences)
        #expect(packed.h0?.shape == [2, 3, 4])
        let full = try CaptureFile(path: Self.capture("packed_full.safetensors")).module(prefix: nil)
        #expect(full.lengths == [4, 4] && !full.isPackedWithShorterSequences)
    }

    // MARK: Errors, one line each

    /// `rnn_relu.safetensors` with its module metadata changed by `edit` (and tensors by `tensors`), written to a scratch file.
    func edited(_ edit: (inout [String: Any]) -> Void, tensors: (inout [(name: String, tensor: Tensor)]) -> Void = { _ in },
                from file: String = "rnn_relu.safetensors") throws -> String {
        let source = try loadWeightsFile(path: Self.capture(file))
        var modules = try #require(try JSONSerialization.jsonObject(with: Data(source.metadata[CaptureFile.modulesKey]!.utf8)) as? [[String: Any]])
        edit(&modules[0])
        var entries = source.entries.map { (name: $0.name, tensor: Tensor($0.array)) }
        tensors(&entries)
        let json = String(decoding: try JSONSerialization.data(withJSONObject: modules), as: UTF8.self)
        let path = try IOFixtures.scratchDirectory().appendingPathComponent("edited.safetensors").path
        try saveSafetensors(entries, metadata: [CaptureFile.modulesKey: json], path: path)
        return path
    }

    func expectError(_ path: String, _ problem: String, prefix: String? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: FileError(path, problem), sourceLocation: sourceLocation) {
            _ = try CaptureFile(path: path).module(prefix: prefix)
        }
    }

    @Test func aFileWithoutCaptureMetadataIsRefused() {
        let path = Self.capture("rnn_relu_expected.safetensors")
        expectError(path, "not an rnnscope capture (no 'rnnscope.modules' in its metadata): write one with "
                    + "python/rnnscope_capture.py, or open a plain state dict with --weights")
    }

    @Test func anUnknownKindIsRefused() throws {
        let path = try edited { $0["kind"] = "Transformer" }
        expectError(path, "module 'rnn': unknown kind 'Transformer' (RNN, LSTM or GRU)")
    }

    @Test func aPrefixNotCapturedListsTheCapturedOnes() throws {
        let path = Self.capture("two_modules.safetensors")
        expectError(path, "no captured module 'encoder' (captured: 'enc', 'dec')", prefix: "encoder.")
        expectError(path, "captures 2 recurrent modules ('enc', 'dec'); choose one with --prefix")
    }

    @Test func weightsThatDisagreeWithTheMetadataAreRefused() throws {
        let path = try edited { $0["hidden_size"] = 4 }
        #expect {
            _ = try CaptureFile(path: path)
        } throws: { error in
            let text = String(describing: error)
            return text.hasPrefix(path + ": module 'rnn': ") && text.contains("size mismatch") && !text.contains("\n")
        }
    }

    @Test func anInputThatDoesNotFitIsRefusedInPyTorchsWords() throws {
        let path = try edited({ _ in }, tensors: { entries in
            let index = entries.firstIndex { $0.name == "capture.rnn.input" }!
            entries[index].tensor = Tensor(zeros: [2, 4, 7])
        })
        expectError(path, "module 'rnn': its captured input does not fit it: input.size(-1) must be equal to input_size. Expected 3, got 7")
    }

    @Test func aMissingInputOrMalformedMetadataIsRefused() throws {
        let missing = try edited { $0["tensors"] = ["input": "capture.rnn.x"] }
        expectError(missing, "module 'rnn': its input 'capture.rnn.x' is not in the file")
        let malformed = try edited { $0.removeValue(forKey: "hidden_size") }
        expectError(malformed, "metadata 'rnnscope.modules' is not a list of module descriptions: entry [0] has no 'hidden_size'")
        let refused = try edited { $0["nonlinearity"] = "sigmoid" }
        expectError(refused, "module 'rnn': Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.")
    }

    @Test func lengthsThatDoNotFitThePaddedBatchAreRefused() throws {
        let count = try edited({ $0["packed"] = true }, tensors: { $0.append((name: "capture.rnn.lengths", tensor: Tensor(shape: [3], data: [4, 4, 4]))) })
        expectError(count, "module 'rnn': 3 packed lengths for a batch of 2 sequences (input [2, 4, 3])")
        let long = try edited({ $0["packed"] = true }, tensors: { $0.append((name: "capture.rnn.lengths", tensor: Tensor(shape: [2], data: [5, 4]))) })
        expectError(long, "module 'rnn': packed length 5.0 is not a whole number in 1...4 (T of input [2, 4, 3])")
        let absent = try edited { $0["packed"] = true }
        expectError(absent, "module 'rnn': packed, but its lengths 'capture.rnn.lengths' are not in the file")
    }
}
