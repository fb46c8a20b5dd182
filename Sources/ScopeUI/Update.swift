import Recurrent

/// What can happen to the model: keys, the play timer, and the backend's own events.
public enum Action: Equatable, Sendable {
    /// Move the time cursor by this many steps (clamped to 0…T−1).
    case step(Int)
    case jumpToStart, jumpToEnd
    /// Put the time cursor at t (a click on the input strip).
    case moveCursor(to: Int)
    /// Select a pane, and a unit when one is given (a click in a pane).
    case selectPane(layer: Int, direction: Int, unit: Int?)
    /// Select a pane and put the cursor at t (a click in the cell map).
    case selectStep(layer: Int, direction: Int, t: Int)
    /// Select a unit and put the cursor at t (a click in the timeline).
    case selectUnitAt(unit: Int, t: Int)
    /// Select the layer above (+1) or below (−1).
    case selectLayer(Int)
    case switchDirection
    /// Select the next (+1) or previous (−1) hidden unit.
    case selectUnit(Int)
    /// Select the next (+1) or previous (−1) batch element.
    case selectBatch(Int)
    case togglePlay
    /// The play timer (about every 200 ms while playing): one step forward, stopping at the end.
    case tick
    case toggleBidirectional, addLayer, removeLayer, toggleNonlinearity, toggleBias, reseed
    /// `m`: the next kind of module, RNN → LSTM → GRU → RNN (same sizes, weights seeded by name).
    case cycleCellKind
    /// `T` in the timeline: the next series it shows (h, c, the gates).
    case cycleTimelineSeries
    /// `f`: batch_first on / off over the same data (the input transposed; the states unchanged).
    case toggleBatchFirst
    /// `s`: the heatmaps' scale between fixed (±1 tanh, 0…max relu) and the run's own range.
    case toggleScale
    /// `c`: while comparing two runs, what the panes show: A, B, or Δ = B − A.
    case cycleComparisonView
    /// `a` `z` `0` `y`: edit the shown x_t (run B's input) at the cursor; `u` undoes; `W` writes it out.
    case editInput(InputEdit), undoEdit, exportEditedInput
    /// `x`: the input strip shows each t's influence on the selected unit at the cursor, or the data.
    case toggleStripInfluence
    /// `d`: training mode (dropout between layers) ↔ evaluation mode.
    case toggleTraining
    /// `e`: time mode ↔ execution order (a stepper, one cell step per `step`).
    case toggleExecutionOrder
    /// `o`: mark the cells that make up `output` and `h_n`.
    case toggleOutputHighlight
    /// `p`: show / leave out the panes' pre-activation rows (`W_ih·x`, `W_hh·h`).
    case togglePartsRows
    /// `t`, `i`/Enter: the selected pane's timeline, the selected unit's inspector (again: the panes).
    case toggleTimeline, toggleInspector
    /// `w`: the text view (the tokens coloured by the selected unit); again: the panes.
    case toggleTextView
    /// `v`: start a span, end it (select the units on over it and find where else they are), jump on.
    case spanSelect
    /// `M`: the next recurrent module of a capture.
    case nextModule
    case toggleHelp
    /// Esc: closes help first, otherwise stops playing, otherwise goes back to the panes.
    case escape
    case quit
}

/// The most layers the screen stacks (each needs a pane row).
public let maxLayers = 8

