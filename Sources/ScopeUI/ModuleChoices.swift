import Recurrent

/// The recurrent modules of one capture (`--capture` of a model with several): `M` switches the
/// screen to the next one, each opened as it ran.
public struct ModuleChoice: Sendable {
    /// How the header names it: `cap.safetensors [encoder]`.
    public let label: String
    public let rnn: RNN
    public let input: Tensor
    public let h0: Tensor?, c0: Tensor?
    public let lengths: [Int]?

    public init(label: String, rnn: RNN, input: Tensor, h0: Tensor?, c0: Tensor?, lengths: [Int]?) {
        (self.label, self.rnn, self.input, self.h0, self.c0, self.lengths) = (label, rnn, input, h0, c0, lengths)
    }
}

extension ScreenState {
    /// The screen on the next captured module (`M`), or this one with a status saying why not.
    func nextModule() -> ScreenState {
        guard moduleChoices.count > 1 else {
            var same = self
            same.status = "one recurrent module here: M switches between the modules of a capture (--capture)"
            return same
        }
        let next = (moduleIndex + 1) % moduleChoices.count, choice = moduleChoices[next]
        do {
            var state = try ScreenState(rnn: choice.rnn, seed: seed, input: choice.input, h0: choice.h0, c0: choice.c0,
                                        training: training, source: .loaded(choice.label), lengths: choice.lengths)
            (state.moduleChoices, state.moduleIndex) = (moduleChoices, next)
            state.status = "module \(next + 1) of \(moduleChoices.count): \(choice.label) — \(choice.rnn.config.pytorchRepr)"
            return state
        } catch {
            var same = self
            same.status = "\(choice.label): \(error)"
            return same
        }
    }
}
