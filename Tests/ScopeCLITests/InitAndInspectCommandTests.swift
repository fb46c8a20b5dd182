import Foundation
import Recurrent
import RecurrentIO
import Testing

/// `rnnscope init` and `rnnscope inspect`.
struct InitAndInspectCommandTests {
    let flags = ["--input-size", "3", "--hidden-size", "5", "--num-layers", "2", "--bidirectional"]

    /// init writes .safetensors or torch.save's .pt, the same state dict either way; nothing else.
    /// inspect on a sequence file lists its arrays (and how to pass one) instead of failing as a state dict.
    /// inspect --json carries what the text does, as numbers a script can use.
    @Test func inspectJSONIsTheStateDictsFacts() throws {
        let runner = try CommandRunner()
        let file = ViewCommandOptionTests.repository.appendingPathComponent("examples/sine.safetensors").path
        let result = try runner.run(["inspect", file, "--json"])
        #expect(result.status == 0 && result.stdout.split(separator: "\n").count == 1, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["model"] as? String == "RNN(1, 16, num_layers=2)" && object["prefix"] as? String == "rnn.")
        let config = try #require(object["config"] as? [String: Any])
        #expect(config["hidden_size"] as? Int == 16 && config["num_layers"] as? Int == 2 && config["bidirectional"] as? Bool == false)
        let tensors = try #require(object["tensors"] as? [[String: Any]])
        let stored = try loadWeightsFile(path: file)
        #expect(Set(tensors.compactMap { $0["name"] as? String }) == Set(stored.entries.map(\.name)))
        for entry in stored.entries {
            let row = try #require(tensors.first { $0["name"] as? String == entry.name })
            #expect(row["shape"] as? [Int] == entry.array.shape)
            #expect((row["max"] as? Double).map(Float.init) == entry.array.values.max()!)
            #expect(row["part_of_rnn"] as? Bool == entry.name.hasPrefix("rnn."))
        }
        let dynamics = try #require(object["dynamics"] as? [[String: Any]])
        let rnn = try modelFromStateDict(stored.stateDict, prefix: nil, nonlinearity: "tanh", batchFirst: false, source: file)
        let radii = dynamics.compactMap { $0["spectral_radius"] as? Double }, expected = rnn.recurrentDynamics.map(\.spectralRadius)
        #expect(radii.count == expected.count && zip(radii, expected).allSatisfy { abs($0 - $1) <= 1e-12 * $1 })
    }

