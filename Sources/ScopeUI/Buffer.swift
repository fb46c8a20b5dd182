/// The screen as data: a grid of cells that widgets draw into and the backend copies to the terminal.

// MARK: Cells

/// Text attributes of a cell.
public struct Attributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let dim = Attributes(rawValue: 2)
    public static let reverse = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)
}

/// How a run of text is drawn: foreground, background, attributes.
public struct Style: Hashable, Sendable {
    public var fg: Color
    public var bg: Color
    public var attrs: Attributes
    public init(fg: Color = .default, bg: Color = .default, attrs: Attributes = []) {
        self.fg = fg
        self.bg = bg
        self.attrs = attrs
    }
    public static let plain = Style()
}

/// One character cell: a single-column glyph and its style.
///
/// The glyph is kept as one Unicode scalar (every glyph on screen is one), which makes a cell plain
/// data: copying, comparing and diffing whole frames then needs no reference counting.
public struct ScreenCell: Hashable, Sendable {
    public var scalar: Unicode.Scalar
    public var style: Style
    public init(_ glyph: Character = " ", _ style: Style = .plain) {
        self.scalar = glyph.unicodeScalars.first ?? " "
        self.style = style
    }
    /// A cell from a scalar directly (the fast path for widgets that draw many cells).
    public init(scalar: Unicode.Scalar, _ style: Style = .plain) {
        self.scalar = scalar
        self.style = style
    }
    public var glyph: Character {
        get { Character(scalar) }
        set { scalar = newValue.unicodeScalars.first ?? " " }
    }
    public var fg: Color { style.fg }
    public var bg: Color { style.bg }
    public var attrs: Attributes { style.attrs }
    public static let blank = ScreenCell()

    /// The right half of a double-width glyph (Hangul, CJK): the glyph sits in the cell to its left;
    /// text, ANSI and the terminal skip this one, so every row stays `width` columns as wcwidth counts.
    public static let wideTailScalar: Unicode.Scalar = "\u{0}"
    public var isWideTail: Bool { scalar == ScreenCell.wideTailScalar }
}

/// Columns a glyph takes on a terminal, as wcwidth counts them: 2 for East Asian wide and full-width
/// characters (Hangul syllables and jamo, CJK, full-width forms), 1 for everything else on screen.
public func displayWidth(_ scalar: Unicode.Scalar) -> Int {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA960...0xA97F,
         0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6:
        return 2
    default:
        return 1
    }
}

/// Columns `text` takes on a terminal (see `displayWidth`).
public func displayWidth(_ text: String) -> Int { text.unicodeScalars.reduce(0) { $0 + displayWidth($1) } }

/// A rectangle of the screen: columns `x ..< x+width`, rows `y ..< y+height`.
public struct Rect: Hashable, Sendable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    /// The rectangle shrunk by `by` cells on every side (a box's inside).
    public func inset(_ by: Int) -> Rect { Rect(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by) }
    public func contains(x px: Int, y py: Int) -> Bool { px >= x && px < maxX && py >= y && py < maxY }
}

// MARK: Buffer

/// `width × height` cells, row-major. Writes outside the buffer are dropped and reads there give a
/// blank cell, so widgets need not clip (not even when they change one field of a cell in place).
public struct Buffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [ScreenCell]
    /// While set, writes outside this rectangle are dropped too (a widget's content kept in its box).
    var clip: Rect?

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> ScreenCell {
        get { x >= 0 && x < width && y >= 0 && y < height ? cells[y * width + x] : .blank }
        set {
            guard x >= 0, x < width, y >= 0, y < height, clip?.contains(x: x, y: y) ?? true else { return }
            let i = y * width + x
            // Overwriting half of a double-width glyph blanks its other half.
            if cells[i].isWideTail, !newValue.isWideTail, x > 0 { cells[i - 1].scalar = " " }
            if cells[i].scalar.value >= 0x1100, x + 1 < width, cells[i + 1].isWideTail, displayWidth(cells[i].scalar) == 2,
               displayWidth(newValue.scalar) != 2 {
                cells[i + 1].scalar = " "
            }
            cells[i] = newValue
        }
    }

    /// Writes `text` from (x, y) in one style, cut at `maxX` (default: the right edge).
    /// Returns the column after the last glyph written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, _ style: Style = .plain, maxX: Int? = nil) -> Int {
        let limit = min(maxX ?? width, width)
        var column = x
        for scalar in text.unicodeScalars where column < limit {
            if displayWidth(scalar) == 2 {
                // A wide glyph that would be cut at the edge is left out (a space keeps the column).
                guard column + 1 < limit else { self[column, y] = ScreenCell(scalar: " ", style); column += 1; break }
                self[column, y] = ScreenCell(scalar: scalar, style)
                self[column + 1, y] = ScreenCell(scalar: ScreenCell.wideTailScalar, style)
                column += 2
                continue
            }
            self[column, y] = ScreenCell(scalar: scalar, style)
            column += 1
        }
        return column
    }

    /// Sets every cell of `rect` to `cell`.
    public mutating func fill(_ rect: Rect, with cell: ScreenCell = .blank) {
        for y in rect.y..<rect.maxY { for x in rect.x..<rect.maxX { self[x, y] = cell } }
    }

    /// The glyphs of row `y` as a string (trailing spaces kept: the row is exactly `width` long).
    /// A double-width glyph counts its two columns once (its tail cell is skipped).
    public func text(row y: Int) -> String {
        String(cells[(y * width)..<((y + 1) * width)].filter { !$0.isWideTail }.map(\.glyph))
    }

    /// Every row as text, joined by newlines.
    public var text: String { (0..<height).map { text(row: $0) }.joined(separator: "\n") }

    /// The same cells with every colour quantised to `depth`.
    public func quantised(to depth: ColorDepth) -> Buffer {
        var copy = self
        copy.cells = cells.map { ScreenCell(scalar: $0.scalar, Style(fg: $0.fg.quantised(to: depth), bg: $0.bg.quantised(to: depth), attrs: $0.attrs)) }
        return copy
    }
}

// MARK: Diff

/// A horizontal run of changed cells: what the backend writes at (x, y).
public struct CellRun: Equatable, Sendable {
    public var x: Int
    public var y: Int
    public var cells: [ScreenCell]
}

/// The runs of cells that differ between `old` and `new` — all of `new` when there is no `old` or
/// its size differs. Writing these runs over `old` gives `new`.
public func diff(_ old: Buffer?, _ new: Buffer) -> [CellRun] {
    let comparable = old.map { $0.width == new.width && $0.height == new.height } ?? false
    var runs: [CellRun] = []
    for y in 0..<new.height {
        var current: CellRun?
        for x in 0..<new.width {
            let cell = new[x, y]
            if comparable, old![x, y] == cell {
                if let run = current { runs.append(run); current = nil }
            } else {
                if current == nil { current = CellRun(x: x, y: y, cells: []) }
                current!.cells.append(cell)
            }
        }
        if let run = current { runs.append(run) }
    }
    return runs
}
