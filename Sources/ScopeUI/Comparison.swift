import Recurrent
import Synchronization

/// Two runs side by side (issue 13): the model's run A and a run B over another input
/// (`--compare-input`), other weights of the same architecture (`--compare-weights`), another seed
/// (`--compare-seed`), or the input edited on screen. `c` cycles what the panes show — A, B, or
/// Δ = B − A on a diverging scale of its own — and the header gives max|Δh| at the cursor.

/// What run B differs in.
public enum ComparisonSource: Sendable {
    /// Another input, in the model's layout when it was given (batch_first at the time).
    case input(Tensor, label: String, batchFirst: Bool)
    /// Other weights of the same architecture.
    case weights(RNN, label: String)
    /// The same architecture initialised from another seed.
    case seed(UInt64)
}

extension ComparisonSource {
    /// Equal for the same run B (the view does not change it).
    var identity: String {
        switch self {
        case let .input(tensor, label, batchFirst): return "input \(label) \(batchFirst) \(tensor.shape) \(tensor.data.hashValue)"
        case let .weights(_, label): return "weights \(label)"
        case let .seed(seed): return "seed \(seed)"
        }
    }
}

/// What the panes show while comparing.
public enum ComparisonView: String, Sendable, CaseIterable {
    case a = "A", b = "B", delta = "Δ"
}

public struct Comparison: Sendable {
    public let source: ComparisonSource
    public var view = ComparisonView.delta

    public init(source: ComparisonSource, view: ComparisonView = .delta) {
        (self.source, self.view) = (source, view)
    }

    /// `B`, `input B`, `W2`: how the header names run B.
    public var label: String {
        switch source {
        case let .input(_, label, _): return "input \(label)"
        case let .weights(_, label): return "weights \(label)"
        case let .seed(seed): return "seed \(seed)"
        }
    }
}

/// Run B's trace for the shown trace of A, kept until A changes (a new trace object).
final class ComparisonCache: @unchecked Sendable {   // used from the UI thread only
    private static let revisions = Atomic<Int>(0)
    /// A revision no state has had before.
    static func newRevision() -> Int { revisions.add(1, ordering: .relaxed).newValue }

    private weak var traceA: Trace?
    private var revision = -1
    private var traceB: Trace?
    /// max|Δ| over the whole run, found once per pair of traces.
    var peak: Float?

    func trace(for a: Trace, revision: Int, make: () -> Trace?) -> Trace? {
        if let traceA, traceA === a, self.revision == revision { return traceB }
        (traceA, self.revision, traceB, peak) = (a, revision, make(), nil)
        return traceB
    }
}

extension ScreenState {
    /// Starts comparing with `source`, or throws a one-line `ModelError`: an input of another
    /// shape, or weights of another architecture (naming the parameter).
    public mutating func compare(with source: ComparisonSource) throws {
        switch source {
        case let .input(other, label, _):
            guard other.shape == input.shape else {
                throw ModelError("\(label) has shape \(shapeText(other.shape)), but the input is \(shapeText(input.shape)): runs compare step for step")
            }
        case let .weights(other, label):
            let mine = Dictionary(uniqueKeysWithValues: rnn.stateDict.map { ($0.name, $0.tensor.shape) })
            for (name, tensor) in other.stateDict where mine[name] != tensor.shape {
                throw ModelError("\(label): \(name) is \(mine[name].map(shapeText) ?? "absent") in the model but \(shapeText(tensor.shape)) there: another architecture")
            }
            for name in mine.keys where other.parameter(named: name) == nil {
                throw ModelError("\(label) has no \(name): another architecture")
            }
        case .seed: break
        }
        comparison = Comparison(source: source)
        guard comparisonTrace != nil else {
            comparison = nil
            throw ModelError("run B could not be made for this input")
        }
    }

    /// Run B over the shown batch element (nil when not comparing).
    public var comparisonTrace: Trace? {
        guard let comparison else { return nil }
        return comparisonCache.trace(for: trace, revision: comparisonRevision) {
            var network = rnn, other = input
            switch comparison.source {
            case .input:
                other = editedInput ?? input
            case let .weights(weights, _):
                network = weights.withBatchFirst(config.batchFirst)
                if config.kind == .rnn { network = network.withNonlinearity(config.nonlinearity) }
            case let .seed(seed):
                network = RNN(config: config, seed: seed)
            }
            // The shown element alone, and in a packed batch over its own steps, as run A.
            return try? ScreenState.elementRun(network, input: other, h0: h0, c0: c0, geometry: geometry, lengths: lengths,
                                               element: batchIndex, training: training, seed: seed, stepped: false)
        }
    }

    /// What the panes, the map and the timeline read: run A, run B, or B − A (time mode; exec mode
    /// shows A's stepper).
    func shownSeries(_ name: String, cell: CellIndex, t: Int) -> [Float] {
        shown { $0.series(name, cell: cell, t: t, n: ScreenState.tracedElement) }
    }

    /// The same for a state when the step at t began (`h_t-1`, `c_t-1`, h0).
    func shownPrevious(_ name: String, cell: CellIndex, t: Int) -> [Float] {
        shown { $0.previous(name, cell: cell, t: t, n: ScreenState.tracedElement) }
    }

    /// `read` of run A, of run B, or B − A, as the comparison's view says.
    private func shown(_ read: (Trace) -> [Float]) -> [Float] {
        let a = read(shownTrace)
        guard mode == .time, let comparison, let traceB = comparisonTrace else { return a }
        switch comparison.view {
        case .a: return a
        case .b: return read(traceB)
        case .delta: return zip(read(traceB), a).map { $0 - $1 }
        }
    }

    /// Whether the panes show Δ = B − A now.
    var showsDelta: Bool { mode == .time && comparison?.view == .delta && comparisonTrace != nil }

    /// max|Δh| (and, for an LSTM, max|Δc|) over every layer, direction and unit at step `t`.
    public func maxDelta(_ state: String = "h", t: Int) -> Float? {
        guard let b = comparisonTrace else { return nil }
        var peak: Float = 0
        for index in 0..<(config.numLayers * config.numDirections) {
            let cell = CellIndex(index: index, directions: config.numDirections)
            let (x, y) = (trace.series(state, cell: cell, t: t, n: ScreenState.tracedElement), b.series(state, cell: cell, t: t, n: ScreenState.tracedElement))
            for (u, v) in zip(x, y) { peak = max(peak, abs(v - u).isNaN ? .infinity : abs(v - u)) }
        }
        return peak
    }

    /// Δ's own diverging scale: ±max|Δ| over the whole run of every state (at least 1e-6).
    var deltaScale: ValueScale {
        _ = comparisonTrace
        let peak = comparisonCache.peak ?? (0..<trace.seqLen).compactMap { maxDelta(t: $0) }.max() ?? 0
        comparisonCache.peak = peak
        return ValueScale(limit: max(peak, 1e-6))
    }
}
