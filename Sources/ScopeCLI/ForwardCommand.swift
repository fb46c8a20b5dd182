import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

/// `rnnscope forward`: one `output, h_n = rnn(input, h0)` from files to a `.safetensors` file.
struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Run nn.RNN over a sequence file and write output and h_n (no screen needed).",
        discussion: """
            The model is --weights W.safetensors [--prefix P] (sizes inferred from the state dict; \
            --nonlinearity still chooses tanh or relu), or the nn.RNN flags --input-size --hidden-size ... --seed S.

            --input: .npy in any layout nn.RNN takes — (T, N, D), (N, T, D) with --batch-first, or \
            unbatched (T, D) — or .csv with rows as timesteps and columns as features, read as (T, D).
            --h0: .npy of (L·dirs, N, H), or (L·dirs, H) for unbatched input (zeros when absent).

            --output gets F32 tensors in PyTorch's shapes:
              output   (T, N, dirs·H), (N, T, dirs·H) with --batch-first, or (T, dirs·H) unbatched
              h_n      (L·dirs, N, H), or (L·dirs, H) unbatched
            --trace adds, for each layer k, the hidden states over time (always time-major):
              trace.h.l{k}           (T, N, H) forward direction, (T, H) for unbatched input
              trace.h.l{k}_reverse   (T, N, H) reverse direction (bidirectional models only)
            The file is written to a temporary name and renamed into place: a failure, Ctrl-C or SIGTERM \
            leaves nothing.
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: "Input sequence: .npy or .csv.")
    var input: String

    @Option(help: "Initial hidden state h0 (.npy); zeros when absent.")
    var h0: String?

    @Option(help: "Where to write output, h_n (and the trace) as .safetensors.")
    var output: String

    @Flag(help: "Training mode: dropout between layers is active (masks from --seed).")
    var train = false

    @Flag(help: "Also write every layer and direction's hidden states over time (see below).")
    var trace = false

    func validate() throws {
        for (flag, path) in [("--input", input), ("--h0", h0), ("--weights", model.weights)] {
            if let path, isSameFile(path, output) {
                throw ValidationError("--output \(output) is the \(flag) file; writing there would replace it, choose another path")
            }
        }
    }

    func run() throws {
        let rnn = try model.makeRNN(defaults: .required)
        let input = try loadSequence(path: self.input)
        let h0 = try self.h0.map { try loadSequence(path: $0) }
        let run = try rnn.trace(input, h0: h0, training: train, dropoutSeed: model.seed)
        var tensors = [(name: "output", tensor: run.output), (name: "h_n", tensor: run.hN)]
        if trace { tensors += hiddenStatesOverTime(run, unbatched: input.rank == 2) }
        try InFlightFiles.writing(output) { try saveSafetensors(tensors, metadata: ["format": "pt"], path: output) }
        let width = tensors.map(\.name.count).max() ?? 0
        for (name, tensor) in tensors {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + shapeText(tensor.shape))
        }
        print("wrote \(output)")
    }

    /// `trace.h.l{k}[_reverse]`: `(T, N, H)` time-major, `(T, H)` for unbatched input.
    func hiddenStatesOverTime(_ run: Trace, unbatched: Bool) -> [(name: String, tensor: Tensor)] {
        let config = run.config
        return (0..<config.numLayers).flatMap { layer in
            (0..<config.numDirections).map { direction in
                var data: [Float] = []
                for t in 0..<run.seqLen {
                    for n in 0..<run.batch { data += run.h(layer: layer, direction: direction, t: t, n: n) }
                }
                let shape = unbatched ? [run.seqLen, config.hiddenSize] : [run.seqLen, run.batch, config.hiddenSize]
                return (name: "trace.h.l\(layer)" + (direction == 1 ? "_reverse" : ""), tensor: Tensor(shape: shape, data: data))
            }
        }
    }
}

/// A shape as PyTorch lists it: `[2, 1, 10]`.
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