/// The model after `action`. Pure: no clock, no I/O; topology changes re-run the engine.
public func update(_ model: ScreenState, _ action: Action) -> ScreenState {
    // While the screen says "terminal too small" nothing may change unseen: only q, ? and Esc act.
    if model.screenIsTooSmall, ![.quit, .toggleHelp, .escape].contains(action) { return model }
    var m = model
    if action != .tick { m.status = nil }
    if m.showingHelp {
        switch action {
        case .toggleHelp, .escape: m.showingHelp = false; m.helpPage = 0; return m
        case let .step(delta): m.helpPage = delta > 0 ? 1 : 0; return m   // → labels, ← keys
        case .quit, .tick: break
        default: m.showingHelp = false
        }
    }
    // In the tour ← → go between stops (each stop opens its own model); Esc leaves the tour where it is.
    if let tour = m.tour {
        switch action {
        case let .step(delta) where abs(delta) == 1:
            let next = tour.stop + delta
            guard (1...TourState.stops).contains(next) else {
                m.status = next < 1 ? "stop 1 is the first" : "stop \(TourState.stops) is the last: Esc explores from here"
                return m
            }
            return ScreenState.tour(stop: next, language: tour.language)
        case .escape:
            m.tour = nil
            m.status = tour.language == .ko ? "둘러보기를 마쳤습니다: 이제 모든 키가 동작합니다 (? 도움말)" : "the tour is over: every key works from here (? help)"
            return m
        default: break
        }
    }
    switch action {
    case let .step(delta) where m.mode == .exec:
        m.status = m.edgeStatus(m.executedSteps + delta, in: 0...m.trace.totalSteps,
                                low: "no cell step computed yet", high: "all \(m.trace.totalSteps) cell steps computed")
        m.runExecution(to: m.executedSteps + delta); m.playing = false
    case .jumpToStart where m.mode == .exec: m.runExecution(to: 0); m.playing = false
    case .jumpToEnd where m.mode == .exec: m.runExecution(to: m.trace.totalSteps); m.playing = false
    case let .step(delta):
        m.status = m.edgeStatus(m.cursor + delta, in: 0...(m.trace.seqLen - 1),
                                low: "t=0 is the first step", high: "t=\(m.trace.seqLen - 1) is the last step (T=\(m.trace.seqLen))")
        m.cursor += delta; m.playing = false
    case .jumpToStart: m.cursor = 0; m.playing = false
    case .jumpToEnd: m.cursor = m.trace.seqLen - 1; m.playing = false
    case let .moveCursor(t): m.cursor = t; m.playing = false
    case let .selectPane(layer, direction, unit):
        (m.selectedLayer, m.selectedDirection) = (layer, direction)
        if let unit { m.selectedUnit = unit }
    case let .selectStep(layer, direction, t): (m.selectedLayer, m.selectedDirection, m.cursor) = (layer, direction, t)
    case let .selectUnitAt(unit, t): (m.selectedUnit, m.cursor) = (unit, t)
    case let .selectLayer(delta):
        m.status = m.edgeStatus(m.selectedLayer + delta, in: 0...(m.config.numLayers - 1),
                                low: "layer 0 is the bottom layer", high: "layer \(m.config.numLayers - 1) is the top layer")
        m.selectedLayer += delta
    case .switchDirection:
        m.selectedDirection = (m.selectedDirection + 1) % m.config.numDirections
        if m.config.numDirections == 1 { m.status = "one direction: b turns on bidirectional" }
    case let .selectUnit(delta): m.selectedUnit = (m.selectedUnit + delta + m.config.hiddenSize) % m.config.hiddenSize
    case let .selectBatch(delta):
        if m.geometry.layout == .unbatched {
            m.status = "unbatched input \(shapeText(m.input.shape)) = (T, D): one sequence, no batch axis"
        } else if m.batchSize == 1 {
            m.status = "the input has one batch element"
        } else {
            m.status = m.edgeStatus(m.batchIndex + delta, in: 0...(m.batchSize - 1),
                                    low: "batch element 0 is the first", high: "batch element \(m.batchSize - 1) is the last (N=\(m.batchSize))")
        }
        m.selectBatch(m.batchIndex + delta)
    case .togglePlay:
        m.playing.toggle()
        if m.playing && m.mode == .exec && m.executedSteps == m.trace.totalSteps { m.runExecution(to: 0) }
        if m.playing && m.mode == .time && m.cursor == m.trace.seqLen - 1 { m.cursor = 0 }
    case .tick:
        guard m.playing else { return m }
        if m.mode == .exec {
            if m.executedSteps >= m.trace.totalSteps { m.playing = false } else { m.runExecution(to: m.executedSteps + 1) }
        } else if m.cursor + 1 >= m.trace.seqLen { m.playing = false } else { m.cursor += 1 }
    case .toggleBidirectional:
        m = changingTopology(m, "bidirectional is") { $0.bidirectional.toggle() }
    case .addLayer:
        if m.config.numLayers >= maxLayers { m.status = "at most \(maxLayers) layers fit on screen"; break }
        m = changingTopology(m, "the number of layers is") { $0.numLayers += 1 }
        if m.status == nil { m.selectedLayer = m.config.numLayers - 1 }
    case .removeLayer:
        if m.config.numLayers == 1 { m.status = "nn.\(m.config.kind.moduleName) needs at least one layer"; break }
        m = changingTopology(m, "the number of layers is") { $0.numLayers -= 1 }
    case .toggleNonlinearity:
        guard m.config.kind == .rnn else {
            m.status = "\(m.config.kind.moduleName) has no nonlinearity to choose: its gates are σ, its candidate tanh (m: next kind)"
            break
        }
        do { try m.switchNonlinearity(to: m.config.nonlinearity == .tanh ? .relu : .tanh) } catch { m.status = "\(error)" }
    case .cycleCellKind:
        let next = m.config.kind.next
        m = changingTopology(m, "the module is") { $0 = $0.asKind(next) }
        if m.status == nil { m.status = "\(next.moduleName): " + next.describedChange }
    case .toggleBatchFirst:
        do {
            try m.switchBatchFirst()
            let layout = m.config.batchFirst ? "(N, T, D)" : "(T, N, D)"
            m.status = "batch_first=\(m.config.batchFirst ? "True" : "False"): input \(shapeText(m.input.shape)) = \(layout), "
                + "output \(shapeText(m.geometry.outputShape(m.config))); h0 and h_n stay \(shapeText(m.geometry.hNShape(m.config)))"
        } catch { m.status = "\(error)" }
    case let .editInput(edit):
        guard m.mode == .time else { m.status = "edits are made in time mode (e leaves the execution order)"; break }
        do {
            try m.editInput(edit)
            let k = m.editedFeature, index = m.inputIndex(t: m.cursor, feature: k)
            let value = m.editedInput.map { formatValue($0.data[index]) } ?? ""
            m.status = "edited x_t[\(k)] at t=\(m.cursor) (element \(m.batchIndex)): \(formatValue(m.input.data[index])) → \(value)"
                + " · max|Δh| \(formatSignificant(Double(m.maxDelta(t: m.cursor) ?? 0))) · u undoes"
        } catch { m.status = "\(error)" }
    case .toggleStripInfluence:
        m.stripShowsInfluence.toggle()
        m.status = m.stripShowsInfluence ? "input strip: ‖∂h_t*[u]/∂x_t‖ of unit \(m.shownOutputUnit) at t=\(m.cursor), layer \(m.selectedLayer) \(m.selectedDirection == 0 ? "forward" : "reverse") (log scale)"
            : "input strip: the data"
    case .undoEdit:
        m.status = m.undoEdit() ? (m.comparison == nil ? "no edits left: one run again" : "edit undone") : "nothing to undo"
    case .exportEditedInput:
        if m.editedInput == nil { m.status = "no edited input to write (a z 0 y edit x_t at the cursor)" } else { m.exportRequested = true }
    case .cycleComparisonView:
        guard var comparison = m.comparison else {
            m.status = "c compares two runs: open with --compare-input B, --compare-weights W2 or --compare-seed S"
            break
        }
        let views = ComparisonView.allCases
        comparison.view = views[(views.firstIndex(of: comparison.view)! + 1) % views.count]
        m.comparison = comparison
        m.status = "showing " + (comparison.view == .a ? "run A (the model)" : comparison.view == .b ? "run B (\(comparison.label))"
            : "Δ = B − A (\(comparison.label)) on its own scale ±\(m.deltaScale.limitText)")
            + (m.mode == .exec ? " — in time mode (e leaves the execution order)" : "")
    case .toggleScale:
        m.scalesToData.toggle()
        m.status = m.scalesToData ? "scale: the run's own range (±max|h| \(m.stateScale.limitText))"
            : "scale: fixed (" + (m.config.kind == .rnn && m.config.nonlinearity == .relu ? "0…max for relu" : "±1, tanh's range") + ")"
    case .cycleTimelineSeries:
        let cycle = m.timelineSeriesCycle
        guard m.bodyView == .timeline, cycle.count > 1 else {
            m.status = cycle.count > 1 ? "T cycles the timeline's series (t opens it)" : "an RNN records only h per unit (T: LSTM, GRU)"
            break
        }
        m.timelineSeries = cycle[((cycle.firstIndex(of: m.shownTimelineSeries.name) ?? 0) + 1) % cycle.count]
    case .toggleTraining:
        do { try m.switchTraining() } catch { m.status = "\(error)"; break }
        m.status = m.trainingStatus
    case .toggleBias:
        m = changingTopology(m, "bias is") { $0.bias.toggle() }
    case .reseed:
        m = changingTopology(m, "the weights are", seedChange: 1) { _ in }
        if m.status == nil { m.status = "seed \(m.seed)" }
    case .toggleExecutionOrder: m.toggleExecutionOrder(); m.playing = false
    case .toggleOutputHighlight: m.highlightsOutput.toggle()
    case .togglePartsRows: m.showsPartsRows = !(m.showsPartsRows ?? m.partsRowsByDefault)
    case .toggleTimeline: m.bodyView = m.bodyView == .timeline ? .panes : .timeline
    case .toggleInspector: m.bodyView = m.bodyView == .inspector ? .panes : .inspector
    case .spanSelect: m.spanKey()
    case .nextModule: m = m.nextModule()
    case .toggleTextView:
        m.bodyView = m.bodyView == .text ? .panes : .text
        if m.bodyView == .text, m.tokens == nil { m.status = "no tokens on this input: --tokens FILE gives one label per timestep" }
    case .toggleHelp: m.showingHelp.toggle()
    case .escape where m.spanSearch != nil:
        m.spanSearch = nil
        m.status = "span cleared"
    case .escape:
        if !m.playing { m.bodyView = .panes }
        m.playing = false
    case .quit: m.quitRequested = true
    }
    m.clampSelection()
    m.prepareWhatTheScreenReads()
    return m
}

