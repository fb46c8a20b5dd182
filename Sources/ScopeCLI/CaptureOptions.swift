import ArgumentParser
import Recurrent
import RecurrentIO
import ScopeUI

/// `--capture FILE [--prefix P]`: a file `python/rnnscope_capture.py` wrote — a recurrent module
/// opened as it ran in PyTorch: its weights, nonlinearity, batch_first and dropout from the
/// metadata, its actual input and h0/c0. `--prefix` (ModelOptions') chooses among several.
struct CaptureOptions: ParsableArguments {
    @Option(help: "A capture written by python/rnnscope_capture.py: the module as it ran (weights, configuration, input, h0/c0); --prefix chooses among several.")
    var capture: String?

    /// A captured module ready to run: the model, its input `(T, N, D)` / `(N, T, D)` / `(T, D)` and states.
    struct Opened {
        var rnn: RNN
        var input: Tensor
        var h0: Tensor?
        var c0: Tensor?
        /// `.loaded("cap.safetensors [encoder.]")`, for the screen's header.
        var source: ModelSource
        /// Whether dropout was active in the captured call (training mode, dropout > 0, layers > 1).
        var droppedOut: Bool
        /// A packed input's lengths when some sequence is shorter than T (run as PyTorch does by `forward`).
        var lengths: [Int]? = nil
    }

    /// The module `--capture` names, or nil without `--capture`. `given` are the other flags a
    /// command received that a capture already answers (`--input`, `--h0`, …; true when given).
    /// - Throws: one line for such a flag beside `--capture`, for a packed input with shorter
    ///   sequences (not run yet), and the capture's own `FileError`s.
    func open(model: ModelOptions, given: [(flag: String, isGiven: Bool)], runsPacked: Bool = false) throws -> Opened? {
        guard let capture else { return nil }
        let conflicting = model.givenArchitectureFlags + given.filter(\.1).map(\.0)
        if !conflicting.isEmpty {
            throw ValidationError("--capture brings the module's weights, configuration and input; leave out "
                                  + conflicting.joined(separator: ", "))
        }
        let module = try CaptureFile(path: capture).module(prefix: model.prefix)
        if !runsPacked { try refuseShorterPackedSequences(module, source: capture) }
        let rnn = try module.rnn(source: capture)
        printWarnings(rnn.config)
        let shown = capture + (module.prefix.isEmpty ? "" : " [\(module.prefix)]")
        let droppedOut = module.training && rnn.config.dropout > 0 && rnn.config.numLayers > 1
        return Opened(rnn: rnn, input: module.input, h0: module.h0, c0: module.c0, source: .loaded(shown), droppedOut: droppedOut,
                      lengths: module.isPackedWithShorterSequences ? module.lengths : nil)
    }

    /// A packed batch whose lengths are all T is the padded batch itself; shorter sequences are run
    /// each to its own length, as PyTorch does, by `forward --capture` and on screen.
    func refuseShorterPackedSequences(_ module: CapturedModule, source: String) throws {
        guard let lengths = module.lengths, module.isPackedWithShorterSequences else { return }
        let steps = module.input.shape[module.config.batchFirst ? 1 : 0]
        throw FileError(source, "packed sequences (lengths \(lengths.map(String.init).joined(separator: ", ")) of T=\(steps)) "
                        + "are not shown on screen yet (forward --capture runs them as PyTorch does, each to its length); "
                        + "capture the sequences unpacked, or a batch of one length")
    }
}

extension ModelOptions {
    /// The flags given that build or load a model (what a capture or an example brings itself).
    var givenArchitectureFlags: [String] {
        let flags: [(String, Bool)] = [
            ("--weights", weights != nil), ("--cell", cell != nil), ("--input-size", inputSize != nil),
            ("--hidden-size", hiddenSize != nil), ("--num-layers", numLayers != nil),
            ("--proj-size", projSize != nil), ("--nonlinearity", nonlinearity != nil),
            ("--no-bias", noBias), ("--dropout", dropout != 0), ("--bidirectional", bidirectional),
            ("--batch-first", batchFirst != nil)]
        return flags.filter(\.1).map(\.0)
    }
}

extension ViewOptions {
    /// The screen on `--capture`'s module, or nil without `--capture`.
    func capturedScreen() throws -> ScopeUI.ScreenState? {
        let given = [("--input", input != nil), ("--h0", h0 != nil), ("--c0", c0 != nil),
                     ("--seq-len", random.seqLen != nil), ("--batch", random.batch != nil), ("--example", example != .seed)]
        guard let opened = try captured.open(model: model, given: given, runsPacked: true) else { return nil }
        var state = try ScopeUI.ScreenState(rnn: opened.rnn, seed: model.seed, input: opened.input, h0: opened.h0, c0: opened.c0,
                                            training: train, source: opened.source, batchIndex: batchIndex, lengths: opened.lengths)
        // Every module of the capture, for M (the shown one first in its own place).
        if let path = captured.capture, let file = try? CaptureFile(path: path), file.modules.count > 1 {
            state.moduleChoices = file.modules.compactMap { module in
                (try? module.rnn(source: path)).map {
                    ModuleChoice(label: path + (module.prefix.isEmpty ? "" : " [\(module.prefix)]"), rnn: $0, input: module.input,
                                 h0: module.h0, c0: module.c0, lengths: module.isPackedWithShorterSequences ? module.lengths : nil)
                }
            }
            if case let .loaded(shown) = opened.source { state.moduleIndex = state.moduleChoices.firstIndex { $0.label == shown } ?? 0 }
        }
        return state
    }
}

extension ForwardCommand {
    /// `forward --capture`'s module, or nil without `--capture`; the output must not land on the capture.
    func capturedRun() throws -> CaptureOptions.Opened? {
        let given = [("--input", input != nil), ("--h0", h0 != nil), ("--c0", c0 != nil),
                     ("--seq-len", random.seqLen != nil), ("--batch", random.batch != nil)]
        if let capture = captured.capture, isSameFile(capture, output) {
            throw ValidationError("--output \(output) is the --capture file; writing there would replace it, choose another path")
        }
        guard let opened = try captured.open(model: model, given: given, runsPacked: true) else { return nil }
        if opened.droppedOut, !train {
            throw FileError(captured.capture ?? "", "captured in training mode with dropout \(opened.rnn.config.dropout): PyTorch's "
                            + "masks are not in the file, so its output cannot be reproduced; capture after model.eval() "
                            + "(or run with --train for rnnscope's own masks)")
        }
        return opened
    }
}
