import CKernels
import Synchronization

/// A model's weights copied once into buffers the time loop can point at, and again in the form
/// the product reads: packed into 32-column panels for CKernels' product when the engine runs on
/// it (`packedKernel`), else, for small matrices, transposed and padded to a multiple of 8 columns
/// for the plain-loop product (see `multiplyTransposed`).
final class PreparedWeights: @unchecked Sendable {   // immutable after init
    private let storage: [FloatBuffer]
    let cells: [CellPointers]
    /// Storage a finished run hands back for the model's next one.
    let scratch = ScratchSpace()

    init(_ weights: [CellWeights]) {
        var storage: [FloatBuffer] = []
        cells = weights.map { CellPointers($0, keeping: &storage) }
        self.storage = storage
    }
}

/// Pointers to one cell's weights: `weightIH (G·H, in)`, `weightHH (G·H, out)`, biases
/// `(G·H rounded up to 8)`, the LSTM projection `weightHR (P, H)`; then either (CKernels) the
/// packed panels (`rk_pack`: `ceil(R/32)` panels of `(cols × 32)`, 64-byte aligned) or (OpenBLAS)
/// for small matrices the transposes `(in, R8)` / `(out, R8)` / `(H, P8)`, `R8` = rows rounded up to 8.
struct CellPointers {
    let weightIH: UnsafePointer<Float>, weightHH: UnsafePointer<Float>
    let weightIHT: UnsafePointer<Float>?, weightHHT: UnsafePointer<Float>?
    let biasIH: UnsafePointer<Float>?, biasHH: UnsafePointer<Float>?
    let weightHR: UnsafePointer<Float>?, weightHRT: UnsafePointer<Float>?
    let packedIH: UnsafePointer<Float>?, packedHH: UnsafePointer<Float>?, packedHR: UnsafePointer<Float>?

    /// Copies `cell`'s tensors into new buffers appended to `storage`, which must outlive the pointers.
    init(_ cell: CellWeights, keeping storage: inout [FloatBuffer]) {
        func keep(_ values: [Float]) -> UnsafePointer<Float> {
            storage.append(FloatBuffer(copying: values))
            return UnsafePointer(storage.last!.base)
        }
        func keepTransposed(_ weight: Tensor) -> UnsafePointer<Float>? {
            guard packedKernel == nil, isSmallProduct(weight: weight) else { return nil }
            let (rows, cols) = (weight.shape[0], weight.shape[1]), padded = paddedTo8(rows)
            var transposed = [Float](repeating: 0, count: cols * padded)
            for r in 0..<rows { for c in 0..<cols { transposed[c * padded + r] = weight.data[r * cols + c] } }
            return keep(transposed)
        }
        func keepPacked(_ weight: Tensor) -> UnsafePointer<Float>? {
            guard packedKernel != nil, weight.count > 0 else { return nil }
            let (rows, cols) = (weight.shape[0], weight.shape[1]), count = rk_packed_count(rows, cols)
            let buffer = FloatBuffer(count: count + 16, zeroed: false)   // room to start on a cache line
            storage.append(buffer)
            let aligned = UnsafeMutablePointer<Float>(bitPattern: (Int(bitPattern: buffer.base) + 63) & ~63)!
            weight.data.withUnsafeBufferPointer { rk_pack(rows, cols, $0.baseAddress, cols, aligned) }
            return UnsafePointer(aligned)
        }
        weightIH = keep(cell.weightIH.data)
        weightHH = keep(cell.weightHH.data)
        weightIHT = keepTransposed(cell.weightIH)
        weightHHT = keepTransposed(cell.weightHH)
        // biases padded with zeros to a multiple of 8, so the plain-loop product can load them eight at a time
        func keepPadded(_ bias: Tensor) -> UnsafePointer<Float> { keep(bias.data + Array(repeating: 0, count: paddedTo8(bias.count) - bias.count)) }
        biasIH = cell.biasIH.map(keepPadded)
        biasHH = cell.biasHH.map(keepPadded)
        weightHR = cell.weightHR.map { keep($0.data) }
        weightHRT = cell.weightHR.flatMap(keepTransposed)
        packedIH = keepPacked(cell.weightIH)
        packedHH = keepPacked(cell.weightHH)
        packedHR = cell.weightHR.flatMap(keepPacked)
    }
}

/// `n` rounded up to a multiple of 8 (one SIMD8 register).
@inline(__always) func paddedTo8(_ n: Int) -> Int { (n + 7) & ~7 }

/// One spare buffer kept between runs of a model, so that repeated runs (a benchmark, a script
/// looping over batches, the visualizer rebuilding its trace) do not map, fault in and zero fresh
/// pages every time. Taking it is exclusive: two threads running the same model at once each get
/// their own storage.
final class ScratchSpace: @unchecked Sendable {   // all state behind `lock`
    private let lock = Mutex<FloatBuffer?>(nil)
    /// Buffers above this many floats (1 GiB) are not kept.
    private let limit = 1 << 28

    /// The spare buffer, if there is one with room for `count` floats (it is then no longer spare).
    func take(atLeast count: Int) -> FloatBuffer? {
        lock.withLock { spare in
            guard let buffer = spare, buffer.count >= count else { return nil }
            spare = nil
            return buffer
        }
    }

    /// Keeps `buffer` for the next call (the larger of it and any buffer already kept).
    func giveBack(_ buffer: FloatBuffer) {
        guard buffer.count <= limit else { return }
        lock.withLock { spare in
            if spare == nil || spare!.count < buffer.count { spare = buffer }
        }
    }
}
