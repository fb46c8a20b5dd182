import Foundation
import Recurrent
@testable import RecurrentIO
import Testing

/// `rnnscope forward` against PyTorch's results, and its failures.
struct ForwardCommandTests {
    let fixture = CommandRunner.fixture

    /// Same shape and every value within float32 rounding of PyTorch's.
    func expectClose(_ actual: Tensor?, _ expected: Tensor?, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let actual, let expected else { Issue.record("missing tensor", sourceLocation: sourceLocation); return }
        #expect(actual.shape == expected.shape, sourceLocation: sourceLocation)
        let worst = zip(actual.data, expected.data).map { abs($0 - $1) }.max() ?? 0
        #expect(worst <= 2e-6, "largest difference \(worst)", sourceLocation: sourceLocation)
    }

    /// One PyTorch run: weights, input file, layout, the expected file and the shapes the command lists.
    struct Case: Sendable {
        var weights: String
        var input: String
        var batchFirst: Bool
        var expected: String
        var listing: String
    }

    @Test(arguments: [
        Case(weights: "seed_sine.safetensors", input: "seed_sine_input.npy", batchFirst: true,
             expected: "seed_sine_expected.safetensors", listing: "output  [1, 20, 10]\nh_n     [2, 1, 10]\n"),
        Case(weights: "bf16.safetensors", input: "seed_sine_input.npy", batchFirst: true,
             expected: "bf16_expected.safetensors", listing: "output  [1, 20, 10]\nh_n     [2, 1, 10]\n"),
        Case(weights: "small.safetensors", input: "batch_first.npy", batchFirst: true,
             expected: "batch_first_expected.safetensors", listing: "output  [3, 5, 4]\nh_n     [1, 3, 4]\n"),
        Case(weights: "small.safetensors", input: "unbatched.npy", batchFirst: false,
             expected: "unbatched_expected.safetensors", listing: "output  [5, 4]\nh_n     [1, 4]\n"),
        Case(weights: "small.safetensors", input: "fortran_f32.npy", batchFirst: true,
             expected: "arange_expected.safetensors", listing: "output  [4, 3, 4]\nh_n     [1, 4, 4]\n"),
        Case(weights: "torch/seed_sine.pt", input: "seed_sine_input.npy", batchFirst: true,
             expected: "seed_sine_expected.safetensors", listing: "output  [1, 20, 10]\nh_n     [2, 1, 10]\n"),
        Case(weights: "torch/bidir2.pt", input: "torch/bidir2_input.npy", batchFirst: false,
             expected: "torch/bidir2_expected.safetensors", listing: "output  [5, 2, 8]\nh_n     [4, 2, 4]\n"),
    ])
    func writesPyTorchsOutputAndHN(_ run: Case) throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--weights", fixture(run.weights), "--input", fixture(run.input),
                                     "--output", "out.safetensors"] + (run.batchFirst ? ["--batch-first"] : []))
        #expect(result == .init(status: 0, stdout: run.listing + "wrote out.safetensors\n", stderr: ""))
        let written = try loadSafetensors(path: runner.path("out.safetensors"))
        #expect(written.entries.map(\.name) == ["output", "h_n"])
        #expect(Set(written.entries.map(\.dtype)) == ["F32"])
        let got = try loadStateDict(path: runner.path("out.safetensors")), want = try loadStateDict(path: fixture(run.expected))
        expectClose(got["output"], want["output"])
        expectClose(got["h_n"], want["h_n"])
    }

    @Test func csvIsOneUnbatchedSequenceAndItsTraceIsTimeByHidden() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--weights", fixture("seed_sine.safetensors"), "--input", fixture("sine.csv"),
                                     "--trace", "--output", "out.safetensors"])
        #expect(result == .init(status: 0, stdout: """
            output       [20, 10]
            h_n          [2, 10]
            trace.h.l0   [20, 10]
            trace.ih.l0  [20, 10]
            trace.hh.l0  [20, 10]
            trace.h.l1   [20, 10]
            trace.ih.l1  [20, 10]
            trace.hh.l1  [20, 10]
            wrote out.safetensors

            """, stderr: ""))
        let got = try loadStateDict(path: runner.path("out.safetensors"))
        let want = try loadStateDict(path: fixture("seed_sine_expected.safetensors"))
        expectClose(got["output"], want["output"]?.reshaped([20, 10]))
        expectClose(got["h_n"], want["h_n"]?.reshaped([2, 10]))
        #expect(got["trace.h.l1"] == got["output"])
        // The parts are the cell's two affine maps of the PyTorch weights: h_t = tanh(ih + hh),
        // ih = W_ih·x_t + b_ih, hh = W_hh·h_t-1 + b_hh (h_-1 = 0).
        let weights = try loadStateDict(path: fixture("seed_sine.safetensors"))
        let (h, ih, hh) = (try #require(got["trace.h.l1"]), try #require(got["trace.ih.l1"]), try #require(got["trace.hh.l1"]))
        let below = try #require(got["trace.h.l0"])
        let (wIH, bIH) = (try #require(weights["weight_ih_l1"]), try #require(weights["bias_ih_l1"]))
        let (wHH, bHH) = (try #require(weights["weight_hh_l1"]), try #require(weights["bias_hh_l1"]))
        for t in 0..<20 {
            for u in 0..<10 {
                let i = t * 10 + u
                #expect(abs(h.data[i] - tanh(ih.data[i] + hh.data[i])) <= 1e-6)
                let input = (0..<10).reduce(bIH.data[u]) { $0 + wIH.data[u * 10 + $1] * below.data[t * 10 + $1] }
                let recurrent = (0..<10).reduce(bHH.data[u]) { $0 + wHH.data[u * 10 + $1] * (t == 0 ? 0 : h.data[(t - 1) * 10 + $1]) }
                #expect(abs(ih.data[i] - input) <= 1e-5 && abs(hh.data[i] - recurrent) <= 1e-5)
            }
        }
    }

    /// `--output` by extension: .npz holds what .safetensors holds (numpy reads it with np.load);
    /// .npy holds output alone and says so; anything else is a usage error.
    @Test func outputFormatsFollowTheExtension() throws {
        let runner = try CommandRunner()
        let run = ["forward", "--input-size", "2", "--hidden-size", "3", "--num-layers", "2", "--bidirectional",
                   "--input", fixture("c_order_f32.npy")]
        #expect(try runner.run(run + ["--trace", "--output", "all.safetensors"]).status == 0)
        let npz = try runner.run(run + ["--trace", "--output", "all.npz"])
        #expect(npz.status == 0 && npz.stdout.hasSuffix("wrote all.npz\n"), "\(npz.stderr)")
        let reference = try loadStateDict(path: runner.path("all.safetensors"))
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: runner.path("all.npz"))))
        let archive = try ZipArchive(bytes: bytes, source: "all.npz")
        #expect(archive.entries.count == reference.count)
        for entry in archive.entries {
            let array = try NpyFormat.parse(Array(bytes[try archive.dataRange(of: entry, in: bytes)]), source: entry.name)
            #expect(Tensor(array) == reference[String(entry.name.dropLast(4))], "\(entry.name)")
        }
        #expect(try runner.run(run + ["--trace", "--output", "all.pt"]).status == 0)
        let pt = try loadWeightsFile(path: runner.path("all.pt"))
        #expect(pt.format == .torchZip && pt.stateDict == reference)
        let npy = try runner.run(run + ["--output", "out.npy"])
        #expect(npy.status == 0 && npy.stdout.contains("(output only: a .npy holds one array"))
        #expect(try loadSequence(path: runner.path("out.npy")) == reference["output"])
        let unknown = try runner.run(run + ["--output", "out.txt"])
        #expect(unknown.status == 64 && unknown.stderr == "rnnscope: --output out.txt: unknown format (expected .safetensors, .pt, .npz or .npy)\n")
        #expect(try runner.run(run + ["--trace", "--output", "t.npy"]).status == 64)
        #expect(try runner.files() == ["all.npz", "all.pt", "all.safetensors", "out.npy"])
    }

    /// The sequence and h0 may come out of one torch.save'd dict; the run is the .npy files' run.
    @Test func inputAndH0FromOneTorchFile() throws {
        let runner = try CommandRunner()
        let torch = CommandRunner.fixtures.appendingPathComponent("torch").path
        let model = ["forward", "--input-size", "2", "--hidden-size", "4", "--seed", "3"]
        let fromNpy = try runner.run(model + ["--input", torch + "/sequence.npy", "--h0", torch + "/sequence_h0.npy", "--output", "a.safetensors"])
        let fromPt = try runner.run(model + ["--input", torch + "/sequence_dict.pt:input", "--h0", torch + "/sequence_dict.pt:h0",
                                             "--output", "b.safetensors"])
        #expect(fromNpy.status == 0 && fromPt.status == 0, "\(fromPt.stderr)")
        #expect(try loadStateDict(path: runner.path("a.safetensors")) == loadStateDict(path: runner.path("b.safetensors")))
        try FileManager.default.copyItem(atPath: torch + "/sequence.npz", toPath: runner.path("s.npz"))
        let overInput = try runner.run(model + ["--input", "s.npz:input", "--output", "s.npz"])
        #expect(overInput.status == 64 && overInput.stderr.contains("is the --input file"))
    }

    @Test func traceWithTrainingKeepsTheDroppedInputs() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--input-size", "2", "--hidden-size", "8", "--num-layers", "2", "--dropout", "0.5",
                                     "--train", "--trace", "--input", fixture("c_order_f32.npy"), "--output", "t.safetensors"])
        #expect(result.status == 0 && result.stdout.contains("trace.x.l1   [4, 3, 8]"), "\(result.stderr)")
        let tensors = try loadStateDict(path: runner.path("t.safetensors"))
        let (dropped, below) = (try #require(tensors["trace.x.l1"]), try #require(tensors["trace.h.l0"]))
        let zeroed = zip(dropped.data, below.data).filter { $0.0 == 0 && $0.1 != 0 }.count
        #expect(zeroed > 0 && zeroed < dropped.count)
        for (d, b) in zip(dropped.data, below.data) where d != 0 { #expect(abs(d - 2 * b) <= 1e-6) }   // survivors ÷ (1 − 0.5)
    }

    @Test func inputSizeMismatchIsRefusedInPyTorchsWords() throws {
        let runner = try CommandRunner()
        // c_order_f32.npy is (4, 3, 2): two features, but the prefixed model reads three.
        let result = try runner.run(["forward", "--weights", fixture("prefixed.safetensors"), "--batch-first",
                                     "--input", fixture("c_order_f32.npy"), "--output", "t.safetensors"])
        #expect(result == .init(status: 1, stdout: "",
                                stderr: "rnnscope: input.size(-1) must be equal to input_size. Expected 3, got 2\n"))
        #expect(try runner.files() == [])
    }

    @Test func traceAddsHiddenStatesTimeMajor() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--input-size", "2", "--hidden-size", "3", "--num-layers", "2", "--bidirectional",
                                     "--batch-first", "--seed", "5", "--trace", "--input", fixture("c_order_f32.npy"),
                                     "--output", "t.safetensors"])
        #expect(result == .init(status: 0, stdout: """
            output               [4, 3, 6]
            h_n                  [4, 4, 3]
            trace.h.l0           [3, 4, 3]
            trace.ih.l0          [3, 4, 3]
            trace.hh.l0          [3, 4, 3]
            trace.h.l0_reverse   [3, 4, 3]
            trace.ih.l0_reverse  [3, 4, 3]
            trace.hh.l0_reverse  [3, 4, 3]
            trace.h.l1           [3, 4, 3]
            trace.ih.l1          [3, 4, 3]
            trace.hh.l1          [3, 4, 3]
            trace.h.l1_reverse   [3, 4, 3]
            trace.ih.l1_reverse  [3, 4, 3]
            trace.hh.l1_reverse  [3, 4, 3]
            wrote t.safetensors

            """, stderr: ""))
        let tensors = try loadStateDict(path: runner.path("t.safetensors"))
        let output = try #require(tensors["output"]).swappingFirstTwoAxes()  // (T, N, 2H)
        let forward = try #require(tensors["trace.h.l1"]), reverse = try #require(tensors["trace.h.l1_reverse"])
        // The top layer's states over time are the output, [forward, reverse] on the last axis.
        for row in 0..<12 {
            #expect(Array(output.data[(row * 6)..<(row * 6 + 3)]) == Array(forward.data[(row * 3)..<(row * 3 + 3)]))
            #expect(Array(output.data[(row * 6 + 3)..<(row * 6 + 6)]) == Array(reverse.data[(row * 3)..<(row * 3 + 3)]))
        }
    }

    @Test func sigmoidIsRefusedInPyTorchsWords() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--input-size", "1", "--hidden-size", "4", "--nonlinearity", "sigmoid",
                                     "--input", fixture("sine.csv"), "--output", "out.safetensors"])
        #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.\n"))
        #expect(try runner.files() == [])
    }

    @Test func negativeSizesReachPyTorchsChecks() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--input-size", "1", "--hidden-size", "4", "--num-layers", "-1",
                                     "--input", fixture("sine.csv"), "--output", "out.safetensors"])
        #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: num_layers must be greater than zero\n"))
        #expect(try runner.files() == [])
    }

    @Test func wrongH0IsRefusedInPyTorchsWords() throws {
        let runner = try CommandRunner()
        try saveNpy(Tensor(zeros: [1, 1, 10]), path: runner.path("h0.npy"))
        let result = try runner.run(["forward", "--weights", fixture("seed_sine.safetensors"), "--batch-first",
                                     "--input", fixture("seed_sine_input.npy"), "--h0", "h0.npy", "--output", "out.safetensors"])
        #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: Expected hidden size (2, 1, 10), got [1, 1, 10]\n"))
        #expect(try runner.files() == ["h0.npy"])
    }

    @Test func aFailureLeavesAnExistingOutputUntouched() throws {
        let runner = try CommandRunner()
        try Data("old".utf8).write(to: URL(fileURLWithPath: runner.path("out.safetensors")))
        let broken = try Data(contentsOf: URL(fileURLWithPath: fixture("small.safetensors"))).dropLast(3)
        try broken.write(to: URL(fileURLWithPath: runner.path("w.safetensors")))
        let result = try runner.run(["forward", "--weights", "w.safetensors", "--input", fixture("unbatched.npy"),
                                     "--output", "out.safetensors"])
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("rnnscope: w.safetensors: tensor '"))
        #expect(result.stderr.hasSuffix("lie outside the data (125 bytes)\n"))
        #expect(result.stderr.filter { $0 == "\n" }.count == 1)
        #expect(try String(contentsOfFile: runner.path("out.safetensors"), encoding: .utf8) == "old")
        #expect(try runner.files() == ["out.safetensors", "w.safetensors"])
    }

    @Test func missingInputIsNamed() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--input-size", "2", "--hidden-size", "3", "--input", "nowhere.npy",
                                     "--output", "out.safetensors"])
        #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: nowhere.npy: no such file\n"))
    }

    @Test func usageErrorsKeepArgumentParsersExitStatus() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--input-size", "2", "--hidden-size", "3", "--input", fixture("unbatched.npy")])
        #expect(result.status == 64)
        #expect(result.stderr.contains("Missing expected argument '--output <output>'"))
    }
}

/// ScreenState flags beside `--weights`: sizes must agree with the file; dropout is not stored, so it applies.
struct WeightsWithFlagsTests {
    @Test func sizeFlagsThatContradictTheFileAreRefused() throws {
        let runner = try CommandRunner()
        let weights = CommandRunner.fixture("small.safetensors")
        let result = try runner.run(["forward", "--weights", weights, "--hidden-size", "5",
                                     "--input", CommandRunner.fixture("unbatched.npy"), "--output", "out.safetensors"])
        #expect(result == .init(status: 1, stdout: "", stderr: "rnnscope: \(weights): holds hidden_size=4, but --hidden-size 5 was given\n"))
        let agreeing = try runner.run(["forward", "--weights", weights, "--hidden-size", "4", "--input-size", "2",
                                       "--input", CommandRunner.fixture("unbatched.npy"), "--output", "out.safetensors"])
        #expect(agreeing.status == 0)
    }

    @Test func dropoutAppliesOnlyWhenTraining() throws {
        let runner = try CommandRunner()
        let weights = CommandRunner.fixture("seed_sine.safetensors"), input = CommandRunner.fixture("seed_sine_input.npy")
        for (name, extra) in [("plain", []), ("eval", ["--dropout", "0.5"]), ("train", ["--dropout", "0.5", "--train", "--seed", "1"])] {
            let result = try runner.run(["forward", "--weights", weights, "--batch-first", "--input", input,
                                         "--output", name + ".safetensors"] + extra)
            #expect(result.status == 0, "\(name): \(result.stderr)")
        }
        let outputs = try ["plain", "eval", "train"].map { try loadStateDict(path: runner.path($0 + ".safetensors"))["output"] }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] != outputs[2])
    }
}
