// MARK: What a trace keeps — everything, or the states alone and the rest computed again

/// What a trace keeps of every step (`RNN.trace`, `RNN.stepper`).
public enum StepStorage: Sendable {
    /// Every part of every step — unless that would pass `partsBudget` bytes, then the states.
    case automatic
    /// The affine parts, gates, c_t and h_t of every step: reading any of them is a look-up.
    case everything
    /// h_t (and c_t) of every step; a step's affine parts and gates are computed again when read
    /// (`Trace.recomputesParts`), which is what lets a long sequence fit: an `RNN(8, 512, 2,
    /// bidirectional)` over 100000 steps keeps 0.8 GB instead of 2.5 GB.
    case statesOnly

    /// Bytes of affine parts and gates above which `.automatic` keeps only the states.
    public static let partsBudget = 256 << 20

    /// Whether a trace of `config` over T × N keeps only its states.
    func keepsOnlyStates(_ config: RNNConfig, seqLen: Int, batch: Int) -> Bool {
        switch self {
        case .everything: return false
        case .statesOnly: return true
        case .automatic:
            let series = config.kind == .rnn ? 2 : 3   // ih, hh, and the gates
            let bytes = Double(config.numLayers * config.numDirections) * Double(seqLen) * Double(batch)
                * Double(series * config.gateRows * MemoryLayout<Float>.size)
            return bytes > Double(StepStorage.partsBudget)
        }
    }
}

extension Trace {
    /// One step's parts for batch element `n` computed again from the kept states, as the run
    /// computed them (up to a product's rounding over one row): `ih` and `hh` `(G·H)`, and the
    /// gates `(G·H)` (LSTM, GRU; empty for RNN). For a trace that `recomputesParts`.
    func recomputedParts(_ cell: CellIndex, t: Int, n: Int) -> (ih: [Float], hh: [Float], gates: [Float]) {
        let rowsWide = config.gateRows, h = config.hiddenSize, out = config.outputSize
        let w = weights[cell.index(directions: config.numDirections)], inSize = config.layerInputSize(cell.layer)
        let x = x(layer: cell.layer, t: t, n: n), hPrev = previous("h", cell: cell, t: t, n: n)
        let cPrev = config.kind.hasCellState ? previous("c", cell: cell, t: t, n: n) : []
        // Eight floats of slack past each row, as the small product may read them (multiplyTransposed).
        var ih = [Float](repeating: 0, count: rowsWide + 8), hh = ih, gates = ih
        var c = [Float](repeating: 0, count: h + 8), hOut = c
        ih.withUnsafeMutableBufferPointer { ihp in hh.withUnsafeMutableBufferPointer { hhp in
            multiplyTransposed(m: 1, n: rowsWide, k: inSize, x, lda: inSize, w.weightIH, ldb: inSize, transposed: w.weightIHT,
                               packed: w.packedIH, bias: w.biasIH, into: ihp.baseAddress!, ldc: rowsWide)
            multiplyTransposed(m: 1, n: rowsWide, k: out, hPrev, lda: out, w.weightHH, ldb: out, transposed: w.weightHHT,
                               packed: w.packedHH, bias: w.biasHH, into: hhp.baseAddress!, ldc: rowsWide)
            guard config.kind != .rnn else { return }
            gates.withUnsafeMutableBufferPointer { gp in c.withUnsafeMutableBufferPointer { cp in hOut.withUnsafeMutableBufferPointer { hp in
                cPrev.withUnsafeBufferPointer { cpp in hPrev.withUnsafeBufferPointer { hpp in
                    let row = StepRow(ih: ihp.baseAddress!, hh: hhp.baseAddress!, hPrev: hpp.baseAddress!,
                                      cPrev: cpp.isEmpty ? nil : cpp.baseAddress!, gates: gp.baseAddress!,
                                      c: config.kind.hasCellState ? cp.baseAddress! : nil, h: hp.baseAddress!)
                    config.kind.cell.combine(row, hidden: h, nonlinearity: config.nonlinearity)
                } }
            } } }
        } }
        return (Array(ih.prefix(rowsWide)), Array(hh.prefix(rowsWide)), config.kind == .rnn ? [] : Array(gates.prefix(rowsWide)))
    }
}
