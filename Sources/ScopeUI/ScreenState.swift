import Recurrent

/// Everything the screen shows, as one value: the network, its input, the trace of the run, and
/// what the user has selected. `update` changes it; `renderFrame` draws it.

// MARK: Modes

/// What drives the panes: the complete run at the time cursor (`time`), or a stepper advanced one
/// cell step at a time in PyTorch's execution order (`exec`), with cells not computed yet blank.
public enum ViewMode: String, Sendable {
    case time, exec
}

/// What fills the room between the input strip and the legend: the (layer, direction) panes, the
/// selected pane's timeline (units × t), or the selected unit's inspector.
public enum BodyView: String, Sendable {
    case panes, timeline, inspector, text
}

/// Where the weights came from. A loaded model's topology is fixed by its file.
public enum ModelSource: Equatable, Sendable {
    /// Initialised like PyTorch from a seed; every topology key works.
    case seeded
    /// Loaded from a state dict at this path; keys that would change its shape are off.
    case loaded(String)
}

// MARK: ScreenState

public struct ScreenState {
    public private(set) var rnn: RNN
    public private(set) var seed: UInt64
    public var source: ModelSource
    /// The model was left to the study notes' example (no sizes, no weights given): the header says so.
    public var isStudyExample = false
    /// The input as given to the RNN, in its own layout (`(N, T, D)` when batch_first,
    /// `(T, N, D)` otherwise, or unbatched `(T, D)`).
    public private(set) var input: Tensor
    /// The initial hidden state given with the input (`(L·dirs, N, H)`, or `(L·dirs, H)` for
    /// unbatched input), or nil for zeros, as in PyTorch. It fixes the number of layers and directions.
    public let h0: Tensor?
    /// An LSTM's initial cell state given with h0 (`(L·dirs, N, H)`, or `(L·dirs, H)` unbatched), or nil.
    public let c0: Tensor?
    /// Training mode: dropout between layers is on (masks from `seed`), as `rnn.train()` in PyTorch.
    public private(set) var training: Bool
    /// The input's layout, T and N, as the engine checked them.
    public private(set) var geometry: InputGeometry
    /// The complete run of `rnn` over the selected batch element (`batchIndex`) alone, as a batch of
    /// one: its values are read at `n: ScreenState.tracedElement`. The screen shows one sequence at a time,
    /// so a batch of thousands costs what one sequence does (batch elements never mix in nn.RNN).
    public private(set) var trace: Trace {
        didSet { (statePeak, cellPeak) = (ScreenState.statePeak(of: trace), ScreenState.cellStatePeak(of: trace)) }
    }
    /// The index of the selected batch element inside `trace` (which holds only that one).
    public static let tracedElement = 0
    /// max |h| over every layer, direction and t of `trace` (the relu scale), found once per trace.
    private var statePeak: Float
    /// max |c| over every cell and t of `trace` (an LSTM's cell-state scale; 0 for other kinds).
    private var cellPeak: Float
    /// max |x| over the whole input (all batch elements), so the data's scale stays put across them.
    private let dataPeak: Float
    /// The network's ρ(W_hh) and ‖W_hh‖₂ per cell, filled in as the inspector asks (see `dynamics`).
    private(set) var dynamicsCache: DynamicsCache
    /// The selected unit's influence over time, kept for the inspector (see `influence`).
    let influenceCache = InfluenceCache()
    /// The timeline's unit statistics, kept for the frames that show the same ones (`unitStats`).
    let unitStatsCache = UnitStatsCache()

