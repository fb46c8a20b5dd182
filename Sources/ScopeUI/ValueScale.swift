/// How a value becomes a colour and a pair of glyphs: a diverging map centred on 0.

/// A diverging colour map centred on 0 with fixed ends `±limit` (values beyond are clamped).
/// tanh states use `limit = 1`; relu states use `0…max` (`marksZero`: an exact 0 is marked, since
/// relu sets whole units to exactly zero). NaN and ±Inf get their own colours and glyphs.
public struct ValueScale: Equatable, Sendable {
    public var limit: Float
    public var marksZero: Bool
    /// Colour in proportion to |value| / limit rather than its square root — for σ gates, whose
    /// values sit around 0.5 and differ by tenths, where the root would paint them all alike.
    public var isLinear: Bool
    public init(limit: Float, marksZero: Bool = false, linear: Bool = false) {
        self.limit = limit.isFinite && limit > 0 ? limit : 1
        self.marksZero = marksZero
        self.isLinear = linear
    }

    // MARK: Colour

    /// Blue at −limit, a dark grey at 0, orange-red at +limit.
    public static let negative: (Float, Float, Float) = (58, 134, 255)
    public static let centre: (Float, Float, Float) = (44, 44, 52)
    public static let positive: (Float, Float, Float) = (255, 96, 48)
    /// Special values: NaN magenta, +Inf yellow, −Inf cyan; a relu exact zero black.
    public static let nanColor = Color.rgb(230, 0, 230)
    public static let plusInfColor = Color.rgb(255, 235, 0)
    public static let minusInfColor = Color.rgb(0, 235, 235)
    public static let exactZeroColor = Color.rgb(0, 0, 0)

    /// The colour of `value`: from the centre grey to the end colour by `√(|value| / limit)` — the
    /// square root keeps the small states of a fresh network visible; the readouts give exact numbers.
    public func color(_ value: Float) -> Color {
        if value.isNaN { return ValueScale.nanColor }
        if value == .infinity { return ValueScale.plusInfColor }
        if value == -.infinity { return ValueScale.minusInfColor }
        if marksZero && value == 0 { return ValueScale.exactZeroColor }
        let f = isLinear ? min(1, abs(value) / limit) : min(1, abs(value) / limit).squareRoot()
        let end = value < 0 ? ValueScale.negative : ValueScale.positive
        func mix(_ a: Float, _ b: Float) -> UInt8 { UInt8((a + (b - a) * f).rounded()) }
        let c = ValueScale.centre
        return .rgb(mix(c.0, end.0), mix(c.1, end.1), mix(c.2, end.2))
    }

    // MARK: Glyphs

    /// The shade ramp for `|value| / limit` in quarters.
    public static let shades: [Character] = ["░", "▒", "▓", "█"]

    /// Two glyphs that carry `value` without colour: a sign (`+`, `-`, or space) and a shade of its
    /// magnitude; `·` for an exact 0 (and for 0 under tanh too: it is readable either way),
    /// `?` for NaN, `∞` for ±Inf.
    public func glyphs(_ value: Float) -> (sign: Character, shade: Character) {
        if value.isNaN { return (" ", "?") }
        if value.isInfinite { return (value > 0 ? "+" : "-", "∞") }
        if value == 0 { return (" ", "·") }
        let level = max(0, levelIndex(abs(value) / limit, levels: 4, rounding: .up) - 1)
        return (value < 0 ? "-" : "+", ValueScale.shades[level])
    }

    /// A glyph marking a special value inside a colour cell, or nil for an ordinary one.
    public func mark(_ value: Float) -> Character? {
        if value.isNaN { return "?" }
        if value.isInfinite { return "∞" }
        if marksZero && value == 0 { return "·" }
        return nil
    }

