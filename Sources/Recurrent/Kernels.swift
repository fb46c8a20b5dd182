import CKernels
import COpenBLAS

// MARK: Matrix products — the one place the engine touches BLAS

/// `C = A · Bᵀ + bias` (bias broadcast over the rows; none when nil), all row-major.
///
/// A is `(m × k)` with row stride `lda`, B is `(n × k)` with row stride `ldb` (a PyTorch weight,
/// `out_features × in_features`), C is `(m × n)` with row stride `ldc`; C's rows change only
/// within their n columns. Three ways, by shape:
/// - B small and its transpose `Bᵀ` `(k × n8)` given (n rounded up to 8, zero-padded): a plain
///   loop over Bᵀ's rows, where any call would cost more than the arithmetic — C must then have
///   eight readable floats past each row's end (FloatBuffer's slack);
/// - B given `packed` (`rk_pack`'s panels) and `usesPackedKernel` says so: CKernels' `rk_gemm`;
/// - otherwise OpenBLAS, `cblas_sgemv` (one row) or `cblas_sgemm`.
@inline(__always)
func multiplyTransposed(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, lda: Int,
    _ b: UnsafePointer<Float>, ldb: Int, transposed bT: UnsafePointer<Float>? = nil,
    packed: UnsafePointer<Float>? = nil,
    bias: UnsafePointer<Float>?, into c: UnsafeMutablePointer<Float>, ldc: Int
) {
    if m == 0 || n == 0 { return }
    if let packed, let path = packedKernel, usesPackedKernel(m: m, n: n, k: k) {
        rk_gemm(path, m, n, k, a, lda, packed, bias, c, ldc)
        return
    }
    if k == 0 {
        fillRows(c, rows: m, ldc: ldc, count: n, with: bias)
        return
    }
    if let bT {   // Bᵀ is (k × n8): accumulate eight outputs at a time in a register
        // Index arithmetic here is wrapping (&+, &*): the products are sizes already allocated.
        let n8 = paddedTo8(n)
        var i = 0
        while i < m {
            let row = a + i &* lda, out = c + i &* ldc
            var j0 = 0
            while j0 < n {
                // two accumulators (even and odd p) halve the chain of dependent additions
                var even = bias.map { load8($0 + j0) } ?? SIMD8<Float>(repeating: 0), odd = SIMD8<Float>(repeating: 0)
                var w = bT + j0, p = 0
                while p &+ 1 < k {
                    even += SIMD8(repeating: row[p]) * load8(w)
                    odd += SIMD8(repeating: row[p &+ 1]) * load8(w + n8)
                    w += n8 &* 2
                    p &+= 2
                }
                if p < k { even += SIMD8(repeating: row[p]) * load8(w) }
                storeFirst(n &- j0, of: even + odd, to: out + j0)
                j0 &+= 8
            }
            i &+= 1
        }
        return
    }
    fillRows(c, rows: m, ldc: ldc, count: n, with: bias)
    let beta: Float = bias == nil ? 0 : 1
    if m == 1 {   // one row (an unbatched step): a matrix-vector product
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), 1, b, Int32(ldb), a, 1, beta, c, 1)
        return
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Writes `bias` (`count` values) into each of `rows` rows of `c`, or zeros without a bias.
@inline(__always)
private func fillRows(_ c: UnsafeMutablePointer<Float>, rows: Int, ldc: Int, count: Int, with bias: UnsafePointer<Float>?) {
    for r in 0..<rows {
        if let bias { (c + r * ldc).update(from: bias, count: count) } else { (c + r * ldc).update(repeating: 0, count: count) }
    }
}

/// Whether a weight `(n × k)` is small enough that multiplying rows by it is faster as a
/// plain loop than as a BLAS call (whose fixed cost dominates below a few thousand multiply-adds);
/// used only when the products run on OpenBLAS (CKernels is faster still).
func isSmallProduct(weight: Tensor) -> Bool { weight.count <= 1024 }

/// Sets the number of threads OpenBLAS may use (its default is one per core). CKernels' products
/// run on the calling thread.
public func setBLASThreads(_ count: Int) { openblas_set_num_threads(Int32(clamping: max(1, count))) }

/// The threads OpenBLAS uses now (what `setBLASThreads` set last, or its own default).
public func blasThreads() -> Int { Int(openblas_get_num_threads()) }

// MARK: Which product, by shape

/// The CKernels build the engine's products run on: the best this CPU has, or the one
/// `RNNSCOPE_KERNEL=avx512|avx2|portable` forces; nil (OpenBLAS everywhere) when the best is the
/// portable C, which OpenBLAS outruns, unless that is forced.
let packedKernel: rk_path? = {
    let path = rk_default_path()
    return path != RK_PORTABLE || rk_path_forced() != 0 ? path : nil
}()

/// Whether a product of `(m × k) · (k × n)` runs on CKernels rather than OpenBLAS: always with
/// AVX-512; with AVX2 not for the big input projections (many rows and k ≥ 256), where OpenBLAS's
/// Haswell kernel is as fast or a little faster.
///
/// Measured in one run on one Zen 5 core (AMD EPYC, family 26; OpenBLAS 0.3.21 with Haswell
/// kernels, one thread; thread CPU time, best of 5), GFLOP/s — CKernels AVX-512 / AVX2 / OpenBLAS:
///
///     per step  32 × 1024 × 256 (LSTM mid hh)    231 / 114 / 90
///               32 ×  768 × 256 (GRU mid hh)     213 / 114 / 81
///               64 × 1024 × 1024 (RNN wide hh)   173 / 108 / 92
///                1 × 2048 × 512 (LSTM long hh)    55 /  56 / 41    (W_hh from L3: bandwidth)
///                1 ×  512 × 512 (RNN long hh)     62 /  62 / 49
///     ih        8192 × 1024 × 64 (LSTM mid l0)   199 / 111 / 95
///               8192 × 1024 × 512 (LSTM mid l1)  181 / 104 / 110
///               4096 × 2048 × 32 (LSTM long)     160 / 113 / 88
///               8192 × 1024 × 256 (RNN wide)     219 / 110 / 110
///
/// The portable C path reaches 18–30 and so is used only when forced. Small weights go through
/// CKernels too: LSTM 8→16, T=200, N=4 took 0.039 ms against 0.110 with the SIMD8 loop, the RNN
/// seed model 0.0023 against 0.0027.
@inline(__always)
func usesPackedKernel(m: Int, n: Int, k: Int) -> Bool {
    packedKernel == RK_AVX512 || m <= 64 || k < 256
}