    /// The time cursor t, 0-based as PyTorch indexes: `0 ..< trace.seqLen`.
    public var cursor = 0
    /// The batch element on screen: `0 ..< batchSize` (change it with `selectBatch`).
    public private(set) var batchIndex = 0
    /// N: the number of sequences in the input (1 for unbatched input).
    public var batchSize: Int { geometry.batch }
    /// The selected pane: layer (0 = bottom) and direction (0 forward, 1 reverse).
    public var selectedLayer = 0
    public var selectedDirection = 0
    /// The hidden unit whose numbers the panes print: `0 ..< hidden_size`.
    public var selectedUnit = 0
    public internal(set) var mode = ViewMode.time
    public var bodyView = BodyView.panes
    /// The series the timeline shows (`T` cycles it): `h`, or an LSTM's `c` and gates, a GRU's gates.
    public var timelineSeries = "h"
    /// `s`: states drawn on the run's own range (±max|h|) rather than tanh's fixed ±1.
    public var scalesToData = false
    /// Marks the cells that make up `output` and `h_n` (the `o` key).
    public var highlightsOutput = false
    /// The panes' pre-activation rows (`W_ih·x`, `W_hh·h`; the `p` key), when there is room.
    /// `nil` = `partsRowsByDefault`.
    public var showsPartsRows: Bool?
    /// Shown up to `partsRowsHiddenSizeLimit` units; left out for wider layers, where they would
    /// double the heatmaps on screen — the pane border still writes the selected unit's parts out,
    /// and the inspector has every term.
    public var partsRowsByDefault: Bool { config.hiddenSize <= ScreenState.partsRowsHiddenSizeLimit }
    public static let partsRowsHiddenSizeLimit = 64
    /// In `exec` mode: the engine's stepper over this network and input; nil in `time` mode. ScreenState
    /// values share it and it only ever moves forward (see `runExecution`); what this value shows
    /// is `executedSteps` of it.
    public internal(set) var execution: Trace?
    /// In `exec` mode: the cell steps this value shows as computed (`0 … L·dirs·T`).
    var executionSteps = 0
    public var showingHelp = false
    /// In the guided tour: which stop and language (nil when exploring freely).
    public var tour: TourState?
    /// A second run compared with this one (`c` cycles A, B, Δ), or nil.
    public var comparison: Comparison? {
        didSet { if comparison?.source.identity != oldValue?.source.identity { comparisonRevision = ComparisonCache.newRevision() } }
    }
    /// Names each change of run B (a new source or an edit) uniquely among all copies of this
    /// state — copies share `comparisonCache`, and two that changed B apart must never read each
    /// other's run (a key's work given up with Esc leaves such a copy behind).
    private(set) var comparisonRevision = 0
    /// Run B's trace, kept per trace of A (see `comparisonTrace`).
    let comparisonCache = ComparisonCache()
    /// The comparisons before each input edit, newest last (`u` takes one back).
    var editHistory: [Comparison?] = []
    /// Set by `W`: the backend writes `editedInput` to a .npy and clears it.
    public var exportRequested = false
    /// Select and match (`v`): the span being chosen, its units and their matches.
    public var spanSearch: SpanSearch?
    /// The modules of a capture this screen can switch between (`M`), and which one it shows.
    public var moduleChoices: [ModuleChoice] = []
    public var moduleIndex = 0
    /// A packed batch's lengths (one per sequence): each element runs only over its own steps.
    public let lengths: [Int]?
    /// One label per timestep of each batch element (`--tokens`: the same for all; `--vocab`: a
    /// captured batch of token ids, one row per element).
    public var tokenTable: [[String]]?
    /// The shown element's labels, one per timestep, on the time axis and as the text view's text.
    /// Setting it gives every element the same labels.
    public var tokens: [String]? {
        get { tokenTable.map { $0[min(batchIndex, $0.count - 1)] } }
        set { tokenTable = newValue.map { [$0] } }
    }
    /// `x`: the input strip shades each t by ‖∂h_t*[u]/∂x_t‖ of the selected unit at the cursor.
    public var stripShowsInfluence = false
    /// The help's page on a screen too narrow for both: 0 keys, 1 labels (→ ←).
    public var helpPage = 0
    public var playing = false
    /// A one-line message for the user (why a key is off, what just changed); cleared by the next key.
    public var status: String?
    /// Set by `.quit`; the backend ends the loop.
    public var quitRequested = false
    /// The screen is under `FrameLayout.minWidth × minHeight` and shows only "terminal too small":
    /// set by the backend before each key, so that `update` lets only q, ?, Esc act there.
    public var screenIsTooSmall = false

