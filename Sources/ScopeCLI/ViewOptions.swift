import ArgumentParser
import Foundation
import Recurrent
import RecurrentIO
import ScopeUI

/// `--color`: whether frames carry colour.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
    case never, always, auto

    /// The colour depth for output that is (or is not) a terminal, from the environment:
    /// `auto` follows `NO_COLOR`, `COLORTERM` and `TERM` on a terminal and is colourless elsewhere;
    /// `always` ignores `NO_COLOR` and never goes below 256 colours for an unknown terminal.
    func depth(isTerminal: Bool, environment: [String: String]) -> ColorDepth {
        switch self {
        case .never: return .none
        case .auto: return isTerminal ? ColorDepth.detect(environment: environment) : .none
        case .always:
            let detected = ColorDepth.detectIgnoringNoColor(environment: environment)
            return detected == .none ? .x256 : detected
        }
    }
}

/// What `view` and `render` share: the model flags, an input sequence, and colour.
struct ViewOptions: ParsableArguments {
    @OptionGroup var model: ModelOptions

    @OptionGroup var captured: CaptureOptions   // --capture (CaptureOptions.swift)

    @Option(help: "An input sequence: .npy, .csv, or one array of a .npz/.safetensors/.pt (FILE:NAME picks it); default: sin(linspace(0, π, 20)) per feature.")
    var input: String?

    @OptionGroup var random: RandomInputOptions

    @OptionGroup(title: "Comparing two runs") var comparison: CompareOptions

    @OptionGroup var labels: TokenOptions

    @OptionGroup var packing: LengthsOptions

    @OptionGroup var computing: ThreadOptions

    @Option(help: "Initial hidden state h0 (a file as for --input): (L·dirs, N, H or proj_size), or (L·dirs, H) for unbatched input; zeros when absent.")
    var h0: String?

    @Option(help: "An LSTM's initial cell state c0 (a file as for --input): (L·dirs, N, H), or (L·dirs, H) unbatched; an LSTM takes --h0 and --c0 together or neither.")
    var c0: String?

    @Flag(help: "Training mode: dropout between layers is on (masks from --seed; a batch element gets the masks it gets in forward --train).")
    var train = false

    @Option(help: "seed (random weights, the default), sine (the trained model in examples/, with its input), or chars / chars-rnn (a character-level LSTM / RNN on The Devil's Dictionary, opened on its text view).")
    var example: Example = .seed

    @Option(help: "Colour: never, always or auto (auto honours NO_COLOR, COLORTERM and TERM).")
    var color: ColorChoice = .auto

    @Option(parsing: .unconditional, help: "The batch element to show first (0-based; [ and ] step through them).")
    var batchIndex = 0

    /// The screen model: the chosen network over the chosen (or the example) input.
    func makeModel() throws -> ScopeUI.ScreenState {
        computing.apply()
        if let captured = try capturedScreen() { return try labels.apply(to: comparison.apply(to: captured, model: model), capture: self.captured.capture) }   // --capture: the module as it ran
        if example.charsCapture != nil { return try charsExample() }
        var model = self.model, input = self.input
        if example == .sine {
            guard model.weights == nil, input == nil else {
                throw ValidationError("--example sine brings its own weights and input; leave out --weights and --input")
            }
            let directory = try example.directory()
            model.weights = directory.appendingPathComponent(Example.sineWeights).path
            model.prefix = model.prefix ?? "rnn."
            model.batchFirst = true
            input = directory.appendingPathComponent(Example.sineInput).path
        }
        let rnn = try model.makeRNN()
        let sequence = try random.input(for: rnn.config, file: input)
        let (h0, c0) = try loadInitialStates(h0: self.h0, c0: self.c0)
        let source: ModelSource = example == .sine ? .loaded(Example.sineWeights) : model.weights.map { .loaded($0) } ?? .seeded
        var state = try ScopeUI.ScreenState(rnn: rnn, seed: model.seed, input: sequence, h0: h0, c0: c0, training: train,
                                            source: source, batchIndex: batchIndex, lengths: packing.load())
        state.isStudyExample = example == .seed && model.isStudyExample
        return try labels.apply(to: comparison.apply(to: state, model: model))
    }
}

extension ViewOptions {
    /// `--example chars` / `chars-rnn`: the capture of `scripts/train_chars.py`'s model, its token ids
    /// labelled by the vocabulary, opened on the text view of the unit the script reports (the
    /// strongest simple feature it found; `--unit` and `--body` still choose otherwise).
    func charsExample() throws -> ScopeUI.ScreenState {
        let given = model.givenArchitectureFlags + [
            ("--input", input != nil), ("--capture", captured.capture != nil), ("--tokens", labels.tokens != nil),
            ("--vocab", labels.vocab != nil), ("--h0", h0 != nil), ("--c0", c0 != nil), ("--lengths", packing.lengths != nil),
            ("--seq-len", random.seqLen != nil), ("--batch", random.batch != nil)].filter(\.1).map(\.0)
        guard given.isEmpty else {
            throw ValidationError("--example \(example.rawValue) brings its own model, input and tokens; leave out \(given.joined(separator: ", "))")
        }
        let directory = try example.directory(), capture = example.charsCapture!
        var options = self
        options.example = .seed
        options.captured.capture = directory.appendingPathComponent(capture).path
        options.labels.vocab = directory.appendingPathComponent(Example.charsVocab).path
        let report = try CharsUnits.load(directory.appendingPathComponent(Example.charsUnits).path,
                                         kind: example == .chars ? "lstm" : "rnn")
        var state = try options.makeModel()
        state.source = .loaded(capture)
        state.selectedUnit = report.opensOn.unit
        state.timelineSeries = report.opensOn.series
        state.bodyView = .text
        return state
    }
}

/// `--h0` and `--c0` read from their files (each nil when not given). Whether the model takes them
/// — an LSTM both or neither, RNN and GRU no c0 — is the engine's check, in one line.
func loadInitialStates(h0: String?, c0: String?) throws -> (h0: Tensor?, c0: Tensor?) {
    (try h0.map { try loadSequence(path: $0) }, try c0.map { try loadSequence(path: $0) })
}