extension ScreenState {
    /// Computes here — inside `update`, which the terminal runs on its own thread with progress —
    /// the slow values the next frame reads lazily: a cell's ρ(W_hh) (O(H³): seconds at H = 2048)
    /// and the selected unit's influence (O(T·H²)), so drawing never stalls the screen.
    func prepareWhatTheScreenReads() {
        guard mode == .time || isComputed(layer: selectedLayer, direction: selectedDirection, t: cursor) else { return }
        if bodyView == .inspector, config.kind == .rnn { _ = dynamics(layer: selectedLayer, direction: selectedDirection) }
        if bodyView == .inspector || stripShowsInfluence, isComputed(layer: selectedLayer, direction: selectedDirection, t: cursor) {
            _ = influence(layer: selectedLayer, direction: selectedDirection, unit: shownOutputUnit, t: cursor)
        }
    }
}

/// A seeded model with its config changed by `change` (and its seed moved by `seedChange`), or the
/// model unchanged with a status saying why, for a loaded model or a config the engine refuses.
/// `what` is the subject with its verb ("bias is", "the weights are").
private func changingTopology(_ model: ScreenState, _ what: String, seedChange: UInt64 = 0,
                              _ change: (inout RNNConfig) -> Void) -> ScreenState {
    var m = model
    if case let .loaded(path) = m.source {
        m.status = "\(what) fixed by the loaded weights (\(path))"
        return m
    }
    var config = m.config
    change(&config)
    if config.kind != m.config.kind, m.h0 != nil, (config.kind == .lstm) != (m.c0 != nil) {
        m.status = config.kind == .lstm ? "\(what) fixed by h0: an LSTM needs c0 with it (--c0)"
            : "\(what) fixed by c0: only an LSTM has a cell state"
        return m
    }
    if let h0 = m.h0, config.numLayers * config.numDirections != m.config.numLayers * m.config.numDirections {
        m.status = "\(what) fixed by h0 \(shapeText(h0.shape)) (one state per layer and direction)"
        return m
    }
    do { try m.rebuild(config: config, seed: m.seed &+ seedChange) } catch { m.status = "\(error)" }
    return m
}

extension CellKind {
    /// What switching to this kind shows, for the status line.
    var describedChange: String {
        switch self {
        case .rnn: return "h_t = tanh(W_ih·x + W_hh·h), one gate block"
        case .lstm: return "gates i f g o, cell state c (4 blocks of rows)"
        case .gru: return "gates r z n (3 blocks of rows), no cell state"
        }
    }
}

extension ScreenState {
    /// What `d` just did, and why dropout may still do nothing.
    var trainingStatus: String {
        guard training else { return "evaluation mode (rnn.eval()): no dropout" }
        if config.dropout == 0 { return "training mode: dropout is 0, nothing is dropped (--dropout p sets it)" }
        if config.numLayers == 1 { return "training mode: dropout acts between layers; with one layer there is none (+ adds one)" }
        return "training mode (rnn.train()): dropout \(config.dropout) between layers, masks from seed \(seed)"
    }

    /// Why a move to `target` goes nowhere: `low` below `range`, `high` above it, nil inside.
    func edgeStatus(_ target: Int, in range: ClosedRange<Int>, low: String, high: String) -> String? {
        target < range.lowerBound ? low : target > range.upperBound ? high : nil
    }
}
