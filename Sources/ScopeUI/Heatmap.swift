/// The heatmap widget: a vector of values as coloured cells — wrapped into blocks with `▀` (two
/// values per character cell: foreground on top, background below) when it does not fit a row —
/// or, without usable colour, as a sign and a shade glyph per value.

/// Where each value of a heatmap goes.
struct HeatmapShape: Equatable {
    /// Columns per value.
    let cellWidth: Int
    /// Values per line of the block.
    let perLine: Int
    /// Lines of values (`⌈count / perLine⌉`).
    let lines: Int
    /// Whether two lines share a text row through `▀`.
    let packed: Bool
    /// Text rows each unpacked line is repeated over (taller bars on large screens).
    let lineHeight: Int

    /// The shape of `count` values in `width` columns. Colour: one line with cells up to
    /// `maxCellWidth` wide when they fit, else one column per value packed two lines per row.
    /// Glyphs: two columns per value (three when a gap fits), wrapped, never packed.
    init(count: Int, width: Int, glyphs: Bool, maxCellWidth: Int = 3, lineHeight: Int = 1) {
        let count = max(1, count), width = max(1, width)
        if glyphs {
            cellWidth = count * 3 <= width ? 3 : 2
            perLine = max(1, min(count, width / cellWidth))
            packed = false
        } else if count <= width {
            cellWidth = max(1, min(maxCellWidth, width / count))
            perLine = count
            packed = false
        } else {
            cellWidth = 1
            perLine = width
            packed = true
        }
        lines = (count + perLine - 1) / perLine
        self.lineHeight = glyphs || packed || lines > 1 ? 1 : max(1, lineHeight)
    }

    /// Text rows the heatmap takes.
    var textRows: Int { packed ? (lines + 1) / 2 : lines * lineHeight }
    /// Columns the heatmap takes.
    var columns: Int { perLine * cellWidth }
}

extension Buffer {
    /// Draws `values` at (x, y) in `shape`, coloured by `scale`; `glyphs` selects the sign-and-shade
    /// form. A `nil` value (not computed) stays blank.
    mutating func drawHeatmap(_ values: [Float?], scale: ValueScale, shape: HeatmapShape, glyphs: Bool, x: Int, y: Int) {
        for (i, value) in values.enumerated() {
            let line = i / shape.perLine, column = x + (i % shape.perLine) * shape.cellWidth
            guard let value else { continue }
            if glyphs {
                let (sign, shade) = scale.glyphs(value)
                let style = Style(fg: scale.color(value))
                put(String([sign, shade]), x: column, y: y + line, style)
            } else if shape.packed {
                let row = y + line / 2
                if line % 2 == 0 {
                    self[column, row] = ScreenCell(scalar: "▀", Style(fg: scale.color(value), bg: .default))
                } else {
                    self[column, row].style.bg = scale.color(value)
                }
            } else {
                let color = scale.color(value)
                let mark = scale.mark(value)
                // A cell wide enough carries its number (as an annotated heatmap does), in black or
                // white, whichever reads on its colour.
                let number = mark == nil ? cellNumber(value, width: shape.cellWidth - 1) : nil
                let ink = readableInk(on: color)
                for dy in 0..<shape.lineHeight {
                    for k in 0..<shape.cellWidth {
                        let centre = k == shape.cellWidth / 2 && dy == shape.lineHeight / 2
                        var glyph: Unicode.Scalar = (centre ? mark?.unicodeScalars.first : nil) ?? " "
                        if let number, dy == shape.lineHeight / 2 {
                            let start = (shape.cellWidth - number.count) / 2
                            if k >= start, k < start + number.count { glyph = number[k - start] }
                        }
                        self[column + k, y + line * shape.lineHeight + dy] = ScreenCell(scalar: glyph, Style(fg: ink, bg: color))
                    }
                }
            }
        }
    }

    /// Marks the cells of value `index` (the selected unit) in a heatmap drawn at (x, y): a `▁` bar
    /// along the bottom of a plain colour cell, else an underline (glyphs, packed `▀` pairs).
    mutating func underlineHeatmapValue(_ index: Int, shape: HeatmapShape, glyphs: Bool, x: Int, y: Int) {
        let line = index / shape.perLine, column = x + (index % shape.perLine) * shape.cellWidth
        let row = shape.packed ? y + line / 2 : y + line * shape.lineHeight + shape.lineHeight - 1
        for k in 0..<(glyphs ? 2 : shape.cellWidth) where column + k < self.width && row < height {
            if !glyphs, self[column + k, row].glyph == " " {
                // A plain colour cell: a thin bar along its bottom, visible on any colour.
                self[column + k, row].glyph = "▁"
                self[column + k, row].style.fg = Theme.markOnColor
            } else {
                self[column + k, row].style.attrs.insert(.underline)
            }
        }
    }
}

/// A value written to fit `width` columns inside a heatmap cell — `+.74`, `-1.3`, `+12` — or nil
/// when it does not fit (cells narrower than four columns stay plain colour).
func cellNumber(_ value: Float, width: Int) -> [Unicode.Scalar]? {
    guard width >= 4, value.isFinite else { return nil }
    let sign = value < 0 ? "-" : "+", magnitude = abs(value)
    let digits = max(1, min(3, width - 2))   // at most three decimals: the readout has the rest
    var text: String
    if magnitude < 1 {
        let scaled = Int((magnitude * pow10(digits)).rounded())
        text = scaled >= Int(pow10(digits)) ? "1" : "." + String(scaled).leftPadded(to: digits, with: "0")
    } else {
        text = formatValue(magnitude, signed: false)
        while text.count > width - 1, text.contains("."), !text.hasSuffix(".") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
    }
    let result = sign + text
    return result.count <= width ? Array(result.unicodeScalars) : nil
}

private func pow10(_ n: Int) -> Float { (0..<n).reduce(Float(1)) { value, _ in value * 10 } }

/// Black or white, whichever contrasts more with `color` (white on anything not RGB).
func readableInk(on color: Color) -> Color {
    guard case let .rgb(r, g, b) = color else { return Theme.markOnColor }
    let luminance = 0.299 * Double(r) + 0.587 * Double(g) + 0.114 * Double(b)
    return luminance > 150 ? .rgb(0, 0, 0) : Theme.markOnColor
}
