extension RNN {
    // MARK: forward — PyTorch's entry point

    /// `output, h_n = rnn(input, h0)`.
    ///
    /// - input: `(T, N, input_size)`, or `(N, T, input_size)` when `batch_first`, or unbatched `(T, input_size)`.
    /// - h0: `(L·dirs, N, H)` — `(L·dirs, H)` for unbatched input; zeros when nil. `batch_first` never applies to it.
    /// - Returns: `output` `(T, N, dirs·H)` (or `(N, T, dirs·H)`, or `(T, dirs·H)`), last axis `[forward, reverse]`;
    ///   `h_n` `(L·dirs, N, H)` (or `(L·dirs, H)`), ordered l0, l0_reverse, l1, …
    /// - training: applies dropout between layers (masks from `dropoutSeed`); evaluation mode is deterministic.
    /// - Throws: `RNNError` with PyTorch's message for every shape mistake, checked in PyTorch's order.
    public func forward(_ input: Tensor, h0: Tensor? = nil, training: Bool = false, dropoutSeed: UInt64 = 0)
        throws -> (output: Tensor, hN: Tensor)
    {
        let run = try makeTrace(input, h0: h0, training: training, dropoutSeed: dropoutSeed, keepsSteps: false, runsAtOnce: true)
        run.run()
        return (run.output, run.hN)
    }

    /// Like `forward`, but keeps every step for inspection: a complete `Trace`.
    ///
    /// - onlyElement: run batch element n of `input` (and of `h0`) alone, as a batch of one —
    ///   `input` and `h0` are still checked whole, and dropout masks are the ones element n gets in
    ///   the whole batch's run, so the trace holds exactly element n's part of it (up to the
    ///   rounding of a smaller matrix product). Precondition: `0 ≤ n < N`.
    public func trace(_ input: Tensor, h0: Tensor? = nil, training: Bool = false, dropoutSeed: UInt64 = 0,
                      onlyElement: Int? = nil) throws -> Trace {
        let run = try makeTrace(input, h0: h0, training: training, dropoutSeed: dropoutSeed, keepsSteps: true,
                                runsAtOnce: true, onlyElement: onlyElement)
        run.run()
        return run
    }

    /// A `Trace` with nothing computed yet, to be advanced one cell step at a time with `step()`
    /// (`onlyElement` as for `trace`).
    public func stepper(_ input: Tensor, h0: Tensor? = nil, training: Bool = false, dropoutSeed: UInt64 = 0,
                        onlyElement: Int? = nil) throws -> Trace {
        try makeTrace(input, h0: h0, training: training, dropoutSeed: dropoutSeed, keepsSteps: true, runsAtOnce: false,
                      onlyElement: onlyElement)
    }

    // MARK: Checks, in PyTorch's order and words

    /// Checks `input` (and `h0`) exactly as `forward` does — same errors, same order — without
    /// running or allocating anything, and says how the input is laid out.
    public func checkInput(_ input: Tensor, h0: Tensor? = nil) throws -> InputGeometry {
        guard input.rank == 2 || input.rank == 3 else {
            throw RNNError.value("RNN: Expected input to be 2D or 3D, got \(input.rank)D tensor instead")
        }
        let layout: InputLayout = input.rank == 2 ? .unbatched : (config.batchFirst ? .batchFirst : .batched)
        if let h0 {
            if layout == .unbatched, h0.rank != 2 {
                throw RNNError.runtime("For unbatched 2-D input, hx should also be 2-D but got \(h0.rank)-D tensor")
            }
            if layout != .unbatched, h0.rank != 3 {
                throw RNNError.runtime("For batched 3-D input, hx should also be 3-D but got \(h0.rank)-D tensor")
            }
        }
        // The unbatched input behaves as a batch of one, in either layout; so does its h0.
        let seqLen = layout == .batchFirst ? input.shape[1] : input.shape[0]
        let batch = layout == .unbatched ? 1 : (layout == .batchFirst ? input.shape[0] : input.shape[1])
        let features = input.shape.last!
        guard features == config.inputSize else {
            throw RNNError.runtime("input.size(-1) must be equal to input_size. Expected \(config.inputSize), got \(features)")
        }
        let expectedHidden = [config.numLayers * config.numDirections, batch, config.hiddenSize]
        if let h0 {
            let got = layout == .unbatched ? [h0.shape[0], 1, h0.shape[1]] : h0.shape
            guard got == expectedHidden else {
                throw RNNError.runtime("Expected hidden size \(shapeTuple(expectedHidden)), got \(shapeList(got))")
            }
        }
        guard seqLen > 0 else { throw RNNError.runtime("Expected sequence length to be larger than 0 in RNN") }
        return InputGeometry(layout: layout, seqLen: seqLen, batch: batch)
    }

    private func makeTrace(_ input: Tensor, h0: Tensor?, training: Bool, dropoutSeed: UInt64, keepsSteps: Bool,
                           runsAtOnce: Bool, onlyElement: Int? = nil) throws -> Trace {
        let geometry = try checkInput(input, h0: h0)
        var (input, h0) = (input, h0)
        if let n = onlyElement {
            (input, h0) = (geometry.batchElement(n, of: input), h0.map { geometry.hiddenElement(n, of: $0) })
        }
        let masks = DropoutPositions(wholeBatch: geometry.batch, firstElement: onlyElement ?? 0)
        let (layout, seqLen, batch) = (geometry.layout, geometry.seqLen, onlyElement == nil ? geometry.batch : 1)
        let timeMajor = layout == .batchFirst ? input.swappingFirstTwoAxes().data : input.data
        let dropout = training && config.dropout > 0 && config.numLayers > 1
            ? DropoutPlan(probability: Float(config.dropout), seed: dropoutSeed, positions: masks) : nil
        let trace = Trace(rnn: self, input: timeMajor, seqLen: seqLen, batch: batch,
                          h0: h0?.data,
                          keepsSteps: keepsSteps, zeroed: !runsAtOnce, dropout: dropout)
        trace.layout = layout
        return trace
    }
}
