/// The parts of the frame around the panes: header, input strip, legend, key hints.

/// The first of `forms` (longest first) that fits `room` columns, else the last one.
func firstFitting(_ forms: [String], room: Int) -> String {
    forms.first { $0.count <= room } ?? forms.last!
}

/// Where the input strip puts each t: columns from `x0`, `cellWidth` per t, the window
/// `first ..< first + visible` (centred on the cursor when the sequence is longer than the row).
struct StripGeometry {
    let x0, cellWidth, first, visible: Int

    /// `reserve`: columns kept free right of the columns (for a readout or statistics). By default
    /// room for the longest label drawn there (`labelReserve`) when that leaves every t on screen,
    /// else the minimum: timesteps come first, and the labels take a shorter form (`firstFitting`).
    init(_ model: ScreenState, rect: Rect, glyphs: Bool, reserve: Int? = nil) {
        let seqLen = model.trace.seqLen, minCell = glyphs ? 2 : 1
        let wanted = StripGeometry.labelReserve(model)
        let reserve = reserve
            ?? (rect.width - FrameLayout.labelWidth - wanted >= seqLen * minCell ? wanted : StripGeometry.minimumReserve)
        let room = rect.width - FrameLayout.labelWidth - reserve
        x0 = rect.x + FrameLayout.labelWidth
        cellWidth = max(minCell, min(glyphs ? 3 : 4, room / seqLen))
        visible = min(seqLen, room / cellWidth)
        first = min(max(0, model.cursor - visible / 2), seqLen - visible)
    }

    /// The fewest columns kept for labels right of the strip.
    static let minimumReserve = 16

    /// Columns for the labels right of the strip and the cell map — the input readout
    /// (`64 features, 6 shown`) and the map's `output[0, :, 10:20], h_n[3, 0]` — between 16 and 34.
    static func labelReserve(_ model: ScreenState) -> Int {
        let cells = model.config.numLayers * model.config.numDirections
        let feeds = model.outputIndex(t: ":", direction: model.config.numDirections - 1) + ", " + model.stateIndex(cells - 1)
        let readout = "\(model.config.inputSize) features, \(model.config.inputSize) shown"
        return min(34, max(minimumReserve, max(feeds.count, readout.count) + 3))
    }

    /// The column where a label right of the cells starts (a gap of 2 after them).
    var labelX: Int { x0 + visible * cellWidth + 2 }

    /// Columns from `labelX` to the right edge of `rect`.
    func labelRoom(in rect: Rect) -> Int { rect.maxX - labelX }

    /// The t drawn at column `x`, if any.
    func t(atColumn x: Int) -> Int? {
        let k = x - x0
        return k >= 0 && k < visible * cellWidth ? first + k / cellWidth : nil
    }
}

extension Buffer {
    // MARK: Header

