extension RNN {
    // MARK: forward — PyTorch's entry point

    /// `output, h_n = rnn(input, h0)` — for an LSTM `output, (h_n, c_n) = lstm(input, (h0, c0))`.
    ///
    /// - input: `(T, N, input_size)`, or `(N, T, input_size)` when `batch_first`, or unbatched `(T, input_size)`.
    /// - h0: `(L·dirs, N, out)` — `(L·dirs, out)` for unbatched input; zeros when nil. `batch_first`
    ///   never applies to it. `out` = proj_size or H.
    /// - c0: an LSTM's initial cell state `(L·dirs, N, H)` (`(L·dirs, H)` unbatched); an LSTM takes
    ///   h0 and c0 together or neither, as PyTorch's `hx = (h0, c0)`.
    /// - Returns: `output` `(T, N, dirs·out)` (or `(N, T, dirs·out)`, or `(T, dirs·out)`), last axis
    ///   `[forward, reverse]`; `h_n` `(L·dirs, N, out)` (or `(L·dirs, out)`), ordered l0, l0_reverse,
    ///   l1, …; `c_n` like h_n with H features for an LSTM, nil otherwise.
    /// - training: applies dropout between layers (masks from `dropoutSeed`); evaluation mode is deterministic.
    /// - threads: how many threads compute it (nil: `ComputeThreads.count`; see `Trace.runInParallel`).
    /// - Throws: `RNNError` with PyTorch's message for every shape mistake, checked in PyTorch's order.
    public func forward(_ input: Tensor, h0: Tensor? = nil, c0: Tensor? = nil, training: Bool = false, dropoutSeed: UInt64 = 0,
                        threads: Int? = nil) throws -> (output: Tensor, hN: Tensor, cN: Tensor?)
    {
        let run = try makeTrace(input, h0: h0, c0: c0, training: training, dropoutSeed: dropoutSeed, keepsSteps: false, runsAtOnce: true)
        run.run(threads: threads)
        return (run.output, run.hN, run.cN)
    }

    /// Like `forward`, but keeps every step for inspection: a complete `Trace`.
    ///
    /// - onlyElement: run batch element n of `input` (and of `h0`, `c0`) alone, as a batch of one —
    ///   `input` and the states are still checked whole, and dropout masks are the ones element n
    ///   gets in the whole batch's run, so the trace holds exactly element n's part of it (up to the
    ///   rounding of a smaller matrix product). Precondition: `0 ≤ n < N`.
    public func trace(_ input: Tensor, h0: Tensor? = nil, c0: Tensor? = nil, training: Bool = false, dropoutSeed: UInt64 = 0,
                      onlyElement: Int? = nil, threads: Int? = nil, storage: StepStorage = .automatic) throws -> Trace {
        let run = try makeTrace(input, h0: h0, c0: c0, training: training, dropoutSeed: dropoutSeed, keepsSteps: true,
                                runsAtOnce: true, onlyElement: onlyElement, storage: storage)
        run.run(threads: threads)
        return run
    }

    /// A `Trace` with nothing computed yet, to be advanced one cell step at a time with `step()`
    /// (`onlyElement` as for `trace`).
    public func stepper(_ input: Tensor, h0: Tensor? = nil, c0: Tensor? = nil, training: Bool = false, dropoutSeed: UInt64 = 0,
                        onlyElement: Int? = nil, storage: StepStorage = .automatic) throws -> Trace {
        try makeTrace(input, h0: h0, c0: c0, training: training, dropoutSeed: dropoutSeed, keepsSteps: true, runsAtOnce: false,
                      onlyElement: onlyElement, storage: storage)
    }

    // MARK: Checks, in PyTorch's order and words

