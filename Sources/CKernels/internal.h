#ifndef CKERNELS_INTERNAL_H
#define CKERNELS_INTERNAL_H
/* What the per-path files share (not part of the module's interface). */
#include "CKernels.h"

#define RK_AVX512_TARGET __attribute__((target("avx512f,avx512bw,avx512dq,avx512vl,fma")))
#define RK_AVX2_TARGET __attribute__((target("avx2,fma")))
#define RK_INLINE static inline __attribute__((always_inline))
/* Unrolls a loop over a tile's rows completely, so the accumulators live in registers (SwiftPM
   builds C at -O2, where clang would otherwise keep them in memory). */
#define RK_UNROLL _Pragma("clang loop unroll(full)")

/* Each path's product; the caller has handled m == 0, n == 0 and k == 0. Same contract as rk_gemm. */
void rk_gemm_portable(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                      const float *packed, const float *bias, float *c, ptrdiff_t ldc);
void rk_gemm_avx2(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                  const float *packed, const float *bias, float *c, ptrdiff_t ldc);
void rk_gemm_avx512(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                    const float *packed, const float *bias, float *c, ptrdiff_t ldc);

/* Each path's cell steps (see rk_lstm_row and friends; the portable path is the Swift code). */
void rk_lstm_row_avx512(ptrdiff_t hidden, const float *ih, const float *hh, const float *c_prev,
                        float *gates, float *c, float *h);
void rk_gru_row_avx512(ptrdiff_t hidden, const float *ih, const float *hh, const float *h_prev, float *gates, float *h);
void rk_tanh_sum_avx512(ptrdiff_t count, const float *a, const float *b, float *out);
void rk_lstm_row_avx2(ptrdiff_t hidden, const float *ih, const float *hh, const float *c_prev,
                      float *gates, float *c, float *h);
void rk_gru_row_avx2(ptrdiff_t hidden, const float *ih, const float *hh, const float *h_prev, float *gates, float *h);
void rk_tanh_sum_avx2(ptrdiff_t count, const float *a, const float *b, float *out);

/* Splits `rows` into ceil(rows / most) tiles of near-equal height (the first `rows % tiles` one
   taller), so an awkward m (e.g. 32 with at most 12 per tile: 11, 11, 10) wastes no registers. */
typedef struct { ptrdiff_t tiles, base, extra; } rk_split;
RK_INLINE rk_split rk_split_rows(ptrdiff_t rows, ptrdiff_t most) {
    rk_split s;
    s.tiles = (rows + most - 1) / most;
    s.base = rows / s.tiles;
    s.extra = rows % s.tiles;
    return s;
}
#endif