    /// Row 1: the badge, PyTorch's repr, where the weights come from.
    /// Row 2: the nonlinearity, `t=<k>  T=<len>`, the batch element, `train` (dropout on), the mode,
    /// play state. (A status goes on the hint line.)
    mutating func drawHeader(_ model: ScreenState, rect: Rect) {
        var x = put(" rnnscope ", x: rect.x, y: rect.y, Theme.badge)
        x = put("  " + model.config.pytorchRepr, x: x, y: rect.y, Theme.title)
        let origin: String
        switch model.source {
        case .seeded: origin = (model.isStudyExample ? "study example · " : "") + "seed \(model.seed)"
        case let .loaded(path): origin = "weights \(path)"
        }
        // While comparing: what run B is, what the panes show, and max|Δh| (and |Δc|) at the cursor.
        if let comparison = model.comparison, let delta = model.maxDelta(t: model.cursor) {
            let cells = model.config.kind.hasCellState ? model.maxDelta("c", t: model.cursor).map { " max|Δc| \(formatSignificant(Double($0)))" } ?? "" : ""
            let forms = ["A vs B = \(comparison.label) · \(comparison.view.rawValue) · max|Δh| \(formatSignificant(Double(delta)))\(cells)",
                         "vs \(comparison.label) · \(comparison.view.rawValue) · max|Δh| \(formatSignificant(Double(delta)))",
                         "\(comparison.view.rawValue) max|Δh| \(formatSignificant(Double(delta)))"]
            let text = firstFitting(forms, room: rect.maxX - x - 3)
            put(text, x: rect.maxX - text.count - 1, y: rect.y, Theme.cursor)
        } else if x + origin.count + 3 <= rect.maxX { put(origin, x: rect.maxX - origin.count - 1, y: rect.y, Theme.dim) }

        let y = rect.y + 1
        x = put(" " + model.cellWord, x: rect.x, y: y, Theme.key)
        if model.mode == .exec {
            // `step=<k>/<total>` and the cell step just computed; the cursor only when it is elsewhere.
            x = put("   step=\(model.executedSteps)/\(model.trace.totalSteps)", x: x, y: y, Theme.cursor)
            let last = model.lastExecutedStep
            x = put("  " + (last.map { "\($0)" } ?? "nothing computed yet"), x: x, y: y, Theme.cursor)
            if last?.t != model.cursor { x = put("   cursor t=\(model.cursor)", x: x, y: y, Theme.value) }
        } else {
            x = put("   t=\(model.cursor)", x: x, y: y, Theme.cursor)
        }
        x = put("  T=\(model.trace.seqLen)" + (model.lengths != nil ? " (packed: its length, of \(model.geometry.seqLen))" : ""), x: x, y: y, Theme.value)
        x = put(model.geometry.layout == .unbatched ? "   unbatched" : "   batch \(model.batchIndex)/\(model.batchSize)", x: x, y: y, Theme.value)
        if model.training { x = put("   train", x: x, y: y, Theme.cursor) }   // dropout between layers is on
        let view = model.mode.rawValue + (model.bodyView == .panes ? "" : " · \(model.bodyView.rawValue)")
        x = put(x + view.count + 8 <= rect.maxX ? "   mode \(view)" : "   \(view)", x: x, y: y, Theme.value)
        if model.playing { x = put("   ▶ playing", x: x, y: y, Theme.cursor) }
    }

    // MARK: Input strip

