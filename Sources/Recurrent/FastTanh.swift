/// tanh for eight floats at once: the clamped rational minimax approximation Eigen uses for
/// float (`x·P(x²)/Q(x²)` on [−7.905, 7.905]), within a few ulp of `tanhf` and many times faster.
/// NaN stays NaN; ±∞ gives ±1.
@inline(__always)
func tanh8(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let limit = SIMD8<Float>(repeating: 7.905_311_107_635_498)
    let c = x.clamped(lowerBound: -limit, upperBound: limit)
    let x2 = c * c
    var p = x2 * F8(repeating: -2.760_768_477_423_55e-16) + F8(repeating: 2.000_187_904_824_77e-13)
    p = p * x2 + F8(repeating: -8.604_671_522_137_35e-11)
    p = p * x2 + F8(repeating: 5.122_297_090_371_14e-08)
    p = p * x2 + F8(repeating: 1.485_722_357_179_79e-05)
    p = p * x2 + F8(repeating: 6.372_619_288_754_36e-04)
    p = p * x2 + F8(repeating: 4.893_524_558_917_86e-03)
    p = p * c
    var q = x2 * F8(repeating: 1.198_258_394_667_02e-06) + F8(repeating: 1.185_347_056_866_54e-04)
    q = q * x2 + F8(repeating: 2.268_434_632_439_00e-03)
    q = q * x2 + F8(repeating: 4.893_525_185_543_85e-03)
    var result = p / q
    result.replace(with: x, where: (x .!= x) .| ((x .< 0.0004) .& (x .> -0.0004)))
    return result
}

extension Nonlinearity {
    /// `out[i] = act(a[i] + b[i])` for `count` values — the cell's last line, eight at a time.
    @inline(__always)
    func apply(_ a: UnsafePointer<Float>, plus b: UnsafePointer<Float>,
               into out: UnsafeMutablePointer<Float>, count: Int) {
        var i = 0
        switch self {
        case .tanh:
            while i + 8 <= count {
                let v = load8(a + i) + load8(b + i)
                store8(tanh8(v), out + i)
                i += 8
            }
            if i < count {
                var v = SIMD8<Float>(repeating: 0)
                for k in 0..<(count - i) { v[k] = a[i + k] + b[i + k] }
                let r = tanh8(v)
                for k in 0..<(count - i) { out[i + k] = r[k] }
            }
        case .relu:
            for k in 0..<count {
                let v = a[k] + b[k]
                out[k] = v > 0 || v.isNaN ? v : 0
            }
        }
    }
}

private typealias F8 = SIMD8<Float>

@inline(__always) private func load8(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always) private func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
