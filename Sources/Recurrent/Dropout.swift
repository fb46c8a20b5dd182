/// Dropout between layers, as `nn.RNN(dropout=p)` applies it in training mode: each element of a
/// layer's output (except the last layer's) is zeroed with probability `p`, survivors scaled by
/// `1/(1−p)`. Masks come from a seeded generator keyed by the layer, so a run is reproducible.
struct DropoutPlan {
    let probability: Float
    let seed: UInt64

    /// Writes `output · mask` for the output of layer `layer` into `dropped` (same shape).
    func apply(to output: FloatView, into dropped: FloatView, belowLayer layer: Int) {
        var generator = SeededUniform(seed: seed, key: "dropout_l\(layer)")
        let scale = probability >= 1 ? 0 : 1 / (1 - probability)
        for i in 0..<output.count {
            dropped.base[i] = generator.unit() < probability || probability >= 1 ? 0 : output.base[i] * scale
        }
    }
}
