import Recurrent

/// Select and match on screen (`v`): `v` at a span's first step and again at its last selects the
/// units of the selected pane that are on (h ≥ θ) over the span and off just before it; then each
/// `v` jumps to the next other place — in this sequence or another batch element — where they are
/// on together, best first (see `Trace.matches`). Esc clears it. `rnnscope match` does the same headless.
public struct SpanSearch: Sendable {
    /// The span's first step, while the second `v` is awaited.
    public var start: Int
    public var selection: PatternSelection?
    public var matches: [PatternMatch] = []
    /// The match the screen jumped to last (−1 before the first jump).
    public var shown = -1
    /// LSTMVis's default threshold.
    public static let threshold: Float = 0.3
}

extension ScreenState {
    /// What `v` does: start a span, end it (select and match), or jump to the next match.
    mutating func spanKey() {
        guard mode == .time else { status = "v selects a span in time mode (e leaves the execution order)"; return }
        guard var search = spanSearch else {
            spanSearch = SpanSearch(start: cursor)
            status = "span starts at t=\(cursor): move to its last step and press v again"
            return
        }
        guard let selection = search.selection else {
            let (start, end) = (min(search.start, cursor), max(search.start, cursor) + 1)
            let cell = CellIndex(layer: selectedLayer, direction: selectedDirection)
            // Every batch element: the matches may be in any of them.
            guard let whole = try? rnn.trace(input, h0: h0, c0: c0, training: training, dropoutSeed: seed) else { return }
            let chosen = whole.selectUnits(cell: cell, n: batchIndex, start: start, end: end, threshold: SpanSearch.threshold)
            search.selection = chosen
            search.matches = whole.matches(of: chosen, excludingBatch: batchIndex)
            spanSearch = search
            let units = chosen.units.isEmpty ? "no unit" : "units " + chosen.units.map(String.init).joined(separator: ", ")
            status = "\(units) on ≥ \(SpanSearch.threshold) over t=\(start)..<\(end) (off before) · "
                + (chosen.units.isEmpty ? "Esc clears" : "\(search.matches.count) other places · v jumps to the best")
            return
        }
        guard !search.matches.isEmpty else { status = "no other place has units \(selection.units) on together · Esc clears"; return }
        search.shown = (search.shown + 1) % search.matches.count
        let match = search.matches[search.shown]
        spanSearch = search
        selectBatch(match.batch)
        cursor = match.start
        status = "match \(search.shown + 1) of \(search.matches.count): element \(match.batch), t=\(match.start)..<\(match.end), "
            + "score \(formatSignificant(Double(match.score))) · v next · Esc clears"
    }

    /// The steps the strip underlines: the selected span, or (after a jump) the match shown.
    var highlightedSpan: Range<Int>? {
        guard let search = spanSearch else { return nil }
        if search.shown >= 0, search.matches.indices.contains(search.shown), search.matches[search.shown].batch == batchIndex {
            let match = search.matches[search.shown]
            return match.start..<match.end
        }
        if let selection = search.selection { return search.shown < 0 ? selection.start..<selection.end : nil }
        return min(search.start, cursor)..<(max(search.start, cursor) + 1)
    }
}