    /// A model over `input` (in `rnn`'s layout). Throws the engine's error when the input does not
    /// fit, and `ModelError` for an empty batch (PyTorch runs it, but there is no element to show).
    public init(rnn: RNN, seed: UInt64, input: Tensor, h0: Tensor? = nil, c0: Tensor? = nil, training: Bool = false,
                source: ModelSource = .seeded, batchIndex: Int = 0, lengths: [Int]? = nil) throws {
        self.lengths = lengths
        self.rnn = rnn
        self.seed = seed
        self.input = input
        self.h0 = h0
        self.c0 = c0
        self.training = training
        self.source = source
        geometry = try rnn.checkInput(input, h0: h0, c0: c0)
        guard geometry.batch > 0 else {
            throw ModelError("the input's batch is empty (N=0): there is no sequence to show (rnnscope forward runs it)")
        }
        guard (0..<geometry.batch).contains(batchIndex) else {
            throw ModelError("batch element \(batchIndex) is not in the input: its batch has \(geometry.batch) (0…\(geometry.batch - 1))")
        }
        self.batchIndex = batchIndex
        if let lengths {
            let (batch, steps) = (geometry.batch, geometry.seqLen)
            guard lengths.count == batch, lengths.allSatisfy({ $0 >= 1 && $0 <= steps }) else {
                throw ModelError("lengths \(lengths) do not fit the input: one per sequence (N=\(batch)), each in 1…T=\(steps)")
            }
        }
        trace = try ScreenState.elementRun(rnn, input: input, h0: h0, c0: c0, geometry: geometry, lengths: lengths, element: batchIndex,
                                           training: training, seed: seed, stepped: false)
        statePeak = ScreenState.statePeak(of: trace)
        cellPeak = ScreenState.cellStatePeak(of: trace)
        dataPeak = input.data.lazy.filter(\.isFinite).map(abs).max() ?? 0
        dynamicsCache = DynamicsCache(rnn)
    }

    /// The visualizer's opening: `RNN(1, 10, num_layers=2, batch_first=True)`, tanh, seed 0, over
    /// `sin(linspace(0, π, 20))` as `(1, 20, 1)`.
    public static func seedExample() -> ScreenState {
        let config = try! RNNConfig(inputSize: 1, hiddenSize: 10, numLayers: 2, batchFirst: true)
        var state = try! ScreenState(rnn: RNN(config: config, seed: 0), seed: 0, input: exampleInput(for: config))
        state.isStudyExample = true
        return state
    }

    /// The default input for a configuration: T = 20 steps of `sin(linspace(0, π, 20))`, feature k
    /// shifted by k·π/D; shaped `(1, 20, D)` when batch_first, else `(20, 1, D)`.
    public static func exampleInput(for config: RNNConfig, length: Int = 20) -> Tensor {
        let d = config.inputSize
        var data: [Float] = []
        for t in 0..<length {
            let x = Double.pi * Double(t) / Double(max(1, length - 1))
            for k in 0..<d { data.append(Float(sin(x + Double.pi * Double(k) / Double(d)))) }
        }
        return Tensor(shape: config.batchFirst ? [1, length, d] : [length, 1, d], data: data)
    }

    public var config: RNNConfig { rnn.config }
    public var isTopologyLocked: Bool { source != .seeded }

    /// Replaces the network (same input) and re-runs it; keeps the selection inside the new shape.
    mutating func rebuild(config: RNNConfig, seed: UInt64) throws {
        let newRNN = RNN(config: config, seed: seed)
        trace = try run(newRNN, seed: seed)
        rnn = newRNN
        dynamicsCache = DynamicsCache(newRNN)
        self.seed = seed
        clampSelection()
        restartExecution()
    }

