/// Dropout between layers, as `nn.RNN(dropout=p)` applies it in training mode: each element of a
/// layer's output (except the last layer's) is zeroed with probability `p`, survivors scaled by
/// `1/(1−p)`. Masks come from a seeded generator keyed by the layer, so a run is reproducible: the
/// value at (t, n, feature) of the whole batch's `(T, N, F)` output is the generator's number at
/// position `(t·N + n)·F + feature`, whichever elements a run holds.
struct DropoutPlan {
    let probability: Float
    let seed: UInt64
    let positions: DropoutPositions

    /// Writes `output · mask` for the output of layer `layer` into `dropped` (same shape,
    /// `(T, batch, rowLength)` time-major, `batch` the run's own elements).
    func apply(to output: FloatView, into dropped: FloatView, belowLayer layer: Int, batch: Int, rowLength: Int) {
        let start = SeededUniform(seed: seed, key: "dropout_l\(layer)")
        let scale = probability >= 1 ? 0 : 1 / (1 - probability)
        let rows = batch == 0 || rowLength == 0 ? 0 : output.count / rowLength
        for row in 0..<rows {
            var generator = start
            generator.skip(positions.first(ofRow: row, batch: batch) * rowLength)
            let base = row * rowLength
            for i in base ..< base + rowLength {
                dropped.base[i] = generator.unit() < probability || probability >= 1 ? 0 : output.base[i] * scale
            }
        }
    }
}

/// Where a run's rows sit in the whole batch's run: element j of the run is element
/// `firstElement + j` of `wholeBatch`.
struct DropoutPositions {
    let wholeBatch: Int
    let firstElement: Int

    /// The whole-batch row `t·N + firstElement + j` of the run's row `t·batch + j`.
    func first(ofRow row: Int, batch: Int) -> Int {
        (row / batch) * wholeBatch + firstElement + row % batch
    }
}
