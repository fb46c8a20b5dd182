import Recurrent

/// The selected unit's influence over time (`Trace.influence`), kept for the last (trace,
/// selection) asked about: the inspector draws it on every frame, and it costs O(T·H²) — a few
/// milliseconds at H = T = 256. The trace is the key's first part, so a new network, batch element,
/// nonlinearity or training mode (each a new trace) is never served an old answer; an exec-mode
/// stepper keeps its identity as it advances, which is right because the influence reads only the
/// steps up to t*, final once computed. A `ScreenState` holds one, shared by its copies.
/// How far back the screen follows the influence: more than any strip shows (a few hundred t
/// columns), few enough that a cursor move stays quick on sequences of thousands (O(steps·H²)).
let maxInfluenceStepsBack = 512

final class InfluenceCache {
    private struct Key: Equatable {
        let layer: Int, direction: Int, unit: Int, t: Int
    }
    /// Weak: the cache never keeps an old trace alive, and a freed one cannot match a new one.
    private weak var trace: Trace?
    private var key: Key?
    private var known: Influence?
    /// How many times the influence was computed (not served from the cache), for tests.
    private(set) var computations = 0

    func influence(in trace: Trace, layer: Int, direction: Int, unit: Int, t: Int) -> Influence {
        let wanted = Key(layer: layer, direction: direction, unit: unit, t: t)
        if let known, self.trace === trace, key == wanted { return known }
        let computed = trace.influence(layer: layer, direction: direction, unit: unit, t: t, n: ScreenState.tracedElement,
                                       maxStepsBack: maxInfluenceStepsBack)
        (self.trace, key, known) = (trace, wanted, computed)
        computations += 1
        return computed
    }
}

extension ScreenState {
    /// The influence on `unit` of (layer, direction) at step t of the shown trace: ‖∂h_t[u]/∂h_s‖
    /// and ‖∂h_t[u]/∂x_s‖ for each step s the cell computed up to t. Precondition: step t is computed.
    public func influence(layer: Int, direction: Int, unit: Int, t: Int) -> Influence {
        influenceCache.influence(in: shownTrace, layer: layer, direction: direction, unit: unit, t: t)
    }
}

extension ScreenState {
    /// The selected unit's influence at the cursor, for the input strip (`x`); nil until computed.
    var stripInfluence: Influence? {
        guard isComputed(layer: selectedLayer, direction: selectedDirection, t: cursor) else { return nil }
        return influence(layer: selectedLayer, direction: selectedDirection, unit: shownOutputUnit, t: cursor)
    }
}
