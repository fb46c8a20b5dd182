/// The colours and glyphs of everything that is not data.
enum Theme {
    static let accent = Color.rgb(110, 200, 255)
    static let title = Style(fg: .rgb(235, 235, 235), attrs: .bold)
    static let border = Style(fg: .rgb(100, 100, 110))
    static let selectedBorder = Style(fg: accent, attrs: .bold)
    static let label = Style(fg: .rgb(170, 170, 180))
    static let dim = Style(fg: .rgb(120, 120, 130))
    static let value = Style(fg: .rgb(235, 235, 235))
    static let key = Style(fg: accent, attrs: .bold)
    static let status = Style(fg: .rgb(255, 210, 90), attrs: .bold)
    static let badge = Style(fg: .rgb(20, 20, 28), bg: accent, attrs: .bold)
    static let cursor = Style(fg: .rgb(255, 210, 90), attrs: .bold)
    /// The glyph colour of a mark (`·`, `?`, `∞`) drawn on a value's colour.
    static let markOnColor = Color.rgb(255, 255, 255)
}

extension Buffer {
    /// A box-drawing border around `rect` with `title` on the top edge (left) and `note` (right).
    mutating func drawBox(_ rect: Rect, title: String, note: String = "", style: Style, titleStyle: Style) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        for x in rect.x + 1..<rect.maxX - 1 {
            self[x, rect.y] = ScreenCell("─", style)
            self[x, rect.maxY - 1] = ScreenCell("─", style)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            self[rect.x, y] = ScreenCell("│", style)
            self[rect.maxX - 1, y] = ScreenCell("│", style)
        }
        self[rect.x, rect.y] = ScreenCell("┌", style)
        self[rect.maxX - 1, rect.y] = ScreenCell("┐", style)
        self[rect.x, rect.maxY - 1] = ScreenCell("└", style)
        self[rect.maxX - 1, rect.maxY - 1] = ScreenCell("┘", style)
        let end = put(" \(title) ", x: rect.x + 1, y: rect.y, titleStyle, maxX: rect.maxX - 1)
        if !note.isEmpty, end + note.count + 3 < rect.maxX {
            put(" \(note) ", x: rect.maxX - 3 - note.count, y: rect.y, style)
        }
    }
}

extension Theme {
    /// The `o`/`n` marks of cells that make up output and h_n.
    static let highlight = Style(fg: .rgb(120, 255, 140), attrs: .bold)
    /// The mark of the cell step just computed in exec mode.
    static let executed = Style(fg: .rgb(255, 230, 60), attrs: .bold)
}
