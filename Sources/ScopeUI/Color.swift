/// Colours as the screen model keeps them (RGB), and their reduction to what a terminal can show.

// MARK: Colour

/// A cell colour: the terminal's default, an indexed palette entry, or 24-bit RGB.
public enum Color: Hashable, Sendable {
    case `default`
    case indexed(UInt8)
    case rgb(UInt8, UInt8, UInt8)

    /// This colour as the terminal of `depth` would show it: RGB becomes the nearest xterm-256 or
    /// ANSI-16 entry, or `.default` when there is no colour at all.
    public func quantised(to depth: ColorDepth) -> Color {
        guard case let .rgb(r, g, b) = self else { return depth == .none ? .default : self }
        switch depth {
        case .trueColor: return self
        case .x256: return .indexed(Palette.nearest256(r, g, b))
        case .x16: return Palette.nearest16(r, g, b)
        case .none: return .default
        }
    }
}

/// How many colours the terminal shows. The screen model is RGB; the backend quantises.
public enum ColorDepth: String, CaseIterable, Sendable {
    case trueColor, x256, x16, none

    /// Whether heatmaps must carry their values in glyphs (a shade ramp plus sign) because colour
    /// alone cannot: with no colour, or with only 16 where a ramp collapses to two or three hues.
    public var needsGlyphs: Bool { self == .x16 || self == .none }

    /// The depth the environment asks for: `NO_COLOR` (non-empty) → none; `COLORTERM` truecolor or
    /// 24bit → 24-bit; a `*-256color` (or `*-direct`) TERM → 256; `dumb` or no TERM → none; else 16.
    public static func detect(environment: [String: String]) -> ColorDepth {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .none }
        return detectIgnoringNoColor(environment: environment)
    }

    /// `detect` without the `NO_COLOR` rule (for `--color always`): never `.none` when a TERM is set.
    public static func detectIgnoringNoColor(environment: [String: String]) -> ColorDepth {
        let colorTerm = environment["COLORTERM"]?.lowercased() ?? ""
        if colorTerm == "truecolor" || colorTerm == "24bit" { return .trueColor }
        let term = environment["TERM"] ?? ""
        if term.hasSuffix("-direct") { return .trueColor }
        if term.contains("256color") { return .x256 }
        if term.isEmpty || term == "dumb" { return .none }
        return .x16
    }
}

// MARK: Palettes

/// The xterm palettes and nearest-colour search (squared RGB distance).
enum Palette {
    /// The six levels of each axis of xterm's 6×6×6 colour cube (entries 16…231).
    static let cubeLevels: [Int] = [0, 95, 135, 175, 215, 255]

    /// The 16 ANSI colours as xterm draws them (entries 0…15).
    static let ansi16: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let (dr, dg, db) = (a.0 - b.0, a.1 - b.1, a.2 - b.2)
        return dr * dr + dg * dg + db * db
    }

    /// The nearest entry of the colour cube or the grey ramp (232…255, grey 8 + 10·i).
    /// For each channel value 0…255, the index of the nearest of the six cube levels.
    private static let nearestCubeLevel: [Int] = (0..<256).map { v in
        cubeLevels.indices.min { abs(cubeLevels[$0] - v) < abs(cubeLevels[$1] - v) }!
    }

    static func nearest256(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        let target = (Int(r), Int(g), Int(b))
        let (ri, gi, bi) = (nearestCubeLevel[target.0], nearestCubeLevel[target.1], nearestCubeLevel[target.2])
        let cube = (cubeLevels[ri], cubeLevels[gi], cubeLevels[bi])
        let greyIndex = min(23, max(0, ((target.0 + target.1 + target.2) / 3 - 8 + 5) / 10))
        let greyLevel = 8 + 10 * greyIndex
        if distance(target, (greyLevel, greyLevel, greyLevel)) < distance(target, cube) {
            return UInt8(232 + greyIndex)
        }
        return UInt8(16 + 36 * ri + 6 * gi + bi)
    }

    /// The nearest of the 16 ANSI colours, by kind: a grey becomes the terminal's default (dark),
    /// light grey 7 or white 15 — never black or "bright black", which vanish on a dark background —
    /// and any other colour the nearest of the twelve hues (1–6, 9–14).
    static func nearest16(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Color {
        let target = (Int(r), Int(g), Int(b))
        let spread = max(target.0, target.1, target.2) - min(target.0, target.1, target.2)
        if spread < 40 {
            let light = (target.0 + target.1 + target.2) / 3
            return light >= 200 ? .indexed(15) : light >= 90 ? .indexed(7) : .default
        }
        let hues = Array(1...6) + Array(9...14)
        return .indexed(UInt8(hues.min { distance(target, ansi16[$0]) < distance(target, ansi16[$1]) }!))
    }
}
