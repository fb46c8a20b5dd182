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
        put("text", x: rect.x + 1, y: rect.y, Theme.key)
        put("  \(series.symbol)[\(unit)] of layer \(layer) \(cell.directionName) per token (T series, <> unit)",
            x: rect.x + 5, y: rect.y, Theme.value, maxX: rect.maxX - 18)
        put("w or Esc: panes", x: rect.maxX - 16, y: rect.y, Theme.dim)
        guard let tokens = model.tokens else {
            put("no tokens: give --tokens FILE (one token per line, or a JSON list of strings), one per timestep",
                x: rect.x + 1, y: rect.y + 2, Theme.status)
            return
        }
        let scale = model.scale(for: series.role, layer: layer)
        let separator = model.tokensAreCharacters ? 0 : 1
        let lineStep = glyphs ? 2 : 1   // without colour, a row of shade glyphs under each line of text
        var (x, y) = (rect.x + 1, rect.y + 2)
        for (t, token) in tokens.enumerated() where y + lineStep <= rect.maxY {
            let text = model.displayedToken(token)
            let width = max(1, displayWidth(text))
            if x + width > rect.maxX - 1 { (x, y) = (rect.x + 1, y + lineStep + (glyphs ? 0 : 0)) }
            guard y + lineStep <= rect.maxY else { break }
            let known = model.isComputed(layer: layer, direction: direction, t: t)
            let value = known ? model.shownSeries(series.name, cell: cell, t: t)[min(unit, series.width(model.config, layer: layer) - 1)] : nil
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
            x += width + separator
        }
    }
}
