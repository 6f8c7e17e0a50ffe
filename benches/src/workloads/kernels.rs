//! `kernels`: five array kernels written with natural indexing (`x[[i, j]]`), as a
//! Numba user writes them, against the best hand-written rayon (issue 18: natural
//! indexing must run as fast as hand-written rayon).
//!
//! The cases: a 5-point Jacobi stencil (20 sweeps between two buffers), a 3x3 box blur
//! into a fresh array, pairwise Euclidean distances (all of them, and half of them
//! filled symmetrically), and row-wise log-sum-exp and
//! softmax. Each kernel comes three times: the plain sequential loop, the same loop with
//! `#[parallel]` and `prange` (left natural on purpose: it is what this workload
//! measures), and hand-written rayon over rows, on row slices with zipped iterators and
//! no bounds check in the hot loop. The rayon code does the floating-point operations
//! of the sequential loop in the same order, so all three give the same values.

use parfor::prelude::*;
use rayon::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, data, on_rayon_threads};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "kernels",
    cases,
    exact: false,
};

/// The contiguous storage of `a`.
fn flat<D: Dimension>(a: &Array<f64, D>) -> &[f64] {
    a.as_slice().expect("a contiguous array")
}

/// The contiguous storage of `a`, mutable.
fn flat_mut<D: Dimension>(a: &mut Array<f64, D>) -> &mut [f64] {
    a.as_slice_mut().expect("a contiguous array")
}

// --- stencil --------------------------------------------------------------------------

/// One sweep of the 5-point Jacobi stencil with `#[parallel]`: the interior of `b` from
/// `a`; the border of `b` is left as it is.
#[parallel]
pub fn stencil_par(a: &Array2<f64>, b: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            b[[i, j]] =
                0.2 * (a[[i, j]] + a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]]);
        }
    }
}

/// The plain sequential sweep.
pub fn stencil_seq(a: &Array2<f64>, b: &mut Array2<f64>) {
    let (n, m) = a.dim();
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            b[[i, j]] =
                0.2 * (a[[i, j]] + a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]]);
        }
    }
}

/// Hand-written rayon: one task per interior row of `b`, the five neighbours read from
/// shifted row slices.
pub fn stencil_rayon(a: &Array2<f64>, b: &mut Array2<f64>) {
    let (n, m) = a.dim();
    let a = flat(a);
    flat_mut(b)[m..(n - 1) * m]
        .par_chunks_mut(m)
        .enumerate()
        .for_each(|(k, row)| {
            let (up, rest) = a[k * m..(k + 3) * m].split_at(m);
            let (cur, down) = rest.split_at(m);
            let inner = 1..m - 1;
            let terms = cur[inner.clone()]
                .iter()
                .zip(&up[inner.clone()])
                .zip(&down[inner.clone()])
                .zip(&cur[..m - 2])
                .zip(&cur[2..]);
            for (o, ((((c, u), d), l), r)) in row[inner].iter_mut().zip(terms) {
                *o = 0.2 * (c + u + d + l + r);
            }
        });
}

/// The two buffers of the stencil: the result is in `a`.
#[derive(Clone, Debug)]
pub struct Grids {
    /// Written by the even sweeps (the second, fourth, ..): the result.
    pub a: Array2<f64>,
    /// Written by the odd sweeps (the first, third, ..).
    pub b: Array2<f64>,
}

impl Grids {
    /// Both buffers start as copies of `x`: the border, which no sweep writes, is `x`'s.
    pub fn new(x: &Array2<f64>) -> Self {
        let copy = || {
            let mut g = parfor::pages::zeros(x.dim());
            g.assign(x);
            g
        };
        Grids {
            a: copy(),
            b: copy(),
        }
    }
}

