/* The cells' elementwise steps with AVX-512, 16 lanes at a time (cells_impl.h), the row's tail
   masked. Shapes as in CKernels.h. */
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

#define TARGET RK_AVX512_TARGET
#define NAME(f) f##_avx512
#define V __m512
#define W 16
#define MASK __mmask16
#define LANES(left) ((left) >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (left)) - 1))
#define LOAD(p) _mm512_maskz_loadu_ps(m, (p))
#define STORE(p, v) _mm512_mask_storeu_ps((p), m, (v))
#define SET1 _mm512_set1_ps
#define ADD _mm512_add_ps
#define SUB _mm512_sub_ps
#define MUL _mm512_mul_ps
#define DIV _mm512_div_ps
#define MIN _mm512_min_ps
#define MAX _mm512_max_ps
#define FMA _mm512_fmadd_ps
#define KEEP_X(r, x) _mm512_mask_blend_ps(_mm512_cmp_ps_mask(_mm512_abs_ps(x), SET1(0.0004f), _CMP_NGE_UQ), (r), (x))

#include "cells_impl.h"
#endif
