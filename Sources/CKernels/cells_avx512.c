/* The cells' elementwise steps with AVX-512, 16 lanes at a time, the row's tail masked: nothing
   past `hidden` (`count`) is read or written. tanh is FastTanh.swift's (Eigen's) clamped rational
   x·P(x²)/Q(x²) with the same coefficients, fused multiply-adds making it at most an ulp or two
   different; σ(x) = ½·tanh(x/2) + ½. NaN stays NaN. Shapes as in CKernels.h. */
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

#define V __m512
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps

RK_AVX512_TARGET RK_INLINE V tanh16(V x) {
    const V limit = SET1(7.905311107635498f);
    V c = _mm512_min_ps(_mm512_max_ps(x, _mm512_sub_ps(_mm512_setzero_ps(), limit)), limit);
    V x2 = _mm512_mul_ps(c, c);
    V p = FMA(x2, SET1(-2.76076847742355e-16f), SET1(2.00018790482477e-13f));
    p = FMA(p, x2, SET1(-8.60467152213735e-11f));
    p = FMA(p, x2, SET1(5.12229709037114e-08f));
    p = FMA(p, x2, SET1(1.48572235717979e-05f));
    p = FMA(p, x2, SET1(6.37261928875436e-04f));
    p = FMA(p, x2, SET1(4.89352455891786e-03f));
    p = _mm512_mul_ps(p, c);
    V q = FMA(x2, SET1(1.19825839466702e-06f), SET1(1.18534705686654e-04f));
    q = FMA(q, x2, SET1(2.26843463243900e-03f));
    q = FMA(q, x2, SET1(4.89352518554385e-03f));
    V r = _mm512_div_ps(p, q);
    /* |x| < 0.0004 or NaN (unordered): x itself */
    __mmask16 keep = _mm512_cmp_ps_mask(_mm512_abs_ps(x), SET1(0.0004f), _CMP_NGE_UQ);
    return _mm512_mask_blend_ps(keep, r, x);
}

RK_AVX512_TARGET RK_INLINE V sigmoid16(V x) {
    const V half = SET1(0.5f);
    return FMA(tanh16(_mm512_mul_ps(x, half)), half, half);
}

RK_INLINE __mmask16 lanes16(ptrdiff_t left) { return left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1); }
#define LOAD(p) _mm512_maskz_loadu_ps(m, (p))
/* The trace keeps a step's rows of ih next to each other, so the row AHEAD rows on is fetched while
   this one is computed (ih comes from memory: it was written for all T steps before the first). */
enum { AHEAD = 2 };
#define PREFETCH(p) _mm_prefetch((const char *)(p), _MM_HINT_T0)
#define STORE(p, v) _mm512_mask_storeu_ps((p), m, (v))

RK_AVX512_TARGET void rk_lstm_row_avx512(ptrdiff_t hidden, const float *ih, const float *hh, const float *c_prev,
                                         float *gates, float *c, float *h) {
    for (ptrdiff_t j = 0; j < hidden; j += 16) {
        __mmask16 m = lanes16(hidden - j);
        ptrdiff_t f = hidden + j, g = 2 * hidden + j, o = 3 * hidden + j;
        const float *ahead = ih + AHEAD * 4 * hidden;
        PREFETCH(ahead + j); PREFETCH(ahead + f); PREFETCH(ahead + g); PREFETCH(ahead + o);
        V i_ = sigmoid16(_mm512_add_ps(LOAD(ih + j), LOAD(hh + j)));
        V f_ = sigmoid16(_mm512_add_ps(LOAD(ih + f), LOAD(hh + f)));
        V g_ = tanh16(_mm512_add_ps(LOAD(ih + g), LOAD(hh + g)));
        V o_ = sigmoid16(_mm512_add_ps(LOAD(ih + o), LOAD(hh + o)));
        V c_ = _mm512_add_ps(_mm512_mul_ps(f_, LOAD(c_prev + j)), _mm512_mul_ps(i_, g_));
        STORE(gates + j, i_);
        STORE(gates + f, f_);
        STORE(gates + g, g_);
        STORE(gates + o, o_);
        STORE(c + j, c_);
        STORE(h + j, _mm512_mul_ps(o_, tanh16(c_)));
    }
}

RK_AVX512_TARGET void rk_gru_row_avx512(ptrdiff_t hidden, const float *ih, const float *hh, const float *h_prev,
                                        float *gates, float *h) {
    for (ptrdiff_t j = 0; j < hidden; j += 16) {
        __mmask16 m = lanes16(hidden - j);
        ptrdiff_t z = hidden + j, n = 2 * hidden + j;
        const float *ahead = ih + AHEAD * 3 * hidden;
        PREFETCH(ahead + j); PREFETCH(ahead + z); PREFETCH(ahead + n);
        V r_ = sigmoid16(_mm512_add_ps(LOAD(ih + j), LOAD(hh + j)));
        V z_ = sigmoid16(_mm512_add_ps(LOAD(ih + z), LOAD(hh + z)));
        V n_ = tanh16(_mm512_add_ps(LOAD(ih + n), _mm512_mul_ps(r_, LOAD(hh + n))));
        STORE(gates + j, r_);
        STORE(gates + z, z_);
        STORE(gates + n, n_);
        STORE(h + j, _mm512_add_ps(_mm512_mul_ps(_mm512_sub_ps(LOAD(h_prev + j), n_), z_), n_));
    }
}

RK_AVX512_TARGET void rk_tanh_sum_avx512(ptrdiff_t count, const float *a, const float *b, float *out) {
    for (ptrdiff_t j = 0; j < count; j += 16) {
        __mmask16 m = lanes16(count - j);
        PREFETCH(a + AHEAD * count + j);
        STORE(out + j, tanh16(_mm512_add_ps(LOAD(a + j), LOAD(b + j))));
    }
}
#endif
