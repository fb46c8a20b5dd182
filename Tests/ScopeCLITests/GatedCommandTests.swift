import Foundation
import Recurrent
import RecurrentIO
import Testing

/// nn.LSTM and nn.GRU on the command line: `--cell`, `--proj-size`, `--c0`, forward's c_n and
/// trace series, init, inspect and bench (fixtures: RecurrentIOTests/Fixtures/gated).
struct GatedCommandTests {
    static func gated(_ name: String) -> String { CommandRunner.fixture("gated/" + name) }

    let lstmRun = ["forward", "--weights", gated("lstm_proj_bidir.safetensors"), "--input", gated("lstm_h0c0.pt:input"),
                   "--h0", gated("lstm_h0c0.pt:h0"), "--c0", gated("lstm_h0c0.pt:c0")]

    /// output, h_n and c_n of an LSTM with (h0, c0), in each format that holds several arrays.
    @Test(arguments: ["out.safetensors", "out.pt", "out.npz"])
    func forwardWritesAnLSTMsCN(output: String) throws {
        let runner = try CommandRunner()
        let result = try runner.run(lstmRun + ["--output", output])
        #expect(result == .init(status: 0, stdout: "output  [4, 2, 4]\nh_n     [4, 2, 2]\nc_n     [4, 2, 5]\nwrote \(output)\n", stderr: ""))
        let got: [String: Tensor]
        if output.hasSuffix(".npz") {
            got = try Dictionary(uniqueKeysWithValues: ["output", "h_n", "c_n"].map { ($0, try loadSequence(path: runner.path(output) + ":" + $0)) })
        } else {
            got = try loadStateDict(path: runner.path(output))
        }
        let want = try loadStateDict(path: Self.gated("lstm_h0c0_expected.safetensors"))
        #expect(Set(got.keys) == ["output", "h_n", "c_n"])
        for name in ["output", "h_n", "c_n"] { expectClose(got[name], want[name]) }
    }

