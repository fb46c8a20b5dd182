/* The portable product: plain C tiles of up to 4 rows × 32 columns (the compiler vectorizes the
   32-wide inner loops for whatever the baseline target offers), in the shared blocking. */
#include "internal.h"

enum { MR = 4 };

static void tile(int mr, ptrdiff_t k, const float *a, ptrdiff_t lda, const float *b,
                 const float *init, int accumulate, float *c, ptrdiff_t ldc, ptrdiff_t left) {
    ptrdiff_t cols = left < RK_PANEL ? left : RK_PANEL;
    float acc[MR][RK_PANEL];
    for (int i = 0; i < MR; i++)
        for (ptrdiff_t q = 0; q < RK_PANEL; q++)
            acc[i][q] = q >= cols || i >= mr ? 0.0f : accumulate ? c[i * ldc + q] : init ? init[q] : 0.0f;
    for (ptrdiff_t p = 0; p < k; p++)
        for (int i = 0; i < mr; i++) {
            float s = a[i * lda + p];
            for (ptrdiff_t q = 0; q < RK_PANEL; q++) acc[i][q] += s * b[p * RK_PANEL + q];
        }
    for (int i = 0; i < mr; i++)
        for (ptrdiff_t q = 0; q < cols; q++) c[i * ldc + q] = acc[i][q];
}

void rk_gemm_portable(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                      const float *packed, const float *bias, float *c, ptrdiff_t ldc) {
    rk_blocked_product(m, n, k, a, lda, packed, bias, c, ldc, RK_PANEL, MR, tile);
}