/// `sweeps` (even) sweeps of `sweep`, starting from `x`: `x` into `b`, then `b` into
/// `a` and back, alternately; the result is in `g.a`. Every call computes the same
/// from `x`, without copying it into the buffers first.
pub fn jacobi(
    x: &Array2<f64>,
    g: &mut Grids,
    sweeps: usize,
    sweep: impl Fn(&Array2<f64>, &mut Array2<f64>),
) {
    assert!(
        sweeps >= 2 && sweeps.is_multiple_of(2),
        "an even number of sweeps"
    );
    sweep(x, &mut g.b);
    for s in 1..sweeps {
        if s % 2 == 1 {
            sweep(&g.b, &mut g.a);
        } else {
            sweep(&g.a, &mut g.b);
        }
    }
}

// --- blur -----------------------------------------------------------------------------

/// The 3x3 box blur with `#[parallel]`, into a fresh array whose border stays zero.
#[parallel]
pub fn blur_par(x: &Array2<f64>) -> Array2<f64> {
    let (n, m) = x.dim();
    let mut out = Array2::zeros(x.dim());
    for i in prange(1..n - 1) {
        for j in 1..m - 1 {
            out[[i, j]] = (x[[i - 1, j - 1]]
                + x[[i - 1, j]]
                + x[[i - 1, j + 1]]
                + x[[i, j - 1]]
                + x[[i, j]]
                + x[[i, j + 1]]
                + x[[i + 1, j - 1]]
                + x[[i + 1, j]]
                + x[[i + 1, j + 1]])
                / 9.0;
        }
    }
    out
}

/// The plain sequential blur.
pub fn blur_seq(x: &Array2<f64>) -> Array2<f64> {
    let (n, m) = x.dim();
    let mut out = Array2::zeros(x.dim());
    for i in 1..n - 1 {
        for j in 1..m - 1 {
            out[[i, j]] = (x[[i - 1, j - 1]]
                + x[[i - 1, j]]
                + x[[i - 1, j + 1]]
                + x[[i, j - 1]]
                + x[[i, j]]
                + x[[i, j + 1]]
                + x[[i + 1, j - 1]]
                + x[[i + 1, j]]
                + x[[i + 1, j + 1]])
                / 9.0;
        }
    }
    out
}

/// Hand-written rayon: one task per interior row of the result, the nine terms read
/// from shifted slices of the three input rows.
pub fn blur_rayon(x: &Array2<f64>) -> Array2<f64> {
    let (n, m) = x.dim();
    let mut out = Array2::zeros(x.dim());
    let x = flat(x);
    flat_mut(&mut out)[m..(n - 1) * m]
        .par_chunks_mut(m)
        .enumerate()
        .for_each(|(k, row)| {
            let (up, rest) = x[k * m..(k + 3) * m].split_at(m);
            let (cur, down) = rest.split_at(m);
            let ((ul, um, ur), (cl, cm, cr), (dl, dm, dr)) = (lmr(up), lmr(cur), lmr(down));
            let terms = ul
                .iter()
                .zip(um)
                .zip(ur)
                .zip(cl)
                .zip(cm)
                .zip(cr)
                .zip(dl)
                .zip(dm)
                .zip(dr);
            for (o, ((((((((a, b), c), d), e), f), g), h), i)) in
                row[1..m - 1].iter_mut().zip(terms)
            {
                *o = (a + b + c + d + e + f + g + h + i) / 9.0;
            }
        });
    out
}

/// The left, middle and right neighbours of the interior of the row `r`.
fn lmr(r: &[f64]) -> (&[f64], &[f64], &[f64]) {
    let m = r.len();
    (&r[..m - 2], &r[1..m - 1], &r[2..])
}

// --- pairwise -------------------------------------------------------------------------

/// Pairwise Euclidean distances with `#[parallel]`: `out[[i, j]]` is the distance
/// between rows `i` and `j` of `x`.
#[parallel]
pub fn pairwise_par(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, dim) = x.dim();
    for i in prange(n) {
        for j in 0..n {
            let mut d = 0.0;
            for k in 0..dim {
                let t = x[[i, k]] - x[[j, k]];
                d += t * t;
            }
            out[[i, j]] = d.sqrt();
        }
    }
}

/// The plain sequential loop.
pub fn pairwise_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, dim) = x.dim();
    for i in 0..n {
        for j in 0..n {
            let mut d = 0.0;
            for k in 0..dim {
                let t = x[[i, k]] - x[[j, k]];
                d += t * t;
            }
            out[[i, j]] = d.sqrt();
        }
    }
}