    /// The whole input sequence of the selected batch element as a heatmap, one column block per t
    /// (features packed two per row), the cursor's column marked with `▲` on the row below.
    mutating func drawInputStrip(_ model: ScreenState, rect: Rect, glyphs: Bool) {
        let trace = model.trace, features = model.config.inputSize
        let rows = rect.height - 1   // the layout's strip: its heatmap rows and the marker row
        let shown = min(features, glyphs ? rows : rows * 2)
        put("input", x: rect.x + 1, y: rect.y + (rows - 1) / 2, Theme.label)
        let strip = StripGeometry(model, rect: rect, glyphs: glyphs)
        let (x0, cellWidth, first, visible) = (strip.x0, strip.cellWidth, strip.first, strip.visible)
        let scale = model.dataScale
        if model.stripShowsInfluence, let influence = model.stripInfluence {
            // Each t shaded by how much it moves the selected unit at the cursor (Distill's gradient
            // connectivity), on the inspector's log scale; blank after t* in the cell's order.
            for t in first..<(first + visible) {
                guard let value = influence.input[t] else { continue }
                let (glyph, style) = logGlyph(value)
                for row in 0..<rows { put(String(repeating: glyph, count: cellWidth), x: x0 + (t - first) * cellWidth, y: rect.y + row, style) }
            }
        } else {
        for t in first..<(first + visible) {
            let x = trace.x(layer: 0, t: t, n: ScreenState.tracedElement)
            let column = x0 + (t - first) * cellWidth
            // One column of features per t: packed two per row with ▀, or a sign and shade per row.
            let shape = HeatmapShape(count: shown, width: glyphs ? 2 : 1, glyphs: glyphs)
            for k in 0..<(glyphs ? 1 : cellWidth) {
                drawHeatmap(x.prefix(shown).map { $0 }, scale: scale, shape: shape, glyphs: glyphs, x: column + k, y: rect.y)
            }
        }
        }
        // The marker row: first and last t shown, and the cursor.
        let markY = rect.y + rows
        let cursorX = x0 + (model.cursor - first) * cellWidth
        // The end labels, each only where it leaves the cursor's mark (and a space before it) whole.
        let last = "\(first + visible - 1)"
        for (label, x) in [("\(first)", x0), (last, x0 + visible * cellWidth - last.count)]
        where x + label.count < cursorX || x > cursorX + cellWidth {
            put(label, x: x, y: markY, Theme.dim)
        }
        // A span being selected, or the match shown (v): underlined on the marker row.
        if let span = model.highlightedSpan {
            for t in span where t >= first && t < first + visible {
                put(String(repeating: "━", count: cellWidth), x: x0 + (t - first) * cellWidth, y: markY, Theme.highlight)
            }
        }
        put(String(repeating: "▲", count: cellWidth), x: cursorX, y: markY, Theme.cursor)
        let unitName = "h_\(model.cursor)[\(model.shownOutputUnit)]" + (model.selectedLayer > 0 ? " (layer \(model.selectedLayer)'s x_t)" : "")
        let value = features == 1 ? "x=" + formatValue(trace.x(layer: 0, t: model.cursor, n: ScreenState.tracedElement)[0])
            : firstFitting(["\(features) features" + (shown < features ? ", \(shown) shown" : ""), "\(features) features"],
                           room: strip.labelRoom(in: rect))
        // The cursor's token (--tokens) leads the readout.
        let token = model.tokens.map { "\"" + model.displayedToken($0[model.cursor]) + "\"" }
        let readout = model.stripShowsInfluence && model.stripInfluence != nil
            ? firstFitting(["‖∂\(unitName)/∂x_t‖, log 1e-6…1", "‖∂h/∂x_t‖ log", "∂h/∂x"], room: strip.labelRoom(in: rect))
            : token.map { firstFitting([$0 + " " + value, $0], room: strip.labelRoom(in: rect)) } ?? value
        put(readout, x: strip.labelX, y: rect.y, Theme.value)
        // The input's shape with its axes, on the marker row (PyTorch's layout: batch_first or not, batched or not).
        let shape = model.inputShapeSummary
        put(firstFitting([shape, String(shape.dropFirst(6)), ""], room: strip.labelRoom(in: rect)), x: strip.labelX, y: markY, Theme.dim)
    }

    // MARK: Legend and hints

