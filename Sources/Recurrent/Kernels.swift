import COpenBLAS

// MARK: Matrix products — the one place the engine touches BLAS

/// `C = A · Bᵀ + beta · C`, all row-major.
///
/// A is `(m × k)` with row stride `lda`, B is `(n × k)` with row stride `ldb` (a PyTorch weight,
/// `out_features × in_features`), C is `(m × n)` with row stride `ldc`. Small products run in a
/// plain loop, where a BLAS call costs more than the arithmetic; larger ones go to `cblas_sgemm`.
@inline(__always)
func multiplyTransposed(
    m: Int, n: Int, k: Int,
    _ a: UnsafePointer<Float>, lda: Int,
    _ b: UnsafePointer<Float>, ldb: Int,
    into c: UnsafeMutablePointer<Float>, ldc: Int, beta: Float
) {
    if m == 0 || n == 0 { return }
    if k == 0 {
        if beta == 0 { for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) } }
        return
    }
    if m * n * k <= smallProductLimit {
        for i in 0..<m {
            let row = a + i * lda, out = c + i * ldc
            for j in 0..<n {
                let w = b + j * ldb
                var sum: Float = 0
                for p in 0..<k { sum += row[p] * w[p] }
                out[j] = beta == 0 ? sum : sum + beta * out[j]
            }
        }
        return
    }
    if m == 1 {   // one row (an unbatched step): a matrix-vector product
        cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(n), Int32(k), 1, b, Int32(ldb), a, 1, beta, c, 1)
        return
    }
    cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                1, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Below this many multiply-adds a product runs as a plain loop (BLAS call overhead dominates).
let smallProductLimit = 4096

/// Sets the number of threads OpenBLAS may use (its default is one per core).
public func setBLASThreads(_ count: Int) { openblas_set_num_threads(Int32(max(1, count))) }
