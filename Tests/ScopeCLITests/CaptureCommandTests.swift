import Foundation
import Recurrent
import RecurrentIO
import Testing

/// `--capture FILE [--prefix P]` on the command line: forward reproduces what the module returned
/// in PyTorch, render opens it as it ran, and the refusals are one line.
struct CaptureCommandTests {
    static func capture(_ name: String) -> String { CommandRunner.fixture("capture/" + name) }

    @Test(arguments: [("rnn_relu", nil, "rnn"), ("embedded_lstm", nil, "lstm"), ("two_modules", "enc", "enc"),
                      ("two_modules", "dec.", "dec"), ("packed_full", "gru", "gru"),
                      ("packed_gru", "gru", "gru")] as [(String, String?, String)])   // lengths 3, 5, 2: each to its own length
    func forwardReproducesPyTorchsOutputOfTheModule(file: String, prefix: String?, path: String) throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--capture", Self.capture(file + ".safetensors")]
                                    + (prefix.map { ["--prefix", $0] } ?? []) + ["--output", "out.safetensors"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let got = try loadStateDict(path: runner.path("out.safetensors"))
        let want = try loadStateDict(path: Self.capture(file + "_expected.safetensors"))
        for role in ["output", "h_n", "c_n"] where want["\(path).\(role)"] != nil || got[role] != nil {
            expectClose(got[role], want["\(path).\(role)"])
        }
    }

    @Test func renderOpensTheModuleAsItRan() throws {
        let path = Self.capture("rnn_relu.safetensors")
        let result = try CommandRunner().run(["render", "--capture", path, "--width", "100", "--height", "30", "--color", "never"])
        #expect(result.status == 0 && result.stderr.isEmpty)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first?.contains("RNN(3, 5, num_layers=2, batch_first=True)") == true)
        #expect(lines.dropFirst().first?.hasPrefix(" relu   t=0  T=4   batch 0/2") == true)
        #expect(result.stdout.contains("input (2, 4, 3) = (N, T, D)"))
        let lstm = try CommandRunner().run(["render", "--capture", Self.capture("embedded_lstm.safetensors"), "--color", "never",
                                            "--width", "100", "--height", "40"])
        #expect(lstm.status == 0 && lstm.stdout.contains(" h0, c0 (2, 2, 3), (2, 2, 6) given · h_n (2, 2, 3), c_n (2, 2, 6)"))
    }

    @Test func severalModulesAreListedAndAnUnknownPrefixNamesThem() throws {
        let runner = try CommandRunner()
        let path = Self.capture("two_modules.safetensors")
        let none = try runner.run(["forward", "--capture", path, "--output", "out.safetensors"])
        #expect(none == .init(status: 1, stdout: "", stderr: "rnnscope: \(path): captures 2 recurrent modules ('enc', 'dec'); choose one with --prefix\n"))
        let render = try runner.run(["render", "--capture", path, "--prefix", "decoder"])
        #expect(render == .init(status: 1, stdout: "", stderr: "rnnscope: \(path): no captured module 'decoder' (captured: 'enc', 'dec')\n"))
        #expect(try runner.files() == [])
    }

    @Test func aPackedBatchWithShorterSequencesIsShownEachToItsLength() throws {
        let runner = try CommandRunner()
        let path = Self.capture("packed_gru.safetensors")
        for (element, length) in [(0, 3), (1, 5), (2, 2)] {
            let render = try runner.run(["render", "--capture", path, "--batch-index", "\(element)", "--color", "never"])
            #expect(render.status == 0 && render.stdout.contains("T=\(length) (packed: its length, of 5)"), "\(render.stderr)")
        }
        let traced = try runner.run(["forward", "--capture", path, "--trace", "--output", "out.npz"])
        #expect(traced.status == 64 && traced.stderr.contains("--trace of packed sequences"))
        #expect(try runner.files() == [])
    }

