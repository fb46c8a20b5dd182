/* The cells' elementwise steps, written once for any vector width: included by cells_avx512.c and
   cells_avx2.c after they define, for their instruction set,
     V (a vector of W floats), MASK and LANES(left) (the lanes of W with `left` inside the row),
     LOAD(p) / STORE(p, v) (masked by `m`: nothing past the row is read or written),
     SET1 ADD SUB MUL DIV MIN MAX FMA, KEEP_X(r, x) (x where |x| < 0.0004 or x is NaN, else r),
     TARGET (the function attribute) and NAME(f) (f with the path's suffix).
   tanh is FastTanh.swift's (Eigen's) clamped rational x·P(x²)/Q(x²) with the same coefficients,
   fused multiply-adds making it at most an ulp or two different; σ(x) = ½·tanh(x/2) + ½. */

TARGET RK_INLINE V NAME(tanh)(V x) {
    const V limit = SET1(7.905311107635498f);
    V c = MIN(MAX(x, SET1(-7.905311107635498f)), limit);
    V x2 = MUL(c, c);
    V p = FMA(x2, SET1(-2.76076847742355e-16f), SET1(2.00018790482477e-13f));
    p = FMA(p, x2, SET1(-8.60467152213735e-11f));
    p = FMA(p, x2, SET1(5.12229709037114e-08f));
    p = FMA(p, x2, SET1(1.48572235717979e-05f));
    p = FMA(p, x2, SET1(6.37261928875436e-04f));
    p = FMA(p, x2, SET1(4.89352455891786e-03f));
    p = MUL(p, c);
    V q = FMA(x2, SET1(1.19825839466702e-06f), SET1(1.18534705686654e-04f));
    q = FMA(q, x2, SET1(2.26843463243900e-03f));
    q = FMA(q, x2, SET1(4.89352518554385e-03f));
    return KEEP_X(DIV(p, q), x);
}

TARGET RK_INLINE V NAME(sigmoid)(V x) {
    const V half = SET1(0.5f);
    return FMA(NAME(tanh)(MUL(x, half)), half, half);
}

/* The trace keeps a step's rows of ih next to each other, so the row AHEAD rows on is fetched while
   this one is computed (ih comes from memory: it was written for all T steps before the first);
   this took the LSTM mid model's cell steps from ~45 to ~9 ms. */
enum { AHEAD = 2 };
#define PREFETCH(p) _mm_prefetch((const char *)(p), _MM_HINT_T0)

TARGET void NAME(rk_lstm_row)(ptrdiff_t hidden, const float *ih, const float *hh, const float *c_prev,
                              float *gates, float *c, float *h) {
    for (ptrdiff_t j = 0; j < hidden; j += W) {
        MASK m = LANES(hidden - j);
        ptrdiff_t f = hidden + j, g = 2 * hidden + j, o = 3 * hidden + j;
        const float *ahead = ih + AHEAD * 4 * hidden;
        PREFETCH(ahead + j); PREFETCH(ahead + f); PREFETCH(ahead + g); PREFETCH(ahead + o);
        V i_ = NAME(sigmoid)(ADD(LOAD(ih + j), LOAD(hh + j)));
        V f_ = NAME(sigmoid)(ADD(LOAD(ih + f), LOAD(hh + f)));
        V g_ = NAME(tanh)(ADD(LOAD(ih + g), LOAD(hh + g)));
        V o_ = NAME(sigmoid)(ADD(LOAD(ih + o), LOAD(hh + o)));
        V c_ = ADD(MUL(f_, LOAD(c_prev + j)), MUL(i_, g_));
        STORE(gates + j, i_);
        STORE(gates + f, f_);
        STORE(gates + g, g_);
        STORE(gates + o, o_);
        STORE(c + j, c_);
        STORE(h + j, MUL(o_, NAME(tanh)(c_)));
    }
}

TARGET void NAME(rk_gru_row)(ptrdiff_t hidden, const float *ih, const float *hh, const float *h_prev,
                             float *gates, float *h) {
    for (ptrdiff_t j = 0; j < hidden; j += W) {
        MASK m = LANES(hidden - j);
        ptrdiff_t z = hidden + j, n = 2 * hidden + j;
        const float *ahead = ih + AHEAD * 3 * hidden;
        PREFETCH(ahead + j); PREFETCH(ahead + z); PREFETCH(ahead + n);
        V r_ = NAME(sigmoid)(ADD(LOAD(ih + j), LOAD(hh + j)));
        V z_ = NAME(sigmoid)(ADD(LOAD(ih + z), LOAD(hh + z)));
        V n_ = NAME(tanh)(ADD(LOAD(ih + n), MUL(r_, LOAD(hh + n))));
        STORE(gates + j, r_);
        STORE(gates + z, z_);
        STORE(gates + n, n_);
        STORE(h + j, ADD(MUL(SUB(LOAD(h_prev + j), n_), z_), n_));
    }
}

TARGET void NAME(rk_tanh_sum)(ptrdiff_t count, const float *a, const float *b, float *out) {
    for (ptrdiff_t j = 0; j < count; j += W) {
        MASK m = LANES(count - j);
        PREFETCH(a + AHEAD * count + j);
        STORE(out + j, NAME(tanh)(ADD(LOAD(a + j), LOAD(b + j))));
    }
}
