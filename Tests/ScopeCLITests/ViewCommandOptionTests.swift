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
                     "--input-size", "2", "--hidden-size", "3", "--bidirectional", "--h0", "h0.npy"]
        try saveNpy(Tensor(shape: [4, 3, 3], data: (0..<36).map { Float($0) / 36 }), path: runner.path("h0.npy"))   // 2 layers (the default) × 2 directions
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
                     "--input-size", "2", "--hidden-size", "12", "--dropout", "0.5", "--t", "2"]
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
