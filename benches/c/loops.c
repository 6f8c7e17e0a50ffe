/* The benchmark loops written in C, the baseline HPC users hold up.
 *
 * Built by build.rs with `gcc -O3 -march=native -fopenmp` through the `cc` crate.
 * No -ffast-math, and -ffp-contract=off: like Rust, C keeps IEEE semantics (no fused
 * multiply-adds; `sin` and `exp` stay calls into glibc's libm), so the elementwise
 * results are bitwise those of the Rust loops, and only the reduction, which OpenMP is
 * allowed to reassociate, vectorises. `restrict` states what Rust's `&mut` and `&`
 * already guarantee.
 *
 * Every parallel function takes its thread count and passes it in a `num_threads`
 * clause, so no global OpenMP state changes. Each loop mirrors one in
 * benches/loops.rs: keep the bodies identical. */
#include <math.h>
#include <stddef.h>

/* The compute-bound elementwise body: several flops and two libm calls. */
static inline double body(double v) { return exp(sin(v)) * 2.0 + 1.0; }

/* out[i, j] = body(x[i, j]) over a row-major rows x cols array, one thread. */
void loops_elementwise_seq(const double *restrict x, double *restrict out, size_t rows, size_t cols) {
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            out[i * cols + j] = body(x[i * cols + j]);
}

/* The same, rows split between `nt` OpenMP threads (static schedule). */
void loops_elementwise_omp(const double *restrict x, double *restrict out, size_t rows, size_t cols, int nt) {
#pragma omp parallel for num_threads(nt) schedule(static)
    for (size_t i = 0; i < rows; i++)
        for (size_t j = 0; j < cols; j++)
            out[i * cols + j] = body(x[i * cols + j]);
}

/* Sum of x[0..n] in order: one thread, one accumulator (as Rust's plain loop). */
double loops_sum_seq(const double *x, size_t n) {
    double s = 0.0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* Sum of x[0..n] on `nt` threads; OpenMP may reassociate, so it vectorises. */
double loops_sum_omp(const double *x, size_t n, int nt) {
    double s = 0.0;
#pragma omp parallel for simd num_threads(nt) reduction(+ : s)
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* a[i] = b[i] * 2.0 over n elements, one thread. */
void loops_twice_seq(double *restrict a, const double *restrict b, size_t n) {
    for (size_t i = 0; i < n; i++)
        a[i] = b[i] * 2.0;
}

/* The same on `nt` OpenMP threads: at small n this measures entering a region. */
void loops_twice_omp(double *restrict a, const double *restrict b, size_t n, int nt) {
#pragma omp parallel for simd num_threads(nt) schedule(static)
    for (size_t i = 0; i < n; i++)
        a[i] = b[i] * 2.0;
}
