/// A small deterministic generator (SplitMix64) whose stream is keyed by a seed and a name, so that
/// each parameter's values depend only on (seed, parameter name) — not on what else the model holds.
struct SeededUniform {
    private var state: UInt64

    /// A stream for `(seed, key)`; the key is hashed with FNV-1a (stable across runs and platforms,
    /// unlike Swift's `Hasher`).
    init(seed: UInt64, key: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        state = seed ^ hash
        _ = next()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }

    /// Moves `count` numbers on, as that many `next()` calls would (SplitMix64's state is a counter).
    mutating func skip(_ count: Int) { state &+= 0x9e37_79b9_7f4a_7c15 &* UInt64(truncatingIfNeeded: count) }

    /// Uniform in [0, 1) with 24 random bits — every value exactly representable as a Float.
    mutating func unit() -> Float { Float(next() >> 40) * 0x1p-24 }

    /// Uniform in [low, high).
    mutating func uniform(_ low: Float, _ high: Float) -> Float { low + (high - low) * unit() }
}
