import Recurrent

/// The text view (`w`, `--body text`): the input's tokens (`--tokens`) as running text, each coloured
/// by the selected unit's value at its t — h_t, or the series the timeline shows (`T`: an LSTM's c_t
/// or a gate) — the cursor's token marked; without colour a shade glyph under each token. Karpathy,
/// Johnson and Fei-Fei's "visualizing and understanding recurrent networks" figure, live.

extension ScreenState {
    /// Whether the tokens are single characters (a character-level model): then they are joined as
    /// they are, else with a space between them.
    var tokensAreCharacters: Bool { tokens?.allSatisfy { $0.count == 1 } ?? false }

    /// How a token is written in running text: newlines and tabs as visible marks.
    func displayedToken(_ token: String) -> String {
        token.replacingAll("\n", with: "⏎").replacingAll("\t", with: "⇥")
    }
}

extension String {
    /// This string with every `target` replaced (no Foundation in ScopeUI).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for character in self { if character == target { out += replacement } else { out.append(character) } }
        return out
    }
}

extension Buffer {
    /// Draws the text view of the selected pane into `rect` (the body).
    mutating func drawTextView(_ model: ScreenState, rect: Rect, glyphs: Bool) {
        let (layer, direction) = (model.selectedLayer, model.selectedDirection)
        let series = model.shownTimelineSeries, cell = CellIndex(layer: layer, direction: direction)
        let unit = series.name == "h" ? model.shownOutputUnit : model.selectedUnit
        let hint = " (T series, <> unit)"
        var title = "  \(series.symbol)[\(unit)] of layer \(layer) \(cell.directionName) per token" + hint
        put("text", x: rect.x + 1, y: rect.y, Theme.key)
        put("w or Esc: panes", x: rect.maxX - 16, y: rect.y, Theme.dim)
        guard let tokens = model.tokens, !tokens.isEmpty else {
            put(title, x: rect.x + 5, y: rect.y, Theme.value, maxX: rect.maxX - 18)
            put("no tokens: give --tokens FILE (one token per line, or a JSON list of strings), one per timestep",
                x: rect.x + 1, y: rect.y + 2, Theme.status)
            return
        }
        let width = series.width(model.config, layer: layer), shownUnit = min(unit, width - 1)
        // Each token's value, read once: the scale needs all of them, the drawing those in sight.
        let values: [Float?] = tokens.indices.map { t in
            model.isComputed(layer: layer, direction: direction, t: t) ? model.shownSeries(series.name, cell: cell, t: t)[shownUnit] : nil
        }
        let (scale, range) = unitScale(model, role: series.role, layer: layer, values: values.compactMap { $0 })
        let lineStep = glyphs ? 2 : 1   // without colour, a row of shade glyphs under each line of text
        let placed = layOutTokens(model, tokens: tokens, width: rect.maxX - rect.x - 2)
        let rows = max(1, (rect.maxY - rect.y - 2) / lineStep), lines = (placed.last?.line ?? 0) + 1
        // The cursor's line stays in sight: the text scrolls by half a body when it would leave it.
        let cursorLine = placed[min(model.cursor, placed.count - 1)].line
        let first = cursorLine < rows ? 0 : min(cursorLine - rows / 2, max(0, lines - rows))
        let shown = lines > rows ? "lines \(first + 1)–\(min(lines, first + rows)) of \(lines)" : ""
        put(shown, x: rect.maxX - 18 - displayWidth(shown), y: rect.y, Theme.dim)
        let room = rect.maxX - 20 - displayWidth(shown) - (rect.x + 5)
        if let range {   // the keys' hint goes first when the line is short
            let named = "  \(series.symbol)[\(unit)] of layer \(layer) \(cell.directionName) on ±\(formatValue(range, signed: false)), its own range"
            title = displayWidth(named + hint) <= room ? named + hint : named
        }
        put(title, x: rect.x + 5, y: rect.y, Theme.value, maxX: rect.maxX - 20 - displayWidth(shown))
        for token in placed where token.line >= first && token.line < first + rows {
            let (t, text, width) = (token.t, token.text, token.width)
            let (x, y) = (rect.x + 1 + token.x, rect.y + 2 + (token.line - first) * lineStep)
            let value = values[t]
            var style = Style(fg: .default)
            if let value, !glyphs { style = Style(fg: readableInk(on: scale.color(value)), bg: scale.color(value)) }
            if t == model.cursor { style.attrs.insert(.underline); style.attrs.insert(.bold) }
            put(text.isEmpty ? " " : text, x: x, y: y, style)
            if glyphs, let value {
                let (sign, shade) = scale.glyphs(value)
                put(String(repeating: String(shade), count: width), x: x, y: y + 1, Style(fg: scale.color(value)))
                if width > 1 { put(String(sign), x: x, y: y + 1, Style(fg: scale.color(value))) }
            }
            if t == model.cursor, glyphs { put(String(repeating: "▲", count: min(width, 1)), x: x, y: y + 1, Theme.cursor) }
        }
    }

    /// The text view's colour scale: a state, an affine part or c_t on the shown unit's own ±max|v|
    /// over the run (one unit's pattern is what the view is for, and c_t's run-wide range would
    /// wash it out), returned as `range`; σ gates keep 0…1 and Δ its own scale (`range` nil).
    private func unitScale(_ model: ScreenState, role: TraceSeries.Role, layer: Int, values: [Float]) -> (ValueScale, Float?) {
        let base = model.scale(for: role, layer: layer)
        guard !model.showsDelta, role != .sigmoidGate else { return (base, nil) }
        let largest = values.lazy.filter(\.isFinite).map(abs).max() ?? 0
        guard largest > 0 else { return (base, nil) }
        return (ValueScale(limit: largest, marksZero: base.marksZero, linear: base.isLinear), largest)
    }

    /// Where each token goes in running text `width` columns wide: its column and line. Tokens wrap
    /// at the edge; a character model's newline is shown (⏎) and ends its line, as in the text.
    private func layOutTokens(_ model: ScreenState, tokens: [String], width: Int) -> [(t: Int, x: Int, line: Int, text: String, width: Int)] {
        let separator = model.tokensAreCharacters ? 0 : 1
        var placed: [(t: Int, x: Int, line: Int, text: String, width: Int)] = []
        var (x, line) = (0, 0)
        for (t, token) in tokens.enumerated() {
            let text = model.displayedToken(token), tokenWidth = max(1, displayWidth(text))
            if x > 0, x + tokenWidth > width { (x, line) = (0, line + 1) }
            placed.append((t, x, line, text, tokenWidth))
            x += tokenWidth + separator
            if model.tokensAreCharacters, token == "\n" { (x, line) = (0, line + 1) }
        }
        return placed
    }
}
