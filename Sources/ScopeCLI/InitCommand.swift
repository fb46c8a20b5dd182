import ArgumentParser
import Recurrent
import RecurrentIO

/// `rnnscope init`: a freshly initialised `nn.RNN`, `nn.LSTM` or `nn.GRU` state dict that
/// `load_state_dict` accepts.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a fresh nn.RNN, nn.LSTM or nn.GRU state dict (.safetensors or .pt, F32, state_dict order).",
        discussion: """
            Every parameter (an LSTM's weight_hr too) is drawn from U(-1/sqrt(H), 1/sqrt(H)) as \
            reset_parameters does, from --seed and the parameter's name: the same flags and seed write \
            the same bytes. The keys, shapes and order are those of the module's state_dict() \
            (--cell rnn|lstm|gru, --proj-size P for an LSTM), so \
            module.load_state_dict(safetensors.torch.load_file(W)) accepts the file — or, for W.pt, \
            module.load_state_dict(torch.load(W)), weights_only included. \
            nonlinearity, batch_first and dropout are not stored in a state dict.
            """)

    @OptionGroup var model: ModelOptions

    @Option(help: "Where to write the state dict: .safetensors, or .pt/.pth for torch.load.")
    var output: String

    func validate() throws {
        guard model.weights == nil else { throw ValidationError("init makes a fresh model: give its sizes, not --weights") }
        // (An empty path gets the file layer's own words when the write is tried.)
        guard let format = try? ResultFormat(path: output), format == .safetensors || format == .torch else {
            throw ValidationError("--output \(output): init writes a state dict as .safetensors or .pt/.pth (torch.load); give one of those")
        }
    }

    func run() throws {
        let rnn = try model.makeRNN()
        let stateDict = rnn.stateDict
        try ResultFormat(path: output).write(stateDict, to: output)
        try writeLine(rnn.config.pytorchRepr)
        try writeLine("wrote \(output) (\(stateDict.count) tensors, seed \(model.seed))")
    }
}
