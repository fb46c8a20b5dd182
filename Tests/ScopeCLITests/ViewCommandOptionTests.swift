import Foundation
import Recurrent
import RecurrentIO
import Testing

/// `render`'s debugging-view options and `--example sine`, through the real executable.
@Suite struct ViewCommandOptionTests {
    /// The repository (this file is at Tests/ScopeCLITests/).
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func exampleSineOpensTheTrainedModelOnItsInput() throws {
        let runner = try CommandRunner()   // runs in an empty directory: the files are found beside the executable
        let frame = ["render", "--color", "never", "--width", "100", "--height", "30", "--t", "7"]
        let example = try runner.run(frame + ["--example", "sine"])
        #expect(example.status == 0, "\(example.stderr)")
        #expect(example.stdout.contains("RNN(1, 16, num_layers=2, batch_first=True)") && example.stdout.contains("T=40"))
        let files = Self.repository.appendingPathComponent("examples")
        let explicit = try runner.run(frame + ["--weights", files.appendingPathComponent("sine.safetensors").path,
                                               "--input", files.appendingPathComponent("sine_input.npy").path, "--batch-first"])
        #expect(explicit.status == 0)
        // The same frame below the first header row (which names the weights file).
        #expect(example.stdout.split(separator: "\n").dropFirst() == explicit.stdout.split(separator: "\n").dropFirst())
    }

    @Test func exampleSineRefusesItsOwnFlags() throws {
        let result = try CommandRunner().run(["render", "--example", "sine", "--input", "x.npy"])
        #expect(result.status == 64 && result.stderr.contains("leave out --weights and --input"))
    }

    @Test func batchIndexPicksTheElementOnScreen() throws {
        let runner = try CommandRunner()
        let frame = ["render", "--color", "never", "--input", CommandRunner.fixture("c_order_f32.npy"),   // (T=4, N=3, D=2)
                     "--input-size", "2", "--hidden-size", "3"]
        let last = try runner.run(frame + ["--batch-index", "2"])
        #expect(last.status == 0 && last.stdout.contains("batch 2/3"), "\(last.stderr)")
        let first = try runner.run(frame)
        #expect(first.stdout.contains("batch 0/3") && first.stdout != last.stdout.replacingOccurrences(of: "batch 2/3", with: "batch 0/3"))
        for bad in ["3", "-1"] {
            let refused = try runner.run(frame + ["--batch-index", bad])
            #expect(refused.status == 1 && refused.stdout.isEmpty)
            #expect(refused.stderr == "rnnscope: batch element \(bad) is not in the input: its batch has 3 (0…2)\n")
        }
    }

    @Test func h0IsShownWhereEachDirectionStartsAndCheckedInPyTorchsWords() throws {
        let runner = try CommandRunner()
        let frame = ["render", "--color", "never", "--input", CommandRunner.fixture("c_order_f32.npy"),   // (T=4, N=3, D=2)
                     "--input-size", "2", "--hidden-size", "3", "--num-layers", "2", "--bidirectional", "--h0", "h0.npy"]
        try saveNpy(Tensor(shape: [4, 3, 3], data: (0..<36).map { Float($0) / 36 }), path: runner.path("h0.npy"))   // 2 layers × 2 directions
        let start = try runner.run(frame)
        #expect(start.status == 0, "\(start.stderr)")
        #expect(start.stdout.contains("│ h0 ") && start.stdout.contains("│ h_t+1 "))   // forward starts at t=0, reverse reads t=1
        #expect(try runner.run(frame + ["--t", "3"]).stdout.contains("│ h_t-1 "))
        try saveNpy(Tensor(zeros: [1, 3, 3]), path: runner.path("h0.npy"))
        let wrong = try runner.run(frame)
        #expect(wrong.status == 1 && wrong.stderr == "rnnscope: Expected hidden size (4, 3, 3), got [1, 3, 3]\n")
    }

    @Test func trainTurnsOnDropoutBetweenLayers() throws {
        let runner = try CommandRunner()
        let frame = ["render", "--color", "never", "--width", "100", "--height", "30", "--input", CommandRunner.fixture("c_order_f32.npy"),
                     "--input-size", "2", "--hidden-size", "12", "--num-layers", "2", "--dropout", "0.5", "--t", "2"]
        let layerOneInput = { (out: String) in out.split(separator: "\n").first { $0.hasPrefix("│ x_t ") } ?? "" }   // layer 1 is drawn first
        let evaluation = try runner.run(frame), training = try runner.run(frame + ["--train"])
        #expect(evaluation.status == 0 && training.status == 0, "\(training.stderr)")
        #expect(training.stdout.contains("batch 0/3   train") && !evaluation.stdout.contains("train"))
        #expect(!layerOneInput(evaluation.stdout).contains(" · ") && layerOneInput(training.stdout).contains(" · "))   // · exact zero
    }

