/* The AVX2 + FMA product: each 32-column panel is taken as two 16-column halves, with micro-tiles
   of up to 6 rows × 16 columns (12 ymm accumulators, two ymm of the panel, one broadcast), and a
   streaming matrix–vector path for one row. */
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

enum { MR_MAX = 6 };

/* Lane masks for 8 columns starting `first` columns before C's edge n (all lanes when ≥ 8 left). */
RK_AVX2_TARGET RK_INLINE __m256i lanes(ptrdiff_t left) {
    __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    int l = left > 8 ? 8 : left < 0 ? 0 : (int)left;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(l), index);
}

/* An rk_tile 16 columns wide (half a panel); mr is a constant at each call. */
RK_AVX2_TARGET RK_INLINE void tile(const int mr, ptrdiff_t k, const float *a, ptrdiff_t lda,
                                   const float *b, const float *init, int accumulate,
                                   float *c, ptrdiff_t ldc, ptrdiff_t left) {
    __m256i k0 = lanes(left), k1 = lanes(left - 8);
    __m256 x[MR_MAX], y[MR_MAX];
    RK_UNROLL
    for (int i = 0; i < mr; i++) {
        const float *start = accumulate ? c + i * ldc : init;
        if (start) {
            x[i] = _mm256_maskload_ps(start, k0);
            y[i] = _mm256_maskload_ps(start + 8, k1);
        } else {
            x[i] = _mm256_setzero_ps();
            y[i] = _mm256_setzero_ps();
        }
    }
    for (ptrdiff_t p = 0; p < k; p++) {
        __m256 b0 = _mm256_loadu_ps(b + p * 32), b1 = _mm256_loadu_ps(b + p * 32 + 8);
        RK_UNROLL
        for (int i = 0; i < mr; i++) {
            __m256 s = _mm256_broadcast_ss(a + i * lda + p);
            x[i] = _mm256_fmadd_ps(s, b0, x[i]);
            y[i] = _mm256_fmadd_ps(s, b1, y[i]);
        }
    }
    RK_UNROLL
    for (int i = 0; i < mr; i++) {
        _mm256_maskstore_ps(c + i * ldc, k0, x[i]);
        _mm256_maskstore_ps(c + i * ldc + 8, k1, y[i]);
    }
}

RK_AVX2_TARGET static void tile_any(int mr, ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b,
                                    const float *init, int accumulate, float *c, ptrdiff_t ldc, ptrdiff_t left) {
    switch (mr) {
#define CASE(R) case R: tile(R, k, a, lda, b, init, accumulate, c, ldc, left); break;
    CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6)
#undef CASE
    default: break;
    }
}

/* One row: c (n) = a (k) · Bᵀ + bias, streaming each panel with two sets of four accumulators. */
RK_AVX2_TARGET static void row_times_packed(ptrdiff_t n, ptrdiff_t k, const float *a, const float *packed,
                                            const float *bias, float *c) {
    ptrdiff_t panels = (n + 31) / 32;
    for (ptrdiff_t j = 0; j < panels; j++) {
        const float *b = packed + j * k * 32;
        ptrdiff_t left = n - j * 32;
        __m256 x[4], y[4];
        for (int q = 0; q < 4; q++) {
            x[q] = bias ? _mm256_maskload_ps(bias + j * 32 + 8 * q, lanes(left - 8 * q)) : _mm256_setzero_ps();
            y[q] = _mm256_setzero_ps();
        }
        ptrdiff_t p = 0;
        for (; p + 2 <= k; p += 2, b += 64) {
            for (int q = 0; q < 4; q++) _mm_prefetch((const char *)(b + 1024 + 16 * q), _MM_HINT_T0);   /* 4 KiB ahead */
            __m256 s0 = _mm256_broadcast_ss(a + p), s1 = _mm256_broadcast_ss(a + p + 1);
            for (int q = 0; q < 4; q++) {
                x[q] = _mm256_fmadd_ps(s0, _mm256_loadu_ps(b + 8 * q), x[q]);
                y[q] = _mm256_fmadd_ps(s1, _mm256_loadu_ps(b + 32 + 8 * q), y[q]);
            }
        }
        if (p < k) {
            __m256 s = _mm256_broadcast_ss(a + p);
            for (int q = 0; q < 4; q++) x[q] = _mm256_fmadd_ps(s, _mm256_loadu_ps(b + 8 * q), x[q]);
        }
        for (int q = 0; q < 4; q++) _mm256_maskstore_ps(c + j * 32 + 8 * q, lanes(left - 8 * q), _mm256_add_ps(x[q], y[q]));
    }
}

RK_AVX2_TARGET void rk_gemm_avx2(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                                 const float *packed, const float *bias, float *c, ptrdiff_t ldc) {
    if (m == 1) row_times_packed(n, k, a, packed, bias, c);
    else rk_blocked_product(m, n, k, a, lda, packed, bias, c, ldc, 16, MR_MAX, tile_any);
}
#else
void rk_gemm_avx2(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                  const float *packed, const float *bias, float *c, ptrdiff_t ldc) {
    rk_gemm_portable(m, n, k, a, lda, packed, bias, c, ldc);
}
#endif
