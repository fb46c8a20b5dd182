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
            The model is --weights W [--prefix P], W a .safetensors or a torch.save'd state dict (.pt/.pth) \
            (sizes inferred from it; --nonlinearity still chooses tanh or relu), or the nn.RNN flags \
            --input-size --hidden-size ... --seed S.

            --input: an array in any layout nn.RNN takes — (T, N, D), (N, T, D) with --batch-first, or \
            unbatched (T, D) — from a .npy; a .csv (rows are timesteps, columns features: (T, D)); or a \
            .npz (np.savez), .safetensors or .pt (torch.save of a tensor or a dict of them) holding one \
            array, or several with FILE:NAME naming one (batch.pt:input).
            --h0: (L·dirs, N, H), or (L·dirs, H) for unbatched input (zeros when absent), from a file as \
            for --input (batch.pt:h0).

            --output gets F32 tensors in PyTorch's shapes:
              output   (T, N, dirs·H), (N, T, dirs·H) with --batch-first, or (T, dirs·H) unbatched
              h_n      (L·dirs, N, H), or (L·dirs, H) unbatched
            --trace adds, for each layer k and direction, every step's values (always time-major; \
            (T, H) rather than (T, N, H) for unbatched input; `_reverse` names the reverse direction):
              trace.h.l{k}[_reverse]    (T, N, H) h_t
              trace.ih.l{k}[_reverse]   (T, N, H) W_ih·x_t + b_ih
              trace.hh.l{k}[_reverse]   (T, N, H) W_hh·h_prev + b_hh (h_prev = h_t-1, h_t+1 reverse)
              trace.x.l{k}              (T, N, dirs·H) layer k's input after dropout (k ≥ 1, with --train)
            The file is written to a temporary name and renamed into place: a failure, Ctrl-C or SIGTERM \
            leaves nothing.
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: "Input sequence: .npy, .csv, or one array of a .npz/.safetensors/.pt (FILE:NAME picks it).")
    var input: String

    @Option(help: "Initial hidden state h0 (a file as for --input); zeros when absent.")
    var h0: String?

    @Option(help: "Where to write output, h_n (and the trace): .safetensors, .pt (torch.load), .npz (np.load), or .npy for output alone.")
    var output: String

    @Flag(help: "Training mode: dropout between layers is active (masks from --seed).")
    var train = false

    @Flag(help: "Also write every layer and direction's hidden states over time (see below).")
    var trace = false

    func validate() throws {
        let format = try ResultFormat(path: output)
        if format == .npy, trace {
            throw ValidationError("--trace writes many arrays and a .npy holds one: give --output a .safetensors, .pt or .npz path")
        }
        for (flag, path) in [("--input", input), ("--h0", h0), ("--weights", model.weights)] {
            if let path, isSameFile(sequenceFilePath(path), output) {
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
        if trace { tensors += stepsOverTime(run, unbatched: input.rank == 2, withDroppedInputs: train) }
        let format = try ResultFormat(path: output)
        if format == .npy { tensors = [tensors[0]] }   // output alone: one array per .npy
        try format.write(tensors, to: output)
        let width = tensors.map(\.name.count).max() ?? 0
        for (name, tensor) in tensors {
            print(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + shapeText(tensor.shape))
        }
        print("wrote \(output)" + (format == .npy ? " (output only: a .npy holds one array; .safetensors, .pt and .npz also hold h_n)" : ""))
    }

    /// `trace.{h,ih,hh}.l{k}[_reverse]` `(T, N, H)` and, with dropout, `trace.x.l{k}` `(T, N, dirs·H)`
    /// for k ≥ 1 — time-major, without N for unbatched input.
    func stepsOverTime(_ run: Trace, unbatched: Bool, withDroppedInputs: Bool) -> [(name: String, tensor: Tensor)] {
        let config = run.config
        /// One tensor gathering `values(t, n)` (each `width` long) over every t and n.
        func overTime(_ name: String, width: Int, _ values: (_ t: Int, _ n: Int) -> [Float]) -> (name: String, tensor: Tensor) {
            var data: [Float] = []
            data.reserveCapacity(run.seqLen * run.batch * width)
            for t in 0..<run.seqLen {
                for n in 0..<run.batch { data += values(t, n) }
            }
            let shape = unbatched ? [run.seqLen, width] : [run.seqLen, run.batch, width]
            return (name: name, tensor: Tensor(shape: shape, data: data))
        }
        var tensors: [(name: String, tensor: Tensor)] = []
        for layer in 0..<config.numLayers {
            if withDroppedInputs && layer > 0 && config.dropout > 0 {
                tensors.append(overTime("trace.x.l\(layer)", width: config.layerInputSize(layer)) { run.x(layer: layer, t: $0, n: $1) })
            }
            for direction in 0..<config.numDirections {
                let suffix = "l\(layer)" + (direction == 1 ? "_reverse" : ""), h = config.hiddenSize
                tensors.append(overTime("trace.h." + suffix, width: h) { run.h(layer: layer, direction: direction, t: $0, n: $1) })
                tensors.append(overTime("trace.ih." + suffix, width: h) { run.inputPart(layer: layer, direction: direction, t: $0, n: $1) })
                tensors.append(overTime("trace.hh." + suffix, width: h) { run.hiddenPart(layer: layer, direction: direction, t: $0, n: $1) })
            }
        }
        return tensors
    }
}

/// A shape as PyTorch lists it: `[2, 1, 10]`.
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
