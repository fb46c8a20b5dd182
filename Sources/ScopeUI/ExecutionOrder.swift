import Recurrent

/// The execution-order view: the same panes, driven by the engine's stepper one cell step at a time
/// in PyTorch's order — layer 0 forward t = 0…T−1, layer 0 reverse t = T−1…0, layer 1 … — so that a
/// cell not computed yet is visibly blank.
///
/// ScreenState values share one stepper (a class) and each keeps its own step count. The stepper only
/// moves forward, and the values of steps it has computed never change, so a value that shows k
/// steps reads the same numbers whatever later values did to the stepper: `update` stays pure,
/// stepping forward costs one cell step, and stepping back costs nothing.

extension ScreenState {
    // MARK: Entering, stepping, leaving

    /// Switches between `time` and `exec`. Entering exec starts at step 0 (nothing computed).
    mutating func toggleExecutionOrder() {
        if mode == .exec {
            mode = .time
            execution = nil
        } else {
            mode = .exec
            runExecution(to: 0, fresh: true)
        }
    }

    /// ScreenCell steps computed so far: `0 … totalSteps` in exec mode, everything in time mode.
    public var executedSteps: Int { execution == nil ? trace.totalSteps : executionSteps }

    /// In exec mode: `k` steps shown (clamped to `0 … L·dirs·T`), the shared stepper advanced that
    /// far if it is not yet; `fresh` starts a new stepper (the network changed). The cursor and the
    /// selected pane follow the step just computed.
    mutating func runExecution(to k: Int, fresh: Bool = false) {
        let k = min(max(0, k), trace.totalSteps)
        if fresh || execution == nil {
            guard let stepper = try? elementStepper() else { mode = .time; execution = nil; return }
            execution = stepper
        }
        while let stepper = execution, stepper.stepsDone < k { stepper.step() }
        executionSteps = k
        if let last = lastExecutedStep {
            (cursor, selectedLayer, selectedDirection) = (last.t, last.layer, last.direction)
        }
    }

    /// After a topology or nonlinearity change: the same step count on the new network (exec mode only).
    mutating func restartExecution() {
        guard execution != nil else { return }
        runExecution(to: executionSteps, fresh: true)
    }

    /// The cell step computed last in exec mode, or nil (nothing computed yet, or time mode).
    public var lastExecutedStep: CellStep? {
        guard let execution, executionSteps > 0 else { return nil }
        return execution.cellStep(at: executionSteps - 1)
    }

    // MARK: What is computed

    /// Whether h_t of (layer, direction) has been computed (always true in time mode).
    public func isComputed(layer: Int, direction: Int, t: Int) -> Bool {
        guard let execution else { return true }
        return execution.executionIndex(of: CellStep(layer: layer, direction: direction, t: t)) < executionSteps
    }

    /// Whether the cell (layer, direction) has started: its `W_ih·x_t + b_ih` is then computed for
    /// every t at once (one matrix product before the time loop, as PyTorch does on the CPU).
    func hasStarted(layer: Int, direction: Int) -> Bool {
        isComputed(layer: layer, direction: direction, t: trace.firstStep(direction: direction))
    }

    /// Whether layer `layer`'s input at t is known: the data for layer 0; above, both directions of
    /// the layer below at t.
    func isInputKnown(layer: Int, t: Int) -> Bool {
        layer == 0 || (0..<config.numDirections).allSatisfy { isComputed(layer: layer - 1, direction: $0, t: t) }
    }

    /// The trace whose values are on screen: the stepper in exec mode, else the complete run.
    public var shownTrace: Trace { execution ?? trace }
}

/// `values` when `known`, else as many blanks (nil draws nothing).
func known(_ values: [Float], _ isKnown: Bool) -> [Float?] {
    // An explicit map: converting [Float] to [Float?] implicitly goes through a runtime cast.
    isKnown ? values.map { Optional($0) } : values.map { _ in nil }
}
