/* The cells' elementwise steps with AVX2 + FMA, 8 lanes at a time (cells_impl.h), the row's tail
   masked. Shapes as in CKernels.h. */
#include "internal.h"
#if defined(__x86_64__)
#include <immintrin.h>

RK_AVX2_TARGET RK_INLINE __m256i lanes8(ptrdiff_t left) {
    int l = left > 8 ? 8 : (int)left;
    return _mm256_cmpgt_epi32(_mm256_set1_epi32(l), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
}

#define TARGET RK_AVX2_TARGET
#define NAME(f) f##_avx2
#define V __m256
#define W 8
#define MASK __m256i
#define LANES lanes8
#define LOAD(p) _mm256_maskload_ps((p), m)
#define STORE(p, v) _mm256_maskstore_ps((p), m, (v))
#define SET1 _mm256_set1_ps
#define ADD _mm256_add_ps
#define SUB _mm256_sub_ps
#define MUL _mm256_mul_ps
#define DIV _mm256_div_ps
#define MIN _mm256_min_ps
#define MAX _mm256_max_ps
#define FMA _mm256_fmadd_ps
#define KEEP_X(r, x) _mm256_blendv_ps((r), (x), _mm256_cmp_ps(_mm256_andnot_ps(SET1(-0.0f), (x)), SET1(0.0004f), _CMP_NGE_UQ))

#include "cells_impl.h"
#endif