    /// `--lengths FILE` runs a padded input as a packed batch: the capture's own padded input and
    /// lengths given as files give PyTorch's packed result.
    @Test func lengthsGivenAsAFileRunAsAPackedBatch() throws {
        let runner = try CommandRunner()
        let module = try CaptureFile(path: Self.capture("packed_gru.safetensors")).module(prefix: "gru")
        try saveNpy(module.input, path: runner.path("x.npy"))
        try saveNpy(Tensor(shape: [3], data: (module.lengths ?? []).map(Float.init)), path: runner.path("lengths.npy"))
        let weights = runner.path("w.safetensors")
        try saveSafetensors(module.rnn(source: "capture").stateDict, path: weights)
        var states: [String] = []
        if let h0 = module.h0 { try saveNpy(h0, path: runner.path("h0.npy")); states = ["--h0", runner.path("h0.npy")] }
        let result = try runner.run(["forward", "--weights", weights, "--batch-first", "--input", runner.path("x.npy"),
                                     "--lengths", runner.path("lengths.npy"), "--output", "out.safetensors"] + states)
        #expect(result.status == 0, "\(result.stderr)")
        let got = try loadStateDict(path: runner.path("out.safetensors"))
        let want = try loadStateDict(path: Self.capture("packed_gru_expected.safetensors"))
        expectClose(got["output"], want["gru.output"])
        expectClose(got["h_n"], want["gru.h_n"])
        try saveNpy(Tensor(shape: [3], data: [3, 5.5, 2]), path: runner.path("bad.npy"))
        let bad = try runner.run(["render", "--weights", weights, "--batch-first", "--input", runner.path("x.npy"), "--lengths", runner.path("bad.npy")])
        #expect(bad.status == 1 && bad.stderr.contains("not whole numbers"))
    }

    @Test(arguments: [
        (["--weights", "w.safetensors"], "--weights"), (["--input-size", "3", "--hidden-size", "5"], "--input-size, --hidden-size"),
        (["--input", "x.npy", "--nonlinearity", "relu"], "--nonlinearity, --input"), (["--seq-len", "4"], "--seq-len"),
        (["--batch-first"], "--batch-first"),
    ])
    func flagsTheCaptureAnswersAreRefused(extra: [String], named: String) throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--capture", Self.capture("rnn_relu.safetensors"), "--output", "out.pt"] + extra)
        #expect(result.status == 64 && result.stdout.isEmpty)
        #expect(result.stderr == "rnnscope: --capture brings the module's weights, configuration and input; leave out \(named)\n")
    }

    @Test func aCaptureWithActiveDropoutIsNotReproducedWithoutTrain() throws {
        let runner = try CommandRunner()
        let path = Self.capture("train_dropout.safetensors")
        let refused = try runner.run(["forward", "--capture", path, "--output", "out.pt"])
        #expect(refused == .init(status: 1, stdout: "", stderr: "rnnscope: \(path): captured in training mode with dropout 0.5: "
                                 + "PyTorch's masks are not in the file, so its output cannot be reproduced; capture after "
                                 + "model.eval() (or run with --train for rnnscope's own masks)\n"))
        #expect(try runner.run(["forward", "--capture", path, "--output", "out.pt", "--train"]).status == 0)
    }

    @Test func aStateDictIsNotACapture() throws {
        let path = CommandRunner.fixture("seed_sine.safetensors")
        let result = try CommandRunner().run(["forward", "--capture", path, "--output", "out.pt"])
        #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: \(path): not an rnnscope capture (no 'rnnscope.modules' "
                                + "in its metadata): write one with python/rnnscope_capture.py, or open a plain state dict with --weights\n"))
    }
}

/// `--vocab FILE` labels a capture's token ids: each batch element gets its own row of tokens.
@Suite struct VocabTests {
    @Test func capturedTokenIdsBecomeEachElementsLabels() throws {
        let runner = try CommandRunner()
        let path = CaptureCommandTests.capture("embedded_lstm.safetensors")
        let ids = try #require(try loadStateDict(path: path)["capture.args.0"])   // (T, N) token ids
        let vocabulary = (0..<1000).map { "w\($0)" }
        try Data(vocabulary.joined(separator: "\n").utf8).write(to: URL(fileURLWithPath: runner.path("vocab.txt")))
        let (steps, batch) = (ids.shape[0], ids.shape[1])
        for element in 0..<batch {
            let words = (0..<steps).map { vocabulary[Int(ids.data[$0 * batch + element])] }
            let result = try runner.run(["render", "--capture", path, "--vocab", runner.path("vocab.txt"), "--batch-index", "\(element)",
                                         "--body", "text", "--color", "never", "--width", "120"])
            #expect(result.status == 0 && result.stdout.contains(" " + words.joined(separator: " ")), "\(result.stderr)")
        }
        try Data("a\nb\n".utf8).write(to: URL(fileURLWithPath: runner.path("small.txt")))
        let small = try runner.run(["render", "--capture", path, "--vocab", runner.path("small.txt")])
        #expect(small.status == 1 && small.stderr.contains("outside the vocabulary's 2 tokens"))
        let alone = try runner.run(["render", "--vocab", runner.path("vocab.txt")])
        #expect(alone.status != 0 && alone.stderr.contains("--vocab turns a capture's token ids into labels"))
    }
}
