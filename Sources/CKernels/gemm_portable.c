/* The portable product: plain C over 4-row × 32-column tiles (the compiler vectorizes the
   32-wide inner loops for whatever the baseline target offers). */
#include "internal.h"

enum { MR = 4 };

void rk_gemm_portable(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
                      const float *packed, const float *bias, float *c, ptrdiff_t ldc) {
    ptrdiff_t panels = (n + RK_PANEL - 1) / RK_PANEL;
    for (ptrdiff_t j = 0; j < panels; j++) {
        const float *panel = packed + j * k * RK_PANEL;
        ptrdiff_t cols = n - j * RK_PANEL < RK_PANEL ? n - j * RK_PANEL : RK_PANEL;
        for (ptrdiff_t i0 = 0; i0 < m; i0 += MR) {
            ptrdiff_t rows = m - i0 < MR ? m - i0 : MR;
            float acc[MR][RK_PANEL];
            for (ptrdiff_t i = 0; i < MR; i++)
                for (ptrdiff_t q = 0; q < RK_PANEL; q++) acc[i][q] = bias && q < cols ? bias[j * RK_PANEL + q] : 0.0f;
            for (ptrdiff_t p = 0; p < k; p++) {
                const float *b = panel + p * RK_PANEL;
                for (ptrdiff_t i = 0; i < rows; i++) {
                    float s = a[(i0 + i) * lda + p];
                    for (ptrdiff_t q = 0; q < RK_PANEL; q++) acc[i][q] += s * b[q];
                }
            }
            for (ptrdiff_t i = 0; i < rows; i++)
                for (ptrdiff_t q = 0; q < cols; q++) c[(i0 + i) * ldc + j * RK_PANEL + q] = acc[i][q];
        }
    }
}
