import ArgumentParser
import Recurrent
import RecurrentIO
import ScopeUI

/// `--compare-input B`, `--compare-weights W2` or `--compare-seed S`: a second run beside the model's
/// on the shown batch element (`c` cycles A, B, Δ = B − A).
struct CompareOptions: ParsableArguments {
    @Option(help: "Compare with a run over this input (a file as for --input, the same shape).")
    var compareInput: String?

    @Option(help: "Compare with a run of these weights (a state dict of the same architecture: another checkpoint).")
    var compareWeights: String?

    @Option(help: "Compare with the same architecture initialised from this seed.")
    var compareSeed: UInt64?

    func validate() throws {
        if [compareInput != nil, compareWeights != nil, compareSeed != nil].filter({ $0 }).count > 1 {
            throw ValidationError("compare with one run at a time: --compare-input, --compare-weights or --compare-seed")
        }
    }

    /// `state` comparing with the run these flags ask for (unchanged without them). `model` gives
    /// the prefix and batch_first a state dict of weights is read with.
    func apply(to state: ScreenState, model: ModelOptions) throws -> ScreenState {
        var state = state
        if let compareInput {
            try state.compare(with: .input(try loadSequence(path: compareInput), label: compareInput, batchFirst: state.config.batchFirst))
        } else if let compareWeights {
            let tensors = try loadStateDict(path: compareWeights)
            let other = try modelFromStateDict(tensors, prefix: model.prefix, nonlinearity: nil, batchFirst: state.config.batchFirst,
                                               source: compareWeights)
            try state.compare(with: .weights(other, label: compareWeights))
        } else if let compareSeed {
            try state.compare(with: .seed(compareSeed))
        }
        return state
    }
}