    /// The limit as the legend prints it (`1`, `2.5`, `0.731`).
    public var limitText: String {
        var text = formatValue(limit, signed: false)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}

/// `fraction · levels` rounded to a whole level in `0…levels` — fractions outside 0…1 are clamped
/// and a non-finite fraction (∞/∞, 0/0 from extreme data) counts as the top level, so no
/// Float → Int conversion can trap.
func levelIndex(_ fraction: Float, levels: Int, rounding: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int {
    guard fraction.isFinite else { return levels }
    return Int((min(1, max(0, fraction)) * Float(levels)).rounded(rounding))
}

/// A value for a readout: 3 decimals, explicit sign when `signed`; `nan`, `+inf`, `-inf` spelled out.
public func formatValue(_ value: Float, signed: Bool = true) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "+inf" : "-inf" }
    let rounded = (Double(value) * 1000).rounded() / 1000
    let magnitude = abs(rounded)
    if magnitude >= 1e6 {   // too long for 3 decimals (and beyond Int for huge values): Swift's shortest form, 1e+30
        var text = "\(abs(value))"
        if text.hasSuffix(".0") { text.removeLast(2) }
        return (value < 0 ? "-" : signed ? "+" : "") + text
    }
    let whole = Int(magnitude)
    let fraction = Int(((magnitude - Double(whole)) * 1000).rounded())
    var text = "\(whole + fraction / 1000).\(String(fraction % 1000).leftPadded(to: 3, with: "0"))"
    if magnitude >= 1000 { text = "\(Int(magnitude.rounded()))" }
    if signed { text = (rounded < 0 ? "-" : "+") + text } else if rounded < 0 { text = "-" + text }
    return text
}

/// A number to `digits` significant digits, trailing zeros kept (`0.930`, `1.41`, `12.3`, `123`,
/// `1230`), in scientific form below 0.001 or from 1e6 up (`5.96e+29`, `6.84e-31`); `nan`, `inf`,
/// `-inf` spelled out. For readouts of a measure such as a spectral radius. Precondition: digits ≥ 1.
public func formatSignificant(_ value: Double, digits: Int = 3) -> String {
    if value.isNaN { return "nan" }
    if value.isInfinite { return value > 0 ? "inf" : "-inf" }
    if value == 0 { return "0" }
    let magnitude = abs(value), sign = value < 0 ? "-" : ""
    var exponent = 0   // 10^exponent ≤ magnitude < 10^(exponent+1)
    while magnitude >= tenTo(exponent + 1) { exponent += 1 }
    while magnitude < tenTo(exponent) { exponent -= 1 }
    guard abs(exponent) < 290 else { return "\(value)" }   // beyond where 10^(digits - exponent) is a finite Double
    var scaled = (magnitude * tenTo(digits - 1 - exponent)).rounded()   // the digits, as a whole number
    if scaled >= tenTo(digits) {   // rounded up to the next power of ten (9.996 → 10.0)
        exponent += 1
        scaled = (scaled / 10).rounded()
    }
    let scientific = exponent >= 6 || exponent < -3
    let decimals = scientific ? digits - 1 : max(0, digits - 1 - exponent)
    var text = String(Int(scaled) * Int(tenTo(scientific ? 0 : max(0, exponent - digits + 1))))
    if decimals > 0 {
        text = text.leftPadded(to: decimals + 1, with: "0")
        text.insert(".", at: text.index(text.endIndex, offsetBy: -decimals))
    }
    let power = scientific ? (exponent < 0 ? "e-" : "e+") + String(abs(exponent)).leftPadded(to: 2, with: "0") : ""
    return sign + text + power
}

/// 10^k as a Double (exact for 0 ≤ k ≤ 22; the nearest Double beyond).
private func tenTo(_ k: Int) -> Double {
    var result = 1.0
    for _ in 0..<abs(k) { result *= 10 }
    return k < 0 ? 1 / result : result
}

extension String {
    /// The string padded on the left to `width` characters.
    func leftPadded(to width: Int, with pad: Character = " ") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
    /// The string padded on the right (or cut) to exactly `width` characters.
    func fitted(to width: Int) -> String {
        count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
    }
}