/// Hand-written rayon: one task per row of `out`, points as row slices, the inner sum
/// over a zip of the two points.
pub fn pairwise_rayon(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, dim) = x.dim();
    let x = flat(x);
    flat_mut(out)
        .par_chunks_mut(n)
        .zip(x.par_chunks(dim))
        .for_each(|(row, xi)| {
            for (o, xj) in row.iter_mut().zip(x.chunks_exact(dim)) {
                let mut d = 0.0;
                for (a, b) in xi.iter().zip(xj) {
                    let t = a - b;
                    d += t * t;
                }
                *o = f64::sqrt(d);
            }
        });
}

// --- pairwise, symmetric --------------------------------------------------------------

/// Pairwise distances filled symmetrically with `#[parallel]`, as Numba users write
/// `d[i, j] = d[j, i] = dist` over `j in range(i + 1, n)`: half the distances of
/// [`pairwise_par`], iteration `i` writing row `i` right of the diagonal and column `i`
/// below it (a triangular window).
#[parallel]
pub fn pairwise_sym_par(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, dim) = x.dim();
    for i in prange(n) {
        out[[i, i]] = 0.0;
        for j in i + 1..n {
            let mut d = 0.0;
            for k in 0..dim {
                let t = x[[i, k]] - x[[j, k]];
                d += t * t;
            }
            let d = d.sqrt();
            out[[i, j]] = d;
            out[[j, i]] = d;
        }
    }
}

/// The plain sequential loop.
pub fn pairwise_sym_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, dim) = x.dim();
    for i in 0..n {
        out[[i, i]] = 0.0;
        for j in i + 1..n {
            let mut d = 0.0;
            for k in 0..dim {
                let t = x[[i, k]] - x[[j, k]];
                d += t * t;
            }
            let d = d.sqrt();
            out[[i, j]] = d;
            out[[j, i]] = d;
        }
    }
}

/// Hand-written rayon for the symmetric matrix: the upper triangle by rows in
/// parallel (row slices), then the lower triangle mirrored from it in parallel over
/// blocks of rows, each reading the columns it mirrors from a shared view of the upper
/// part. (`(a - b)^2 == (b - a)^2` exactly, so this equals [`pairwise_rayon`].)
pub fn pairwise_sym_rayon(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, dim) = x.dim();
    let xs = flat(x);
    flat_mut(out)
        .par_chunks_mut(n)
        .zip(xs.par_chunks(dim))
        .enumerate()
        .for_each(|(i, (row, xi))| {
            row[i] = 0.0;
            for (o, xj) in row[i + 1..]
                .iter_mut()
                .zip(xs[(i + 1) * dim..].chunks_exact(dim))
            {
                let mut d = 0.0;
                for (a, b) in xi.iter().zip(xj) {
                    let t = a - b;
                    d += t * t;
                }
                *o = f64::sqrt(d);
            }
        });
    // Row i's lower part is column i's upper part: copy it from a transposed, read-only
    // snapshot of the upper triangle, rows of the output in parallel.
    let mut upper = Array2::zeros((n, n));
    upper.assign(&out.t());
    flat_mut(out)
        .par_chunks_mut(n)
        .zip(flat(&upper).par_chunks(n))
        .enumerate()
        .for_each(|(i, (row, col))| row[..i].copy_from_slice(&col[..i]));
}

// --- logsumexp ------------------------------------------------------------------------

/// Row-wise log-sum-exp with `#[parallel]`, shifted by the row's maximum.
#[parallel]
pub fn logsumexp_par(x: &Array2<f64>, out: &mut Array1<f64>) {
    let (n, cols) = x.dim();
    for i in prange(n) {
        let mut m = f64::NEG_INFINITY;
        for j in 0..cols {
            m = m.max(x[[i, j]]);
        }
        let mut s = 0.0;
        for j in 0..cols {
            s += (x[[i, j]] - m).exp();
        }
        out[i] = m + s.ln();
    }
}

