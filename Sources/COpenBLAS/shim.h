#ifndef COPENBLAS_SHIM_H
#define COPENBLAS_SHIM_H
#include <stddef.h>
#include <cblas.h>
/* OpenBLAS's own thread control (declared in its cblas.h as well; repeated for clarity). */
void openblas_set_num_threads(int num_threads);
int openblas_get_num_threads(void);

/* LAPACK's DGEEV, which libopenblas carries (compiled from the Fortran reference, with gfortran):
   the eigenvalues (wr + i·wi) and optionally eigenvectors of a general real n×n matrix, column-major.
   Every argument is by reference, as in Fortran; the two trailing size_t are gfortran's hidden
   lengths of the CHARACTER arguments jobvl and jobvr (1 each). lwork = -1 asks for the best
   workspace size in work[0]; info = 0 on success, > 0 when the QR algorithm did not converge. */
void dgeev_(const char *jobvl, const char *jobvr, const int *n, double *a, const int *lda,
            double *wr, double *wi, double *vl, const int *ldvl, double *vr, const int *ldvr,
            double *work, const int *lwork, int *info, size_t jobvl_len, size_t jobvr_len);
#endif
