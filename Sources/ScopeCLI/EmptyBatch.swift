import Recurrent

extension ForwardCommand {
    /// The run `forward` writes: the complete trace — or, for an empty batch (N = 0), a stepper
    /// with nothing computed, since there are no rows to compute however long T is (a time loop
    /// over the T = 2^40 steps a 128-byte .npy can declare would never end). Its shapes are those
    /// of PyTorch's result.
    func forwardRun(_ rnn: RNN, _ input: Tensor, h0: Tensor?, c0: Tensor?) throws -> Trace {
        guard try rnn.checkInput(input, h0: h0, c0: c0).batch == 0 else {
            return try rnn.trace(input, h0: h0, c0: c0, training: train, dropoutSeed: model.seed)
        }
        return try rnn.stepper(input, h0: h0, c0: c0)
    }

    /// `output`, `h_n` (and an LSTM's `c_n`) of a run from `forwardRun`: for an empty batch, the
    /// empty tensors of their shapes, as `nn.RNN` returns them.
    func results(of run: Trace) -> [(name: String, tensor: Tensor)] {
        guard run.batch == 0 else { return results(output: run.output, hN: run.hN, cN: run.cN) }
        let empty = { (shape: [Int]) in Tensor(shape: shape, data: []) }
        return results(output: empty(run.outputShape), hN: empty(run.hNShape), cN: run.config.kind == .lstm ? empty(run.cNShape) : nil)
    }

    /// What `forward` writes, by PyTorch's names: `output`, `h_n`, and an LSTM's `c_n`.
    func results(output: Tensor, hN: Tensor, cN: Tensor?) -> [(name: String, tensor: Tensor)] {
        [("output", output), ("h_n", hN)] + (cN.map { [("c_n", $0)] } ?? [])
    }
}