    /// Changes only the nonlinearity, keeping the weights (a loaded model keeps its file's weights)
    /// and so their dynamics.
    mutating func switchNonlinearity(to nonlinearity: Nonlinearity) throws {
        let newRNN = rnn.withNonlinearity(nonlinearity)
        trace = try run(newRNN)
        rnn = newRNN
        restartExecution()
    }

    /// Toggles `batch_first` on the same data: the input is transposed between `(T, N, D)` and
    /// `(N, T, D)` (so T and N keep their meaning), the weights, h0 and the states stay — PyTorch's
    /// "this does not apply to hidden or cell states". Throws a `ModelError` for unbatched input,
    /// where batch_first changes nothing.
    mutating func switchBatchFirst() throws {
        guard geometry.layout != .unbatched else {
            throw ModelError("unbatched input \(shapeText(input.shape)) = (T, D): batch_first does not apply to it")
        }
        let newRNN = rnn.withBatchFirst(!config.batchFirst), newInput = input.swappingFirstTwoAxes()
        let newGeometry = try newRNN.checkInput(newInput, h0: h0, c0: c0)
        let newTrace = try ScreenState.elementRun(newRNN, input: newInput, h0: h0, c0: c0, geometry: newGeometry, lengths: lengths,
                                                  element: batchIndex, training: training, seed: seed, stepped: false)
        (rnn, input, geometry, trace) = (newRNN, newInput, newGeometry, newTrace)
        restartExecution()
    }

    /// Switches between training mode (dropout between layers, as `rnn.train()`) and evaluation
    /// mode (`rnn.eval()`), keeping the weights.
    mutating func switchTraining() throws {
        trace = try run(rnn, training: !training)
        training.toggle()
        restartExecution()
    }

    /// `network`'s complete run over one batch element of `input` (and its slice of `h0`), as the
    /// screen shows it: by default the model's own element, training mode and seed.
    private func run(_ network: RNN, training: Bool? = nil, element: Int? = nil, seed: UInt64? = nil) throws -> Trace {
        try ScreenState.elementRun(network, input: input, h0: h0, c0: c0, geometry: geometry, lengths: lengths,
                                   element: element ?? batchIndex, training: training ?? self.training, seed: seed ?? self.seed, stepped: false)
    }

    /// The run of one batch element as the screen shows it: alone (batch elements never mix), and
    /// for a packed batch only over its own steps — as PyTorch runs a packed sequence, h_n at its
    /// last step and the reverse direction starting there. `stepped`: a stepper, nothing computed.
    static func elementRun(_ network: RNN, input: Tensor, h0: Tensor?, c0: Tensor?, geometry: InputGeometry, lengths: [Int]?,
                           element: Int, training: Bool, seed: UInt64, stepped: Bool) throws -> Trace {
        guard let lengths else {
            return stepped ? try network.stepper(input, h0: h0, c0: c0, training: training, dropoutSeed: seed, onlyElement: element)
                : try network.trace(input, h0: h0, c0: c0, training: training, dropoutSeed: seed, onlyElement: element)
        }
        let truncated = geometry.batchElement(element, of: input, steps: lengths[element])
        let (h, c) = (h0.map { geometry.hiddenElement(element, of: $0) }, c0.map { geometry.hiddenElement(element, of: $0) })
        return stepped ? try network.stepper(truncated, h0: h, c0: c, training: training, dropoutSeed: seed)
            : try network.trace(truncated, h0: h, c0: c, training: training, dropoutSeed: seed)
    }

    /// The engine's stepper over the selected batch element (nothing computed yet).
    func elementStepper() throws -> Trace {
        try ScreenState.elementRun(rnn, input: input, h0: h0, c0: c0, geometry: geometry, lengths: lengths, element: batchIndex,
                                   training: training, seed: seed, stepped: true)
    }

