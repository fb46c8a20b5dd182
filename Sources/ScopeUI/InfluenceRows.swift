#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Recurrent

/// The inspector's memory rows, under the history and on its t columns: how strongly each earlier
/// step of the cell still moves the selected unit at the cursor t* (`memory`: ‖∂h_t*[u]/∂h_t‖),
/// and how strongly each step's input does (`input`: ‖∂h_t*[u]/∂x_t‖) — for an LSTM also its cell
/// state (`cell`: ‖∂h_t*[u]/∂c_t‖) — on one log scale from
/// 1e-6 (`▁`) to 1 and above (`█`); `·` below 1e-6, `?` NaN, blank after t* in the cell's order.

/// The share of the unit's own value an earlier state must still move to count as remembered.
let memoryThreshold = 0.01
/// The log scale's bottom: 1e-6 is `▁`, anything below is `·`.
private let logFloor = -6.0

extension Buffer {
    /// The `memory` row and, when there is room, the `input` row; each only when it leaves the
    /// cursor marker, the weight rows, the terms' heading and one term below. Returns the next free row.
    mutating func drawInfluence(_ model: ScreenState, rect: Rect, y: Int, glyphs: Bool) -> Int {
        guard y + 6 <= rect.maxY else { return y }
        let influence = model.influence(layer: model.selectedLayer, direction: model.selectedDirection,
                                        unit: model.shownOutputUnit, t: model.cursor)
        let strip = StripGeometry(model, rect: rect, glyphs: glyphs)
        drawLogRow("memory", influence.state, strip: strip, y: y)
        put(firstFitting(reachForms(influence), room: strip.labelRoom(in: rect)), x: strip.labelX, y: y, Theme.dim)
        guard y + 7 <= rect.maxY else { return y + 1 }
        drawLogRow("input", influence.input, strip: strip, y: y + 1)
        put(firstFitting(peakForms(influence), room: strip.labelRoom(in: rect)), x: strip.labelX, y: y + 1, Theme.dim)
        // An LSTM's cell state carries memory on its own path: ‖∂h_t*[u]/∂c_t‖.
        guard let cells = influence.cellState, y + 9 <= rect.maxY else { return y + 2 }
        drawLogRow("cell", cells, strip: strip, y: y + 2)
        put(firstFitting(["‖∂h_t*[u]/∂c_t‖ through c", "via c_t", ""], room: strip.labelRoom(in: rect)), x: strip.labelX, y: y + 2, Theme.dim)
        return y + 3
    }

    /// One labelled row of values `(T)` on the log scale, in the strip's t columns.
    private mutating func drawLogRow(_ label: String, _ values: [Double?], strip: StripGeometry, y: Int) {
        put(label, x: strip.x0 - FrameLayout.labelWidth + 1, y: y, Theme.label)
        for t in strip.first..<(strip.first + strip.visible) {
            guard let value = values[t] else { continue }
            let (glyph, style) = logGlyph(value)
            put(String(repeating: glyph, count: strip.cellWidth), x: strip.x0 + (t - strip.first) * strip.cellWidth, y: y, style)
        }
    }
}

/// A value's glyph on the log scale 1e-6 … 1 (eight levels), with its style.
func logGlyph(_ value: Double) -> (Character, Style) {
    if value.isNaN { return ("?", Theme.dim) }
    guard value >= 1e-6 else { return ("·", Theme.dim) }
    let fraction = (min(0, log10(value)) - logFloor) / -logFloor
    return (sparkLevels[levelIndex(Float(fraction), levels: sparkLevels.count - 1)], Style(fg: Theme.accent))
}

/// The memory row's label, longest first: how many steps back the unit still feels its state at
/// 1% or more, and the t where that ends.
func reachForms(_ influence: Influence) -> [String] {
    let back = influence.stepsBack
    guard let reach = influence.reach(above: memoryThreshold) else {
        if influence.isTruncated {
            return ["≥\(back.count - 1) steps back ≥1% (followed no further)", "≥\(back.count - 1) steps ≥1%", "≥\(back.count - 1)"]
        }
        return back.count == 1 ? ["the cell's first step", "first step", "first"]
            : ["all \(back.count - 1) steps back ≥1%", "all \(back.count - 1) ≥1%", "all"]
    }
    let steps = reach == 1 ? "step" : "steps"
    return ["reach \(reach) \(steps), <1% at t=\(back[reach + 1])", "reach \(reach) \(steps) (to 1%)",
            "reach \(reach) (1%)", "\(reach) \(steps) ≥1%", "\(reach) \(steps)", "\(reach)"]
}

/// The input row's label, longest first: the largest ‖∂h_t*[u]/∂x_t‖ and its t.
func peakForms(_ influence: Influence) -> [String] {
    let peak = influence.stepsBack.max { (influence.input[$0] ?? 0) < (influence.input[$1] ?? 0) }
    guard let peak, let value = influence.input[peak] else { return [""] }
    let text = formatSignificant(value)
    return ["peak \(text) at t=\(peak)", "peak \(text)", text]
}
