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

/* A path's micro-tile: C tile (mr × its width, the first `left` columns inside C) = start + A
   (mr × k, row stride lda) · a panel slice (k × width, row stride 32), where start is C itself
   (accumulate), `init` (a bias row) or zero. */
typedef void (*rk_tile)(int mr, ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b,
                        const float *init, int accumulate, float *c, ptrdiff_t ldc, ptrdiff_t left);

/* The blocking every path shares: for each K block of KC and chunk of MC rows, every tile of A
   (≤ most × KC, in L1) runs along a whole row of C over the K block's slices of all panels
   (KC × n, from L2), in column blocks of `width` (32, or 16 = half a panel); C is revisited once
   per K block. Chosen by measurement on Zen 5 with AVX-512 (MR 8/10/12, KC 64…512, MC 96…all,
   and panel-major order, which lost by up to 3× for short k). Inlined, `tile` becomes a direct call.
   Past 1024 columns (an LSTM's 4H for H > 256) the slices would not stay in a 1 MB L2, so the
   columns go in blocks of NC = 512 (KC × 512 floats, 512 KB): LSTM wide's step went from
   1223–1288 to 1173–1301 ms, one run alternating builds; at 1024 columns blocking lost 4%. */
RK_INLINE void rk_blocked_product(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                                  const float *packed, const float *bias, float *c, ptrdiff_t ldc,
                                  ptrdiff_t width, ptrdiff_t most, rk_tile tile) {
    enum { KC = 256, MC = 192, NC = 512 };
    ptrdiff_t nc = n <= 2 * NC ? n : NC;   /* a K block's slices of at most 1024 columns stay in L2 whole */
    for (ptrdiff_t p0 = 0; p0 < k; p0 += KC) {
        ptrdiff_t kc = k - p0 < KC ? k - p0 : KC;
        for (ptrdiff_t j0 = 0; j0 < n; j0 += nc) {
            ptrdiff_t end = n - j0 < nc ? n : j0 + nc;
            for (ptrdiff_t i0 = 0; i0 < m; i0 += MC) {
                ptrdiff_t mc = m - i0 < MC ? m - i0 : MC;
                rk_split split = rk_split_rows(mc, most);
                for (ptrdiff_t t = 0, i = i0; t < split.tiles; t++) {
                    int mr = (int)(split.base + (t < split.extra));
                    for (ptrdiff_t col = j0; col < end; col += width)
                        tile(mr, kc, a + i * lda + p0, lda, packed + (col / RK_PANEL) * k * RK_PANEL + p0 * RK_PANEL + col % RK_PANEL,
                             bias ? bias + col : NULL, p0 > 0, c + i * ldc + col, ldc, n - col);
                    i += mr;
                }
            }
        }
    }
}
#endif