    /// The colour scale with its numbers, and the marks for special values. An LSTM's or GRU's
    /// legend has three scales: states and tanh candidates ±1, σ gates 0…1, and (LSTM) c on ±max|c|.
    mutating func drawLegend(_ model: ScreenState, rect: Rect, glyphs: Bool) {
        let scale = model.stateScale
        let isRelu = scale.marksZero
        var x: Int
        if model.showsDelta {
            let delta = model.deltaScale
            x = put(" Δ = B − A scale ", x: rect.x, y: rect.y, Theme.label)
            x = drawRamp(delta, from: -delta.limit, steps: glyphs ? 9 : 17, lowText: "-\(delta.limitText) ", highText: " +\(delta.limitText)",
                         x: x, y: rect.y, glyphs: glyphs)
        } else if model.config.kind == .rnn {
            x = put(" \(model.config.nonlinearity.rawValue) scale \(model.scalesToData && !isRelu ? "(run's range) " : "")", x: rect.x, y: rect.y, Theme.label)
            // relu's h is 0…max, but the affine parts it draws on the same scale go below 0: the
            // ramp shows both sides, and says so.
            x = drawRamp(scale, from: -scale.limit, steps: glyphs ? 9 : 17,
                         lowText: "-\(scale.limitText) ", highText: " +\(scale.limitText)", x: x, y: rect.y, glyphs: glyphs)
            if isRelu { x = put(" (h ≥ 0)", x: x, y: rect.y, Theme.dim) }
        } else {
            let candidate = model.config.kind == .lstm ? "g" : "n"
            x = put(model.scalesToData ? " h (run's range) " : " h \(candidate) ", x: rect.x, y: rect.y, Theme.label)
            x = drawRamp(scale, from: -scale.limit, steps: glyphs ? 5 : 9, lowText: "-\(scale.limitText) ", highText: " +\(scale.limitText)",
                         x: x, y: rect.y, glyphs: glyphs)
            if model.scalesToData { x = put("  \(candidate) ±1", x: x, y: rect.y, Theme.label) }
            x = put("  σ gates ", x: x, y: rect.y, Theme.label)
            x = drawRamp(ScreenState.gateScale, from: 0, steps: glyphs ? 4 : 6, lowText: "0 ", highText: " 1", x: x, y: rect.y, glyphs: glyphs)
            if model.config.kind == .lstm {
                let cells = model.cellStateScale
                x = put("  c ", x: x, y: rect.y, Theme.label)
                x = drawRamp(cells, from: -cells.limit, steps: glyphs ? 3 : 5, lowText: "-\(cells.limitText) ",
                             highText: " +\(cells.limitText)", x: x, y: rect.y, glyphs: glyphs)
            }
        }
        if model.dataScale != scale { x = put("  data ±\(model.dataScale.limitText)", x: x, y: rect.y, Theme.value) }
        var marks = ["? NaN", "∞ ±inf"]
        if isRelu || glyphs { marks.insert("· exact 0", at: 0) }
        put("   " + marks.joined(separator: "  "), x: x, y: rect.y, Theme.dim)
    }

    /// `steps` samples of `scale` from `low` to its limit, between two labels. Returns the next column.
    private mutating func drawRamp(_ scale: ValueScale, from low: Float, steps: Int, lowText: String, highText: String,
                                   x start: Int, y: Int, glyphs: Bool) -> Int {
        var x = put(lowText, x: start, y: y, Theme.value)
        // Sampled as fractions of the limit on a scale of ±1: the samples fall on the glyphs' level
        // boundaries (k/4), where value/limit for a limit like 1.102 rounds either way; a fraction
        // i/8 is exact, so both halves mirror each other whatever the limit's last bits.
        let unit = ValueScale(limit: 1, marksZero: scale.marksZero, linear: scale.isLinear), first = low / scale.limit
        for i in 0..<steps {
            let value = first + (1 - first) * Float(i) / Float(steps - 1)
            if glyphs {
                let (sign, shade) = unit.glyphs(value)
                x = put(String([sign, shade]), x: x, y: y, Style(fg: unit.color(value)))
            } else {
                self[x, y] = ScreenCell(" ", Style(bg: unit.color(value)))
                x += 1
            }
        }
        return put(highText, x: x, y: y, Theme.value)
    }

    /// Key hints on one line, cut to fit (help and quit always shown); in exec mode ←→ steps cells.
    /// A status (why a key did nothing, what just changed) takes the line's place until the next
    /// key — its own place, so it never covers the header.
    mutating func drawHints(_ model: ScreenState, rect: Rect) {
        if let status = model.status {
            put(" " + status, x: rect.x, y: rect.y, Theme.status, maxX: rect.maxX)
            return
        }
        let step = model.tour != nil ? "tour stop" : model.mode == .exec ? "cell step" : "step"
        let hints = keyHints.map { $0.keys == "←→" ? (keys: $0.keys, does: step) : $0 }
        let tail = hints.suffix(2), head = hints.dropLast(2)
        func width(_ hints: some Sequence<(keys: String, does: String)>) -> Int {
            hints.reduce(0) { $0 + $1.keys.count + $1.does.count + 3 }
        }
        var shown = Array(head)
        while !shown.isEmpty, width(shown) + width(tail) + 1 > rect.width { shown.removeLast() }
        var x = rect.x + 1
        for hint in shown + tail {
            x = put(hint.keys, x: x, y: rect.y, Theme.key)
            x = put(" " + hint.does + "  ", x: x, y: rect.y, Theme.dim)
        }
    }
}