    @Test func renderShowsTheExecutionOrderAtAStep() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["render", "--color", "never", "--mode", "exec", "--step", "21", "--bidirectional"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("step=21/80  layer 0 reverse t=19"))
        let tooFar = try runner.run(["render", "--mode", "exec", "--step", "81", "--bidirectional"])
        #expect(tooFar.status == 64 && tooFar.stderr.contains("--step must be in 0...80"))
        #expect(try runner.run(["render", "--step", "3"]).status == 64)
    }
}

/// The model flags mean the same in view, render, forward and init (issue 11's defaults rule): no
/// sizes → the study example, modified by the other flags; a size → nn.RNN(...) from the flags
/// alone, both sizes required, PyTorch's defaults for the rest.
@Suite struct ModelDefaultsRuleTests {
    func header(_ runner: CommandRunner, _ flags: [String]) throws -> (status: Int32, first: String, stderr: String) {
        let result = try runner.run(["render", "--color", "never"] + flags)
        return (result.status, String(result.stdout.split(separator: "\n").first ?? ""), result.stderr)
    }

    @Test func withoutSizesTheStudyExampleOpensAndTheOtherFlagsModifyIt() throws {
        let runner = try CommandRunner()
        let plain = try header(runner, [])
        #expect(plain.first.contains("RNN(1, 10, num_layers=2, batch_first=True)") && plain.first.contains("study example"))
        #expect(try header(runner, ["--bidirectional"]).first.contains("RNN(1, 10, num_layers=2, batch_first=True, bidirectional=True)"))
        #expect(try header(runner, ["--cell", "gru", "--num-layers", "3"]).first.contains("GRU(1, 10, num_layers=3, batch_first=True)"))
        #expect(try header(runner, ["--no-batch-first"]).first.contains("RNN(1, 10, num_layers=2)   "))
    }

    @Test func aSizeBuildsTheModuleFromTheFlagsAloneWithPyTorchsDefaults() throws {
        let runner = try CommandRunner()
        let built = try header(runner, ["--input-size", "10", "--hidden-size", "20"])
        #expect(built.status == 0 && built.first.contains("RNN(10, 20)   ") && !built.first.contains("study example"), "\(built.stderr)")
        let missing = try runner.run(["render", "--input-size", "1"])
        #expect(missing.status != 0 && missing.stderr.contains("--hidden-size is required with --input-size: nn.RNN(input_size, hidden_size) takes both"))
        #expect(missing.stderr.split(separator: "\n").count == 1 || missing.stderr.hasPrefix("Error: "))
        // The notes' failing last cell: an h0 of (2, 3, 20) for nn.RNN(10, 20) fails in PyTorch's words.
        try saveNpy(Tensor(zeros: [2, 3, 20]), path: runner.path("h0.npy"))
        let notes = try runner.run(["render", "--input-size", "10", "--hidden-size", "20", "--seq-len", "5", "--batch", "3", "--h0", "h0.npy"])
        #expect(notes.status == 1 && notes.stderr == "rnnscope: Expected hidden size (1, 3, 20), got [2, 3, 20]\n")
        // and with two layers it runs, as nn.RNN(10, 20, 2) does
        let two = try runner.run(["render", "--color", "never", "--input-size", "10", "--hidden-size", "20", "--num-layers", "2",
                                  "--seq-len", "5", "--batch", "3", "--h0", "h0.npy"])
        #expect(two.status == 0 && two.stdout.contains("RNN(10, 20, num_layers=2)") && two.stdout.contains("T=5"), "\(two.stderr)")
    }

    @Test func forwardAndInitFollowTheSameRule() throws {
        let runner = try CommandRunner()
        let forward = try runner.run(["forward", "--bidirectional", "--output", runner.path("out.npz")])
        #expect(forward.status == 0, "\(forward.stderr)")
        let shapes = try loadSequence(path: runner.path("out.npz") + ":output").shape
        #expect(shapes == [1, 20, 20])   // the example (batch_first, T = 20) made bidirectional
        let initOnly = try runner.run(["init", "--hidden-size", "5", "--output", runner.path("w.pt")])
        #expect(initOnly.status != 0 && initOnly.stderr.contains("--input-size is required with --hidden-size"))
    }

