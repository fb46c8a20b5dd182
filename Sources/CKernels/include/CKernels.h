#ifndef CKERNELS_H
#define CKERNELS_H
/* rnnscope's own single-precision kernels: a packed-weight SGEMM `C = A·Bᵀ + bias` and the cells'
   elementwise steps, each in three builds (AVX-512, AVX2+FMA, portable C) chosen once at run time.

   Shapes (all row-major, sizes and strides in floats):
     B     (n × k), row stride ldb — a PyTorch weight (out_features × in_features);
     packed  ceil(n/32) column panels, each (k × 32): panel j holds B's rows 32j … 32j+31 as
             columns, zero-padded past n — `rk_packed_count` floats, best 64-byte aligned;
     A     (m × k), row stride lda;     C (m × n), row stride ldc;     bias (n) or NULL.
   C's rows are written only within their n columns (ldc may interleave other data). */
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A build of the kernels. */
typedef enum { RK_PORTABLE = 0, RK_AVX2 = 1, RK_AVX512 = 2 } rk_path;

/** Columns per packed panel (the same for every path, so one packing serves them all). */
enum { RK_PANEL = 32 };

/** Whether `path` can run on this CPU (the portable path always can). */
int rk_path_available(rk_path path);

/** The path used by default: `RNNSCOPE_KERNEL=avx512|avx2|portable` if set and available, else
    the best available. Decided on the first call, then fixed. */
rk_path rk_default_path(void);

/** Whether `RNNSCOPE_KERNEL` names a path this CPU can run (so `rk_default_path` is forced). */
int rk_path_forced(void);

/** Floats a packed (n × k) weight takes: ceil(n/32)·32·k. */
size_t rk_packed_count(ptrdiff_t n, ptrdiff_t k);

/** Packs B (n × k, row stride ldb) into `packed` (`rk_packed_count(n, k)` floats). */
void rk_pack(ptrdiff_t n, ptrdiff_t k, const float *b, ptrdiff_t ldb, float *packed);

/** C (m × n) = A (m × k) · Bᵀ + bias, B given packed; bias may be NULL (then zero). */
void rk_gemm(rk_path path, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, const float *a, ptrdiff_t lda,
             const float *packed, const float *bias, float *c, ptrdiff_t ldc);

/* The cells' elementwise steps for one batch row (ih, hh, gates: G·H floats; the states: H),
   exactly LSTMCell / GRUCell / ElmanCell's equations, for `path` RK_AVX512 or RK_AVX2 only
   (returns 0, having done nothing, for RK_PORTABLE — the Swift code is that path). Nothing past
   a row's end is read or written; `c` may be `c_prev` itself. */

/** LSTM, gates i f g o: c = σf·c_prev + σi·tanh g, h = σo·tanh c; gates get σi σf tanh g σo. */
int rk_lstm_row(rk_path path, ptrdiff_t hidden, const float *ih, const float *hh, const float *c_prev,
                float *gates, float *c, float *h);
/** GRU, gates r z n: n = tanh(ih_n + σr·hh_n), h = (h_prev − n)·σz + n; gates get σr σz n. */
int rk_gru_row(rk_path path, ptrdiff_t hidden, const float *ih, const float *hh, const float *h_prev,
               float *gates, float *h);
/** Elman with tanh: out = tanh(a + b), `count` values. */
int rk_tanh_sum(rk_path path, ptrdiff_t count, const float *a, const float *b, float *out);

#ifdef __cplusplus
}
#endif
#endif
