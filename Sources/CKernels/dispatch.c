/* Packing, the run-time choice of path, and the entry point every path shares. */
#include "internal.h"
#include <stdlib.h>
#include <string.h>

static int cpu_supports(rk_path path) {
    switch (path) {
    case RK_PORTABLE: return 1;
    case RK_AVX2:
#if defined(__x86_64__)
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
        return 0;
#endif
    case RK_AVX512:
#if defined(__x86_64__)
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw")
            && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl")
            && __builtin_cpu_supports("fma");
#else
        return 0;
#endif
    }
    return 0;
}

int rk_path_available(rk_path path) {
    static int known[3] = {-1, -1, -1};   /* per path: unknown, no, yes; a race only repeats the query */
    if ((unsigned)path > RK_AVX512) return 0;
    int value = __atomic_load_n(&known[path], __ATOMIC_RELAXED);
    if (value < 0) {
        value = cpu_supports(path);
        __atomic_store_n(&known[path], value, __ATOMIC_RELAXED);
    }
    return value;
}

/* The path RNNSCOPE_KERNEL names, if this CPU can run it; else -1. */
static int forced_path(void) {
    const char *forced = getenv("RNNSCOPE_KERNEL");
    if (!forced) return -1;
    if (strcmp(forced, "avx512") == 0 && rk_path_available(RK_AVX512)) return RK_AVX512;
    if (strcmp(forced, "avx2") == 0 && rk_path_available(RK_AVX2)) return RK_AVX2;
    if (strcmp(forced, "portable") == 0) return RK_PORTABLE;
    return -1;
}

int rk_path_forced(void) { return forced_path() >= 0; }

static rk_path choose_path(void) {
    int forced = forced_path();
    if (forced >= 0) return (rk_path)forced;
    if (rk_path_available(RK_AVX512)) return RK_AVX512;
    if (rk_path_available(RK_AVX2)) return RK_AVX2;
    return RK_PORTABLE;
}

rk_path rk_default_path(void) {
    static int chosen = -1;   /* every thread computes the same value, so a race is harmless */
    int path = __atomic_load_n(&chosen, __ATOMIC_RELAXED);
    if (path < 0) {
        path = (int)choose_path();
        __atomic_store_n(&chosen, path, __ATOMIC_RELAXED);
    }
    return (rk_path)path;
}

size_t rk_packed_count(ptrdiff_t n, ptrdiff_t k) {
    if (n <= 0 || k <= 0) return 0;
    return (size_t)((n + RK_PANEL - 1) / RK_PANEL) * RK_PANEL * (size_t)k;
}

void rk_pack(ptrdiff_t n, ptrdiff_t k, const float *b, ptrdiff_t ldb, float *packed) {
    ptrdiff_t panels = (n + RK_PANEL - 1) / RK_PANEL;
    for (ptrdiff_t j = 0; j < panels; j++) {
        float *panel = packed + j * k * RK_PANEL;
        for (ptrdiff_t col = 0; col < RK_PANEL; col++) {
            ptrdiff_t row = j * RK_PANEL + col;   /* B's row = C's column */
            for (ptrdiff_t p = 0; p < k; p++) panel[p * RK_PANEL + col] = row < n ? b[row * ldb + p] : 0.0f;
        }
    }
}

void rk_gemm(rk_path path, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
             const float *packed, const float *bias, float *c, ptrdiff_t ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        for (ptrdiff_t i = 0; i < m; i++) {
            if (bias) memcpy(c + i * ldc, bias, (size_t)n * sizeof(float));
            else memset(c + i * ldc, 0, (size_t)n * sizeof(float));
        }
        return;
    }
    if (path == RK_AVX512 && !rk_path_available(RK_AVX512)) path = RK_PORTABLE;
    if (path == RK_AVX2 && !rk_path_available(RK_AVX2)) path = RK_PORTABLE;
    switch (path) {
    case RK_AVX512: rk_gemm_avx512(m, n, k, a, lda, packed, bias, c, ldc); break;
    case RK_AVX2: rk_gemm_avx2(m, n, k, a, lda, packed, bias, c, ldc); break;
    default: rk_gemm_portable(m, n, k, a, lda, packed, bias, c, ldc); break;
    }
}

int rk_lstm_row(rk_path path, ptrdiff_t hidden, const float *ih, const float *hh, const float *c_prev,
                float *gates, float *c, float *h) {
    if (!rk_path_available(path)) return 0;
    switch (path) {
#if defined(__x86_64__)
    case RK_AVX512: rk_lstm_row_avx512(hidden, ih, hh, c_prev, gates, c, h); return 1;
    case RK_AVX2: rk_lstm_row_avx2(hidden, ih, hh, c_prev, gates, c, h); return 1;
#endif
    default: return 0;
    }
}

int rk_gru_row(rk_path path, ptrdiff_t hidden, const float *ih, const float *hh, const float *h_prev,
               float *gates, float *h) {
    if (!rk_path_available(path)) return 0;
    switch (path) {
#if defined(__x86_64__)
    case RK_AVX512: rk_gru_row_avx512(hidden, ih, hh, h_prev, gates, h); return 1;
    case RK_AVX2: rk_gru_row_avx2(hidden, ih, hh, h_prev, gates, h); return 1;
#endif
    default: return 0;
    }
}

int rk_tanh_sum(rk_path path, ptrdiff_t count, const float *a, const float *b, float *out) {
    if (!rk_path_available(path)) return 0;
    switch (path) {
#if defined(__x86_64__)
    case RK_AVX512: rk_tanh_sum_avx512(count, a, b, out); return 1;
    case RK_AVX2: rk_tanh_sum_avx2(count, a, b, out); return 1;
#endif
    default: return 0;
    }
}
