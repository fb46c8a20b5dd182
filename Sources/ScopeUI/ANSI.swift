/// A buffer as text for a terminal or a file: plain lines, or lines with ANSI SGR colour escapes.

extension Buffer {
    /// The frame as text lines; with colour (`depth` ≠ `.none`) each style change emits one SGR
    /// escape (`38;2;r;g;b`, `38;5;n` or 30–37/90–97 and their backgrounds), reset at each line end.
    public func ansi(depth: ColorDepth) -> String {
        guard depth != .none else { return text }
        let frame = quantised(to: depth)
        var out = ""
        for y in 0..<height {
            var current = Style.plain
            for x in 0..<width {
                let cell = frame[x, y]
                if cell.isWideTail { continue }   // the glyph to its left took both columns
                if cell.style != current {
                    out += sgr(cell.style)
                    current = cell.style
                }
                out.append(cell.glyph)
            }
            if current != .plain { out += "\u{1B}[0m" }
            if y + 1 < height { out += "\n" }
        }
        return out
    }
}

/// The SGR escape that sets `style` from scratch.
func sgr(_ style: Style) -> String {
    var codes = ["0"]
    if style.attrs.contains(.bold) { codes.append("1") }
    if style.attrs.contains(.dim) { codes.append("2") }
    if style.attrs.contains(.underline) { codes.append("4") }
    if style.attrs.contains(.reverse) { codes.append("7") }
    codes += sgrColor(style.fg, base: 30)
    codes += sgrColor(style.bg, base: 40)
    return "\u{1B}[" + codes.joined(separator: ";") + "m"
}

/// Codes for a colour: `base` is 30 for foreground, 40 for background.
private func sgrColor(_ color: Color, base: Int) -> [String] {
    switch color {
    case .default: return []
    case let .indexed(n) where n < 8: return ["\(base + Int(n))"]
    case let .indexed(n) where n < 16: return ["\(base + 60 + Int(n) - 8)"]
    case let .indexed(n): return ["\(base + 8)", "5", "\(n)"]
    case let .rgb(r, g, b): return ["\(base + 8)", "2", "\(r)", "\(g)", "\(b)"]
    }
}