    /// Shows batch element `n` (clamped to `0 ..< batchSize`): runs the network over it alone.
    mutating func selectBatch(_ n: Int) {
        let n = min(max(0, n), batchSize - 1)
        guard n != batchIndex else { return }
        // Every shape was checked with the whole input, so one of its elements cannot fail.
        guard let newTrace = try? run(rnn, element: n) else { return }
        batchIndex = n
        trace = newTrace
        restartExecution()
    }

    mutating func clampSelection() {
        cursor = min(max(0, cursor), trace.seqLen - 1)
        selectedLayer = min(max(0, selectedLayer), config.numLayers - 1)
        selectedDirection = min(max(0, selectedDirection), config.numDirections - 1)
        selectedUnit = min(max(0, selectedUnit), config.hiddenSize - 1)
    }

    // MARK: Values on screen

    /// The unit of h the selection shows: the selected unit, or the last of an LSTM projection's
    /// P < H outputs when the selected unit is past them (gates and c have H units, h has P).
    public var shownOutputUnit: Int { min(selectedUnit, config.outputSize - 1) }

    /// The header's word for the cell: the RNN's nonlinearity, an LSTM's or GRU's state update.
    public var cellWord: String {
        switch config.kind {
        case .rnn: config.nonlinearity.rawValue
        case .lstm: "c_t = f·c + i·g, h_t = o·tanh(c_t)" + (config.projSize > 0 ? " → W_hr" : "")
        case .gru: "h_t = (1-z)·n + z·h"
        }
    }

    /// The colour scale of hidden states: ±1 for tanh; 0…max|h| over the whole run for relu.
    /// With `scalesToData` (`s`): ±max|h| over the run instead, so a fresh network's small states
    /// spread over the whole colour map.
    public var stateScale: ValueScale {
        let isRelu = config.kind == .rnn && config.nonlinearity == .relu
        if isRelu { return ValueScale(limit: statePeak, marksZero: true) }
        return scalesToData ? ValueScale(limit: statePeak) : ValueScale(limit: 1)
    }

    /// The scale of the data (layer 0's x_t and the input strip): the state scale, widened to the
    /// data's largest magnitude when the data goes beyond it.
    public var dataScale: ValueScale {
        let states = stateScale
        return dataPeak > states.limit ? ValueScale(limit: dataPeak, marksZero: states.marksZero) : states
    }

    /// The scale of an LSTM's cell state c: ±max|c| over the whole run (c is unbounded; at least ±1).
    public var cellStateScale: ValueScale { ValueScale(limit: max(1, cellPeak)) }

    /// The scale for a layer's input: the data's for layer 0, the states' above.
    public func inputScale(layer: Int) -> ValueScale { layer == 0 ? dataScale : stateScale }
}

/// An input the screen cannot show although the engine accepts it.
public struct ModelError: Error, CustomStringConvertible, Equatable {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension ScreenState {
    /// max |c| over every cell and t of a one-element LSTM trace (non-finite values left out; 0 for
    /// kinds without a cell state).
    static func cellStatePeak(of trace: Trace) -> Float {
        guard trace.config.kind.hasCellState else { return 0 }
        let config = trace.config
        var peak: Float = 0
        for index in 0..<(config.numLayers * config.numDirections) {
            let cell = CellIndex(index: index, directions: config.numDirections)
            for t in 0..<trace.seqLen {
                for v in trace.series("c", cell: cell, t: t, n: tracedElement) where v.isFinite { peak = max(peak, abs(v)) }
            }
        }
        return peak
    }

    /// max |h| over every layer, direction and t of a one-element trace (non-finite values left out).
    static func statePeak(of trace: Trace) -> Float {
        let config = trace.config
        var peak: Float = 0
        for layer in 0..<config.numLayers {
            for direction in 0..<config.numDirections {
                for t in 0..<trace.seqLen {
                    for v in trace.h(layer: layer, direction: direction, t: t, n: tracedElement) where v.isFinite {
                        peak = max(peak, abs(v))
                    }
                }
            }
        }
        return peak
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