/// The plain sequential loop.
pub fn logsumexp_seq(x: &Array2<f64>, out: &mut Array1<f64>) {
    let (n, cols) = x.dim();
    for i in 0..n {
        let mut m = f64::NEG_INFINITY;
        for j in 0..cols {
            m = m.max(x[[i, j]]);
        }
        let mut s = 0.0;
        for j in 0..cols {
            s += (x[[i, j]] - m).exp();
        }
        out[i] = m + s.ln();
    }
}

/// The maximum of `row` and the sum of `exp(v - max)` over it, in the sequential loop's
/// order.
fn max_and_exp_sum(row: &[f64]) -> (f64, f64) {
    let m = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let s = row.iter().fold(0.0, |s, &v| s + (v - m).exp());
    (m, s)
}

/// Hand-written rayon: one task per row, folds over the row slice.
pub fn logsumexp_rayon(x: &Array2<f64>, out: &mut Array1<f64>) {
    let cols = x.ncols();
    flat_mut(out)
        .par_iter_mut()
        .zip(flat(x).par_chunks(cols))
        .for_each(|(o, row)| {
            let (m, s) = max_and_exp_sum(row);
            *o = m + s.ln();
        });
}

// --- softmax --------------------------------------------------------------------------

/// Row-wise softmax with `#[parallel]`, into `out`.
#[parallel]
pub fn softmax_par(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, cols) = x.dim();
    for i in prange(n) {
        let mut m = f64::NEG_INFINITY;
        for j in 0..cols {
            m = m.max(x[[i, j]]);
        }
        let mut s = 0.0;
        for j in 0..cols {
            s += (x[[i, j]] - m).exp();
        }
        for j in 0..cols {
            out[[i, j]] = (x[[i, j]] - m).exp() / s;
        }
    }
}

/// The plain sequential loop.
pub fn softmax_seq(x: &Array2<f64>, out: &mut Array2<f64>) {
    let (n, cols) = x.dim();
    for i in 0..n {
        let mut m = f64::NEG_INFINITY;
        for j in 0..cols {
            m = m.max(x[[i, j]]);
        }
        let mut s = 0.0;
        for j in 0..cols {
            s += (x[[i, j]] - m).exp();
        }
        for j in 0..cols {
            out[[i, j]] = (x[[i, j]] - m).exp() / s;
        }
    }
}

/// Hand-written rayon: one task per row, the output row zipped with the input row.
pub fn softmax_rayon(x: &Array2<f64>, out: &mut Array2<f64>) {
    let cols = x.ncols();
    flat_mut(out)
        .par_chunks_mut(cols)
        .zip(flat(x).par_chunks(cols))
        .for_each(|(o, row)| {
            let (m, s) = max_and_exp_sum(row);
            for (o, &v) in o.iter_mut().zip(row) {
                *o = (v - m).exp() / s;
            }
        });
}

// --- the cases ------------------------------------------------------------------------

/// The checksum of an array: the sum of its elements.
pub fn checksum<D: Dimension>(a: &Array<f64, D>) -> f64 {
    a.sum()
}

/// Fills `a` with NaN, so that a variant that writes nothing cannot pass.
fn wipe<D: Dimension>(a: &mut Array<f64, D>) {
    a.fill(f64::NAN);
}

/// The stencil case: x of `n` x `n` (seed 8), `sweeps` sweeps.
pub fn stencil_case(config: &Config, n: usize, sweeps: usize) -> Vec<Record> {
    let nt = config.threads;
    let x = data::matrix(n, n, 8);
    let x = &x;
    // The interiors only: the border is the input's, which no sweep writes.
    let wipe_interiors = |g: &mut Grids| {
        for a in [&mut g.a, &mut g.b] {
            let (n, m) = a.dim();
            a.slice_mut(s![1..n - 1, 1..m - 1]).fill(f64::NAN);
        }
    };
    Case::new(
        &WORKLOAD,
        format!("stencil {n}x{n} x{sweeps}"),
        Grids::new(x),
        |g| checksum(&g.a),
        wipe_interiors,
    )
    .variant(Role::Sequential, "sequential", 1, move |g| {
        jacobi(x, g, sweeps, stencil_seq)
    })
    .variant(Role::Parallel, "#[parallel]", nt, move |g| {
        parfor::with_num_threads(nt, || jacobi(x, g, sweeps, stencil_par))
    })
    .variant(Role::Rayon, "rayon par_chunks_mut", nt, move |g| {
        on_rayon_threads(nt, || jacobi(x, g, sweeps, stencil_rayon))
    })
    .run(config)
}

