/* C/OpenMP baselines of the seed workloads (benches/WORKLOADS.md): determinants of
 * the slices of an (m, m, count) tensor with an own LU, a 1.0 fill, a memset of the same
 * bytes (the machine's fill bandwidth), and the window-by-window copy of seed 002.
 *
 * Built by build.rs like loops.c (-O3 -march=native -fopenmp -ffp-contract=off). Every
 * parallel function takes its thread count in a `num_threads` clause. */
#include <math.h>
#include <stddef.h>
#include <omp.h>
#include <string.h>

/* The determinant of slice i of the row-major (m, m, count) tensor t: copy it into a
 * contiguous m x m buffer, then LU with partial pivoting (as LAPACK's getrf). */
static double det_slice(const double *restrict t, size_t m, size_t count, size_t i, double *restrict a) {
    for (size_t r = 0; r < m; r++)
        for (size_t c = 0; c < m; c++)
            a[r * m + c] = t[(r * m + c) * count + i];
    double det = 1.0;
    for (size_t k = 0; k < m; k++) {
        size_t p = k;
        double best = fabs(a[k * m + k]);
        for (size_t r = k + 1; r < m; r++) {
            double v = fabs(a[r * m + k]);
            if (v > best) {
                best = v;
                p = r;
            }
        }
        if (best == 0.0)
            return 0.0;
        if (p != k) {
            for (size_t c = 0; c < m; c++) {
                double tmp = a[k * m + c];
                a[k * m + c] = a[p * m + c];
                a[p * m + c] = tmp;
            }
            det = -det;
        }
        double pivot = a[k * m + k];
        det *= pivot;
        for (size_t r = k + 1; r < m; r++) {
            double f = a[r * m + k] / pivot;
            for (size_t c = k + 1; c < m; c++)
                a[r * m + c] -= f * a[k * m + c];
        }
    }
    return det;
}

/* out[i] = det(t[:, :, i]) for i in 0..count, one thread. m <= 128. */
void workloads_dets_seq(const double *restrict t, size_t m, size_t count, double *restrict out) {
    double a[128 * 128];
    for (size_t i = 0; i < count; i++)
        out[i] = det_slice(t, m, count, i, a);
}

/* The same on `nt` OpenMP threads, each with its own LU buffer. */
void workloads_dets_omp(const double *restrict t, size_t m, size_t count, double *restrict out, int nt) {
#pragma omp parallel num_threads(nt)
    {
        double a[128 * 128];
#pragma omp for schedule(static)
        for (size_t i = 0; i < count; i++)
            out[i] = det_slice(t, m, count, i, a);
    }
}

/* x[0..n] = v, one thread. */
void workloads_fill_seq(double *x, size_t n, double v) {
    for (size_t i = 0; i < n; i++)
        x[i] = v;
}

/* x[0..n] = v on `nt` threads. */
void workloads_fill_omp(double *x, size_t n, double v, int nt) {
#pragma omp parallel for simd num_threads(nt) schedule(static)
    for (size_t i = 0; i < n; i++)
        x[i] = v;
}

/* memset of `bytes` bytes to `value`, split in `nt` contiguous parts: the fill
 * bandwidth. */
void workloads_memset_omp(unsigned char *x, size_t bytes, unsigned char value, int nt) {
#pragma omp parallel num_threads(nt)
    {
        int k = omp_get_thread_num(), n = omp_get_num_threads();
        size_t lo = bytes * (size_t)k / (size_t)n, hi = bytes * (size_t)(k + 1) / (size_t)n;
        memset(x + lo, value, hi - lo);
    }
}

/* tmp[x, y] = X[x, y] block by block (bs x bs windows) of an n x n array, one thread. */
void workloads_window_copy_seq(const double *restrict X, double *restrict tmp, size_t n, size_t bs) {
    for (size_t wx = 0; wx < n; wx += bs)
        for (size_t wy = 0; wy < n; wy += bs)
            for (size_t x = wx; x < wx + bs; x++)
                for (size_t y = wy; y < wy + bs; y++)
                    tmp[x * n + y] = X[x * n + y];
}

/* The same with the rows of windows split between `nt` OpenMP threads. */
void workloads_window_copy_omp(const double *restrict X, double *restrict tmp, size_t n, size_t bs, int nt) {
#pragma omp parallel for num_threads(nt) schedule(static)
    for (size_t wx = 0; wx < n; wx += bs)
        for (size_t wy = 0; wy < n; wy += bs)
            for (size_t x = wx; x < wx + bs; x++)
                for (size_t y = wy; y < wy + bs; y++)
                    tmp[x * n + y] = X[x * n + y];
}
