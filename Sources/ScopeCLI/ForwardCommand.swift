import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO

/// `rnnscope forward`: one `output, h_n = rnn(input, h0)` — for an LSTM `output, (h_n, c_n) =
/// lstm(input, (h0, c0))` — from files to a `.safetensors`, `.pt` or `.npz` file.
struct ForwardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forward",
        abstract: "Run nn.RNN, nn.LSTM or nn.GRU over a sequence file and write output, h_n (and c_n) (no screen needed).",
        discussion: """
            The model is --weights W [--prefix P], W a .safetensors or a torch.save'd state dict (.pt/.pth) \
            of nn.RNN, nn.LSTM or nn.GRU (kind and sizes inferred from it; --nonlinearity still chooses an \
            nn.RNN's tanh or relu), or the flags --cell rnn|lstm|gru --input-size --hidden-size ... \
            [--proj-size P] --seed S.

            --input: an array in any layout the module takes — (T, N, D), (N, T, D) with --batch-first, or \
            unbatched (T, D) — from a .npy; a .csv (rows are timesteps, columns features: (T, D)); or a \
            .npz (np.savez), .safetensors or .pt (torch.save of a tensor or a dict of them) holding one \
            array, or several with FILE:NAME naming one (batch.pt:input).
            --h0: (L·dirs, N, out), or (L·dirs, out) for unbatched input (zeros when absent), from a file as \
            for --input (batch.pt:h0); out is proj_size for an LSTM that projects, else H.
            --c0: an LSTM's (L·dirs, N, H) (batch.pt:c0); an LSTM takes --h0 and --c0 together or neither.

            --output gets F32 tensors in PyTorch's shapes:
              output   (T, N, dirs·out), (N, T, dirs·out) with --batch-first, or (T, dirs·out) unbatched
              h_n      (L·dirs, N, out), or (L·dirs, out) unbatched
              c_n      (L·dirs, N, H), or (L·dirs, H) unbatched — LSTM only
            --trace adds, for each layer k and direction, every series a step records (always time-major; \
            (T, width) rather than (T, N, width) for unbatched input; `_reverse` names the reverse \
            direction; G = 1 RNN, 4 LSTM, 3 GRU gate blocks):
              trace.h.l{k}[_reverse]    (T, N, out) h_t
              trace.ih.l{k}[_reverse]   (T, N, G·H) W_ih·x_t + b_ih (gate blocks in PyTorch's row order)
              trace.hh.l{k}[_reverse]   (T, N, G·H) W_hh·h_prev + b_hh (h_prev = h_t-1, h_t+1 reverse)
              trace.{i,f,g,o}.l{k}...   (T, N, H) an LSTM's gates after σ (g: tanh)
              trace.c.l{k}[_reverse]    (T, N, H) an LSTM's cell state c_t
              trace.{r,z,n}.l{k}...     (T, N, H) a GRU's gates after σ (n: tanh)
              trace.x.l{k}              (T, N, dirs·out) layer k's input after dropout (k ≥ 1, with --train)
            The file is written to a temporary name and renamed into place: a failure, Ctrl-C or SIGTERM \
            leaves nothing.
            """)

    @OptionGroup var model: ModelOptions

    @OptionGroup var captured: CaptureOptions   // --capture (CaptureOptions.swift)

    @Option(help: "Input sequence: .npy, .csv, or one array of a .npz/.safetensors/.pt (FILE:NAME picks it); default: the study example's sin(linspace(0, π, 20)) per feature.")
    var input: String?

    @OptionGroup var random: RandomInputOptions

    @OptionGroup var packing: LengthsOptions

    @OptionGroup var computing: ThreadOptions

    @Option(help: "Initial hidden state h0 (a file as for --input); zeros when absent.")
    var h0: String?

    @Option(help: "An LSTM's initial cell state c0 (a file as for --input); given with --h0, or neither.")
    var c0: String?

    @Option(help: "Where to write output, h_n, c_n (and the trace): .safetensors, .pt (torch.load), .npz (np.load), or .npy for output alone.")
    var output: String

    @Flag(help: "Training mode: dropout between layers is active (masks from --seed).")
    var train = false

    @Flag(help: "Also write every layer and direction's recorded series over time (see below).")
    var trace = false

    func validate() throws {
        let format = try ResultFormat(path: output)
        if format == .npy, trace {
            throw ValidationError("--trace writes many arrays and a .npy holds one: give --output a .safetensors, .pt or .npz path")
        }
        for (flag, path) in [("--input", input), ("--h0", h0), ("--c0", c0), ("--weights", model.weights)] {
            if let path, isSameFile(sequenceFilePath(path), output) {
                throw ValidationError("--output \(output) is the \(flag) file; writing there would replace it, choose another path")
            }
        }
    }

    func run() throws {
        computing.apply()
        let capture = try capturedRun()   // --capture: the module, input and states as they ran
        let rnn = try capture?.rnn ?? model.makeRNN()
        let input = try capture?.input ?? random.input(for: rnn.config, file: self.input)
        let (h0, c0) = try capture.map { ($0.h0, $0.c0) } ?? loadInitialStates(h0: self.h0, c0: self.c0)
        var tensors: [(name: String, tensor: Tensor)]
        var run: Trace?
        if let lengths = try capture?.lengths ?? packing.load() {   // a packed batch: each sequence to its own length, as PyTorch runs it
            if trace { throw ValidationError("--trace of packed sequences of several lengths is not written yet: forward writes output, h_n (c_n)") }
            let packed = try rnn.forwardPacked(input, lengths: lengths, h0: h0, c0: c0)
            tensors = results(output: packed.output, hN: packed.hN, cN: packed.cN)
        } else {
            run = try forwardRun(rnn, input, h0: h0, c0: c0)
            tensors = results(of: run!)
        }
        let states = tensors.dropFirst().map(\.name).joined(separator: " and ")
        if trace, let run { tensors += stepsOverTime(run, unbatched: input.rank == 2, withDroppedInputs: train) }
        let format = try ResultFormat(path: output)
        if format == .npy { tensors = [tensors[0]] }   // output alone: one array per .npy
        try format.write(tensors, to: output)
        let width = tensors.map(\.name.count).max() ?? 0
        for (name, tensor) in tensors {
            try writeLine(name.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + shapeText(tensor.shape))
        }
        try writeLine("wrote \(output)" + (format == .npy ? " (output only: a .npy holds one array; .safetensors, .pt and .npz also hold \(states))" : ""))
    }

    /// For each layer k and direction, `trace.<series>.l{k}[_reverse]` of every series the kind
    /// records (`CellKind.series`): `h` first, then the others in the order a step computes them
    /// (`ih hh`, then LSTM `i f g o c`, GRU `r z n`), each `(T, N, width)` — and, with dropout,
    /// `trace.x.l{k}` `(T, N, dirs·out)` for k ≥ 1 — time-major, without N for unbatched input.
    func stepsOverTime(_ run: Trace, unbatched: Bool, withDroppedInputs: Bool) -> [(name: String, tensor: Tensor)] {
        let config = run.config
        /// One tensor gathering `values(t, n)` (each `width` long) over every t and n.
        func overTime(_ name: String, width: Int, _ values: (_ t: Int, _ n: Int) -> [Float]) -> (name: String, tensor: Tensor) {
            var data: [Float] = []
            data.reserveCapacity(run.seqLen * run.batch * width)
            for t in 0..<(run.batch == 0 ? 0 : run.seqLen) {   // an empty batch: no values, however long T is
                for n in 0..<run.batch { data += values(t, n) }
            }
            let shape = unbatched ? [run.seqLen, width] : [run.seqLen, run.batch, width]
            return (name: name, tensor: Tensor(shape: shape, data: data))
        }
        let recorded = run.recordedSeries.filter { $0.name != "x" }
        let perCell = recorded.filter { $0.name == "h" } + recorded.filter { $0.name != "h" }
        var tensors: [(name: String, tensor: Tensor)] = []
        for layer in 0..<config.numLayers {
            if withDroppedInputs && layer > 0 && config.dropout > 0 {
                tensors.append(overTime("trace.x.l\(layer)", width: config.layerInputSize(layer)) { run.x(layer: layer, t: $0, n: $1) })
            }
            for direction in 0..<config.numDirections {
                let cell = CellIndex(layer: layer, direction: direction)
                for series in perCell {
                    tensors.append(overTime("trace.\(series.name).\(cell.suffix)", width: series.width(config, layer: layer)) {
                        run.series(series.name, cell: cell, t: $0, n: $1)
                    })
                }
            }
        }
        return tensors
    }
}

/// A shape as PyTorch lists it: `[2, 1, 10]`.
func shapeText(_ shape: [Int]) -> String { "[" + shape.map(String.init).joined(separator: ", ") + "]" }