/// The blur case: x of `n` x `n` (seed 9).
pub fn blur_case(config: &Config, n: usize) -> Vec<Record> {
    let nt = config.threads;
    let x = data::matrix(n, n, 9);
    let x = &x;
    Case::new(
        &WORKLOAD,
        format!("blur3x3 {n}x{n}"),
        Array2::zeros((0, 0)),
        checksum,
        |o| *o = Array2::zeros((0, 0)),
    )
    // Every run allocates its result and frees the previous one's (see
    // `output_per_variant`).
    .output_per_variant()
    .variant(Role::Sequential, "sequential", 1, move |o| *o = blur_seq(x))
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        *o = parfor::with_num_threads(nt, || blur_par(x))
    })
    .variant(Role::Rayon, "rayon par_chunks_mut", nt, move |o| {
        *o = on_rayon_threads(nt, || blur_rayon(x))
    })
    .run(config)
}

/// The pairwise case: `n` points of `dim` dimensions (seed 10).
pub fn pairwise_case(config: &Config, n: usize, dim: usize) -> Vec<Record> {
    let nt = config.threads;
    let x = data::matrix(n, dim, 10);
    let x = &x;
    Case::new(
        &WORKLOAD,
        format!("pairwise {n}x{dim}"),
        parfor::pages::zeros((n, n)),
        checksum,
        wipe,
    )
    .variant(Role::Sequential, "sequential", 1, move |o| {
        pairwise_seq(x, o)
    })
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || pairwise_par(x, o))
    })
    .variant(Role::Rayon, "rayon par_chunks_mut", nt, move |o| {
        on_rayon_threads(nt, || pairwise_rayon(x, o))
    })
    .run(config)
}

/// The symmetric pairwise case: `n` points of `dim` dimensions (seed 10), half the
/// distances of the full case; against rayon over full rows (all `n * n` distances,
/// no writes across rows) and rayon over the upper triangle plus a mirror.
pub fn pairwise_sym_case(config: &Config, n: usize, dim: usize) -> Vec<Record> {
    let nt = config.threads;
    let x = data::matrix(n, dim, 10);
    let x = &x;
    Case::new(
        &WORKLOAD,
        format!("pairwise symmetric {n}x{dim}"),
        parfor::pages::zeros((n, n)),
        checksum,
        wipe,
    )
    .variant(Role::Sequential, "sequential", 1, move |o| {
        pairwise_sym_seq(x, o)
    })
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || pairwise_sym_par(x, o))
    })
    .variant(Role::Rayon, "rayon full rows", nt, move |o| {
        on_rayon_threads(nt, || pairwise_rayon(x, o))
    })
    .variant(Role::Rayon, "rayon upper + mirror", nt, move |o| {
        on_rayon_threads(nt, || pairwise_sym_rayon(x, o))
    })
    .run(config)
}

/// The log-sum-exp case: x of `n` x `cols` (seed 11).
pub fn logsumexp_case(config: &Config, n: usize, cols: usize) -> Vec<Record> {
    let nt = config.threads;
    let x = data::matrix(n, cols, 11);
    let x = &x;
    Case::new(
        &WORKLOAD,
        format!("logsumexp {n}x{cols}"),
        Array1::zeros(n),
        checksum,
        wipe,
    )
    .variant(Role::Sequential, "sequential", 1, move |o| {
        logsumexp_seq(x, o)
    })
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || logsumexp_par(x, o))
    })
    .variant(Role::Rayon, "rayon par_iter_mut", nt, move |o| {
        on_rayon_threads(nt, || logsumexp_rayon(x, o))
    })
    .run(config)
}