    @Test func seqLenMakesASeededStandardNormalInputInTheModulesLayout() throws {
        let runner = try CommandRunner()
        for (flags, shape) in [(["--seq-len", "5", "--batch", "3"], [5, 3, 20]), (["--seq-len", "5"], [5, 20]),
                               (["--seq-len", "5", "--batch", "3", "--batch-first"], [3, 5, 20])] {
            let out = runner.path("out\(shape.count)\(shape[0]).npz")
            let result = try runner.run(["forward", "--input-size", "10", "--hidden-size", "20", "--output", out] + flags)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(try loadSequence(path: out + ":output").shape == shape)   // (T, N, D), (T, D), (N, T, D) in, as PyTorch lays out
        }
        let x = Tensor.standardNormal([100, 100], seed: 7)
        let mean = x.data.reduce(0, +) / Float(x.count), variance = x.data.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(x.count)
        #expect(abs(mean) < 0.05 && abs(variance - 1) < 0.05)
        let again = Tensor.standardNormal([5, 3, 10], seed: 0), other = Tensor.standardNormal([5, 3, 10], seed: 1)
        #expect(again == Tensor.standardNormal([5, 3, 10], seed: 0) && again != other)
        let both = try runner.run(["render", "--seq-len", "5", "--input", CommandRunner.fixture("c_order_f32.npy")])
        #expect(both.status != 0 && both.stderr.contains("--seq-len makes a random input, --input reads one"))
    }
}

/// `render --tour K [--lang ko]` draws a stop of the tour headless; its flags are checked.
@Suite struct TourCommandTests {
    @Test func renderDrawsEachStopInEitherLanguage() throws {
        let runner = try CommandRunner()
        let en = try runner.run(["render", "--tour", "6", "--color", "never", "--width", "100", "--height", "30"])
        #expect(en.status == 0 && en.stdout.contains("6/6 Why nn.RNN returns two things"), "\(en.stderr)")
        let ko = try runner.run(["render", "--tour", "2", "--lang", "ko", "--color", "never"])
        #expect(ko.status == 0 && ko.stdout.contains("2/6 노트의 두 예제") && ko.stdout.contains("torch.Size([5, 3, 20])"))
        let korean = try runner.run(["render", "--tour", "1", "--color", "never"], environment: ["LANG": "ko_KR.UTF-8", "LC_ALL": "ko_KR.UTF-8"])
        #expect(korean.stdout.contains("1/6 여덟 개의 파라미터"))
        let bad = try runner.run(["render", "--tour", "7"])
        #expect(bad.status != 0 && bad.stderr.contains("--tour must be in 1...6"))
        let lonely = try runner.run(["render", "--lang", "ko"])
        #expect(lonely.status != 0 && lonely.stderr.contains("--lang is the tour's language"))
    }
}

/// `--tokens FILE`: lines or a JSON list, one per timestep; a count that differs from T is one line.
@Suite struct TokenOptionTests {
    @Test func tokensComeFromLinesOrAJSONListAndMustMatchT() throws {
        let runner = try CommandRunner()
        try Data((0..<20).map { "w\($0)" }.joined(separator: "\n").appending("\n").utf8).write(to: URL(fileURLWithPath: runner.path("t.txt")))
        let lines = try runner.run(["render", "--tokens", runner.path("t.txt"), "--body", "text", "--t", "3", "--color", "never"])
        #expect(lines.status == 0 && lines.stdout.contains("w0 w1 w2 w3") && lines.stdout.contains("\"w3\""), "\(lines.stderr)")
        try Data("[\"a\", \"b\", \"c\"]".utf8).write(to: URL(fileURLWithPath: runner.path("t.json")))
        let short = try runner.run(["render", "--tokens", runner.path("t.json")])
        #expect(short.status == 1 && short.stderr == "rnnscope: \(runner.path("t.json")): has 3 tokens, but the input has T=20 steps: one token per timestep\n")
        let json = try runner.run(["render", "--tokens", runner.path("t.json"), "--seq-len", "3", "--input-size", "1", "--hidden-size", "2",
                                   "--body", "text", "--color", "never"])
        #expect(json.status == 0 && json.stdout.contains(" abc"), "\(json.stderr)")
    }
}
