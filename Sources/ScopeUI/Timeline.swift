import Recurrent

/// The timeline (`t`): the selected pane's h_t — or, for an LSTM or GRU, any series it records
/// (`T` cycles h, c, the gates) — as units × every timestep, columns aligned with the input strip
/// (scrolling with the cursor when the sequence is wide), the cursor column marked, and per unit:
/// for a state its mean |h| and the fraction of steps it is saturated (|h| > 0.99 under tanh) or
/// exactly 0 (relu), flagged when saturated at most steps or dead at every step; for a gate the
/// fractions of steps it is left-saturated (< 0.1) and right-saturated (> 0.9) — Karpathy et al.
/// 2015's gate plot — with forget (LSTM f) and update (GRU z) gates open at most steps flagged as
/// units that remember.

// MARK: Unit statistics

/// One unit's behaviour over the steps computed so far.
public struct UnitStats: Equatable, Sendable {
    /// Mean of |h_t| over the computed steps (0 when none are).
    public let meanAbs: Float
    /// Fraction of computed steps with |h_t| > `saturation` (tanh), or with h_t exactly 0 (relu);
    /// for a gate, the fraction above `gateHigh` (right-saturated).
    public let extremeFraction: Float
    /// For a gate, the fraction of computed steps below `gateLow` (left-saturated); nil for states.
    public var lowFraction: Float? = nil
    /// tanh: saturated at more than half the steps. relu: exactly 0 at every step (a dead unit).
    public let isFlagged: Bool
    /// Steps the statistics cover.
    public let steps: Int

    /// |h| above this counts as saturated under tanh.
    public static let saturation: Float = 0.99
    /// A gate below / above these is left- / right-saturated (Karpathy et al. 2015).
    public static let gateLow: Float = 0.1, gateHigh: Float = 0.9
}

extension ScreenState {
    /// The statistics of every unit of (layer, direction) over the steps computed so far, for the
    /// series the timeline shows (`timelineSeries`): `(H)` (`(P)` for a projected LSTM's h).
    /// Kept per trace and steps shown (`UnitStatsCache`): a gate of a long trace that keeps only
    /// its states is computed again at every step when read.
    public func unitStats(layer: Int, direction: Int) -> [UnitStats] {
        // The steps the screen shows as computed (in exec mode the shared stepper may be further on).
        let key = UnitStatsCache.Key(layer: layer, direction: direction, series: shownTimelineSeries.name,
                                     stepsShown: executedSteps)
        return unitStatsCache.stats(key, trace: shownTrace) { computeUnitStats(layer: layer, direction: direction) }
    }

    private func computeUnitStats(layer: Int, direction: Int) -> [UnitStats] {
        let ts = (0..<trace.seqLen).filter { isComputed(layer: layer, direction: direction, t: $0) }
        let cell = CellIndex(layer: layer, direction: direction), series = shownTimelineSeries
        let rows = ts.map { shownTrace.series(series.name, cell: cell, t: $0, n: ScreenState.tracedElement) }
        let isGate = series.role == .sigmoidGate
        let isRelu = config.kind == .rnn && config.nonlinearity == .relu
        return (0..<series.width(config, layer: layer)).map { unit in
            let values = rows.map { $0[unit] }
            let count = Float(max(1, values.count))
            if isGate {
                let high = Float(values.filter { $0 > UnitStats.gateHigh }.count) / count
                let low = Float(values.filter { $0 < UnitStats.gateLow }.count) / count
                let remembers = (series.name == "f" || series.name == "z") && high > 0.5
                return UnitStats(meanAbs: values.reduce(0) { $0 + abs($1) } / count, extremeFraction: high, lowFraction: low,
                                 isFlagged: !values.isEmpty && remembers, steps: values.count)
            }
            let extreme = values.filter { isRelu ? $0 == 0 : abs($0) > UnitStats.saturation }.count
            let fraction = Float(extreme) / count
            return UnitStats(meanAbs: values.reduce(0) { $0 + abs($1) } / count, extremeFraction: fraction,
                             isFlagged: !values.isEmpty && (isRelu ? extreme == values.count : fraction > 0.5),
                             steps: values.count)
        }
    }

