#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Tensor {
    /// A tensor of `shape` drawn from the standard normal distribution, as `torch.randn(shape)`
    /// draws it (the distribution, not torch's exact numbers): Box–Muller over the SplitMix64
    /// stream of `seed`, so the same seed always gives the same values.
    public static func standardNormal(_ shape: [Int], seed: UInt64) -> Tensor {
        var generator = SeededUniform(seed: seed, key: "input")
        let count = shape.reduce(1, *)
        var values: [Float] = []
        values.reserveCapacity(count + 1)
        while values.count < count {
            // u1 in (0, 1] so that log(u1) is finite.
            let u1 = 1 - Double(generator.unit()), u2 = Double(generator.unit())
            let radius = (-2 * log(u1)).squareRoot(), angle = 2 * Double.pi * u2
            values.append(Float(radius * cos(angle)))
            values.append(Float(radius * sin(angle)))
        }
        return Tensor(shape: shape, data: Array(values.prefix(count)))
    }
}
