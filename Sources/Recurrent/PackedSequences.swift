extension RNN {
    /// `output, h_n = rnn(pack_padded_sequence(input, lengths))` then `pad_packed_sequence`, as
    /// PyTorch runs a packed batch: each sequence n only up to its length `lengths[n]` — its h_n (and
    /// c_n) at its own last step, the reverse direction starting there — and `output` zero past each
    /// length. Batch elements never mix (evaluation mode), so each runs alone, on its own steps.
    ///
    /// - input: padded `(T, N, D)` or `(N, T, D)` (batch_first), as for `forward`; `lengths`: `(N)`, each in 1…T.
    /// - Returns: `output` in the input's layout, `h_n` `(L·dirs, N, out)`, `c_n` for an LSTM.
    /// - Throws: the input checks of `forward`, and PyTorch's words for a length out of range.
    public func forwardPacked(_ input: Tensor, lengths: [Int], h0: Tensor? = nil, c0: Tensor? = nil)
        throws -> (output: Tensor, hN: Tensor, cN: Tensor?)
    {
        let geometry = try checkInput(input, h0: h0, c0: c0)
        guard geometry.layout != .unbatched, lengths.count == geometry.batch else {
            throw RNNError.runtime("Expected `len(lengths)` to be equal to batch_size, but got \(lengths.count) (batch_size=\(geometry.batch))")
        }
        guard lengths.allSatisfy({ $0 > 0 }) else {
            throw RNNError.runtime("Length of all samples has to be greater than 0, but found an element in 'lengths' that is <= 0")
        }
        guard lengths.allSatisfy({ $0 <= geometry.seqLen }) else {
            throw RNNError.runtime("lengths are longer than the input: \(lengths.max()!) > T=\(geometry.seqLen)")
        }
        let (steps, batch) = (geometry.seqLen, geometry.batch)
        let width = config.numDirections * config.outputSize, cells = config.numLayers * config.numDirections
        var output = [Float](repeating: 0, count: steps * batch * width)
        var hN = [Float](repeating: 0, count: cells * batch * config.outputSize)
        var cN = config.kind.hasCellState ? [Float](repeating: 0, count: cells * batch * config.hiddenSize) : nil
        for n in 0..<batch {
            let length = lengths[n], own = geometry.batchElement(n, of: input, steps: length)
            let run = try forward(own, h0: h0.map { geometry.hiddenElement(n, of: $0) }, c0: c0.map { geometry.hiddenElement(n, of: $0) })
            for t in 0..<length {
                let to = (config.batchFirst ? n * steps + t : t * batch + n) * width
                output.replaceSubrange(to ..< to + width, with: run.output.data[(t * width) ..< ((t + 1) * width)])
            }
            for cell in 0..<cells {
                let out = config.outputSize, hidden = config.hiddenSize
                hN.replaceSubrange(((cell * batch + n) * out) ..< ((cell * batch + n + 1) * out),
                                   with: run.hN.data[(cell * out) ..< ((cell + 1) * out)])
                if let c = run.cN { cN!.replaceSubrange(((cell * batch + n) * hidden) ..< ((cell * batch + n + 1) * hidden),
                                                       with: c.data[(cell * hidden) ..< ((cell + 1) * hidden)]) }
            }
        }
        let outputShape = config.batchFirst ? [batch, steps, width] : [steps, batch, width]
        return (Tensor(shape: outputShape, data: output), Tensor(shape: [cells, batch, config.outputSize], data: hN),
                cN.map { Tensor(shape: [cells, batch, config.hiddenSize], data: $0) })
    }
}