    @Test func aGRUInsideAModuleRunsFromItsPt() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["forward", "--weights", Self.gated("gru_prefixed.pt"), "--batch-first",
                                     "--input", Self.gated("gru_prefixed_input.npy"), "--output", "o.npy"])
        #expect(result.status == 0 && result.stdout.hasSuffix("(output only: a .npy holds one array; .safetensors, .pt and .npz also hold h_n)\n"))
        expectClose(try loadSequence(path: runner.path("o.npy")), try loadStateDict(path: Self.gated("gru_prefixed_expected.safetensors"))["output"])
    }

    /// `--trace` names every series the kind records: h, ih, hh, then the gates (and c).
    @Test func traceWritesEverySeriesByName() throws {
        let runner = try CommandRunner()
        let result = try runner.run(lstmRun + ["--trace", "--output", "t.safetensors"])
        #expect(result.status == 0, "\(result.stderr)")
        let file = try loadSafetensors(path: runner.path("t.safetensors"))
        let names = ["l0", "l0_reverse", "l1", "l1_reverse"].flatMap { cell in ["h", "ih", "hh", "i", "f", "g", "o", "c"].map { "trace.\($0).\(cell)" } }
        #expect(file.entries.map(\.name) == ["output", "h_n", "c_n"] + names)
        let tensors = try loadStateDict(path: runner.path("t.safetensors"))
        #expect(tensors["trace.h.l1"]?.shape == [4, 2, 2] && tensors["trace.ih.l1"]?.shape == [4, 2, 20])
        #expect(tensors["trace.f.l0"]?.shape == [4, 2, 5] && tensors["trace.c.l0_reverse"]?.shape == [4, 2, 5])
        // c_n holds each cell's last c: forward at t = T−1, reverse at t = 0.
        let cN = try #require(tensors["c_n"]), width = 2 * 5
        #expect(Array(cN.data[0..<width]) == Array(try #require(tensors["trace.c.l0"]).data[(3 * width)...]))
        #expect(Array(cN.data[width..<(2 * width)]) == Array(try #require(tensors["trace.c.l0_reverse"]).data[0..<width]))
        // Gates after σ lie in [0, 1]; g after tanh in [−1, 1].
        for gate in ["i", "f", "o"] { #expect(try #require(tensors["trace.\(gate).l1"]).data.allSatisfy { (0...1).contains($0) }) }
        #expect(try #require(tensors["trace.g.l1"]).data.allSatisfy { (-1...1).contains($0) })
        let gru = try runner.run(["forward", "--cell", "gru", "--input-size", "2", "--hidden-size", "3", "--trace",
                                  "--input", CommandRunner.fixture("c_order_f32.npy"), "--output", "g.safetensors"])
        #expect(gru.stdout.contains("trace.r.l0   [4, 3, 3]\ntrace.z.l0   [4, 3, 3]\ntrace.n.l0   [4, 3, 3]\n"), "\(gru.stdout)")
    }

    @Test func oneStateOfAnLSTMsPairIsOneLineAndWritesNothing() throws {
        let runner = try CommandRunner()
        let withoutH0 = try runner.run(["forward", "--weights", Self.gated("lstm_proj_bidir.safetensors"), "--input", Self.gated("lstm_h0c0.pt:input"),
                                        "--c0", Self.gated("lstm_h0c0.pt:c0"), "--output", "out.safetensors"])
        #expect(withoutH0 == .init(status: 1, stdout: "", stderr: "rnnscope: LSTM takes its initial state as a pair (h0, c0): c0 was given without h0\n"))
        let withoutC0 = try runner.run(["render", "--cell", "lstm", "--input-size", "2", "--hidden-size", "3", "--num-layers", "1",
                                        "--input", CommandRunner.fixture("c_order_f32.npy"), "--h0", CommandRunner.fixture("c_order_f32.npy")])
        #expect(withoutC0 == .init(status: 1, stdout: "", stderr: "rnnscope: LSTM takes its initial state as a pair (h0, c0): h0 was given without c0\n"))
        let gru = try runner.run(["forward", "--cell", "gru", "--input-size", "2", "--hidden-size", "3", "--input", CommandRunner.fixture("c_order_f32.npy"),
                                  "--c0", CommandRunner.fixture("c_order_f32.npy"), "--output", "out.safetensors"])
        #expect(gru == .init(status: 1, stdout: "", stderr: "rnnscope: GRU has no cell state: c0 is only for an LSTM\n"))
        #expect(try runner.files() == [])
    }

    /// PyTorch refuses proj_size for RNN and GRU whenever it is passed, and a nonlinearity for LSTM and GRU.
    @Test func constructorArgumentsTheModuleDoesNotTakeAreRefusedInPyTorchsWords() throws {
        let runner = try CommandRunner()
        let projection = "rnnscope: proj_size argument is only supported for LSTM, not RNN or GRU\n"
        for (cell, size) in [("gru", "2"), ("gru", "0"), ("rnn", "0")] {
            let result = try runner.run(["init", "--cell", cell, "--input-size", "3", "--hidden-size", "5", "--proj-size", size, "--output", "w.pt"])
            #expect(result == .init(status: 1, stdout: "", stderr: projection), "\(cell) \(size)")
        }
        let nonlinearity = try runner.run(["init", "--cell", "lstm", "--input-size", "3", "--hidden-size", "5", "--nonlinearity", "tanh", "--output", "w.pt"])
        #expect(nonlinearity == .init(status: 1, stdout: "", stderr: "rnnscope: RNNBase.__init__() got an unexpected keyword argument 'nonlinearity'\n"))
        let tooWide = try runner.run(["init", "--cell", "lstm", "--input-size", "3", "--hidden-size", "5", "--proj-size", "5", "--output", "w.pt"])
        #expect(tooWide == .init(status: 1, stdout: "", stderr: "rnnscope: proj_size has to be smaller than hidden_size\n"))
        #expect(try runner.files() == [])
    }

    /// `--cell`, `--proj-size` and `--nonlinearity` beside `--weights` must fit the file.
    @Test func flagsBesideWeightsMustFitTheFile() throws {
        let runner = try CommandRunner()
        let weights = Self.gated("lstm_proj_bidir.safetensors")
        let run = ["forward", "--weights", weights, "--input", Self.gated("lstm_proj_bidir_input.npy"), "--output", "o.safetensors"]
        for (flags, says) in [(["--cell", "gru"], "holds an nn.LSTM state dict, but --cell gru was given"),
                              (["--proj-size", "3"], "holds proj_size=2, but --proj-size 3 was given"),
                              (["--nonlinearity", "relu"], "holds an nn.LSTM state dict, whose gates have no nonlinearity to choose, but --nonlinearity relu was given")] {
            #expect(try runner.run(run + flags) == .init(status: 1, stdout: "", stderr: "rnnscope: \(weights): \(says)\n"))
        }
        let gru = try runner.run(["forward", "--weights", Self.gated("gru_prefixed.pt"), "--proj-size", "0",
                                  "--input", Self.gated("gru_prefixed_input.npy"), "--output", "o.safetensors"])
        #expect(gru.stderr == "rnnscope: proj_size argument is only supported for LSTM, not RNN or GRU\n")
        let agreeing = try runner.run(run + ["--cell", "lstm", "--proj-size", "2", "--dropout", "0.5", "--train"])
        #expect(agreeing.status == 0, "\(agreeing.stderr)")
        // An nn.RNN's file still takes a nonlinearity, checked in PyTorch's words.
        let rnn = ["forward", "--weights", CommandRunner.fixture("small.safetensors"), "--input", CommandRunner.fixture("unbatched.npy")]
        #expect(try runner.run(rnn + ["--cell", "rnn", "--nonlinearity", "relu", "--output", "relu.safetensors"]).status == 0)
        #expect(try runner.run(rnn + ["--output", "tanh.safetensors"]).status == 0)
        #expect(try loadStateDict(path: runner.path("relu.safetensors"))["output"]?.data.allSatisfy { $0 >= 0 } == true)
        #expect(try loadStateDict(path: runner.path("tanh.safetensors"))["output"]?.data.contains { $0 < 0 } == true)
        #expect(try runner.run(rnn + ["--nonlinearity", "sigmoid", "--output", "s.safetensors"]).stderr
                == "rnnscope: Unknown nonlinearity 'sigmoid'. Select from 'tanh' or 'relu'.\n")
        #expect(try runner.files() == ["o.safetensors", "relu.safetensors", "tanh.safetensors"])
    }

    /// init writes what nn.LSTM(4, 8, proj_size=3, …).load_state_dict takes: its keys, shapes and order.
    @Test func initWritesAnLSTMWithAProjectionThatReadsBack() throws {
        let runner = try CommandRunner()
        let result = try runner.run(["init", "--cell", "lstm", "--proj-size", "3", "--input-size", "4", "--hidden-size", "8",
                                     "--num-layers", "2", "--bidirectional", "--seed", "2", "--output", "w.pt"])
        #expect(result == .init(status: 0, stdout: "LSTM(4, 8, proj_size=3, num_layers=2, bidirectional=True)\nwrote w.pt (20 tensors, seed 2)\n", stderr: ""))
        let config = try RNNConfig(kind: .lstm, inputSize: 4, hiddenSize: 8, numLayers: 2, bidirectional: true, projSize: 3)
        let file = try loadWeightsFile(path: runner.path("w.pt"))
        #expect(file.entries.map(\.name) == RNN.parameterNames(config))
        #expect(file.entries.map(\.array.shape) == RNN.parameterNames(config).map { RNN.parameterShapes(config)[$0]! })
        #expect(file.entries.first { $0.name == "weight_hr_l1_reverse" }?.array.shape == [3, 8])
        let back = try modelFromStateDict(file.stateDict, prefix: nil, nonlinearity: nil, batchFirst: false, source: "w.pt")
        #expect(back.config == config && back.cells == RNN(config: config, seed: 2).cells)
    }

    @Test func inspectNamesTheLSTMAndItsGates() throws {
        let runner = try CommandRunner()
        let path = Self.gated("lstm_f64.safetensors")
        let result = try runner.run(["inspect", path])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("model       LSTM(2, 3)"))
        #expect(lines.contains("config      input_size=2 hidden_size=3 proj_size=0 num_layers=1 bias=True bidirectional=False (batch_first is not stored)"))
        let gates = try #require(lines.firstIndex { $0.hasPrefix("gates ") })
        #expect(lines[gates + 1].split(separator: " ") == ["cell", "gate", "weight_ih", "weight_hh", "bias_ih", "bias_hh"])
        // Row "l0 f": min, mean, max of rows 3..<6 of each parameter, to 4 decimals.
        let weights = try loadStateDict(path: path)
        let row = lines[gates + 3].split(separator: " ").map(String.init)
        #expect(row.prefix(2) == ["l0", "f"] && row.count == 14)
        for (column, name) in ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"].enumerated() {
            let tensor = try #require(weights[name]), width = tensor.count / 12
            let block = Array(tensor.data[(3 * width)..<(6 * width)])
            let mean = block.reduce(0.0) { $0 + Double($1) } / Double(block.count)
            #expect(Array(row[(2 + 3 * column)...(4 + 3 * column)]) == [Double(block.min()!), mean, Double(block.max()!)].map { String(format: "%+.4f", $0) }, "\(name)")
        }
        let dynamics = try #require(lines.firstIndex(of: "dynamics"))
        #expect(lines[(dynamics + 1)...(dynamics + 4)].map { $0.split(separator: " ").prefix(2).joined(separator: " ") } == ["l0 i", "l0 f", "l0 g", "l0 o"])
        #expect(lines[dynamics + 5].hasPrefix("  (of each gate's 3×3 block of W_hh — W_hi, W_hf, W_hg, W_ho"))
    }

    @Test func inspectJSONCarriesTheKindGatesAndBlockDynamics() throws {
        let result = try CommandRunner().run(["inspect", "--json", Self.gated("lstm_proj_bidir.safetensors")])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let config = try #require(object["config"] as? [String: Any])
        #expect(config["cell"] as? String == "lstm" && config["proj_size"] as? Int == 2 && config["hidden_size"] as? Int == 5)
        let gates = try #require(object["gates"] as? [[String: Any]])
        #expect(gates.count == 4 * 4 * 4)   // cells × gates × (weight_ih, weight_hh, bias_ih, bias_hh)
        #expect(gates.prefix(4).map { $0["parameter"] as? String } == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"])
        #expect(gates.map { $0["gate"] as? String ?? "" }.filter { $0 == "g" }.count == 16)
        let dynamics = try #require(object["dynamics"] as? [[String: Any]])
        #expect(dynamics.map { $0["cell"] as? String } == ["l0", "l0_reverse", "l1", "l1_reverse"])
        #expect(dynamics.allSatisfy { $0["spectral_radius"] is NSNull })   // 5×2 blocks under the projection
    }

    @Test func benchTimesAGatedModule() throws {
        let result = try CommandRunner().run(["bench", "--cell", "lstm", "--input-size", "2", "--hidden-size", "4", "--num-layers", "1",
                                              "--seq-len", "3", "--batch", "2", "--repeat", "1"])
        #expect(result.status == 0 && result.stdout.hasPrefix("LSTM(2, 4)  T=3 N=2 threads=1\nmedian "), "\(result.stderr)")
        // The machine it ran on and the share of its measured peak (the project's machines differ).
        #expect(result.stdout.contains("\ncpu ") && result.stdout.contains("measured peak") && result.stdout.contains("% of it"))
        let json = try CommandRunner().run(["bench", "--json", "--input-size", "2", "--hidden-size", "4", "--num-layers", "1",
                                            "--seq-len", "3", "--batch", "2", "--repeat", "1"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["cpu"] is String && (object?["peak_gflops"] as? Double ?? 0) > 0 && object?["share_of_peak"] != nil)
    }
}