    /// The series the timeline shows: `timelineSeries` when this kind records it, else h.
    var shownTimelineSeries: TraceSeries {
        config.kind.series.first { $0.name == timelineSeries && $0.role != .input && $0.role != .preActivation }
            ?? config.kind.series.first { $0.name == "h" }!
    }

    /// The series `T` cycles through in the timeline: h, then (LSTM) c, then the gates.
    var timelineSeriesCycle: [String] {
        ["h"] + config.kind.series.filter { $0.role == .cellState }.map(\.name) + config.kind.gates.map(\.name)
    }

    /// The word for a flagged unit: `saturated` (tanh), `dead` (relu), `remembers` (f, z open).
    var flagWord: String {
        if shownTimelineSeries.role == .sigmoidGate { return "remembers" }
        return config.kind == .rnn && config.nonlinearity == .relu ? "dead" : "saturated"
    }
}

// MARK: Drawing

/// Rows of the timeline above and below its unit rows: title, marks; the flag legend.
private let timelineHeadRows = 2, timelineFootRows = 1
/// Columns right of the timeline's cells: mean |h|, the fraction and the flag.
let timelineStatsWidth = 28

extension StripGeometry {
    /// The timeline's columns in the body `rect`: like the input strip's, with room for the statistics.
    static func timeline(_ model: ScreenState, rect: Rect, glyphs: Bool) -> StripGeometry {
        StripGeometry(model, rect: rect, glyphs: glyphs, reserve: timelineStatsWidth)
    }
}

/// Where the timeline puts its unit rows in the body `rect`: the units shown (all, or a window
/// around the selected one), text rows per unit (two when there is room, in colour), the first row.
struct TimelineRows {
    let units: Range<Int>
    let rowHeight: Int
    let top: Int

    init(_ model: ScreenState, rect: Rect, glyphs: Bool) {
        let rows = rect.height - timelineHeadRows - timelineFootRows
        let h = model.shownTimelineSeries.width(model.config, layer: model.selectedLayer), count = max(1, min(h, rows))
        let low = max(0, min(max(0, model.selectedUnit - count / 2), h - count))
        units = low..<(low + count)
        rowHeight = glyphs ? 1 : max(1, min(2, rows / count))
        top = rect.y + timelineHeadRows
    }

    /// The text row of `unit`'s first line.
    func y(of unit: Int) -> Int { top + (unit - units.lowerBound) * rowHeight }

    /// The unit drawn on text row `y`, if any.
    func unit(atRow y: Int) -> Int? {
        let k = y - top
        return k >= 0 && k < units.count * rowHeight ? units.lowerBound + k / rowHeight : nil
    }
}

