// MARK: Select and match (LSTMVis): which units turn on over a span, and where else they are on together

/// The units of one cell that switch on over a span and stay on: `h_t[u] ≥ θ` at every step of the
/// span `start ..< end`, and `< θ` at the step before it (when the span does not start at t = 0).
public struct PatternSelection: Equatable, Sendable {
    public let cell: CellIndex
    public let start: Int, end: Int
    public let threshold: Float
    public let units: [Int]
}

/// One other place where the selected units are on together: a maximal run of steps
/// `start ..< end` of batch element `batch` with every selected unit `≥ θ`.
/// `score` = Σ over the run of the smallest selected value at each step — longer and stronger runs
/// rank first.
public struct PatternMatch: Equatable, Sendable {
    public let batch: Int
    public let start: Int, end: Int
    public let score: Float
}

extension Trace {
    /// The units of `cell` that are on (≥ `threshold`) at every step of `start ..< end` for batch
    /// element `n` and off (< `threshold`) at `start − 1`. Precondition: a complete trace that keeps
    /// its steps, `0 ≤ start < end ≤ T`.
    public func selectUnits(cell: CellIndex, n: Int, start: Int, end: Int, threshold: Float) -> PatternSelection {
        precondition(start >= 0 && start < end && end <= seqLen, "span \(start)..<\(end) outside 0..<\(seqLen)")
        let rows = (start..<end).map { series("h", cell: cell, t: $0, n: n) }
        let before = start > 0 ? series("h", cell: cell, t: start - 1, n: n) : nil
        let units = (0..<config.outputSize).filter { u in
            rows.allSatisfy { $0[u] >= threshold } && (before.map { $0[u] < threshold } ?? true)
        }
        return PatternSelection(cell: cell, start: start, end: end, threshold: threshold, units: units)
    }

    /// Every maximal run, in every batch element of this trace, where all of `selection`'s units are
    /// on together — the selection's own span left out — best first (score, then batch, then start).
    /// Empty when the selection has no units.
    public func matches(of selection: PatternSelection, excludingBatch own: Int? = nil) -> [PatternMatch] {
        guard !selection.units.isEmpty else { return [] }
        var found: [PatternMatch] = []
        for n in 0..<batch {
            var runStart: Int?, score: Float = 0
            for t in 0...seqLen {
                let low = t < seqLen ? selection.units.map { series("h", cell: selection.cell, t: t, n: n)[$0] }.min()! : -.infinity
                if low >= selection.threshold {
                    if runStart == nil { (runStart, score) = (t, 0) }
                    score += low
                } else if let begin = runStart {
                    let isQuery = n == (own ?? -1) && begin <= selection.start && t >= selection.end
                    if !isQuery { found.append(PatternMatch(batch: n, start: begin, end: t, score: score)) }
                    runStart = nil
                }
            }
        }
        return found.sorted { ($0.score, -$0.batch, -$0.start) > ($1.score, -$1.batch, -$1.start) }
    }
}