    /// Checks `input` (and `h0`, `c0`) exactly as `forward` does — same errors, same order — without
    /// running or allocating anything, and says how the input is laid out.
    public func checkInput(_ input: Tensor, h0: Tensor? = nil, c0: Tensor? = nil) throws -> InputGeometry {
        let kind = config.kind
        guard input.rank == 2 || input.rank == 3 else {
            let word = kind == .rnn ? " tensor" : ""   // RNN: "…got 1D tensor instead"; LSTM, GRU: "…got 1D instead"
            throw RNNError.value("\(kind.moduleName): Expected input to be 2D or 3D, got \(input.rank)D\(word) instead")
        }
        let layout: InputLayout = input.rank == 2 ? .unbatched : (config.batchFirst ? .batchFirst : .batched)
        try checkStatesGivenTogether(h0: h0, c0: c0)
        if kind == .lstm, let h0, let c0 {
            let (want, batched) = layout == .unbatched ? (2, "unbatched 2-D") : (3, "batched 3-D")
            if h0.rank != want || c0.rank != want {
                throw RNNError.runtime("For \(batched) input, hx and cx should also be \(want)-D but got (\(h0.rank)-D, \(c0.rank)-D) tensors")
            }
        } else if let h0 {
            if layout == .unbatched, h0.rank != 2 {
                throw RNNError.runtime("For unbatched 2-D input, hx should also be 2-D but got \(h0.rank)-D tensor")
            }
            if layout != .unbatched, h0.rank != 3 {
                throw RNNError.runtime("For batched 3-D input, hx should also be 3-D but got \(h0.rank)-D tensor")
            }
        }
        // The unbatched input behaves as a batch of one, in either layout; so do its states.
        let seqLen = layout == .batchFirst ? input.shape[1] : input.shape[0]
        let batch = layout == .unbatched ? 1 : (layout == .batchFirst ? input.shape[0] : input.shape[1])
        let features = input.shape.last!
        guard features == config.inputSize else {
            throw RNNError.runtime("input.size(-1) must be equal to input_size. Expected \(config.inputSize), got \(features)")
        }
        let cells = config.numLayers * config.numDirections
        func check(_ state: Tensor?, width: Int, name: String) throws {
            guard let state else { return }
            let expected = [cells, batch, width]
            let got = layout == .unbatched ? [state.shape[0], 1, state.shape[1]] : state.shape
            guard got == expected else {
                throw RNNError.runtime("Expected \(name) size \(shapeTuple(expected)), got \(shapeList(got))")
            }
        }
        if kind == .lstm {
            try check(h0, width: config.outputSize, name: "hidden[0]")
            try check(c0, width: config.hiddenSize, name: "hidden[1]")
        } else {
            try check(h0, width: config.hiddenSize, name: "hidden")
        }
        guard seqLen > 0 else { throw RNNError.runtime("Expected sequence length to be larger than 0 in RNN") }
        return InputGeometry(layout: layout, seqLen: seqLen, batch: batch)
    }

    /// An LSTM's states come as a pair, `hx = (h0, c0)`, or not at all; only an LSTM has a c0.
    /// (rnnscope's own words: PyTorch cannot be handed one half of the pair.)
    private func checkStatesGivenTogether(h0: Tensor?, c0: Tensor?) throws {
        let name = config.kind.moduleName
        if config.kind != .lstm, c0 != nil {
            throw RNNError.value("\(name) has no cell state: c0 is only for an LSTM")
        }
        if config.kind == .lstm, (h0 == nil) != (c0 == nil) {
            throw RNNError.value("LSTM takes its initial state as a pair (h0, c0): "
                                 + (h0 == nil ? "c0 was given without h0" : "h0 was given without c0"))
        }
    }

    private func makeTrace(_ input: Tensor, h0: Tensor?, c0: Tensor?, training: Bool, dropoutSeed: UInt64, keepsSteps: Bool,
                           runsAtOnce: Bool, onlyElement: Int? = nil, storage: StepStorage = .automatic) throws -> Trace {
        let geometry = try checkInput(input, h0: h0, c0: c0)
        var (input, h0, c0) = (input, h0, c0)
        if let n = onlyElement {
            (input, h0, c0) = (geometry.batchElement(n, of: input), h0.map { geometry.hiddenElement(n, of: $0) },
                               c0.map { geometry.hiddenElement(n, of: $0) })
        }
        let masks = DropoutPositions(wholeBatch: geometry.batch, firstElement: onlyElement ?? 0)
        let (layout, seqLen, batch) = (geometry.layout, geometry.seqLen, onlyElement == nil ? geometry.batch : 1)
        let timeMajor = layout == .batchFirst ? input.swappingFirstTwoAxes().data : input.data
        let dropout = training && config.dropout > 0 && config.numLayers > 1
            ? DropoutPlan(probability: Float(config.dropout), seed: dropoutSeed, positions: masks) : nil
        let trace = try Trace(rnn: self, input: timeMajor, seqLen: seqLen, batch: batch,
                          h0: h0?.data, c0: c0?.data, keepsSteps: keepsSteps,
                          recomputesParts: storage.keepsOnlyStates(config, seqLen: seqLen, batch: batch),
                          zeroed: !runsAtOnce, dropout: dropout)
        trace.layout = layout
        return trace
    }
}