    @Test func inspectListsASequenceFilesArrays() throws {
        let runner = try CommandRunner()
        let file = CommandRunner.fixtures.appendingPathComponent("torch/sequence.npz").path
        let result = try runner.run(["inspect", file])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "file        " + file)
        #expect(lines.dropFirst().first == "arrays      a sequence file: pass one as --input \(file):NAME (or --h0)")
        let input = try loadSequence(path: file + ":input"), h0 = try loadSequence(path: file + ":h0")
        #expect(lines.contains { $0.hasPrefix("  input  [\(input.shape.map(String.init).joined(separator: ", "))]") })
        #expect(lines.contains { $0.hasPrefix("  h0     [\(h0.shape.map(String.init).joined(separator: ", "))]") })
        let npy = try runner.run(["inspect", CommandRunner.fixtures.appendingPathComponent("torch/sequence.npy").path])
        #expect(npy.status == 0 && npy.stdout.contains("  (array)  [5, 3, 2]"))
    }

    @Test func initWritesSafetensorsOrPt() throws {
        let runner = try CommandRunner()
        let flags = ["init", "--input-size", "2", "--hidden-size", "3", "--num-layers", "2", "--bidirectional", "--seed", "4"]
        for output in ["w.npz", "w"] {
            let result = try runner.run(flags + ["--output", output])
            #expect(result.status == 64 && result.stderr.hasPrefix("rnnscope: --output \(output): init writes a state dict as .safetensors or .pt"))
        }
        #expect(try runner.run(flags + ["--output", "w.pt"]).status == 0)
        #expect(try runner.run(flags + ["--output", "w.safetensors"]).status == 0)
        let pt = try loadWeightsFile(path: runner.path("w.pt")), safetensors = try loadWeightsFile(path: runner.path("w.safetensors"))
        #expect(pt.format == .torchZip)
        #expect(pt.entries.map(\.name) == safetensors.entries.map(\.name))
        #expect(pt.stateDict == safetensors.stateDict)
    }

    @Test func initWritesAStateDictInPyTorchsOrder() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["init"] + flags + ["--seed", "3", "--output", "w.safetensors"])
        #expect(result == .init(status: 0, stdout: "RNN(3, 5, num_layers=2, bidirectional=True)\nwrote w.safetensors (16 tensors, seed 3)\n",
                                stderr: ""))
        let file = try loadSafetensors(path: runner.path("w.safetensors"))
        let config = try RNNConfig(inputSize: 3, hiddenSize: 5, numLayers: 2, bidirectional: true)
        #expect(file.entries.map(\.name) == RNN.parameterNames(config))
        #expect(file.entries.map(\.array.shape) == RNN.parameterNames(config).map { RNN.parameterShapes(config)[$0]! })
        #expect(file.metadata == ["format": "pt"])
        #expect(file.entries.map { Tensor($0.array) } == RNN(config: config, seed: 3).stateDict.map(\.tensor))
    }

    @Test func sameFlagsAndSeedWriteSameBytes() throws {
        let runner = try CommandRunner()
        for (name, seed) in [("a", "3"), ("b", "3"), ("c", "4")] {
            #expect(try runner.run(["init"] + flags + ["--seed", seed, "--output", name + ".safetensors"]).status == 0)
        }
        let bytes = try ["a", "b", "c"].map { try Data(contentsOf: URL(fileURLWithPath: runner.path($0 + ".safetensors"))) }
        #expect(bytes[0] == bytes[1])
        #expect(bytes[0] != bytes[2])
        #expect(try runner.files() == ["a.safetensors", "b.safetensors", "c.safetensors"])
    }

    @Test func initRefusesBadArgumentsInPyTorchsWords() throws {
        let runner = try CommandRunner()
        let sigmoid = try runner.run(["init", "--input-size", "3", "--hidden-size", "5", "--nonlinearity", "sigmoid", "--output", "w.safetensors"])
        #expect(sigmoid == .init(status: 1, stdout: "", stderr: "rnnscope: Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.\n"))
        let zero = try runner.run(["init", "--input-size", "3", "--hidden-size", "0", "--output", "w.safetensors"])
        #expect(zero == .init(status: 1, stdout: "", stderr: "rnnscope: hidden_size must be greater than zero\n"))
        #expect(try runner.files() == [])
    }

    @Test func inspectListsTheModelAndEveryTensor() throws {
        let runner = try CommandRunner()
        // Values chosen so that min, mean and max are exact: bias -1, 0.5 (mean -0.25); weights 0…1.
        let config = try RNNConfig(inputSize: 1, hiddenSize: 2, bias: true)
        let tensors: [(name: String, tensor: Tensor)] = [
            ("enc.rnn.weight_ih_l0", Tensor(shape: [2, 1], data: [0, 1])),
            ("enc.rnn.weight_hh_l0", Tensor(shape: [2, 2], data: [0, 0.25, 0.5, 1])),
            ("enc.rnn.bias_ih_l0", Tensor(shape: [2], data: [-1, 0.5])),
            ("enc.rnn.bias_hh_l0", Tensor(shape: [2], data: [-1, 0.5])),
            ("dec.weight", Tensor(shape: [1, 2], data: [2, 12])),
        ]
        #expect(RNN.parameterNames(config).count == 4)
        try saveSafetensors(tensors, metadata: ["format": "pt"], path: runner.path("m.safetensors"))
        let result = try runner.run(["inspect", "m.safetensors"])
        #expect(result == .init(status: 0, stdout: """
            file        m.safetensors
            prefix      enc.rnn.
            model       RNN(1, 2)
            config      input_size=1 hidden_size=2 num_layers=1 bias=True bidirectional=False (nonlinearity and batch_first are not stored)
            metadata    format=pt
            tensors
              enc.rnn.weight_ih_l0  [2, 1]  F32  min  0.0000  mean  0.5000  max  1.0000
              enc.rnn.weight_hh_l0  [2, 2]  F32  min  0.0000  mean  0.4375  max  1.0000
              enc.rnn.bias_ih_l0    [2]     F32  min -1.0000  mean -0.2500  max  0.5000
              enc.rnn.bias_hh_l0    [2]     F32  min -1.0000  mean -0.2500  max  0.5000
              dec.weight            [1, 2]  F32  min  2.0000  mean  7.0000  max 12.0000  (not part of the RNN)
            dynamics
              l0  W_hh spectral radius 1.11  largest singular value 1.14
              (spectral radius < 1: without input the state fades and gradients through time vanish; > 1: they can persist or explode. Largest singular value < 1: each step contracts.)

            """, stderr: ""))
    }

    /// The printed ρ(W_hh) and ‖W_hh‖₂ of the trained example are numpy's (from the engine's
    /// fixture file), rounded to the 3 significant digits printed.
    @Test func inspectPrintsTheDynamicsNumpyComputes() throws {
        struct Case: Decodable { let name: String; let spectral_radius: Double; let largest_singular_value: Double }
        struct File: Decodable { let cases: [Case] }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let fixture = repository.appendingPathComponent("Tests/RecurrentTests/Fixtures/dynamics.json")
        let golden = try JSONDecoder().decode(File.self, from: Data(contentsOf: fixture)).cases
        let result = try CommandRunner().run(["inspect", repository.appendingPathComponent("examples/sine.safetensors").path])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        let section = try #require(lines.firstIndex(of: "dynamics"))
        for (offset, cell) in ["l0", "l1"].enumerated() {
            let words = lines[section + 1 + offset].split(separator: " ").map(String.init)
            #expect(words.first == cell && words.count == 9)
            let printed = (radius: try #require(Double(words[4])), norm: try #require(Double(words[8])))
            let numpy = try #require(golden.first { $0.name == "sine_" + cell })
            #expect(roundsTo(numpy.spectral_radius, printed.radius) && roundsTo(numpy.largest_singular_value, printed.norm),
                    "\(cell): printed \(printed), numpy \(numpy)")
        }
    }

    /// Whether `printed` is `exact` to 3 significant digits: within half a unit of the third.
    func roundsTo(_ exact: Double, _ printed: Double) -> Bool {
        let unit = pow(10, floor(log10(abs(exact))) - 2)
        return abs(printed - exact) <= unit / 2 * (1 + 1e-9)
    }

    @Test func inspectReportsDTypesOfPyTorchsFiles() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["inspect", CommandRunner.fixture("bf16.safetensors")])
        #expect(result.status == 0)
        let rows = tensorRows(ofInspect: result.stdout)
        #expect(rows.count == 8)
        #expect(rows.allSatisfy { $0.contains("  BF16  min ") })
        #expect(result.stdout.contains("\nmodel       RNN(1, 10, num_layers=2)\n"))
    }

    @Test func inspectNamesTheCandidatesWhenSeveralRNNsExist() throws {
        let runner = try CommandRunner()
        let path = CommandRunner.fixture("two_rnns.safetensors")
        let ambiguous = try runner.run(["inspect", path])
        #expect(ambiguous.status == 1)
        #expect(ambiguous.stderr == "rnnscope: \(path): several RNNs found (prefixes 'dec.', 'enc.'); choose one with --prefix\n")
        #expect(ambiguous.stdout.contains("model       none (see the error below)\n"))
        #expect(tensorRows(ofInspect: ambiguous.stdout).count == 8)
        let chosen = try runner.run(["inspect", path, "--prefix", "dec"])
        #expect(chosen.status == 0)
        #expect(chosen.stdout.contains("\nprefix      dec.\nmodel       RNN(3, 2)\n"))
        #expect(chosen.stdout.split(separator: "\n").filter { $0.hasSuffix("(not part of the RNN)") }.count == 4)
    }

    @Test func inspectOfAMalformedFileIsOneLine() throws {
        let runner = try CommandRunner()
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: runner.path("bad.safetensors")))
        let result = try runner.run(["inspect", "bad.safetensors"])
        #expect(result == .init(status: 1, stdout: "",
                                stderr: "rnnscope: bad.safetensors: truncated: 3 bytes, too short for the 8-byte header length\n"))
    }
}

/// The rows of `rnnscope inspect`'s tensors table: the indented lines after `tensors`, up to the
/// next heading (`dynamics`).
func tensorRows(ofInspect stdout: String) -> [Substring] {
    stdout.split(separator: "\n").drop { $0 != "tensors" }.dropFirst().prefix { $0.hasPrefix("  ") }.map { $0 }
}