/// The softmax case: x of `n` x `cols` (seed 12).
pub fn softmax_case(config: &Config, n: usize, cols: usize) -> Vec<Record> {
    let nt = config.threads;
    let x = data::matrix(n, cols, 12);
    let x = &x;
    Case::new(
        &WORKLOAD,
        format!("softmax {n}x{cols}"),
        parfor::pages::zeros((n, cols)),
        checksum,
        wipe,
    )
    .variant(Role::Sequential, "sequential", 1, move |o| {
        softmax_seq(x, o)
    })
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || softmax_par(x, o))
    })
    .variant(Role::Rayon, "rayon par_chunks_mut", nt, move |o| {
        on_rayon_threads(nt, || softmax_rayon(x, o))
    })
    .run(config)
}

/// Every case.
pub fn cases(config: &Config) -> Vec<Record> {
    let mut records = stencil_case(config, config.size(2_000, 1_000), 20);
    records.extend(blur_case(config, config.size(2_000, 1_000)));
    records.extend(pairwise_case(config, config.size(3_000, 1_000), 16));
    records.extend(pairwise_sym_case(config, config.size(3_000, 1_000), 16));
    records.extend(logsumexp_case(config, config.size(4_000, 1_000), 2_000));
    records.extend(softmax_case(config, config.size(4_000, 1_000), 2_000));
    records
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bitwise equal: the three variants do the same operations in the same order.
    fn same<D: Dimension>(a: &Array<f64, D>, b: &Array<f64, D>, what: &str) {
        assert_eq!(a.shape(), b.shape(), "{what}");
        assert!(
            a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits()),
            "{what}: {a} vs {b}"
        );
    }

    #[test]
    fn the_variants_agree_bitwise_on_non_square_arrays() {
        let x = data::matrix(7, 11, 8);
        let mut g = [Grids::new(&x), Grids::new(&x), Grids::new(&x)];
        jacobi(&x, &mut g[0], 4, stencil_seq);
        jacobi(&x, &mut g[1], 4, stencil_par);
        jacobi(&x, &mut g[2], 4, stencil_rayon);
        for k in 1..3 {
            same(&g[0].a, &g[k].a, "stencil");
            same(&g[0].b, &g[k].b, "stencil");
        }
        assert_eq!(g[0].a.row(0), x.row(0), "the border is the input's");

        same(&blur_seq(&x), &blur_par(&x), "blur");
        same(&blur_seq(&x), &blur_rayon(&x), "blur");
        assert_eq!(blur_seq(&x)[[0, 3]], 0.0);

        let mut out = [(); 3].map(|_| Array2::zeros((7, 7)));
        pairwise_seq(&x, &mut out[0]);
        pairwise_par(&x, &mut out[1]);
        pairwise_rayon(&x, &mut out[2]);
        same(&out[0], &out[1], "pairwise");
        same(&out[0], &out[2], "pairwise");
        let mut sym = [(); 3].map(|_| Array2::from_elem((7, 7), f64::NAN));
        pairwise_sym_seq(&x, &mut sym[0]);
        pairwise_sym_par(&x, &mut sym[1]);
        pairwise_sym_rayon(&x, &mut sym[2]);
        for s in &sym {
            same(&out[0], s, "pairwise symmetric");
        }

        let mut out = [(); 3].map(|_| Array1::zeros(7));
        logsumexp_seq(&x, &mut out[0]);
        logsumexp_par(&x, &mut out[1]);
        logsumexp_rayon(&x, &mut out[2]);
        same(&out[0], &out[1], "logsumexp");
        same(&out[0], &out[2], "logsumexp");

        let mut out = [(); 3].map(|_| Array2::zeros((7, 11)));
        softmax_seq(&x, &mut out[0]);
        softmax_par(&x, &mut out[1]);
        softmax_rayon(&x, &mut out[2]);
        same(&out[0], &out[1], "softmax");
        same(&out[0], &out[2], "softmax");
    }
}