extension Buffer {
    /// Draws the timeline of the selected pane into `rect` (the body).
    mutating func drawTimeline(_ model: ScreenState, rect: Rect, glyphs: Bool) {
        let (layer, direction) = (model.selectedLayer, model.selectedDirection)
        let strip = StripGeometry.timeline(model, rect: rect, glyphs: glyphs)
        let stats = model.unitStats(layer: layer, direction: direction)
        let layoutRows = TimelineRows(model, rect: rect, glyphs: glyphs)
        let (units, rowHeight) = (layoutRows.units, layoutRows.rowHeight)
        let name = "layer \(layer) \(direction == 0 ? "forward" : "reverse")", series = model.shownTimelineSeries
        let cell = CellIndex(layer: layer, direction: direction)
        let shown = units.count < stats.count ? " · units \(units.lowerBound)–\(units.upperBound - 1) of \(stats.count) (< > scrolls)" : ""
        var x = put("timeline", x: rect.x + 1, y: rect.y, Theme.key)
        let window = strip.visible < model.trace.seqLen ? " · t \(strip.first)–\(strip.first + strip.visible - 1) of \(model.trace.seqLen)" : ""
        let cycle = model.timelineSeriesCycle.count > 1 ? " (T: \(model.timelineSeriesCycle.joined(separator: " ")))" : ""
        x = put("  \(name) · \(series.symbol)\(cycle) per unit over t" + window + shown, x: x, y: rect.y, Theme.value)
        let back = "t or Esc: panes"
        if x + back.count + 3 <= rect.maxX { put(back, x: rect.maxX - back.count - 1, y: rect.y, Theme.dim) }

        // The marks row: the cursor, and (with o) which columns feed output and h_n.
        let marksY = rect.y + 1
        put("unit", x: rect.x + 1, y: marksY, Theme.label)
        for t in strip.first..<(strip.first + strip.visible) {
            let x = strip.x0 + (t - strip.first) * strip.cellWidth
            var marks: [Character] = []
            if model.highlightsOutput {
                if model.hNIndex(layer: layer, direction: direction, t: t) != nil { marks.append("n") }
                if model.isOutputCell(layer: layer, direction: direction) { marks.append("o") }
            }
            if t == model.cursor { marks.insert("▼", at: 0) }
            for (k, mark) in marks.prefix(strip.cellWidth).enumerated() {
                put(String(mark), x: x + k, y: marksY, mark == "▼" ? Theme.cursor : Theme.highlight)
            }
        }
        let statsX = strip.labelX
        let isGate = series.role == .sigmoidGate
        let extremeWord = model.config.kind == .rnn && model.config.nonlinearity == .relu ? "zero" : "sat"
        put(isGate ? "mean   <0.1  >0.9" : "mean|\(series.name)|  \(extremeWord)", x: statsX, y: marksY, Theme.label)

        let scale = model.scale(for: series.role, layer: layer)
        // Each visible t's h once (nil where not computed), rather than once per unit.
        let columns = (strip.first..<(strip.first + strip.visible)).map { t in
            model.isComputed(layer: layer, direction: direction, t: t)
                ? model.shownSeries(series.name, cell: cell, t: t) : nil
        }
        for unit in units {
            let y = layoutRows.y(of: unit)
            let selected = unit == model.selectedUnit
            put((selected ? "▸" : " ") + "\(unit)".leftPadded(to: 3), x: rect.x + 1, y: y, selected ? Theme.key : Theme.label)
            for t in strip.first..<(strip.first + strip.visible) {
                guard let row = columns[t - strip.first], unit < row.count else { continue }
                let value = row[unit]
                let x = strip.x0 + (t - strip.first) * strip.cellWidth
                let shape = HeatmapShape(count: 1, width: strip.cellWidth, glyphs: glyphs, maxCellWidth: strip.cellWidth,
                                         lineHeight: rowHeight)
                drawHeatmap([value], scale: scale, shape: shape, glyphs: glyphs, x: x, y: y)
                if t == model.cursor { underlineHeatmapValue(0, shape: shape, glyphs: glyphs, x: x, y: y) }
            }
            let s = stats[unit]
            guard s.steps > 0 else { continue }
            var x = put(formatValue(s.meanAbs, signed: false).leftPadded(to: 7), x: statsX, y: y, Theme.value)
            if let low = s.lowFraction { x = put("  " + "\(Int((low * 100).rounded()))%".leftPadded(to: 4), x: x, y: y, Theme.value) }
            x = put("  " + "\(Int((s.extremeFraction * 100).rounded()))%".leftPadded(to: 4), x: x, y: y, Theme.value)
            if s.isFlagged { put("  " + model.flagWord, x: x, y: y, Theme.status) }
        }
        let flagged = stats.filter(\.isFlagged).count
        let rule = isGate ? "remembers = \(series.name) > 0.9 at most t; <0.1 / >0.9 = left / right saturated"
            : model.config.kind == .rnn && model.config.nonlinearity == .relu ? "dead = exactly 0 at every t"
            : "saturated = |\(series.name)| > 0.99 at most t"
        put("\(flagged) of \(stats.count) units \(model.flagWord) (\(rule))", x: rect.x + 1, y: rect.maxY - 1, Theme.dim)
    }
}

/// The timeline's unit statistics of the last (trace, cell, series, steps shown) asked for,
/// shared by a `ScreenState`'s copies: a frame then reads them rather than all T steps again.
final class UnitStatsCache: @unchecked Sendable {   // used from one thread at a time (the screen's work)
    struct Key: Equatable {
        var layer: Int, direction: Int, series: String, stepsShown: Int
    }
    private weak var trace: Trace?
    private var key: Key?
    private var stats: [UnitStats] = []

    func stats(_ key: Key, trace: Trace, compute: () -> [UnitStats]) -> [UnitStats] {
        if self.trace === trace, self.key == key { return stats }
        (self.trace, self.key, stats) = (trace, key, compute())
        return stats
    }
}
