//! The real-input path of [`fft2`](super::fft2): half the work of the complex one, in
//! two passes over the output and buffers that stay in L2.
//!
//! Two real rows `x₀`, `x₁` are transformed as one complex row `z = x₀ + i·x₁`; since a
//! real row's spectrum is conjugate-symmetric (`X[-k] = conj X[k]`), the two separate as
//! `X₀[k] = (Z[k] + conj Z[-k]) / 2` and `X₁[k] = (Z[k] - conj Z[-k]) / 2i`. Only the
//! first `h = n/2 + 1` columns of the row spectra are kept and transformed down the
//! columns; the 2-D spectrum of real input is conjugate-symmetric too,
//! `X[r][c] = conj X[-r][-c]`, which gives the remaining columns.
//!
//! 1. Rows, [`PAIRS`] row pairs at a time: packed into complex rows, transformed, and
//!    separated straight into the output's rows, pushed in order: each line of the
//!    output is first written while in cache, not zero-filled in a pass of its own.
//! 2. Columns, [`STRIP`] at a time: gathered from the output into contiguous rows,
//!    transformed, and written back together with their mirror images.
//!
//! A 512 × 512 matrix thus streams through its 4 MiB output twice, and through no other
//! full-size buffer: the row-column version with whole-matrix buffers (packed rows, half
//! spectra, their transpose) took 1.45-1.7 ms a matrix here, this one 1.0 ms.

use ndarray::{Array2, ArrayView2};
use num_complex::Complex;
use rustfft::num_traits::Zero;

use super::FftElement;
use super::plan::{STRIP, gather_columns, with_cache};

/// Row pairs transformed per call: 8 pairs of 512 columns are 64 KiB.
const PAIRS: usize = 8;

/// The forward 2-D transform of real `a` (`T::REAL`), `m >= 1` rows, `n >= 2` columns.
pub(super) fn fft2<T: FftElement>(a: ArrayView2<'_, T>) -> Array2<Complex<T::Real>> {
    let (m, n) = a.dim();
    debug_assert!(m >= 1 && n >= 2);
    let h = n / 2 + 1;
    let mut out = Vec::with_capacity(m * n);
    crate::pages::advise(&mut out);
    with_cache::<T::Real, _>(|cache| {
        let mut z = cache.buffer(PAIRS * n);
        for first in (0..m).step_by(2 * PAIRS) {
            let rows = (2 * PAIRS).min(m - first);
            let z = &mut z[..rows.div_ceil(2) * n];
            pack_rows(a, first, rows, z);
            cache.run(n, false, z);
            for (p, zr) in z.chunks_exact(n).enumerate() {
                let second = first + 2 * p + 1 < m;
                push_separated(&mut out, zr, h, second);
            }
        }
        cache.give_back(z);

        let mut strip = cache.buffer(STRIP * m);
        for c0 in (0..h).step_by(STRIP) {
            let width = STRIP.min(h - c0);
            let strip = &mut strip[..width * m];
            gather_columns(&out, n, c0, strip, m);
            if m > 1 {
                cache.run(m, false, strip);
            }
            scatter_mirrored(strip, m, c0, &mut out, n, h);
        }
        cache.give_back(strip);
    });
    Array2::from_shape_vec((m, n), out).expect("m * n elements")
}

/// Rows `first..first + rows` of `a` as complex rows of `z`, two to a row: the even one
/// in the real parts, the odd one (or zero) in the imaginary parts.
fn pack_rows<T: FftElement>(
    a: ArrayView2<'_, T>,
    first: usize,
    rows: usize,
    z: &mut [Complex<T::Real>],
) {
    let n = a.ncols();
    for q in 0..rows {
        let dst = &mut z[(q / 2) * n..(q / 2 + 1) * n];
        let row = a.row(first + q);
        if q % 2 == 0 {
            let zero = T::Real::zero();
            dst.iter_mut()
                .zip(row)
                .for_each(|(d, x)| *d = Complex::new(x.to_complex().re, zero));
        } else {
            dst.iter_mut()
                .zip(row)
                .for_each(|(d, x)| d.im = x.to_complex().re);
        }
    }
}

/// Appends to `out` the row spectra packed in `zr` (the transform of `x₀ + i·x₁`): `X₀`,
/// then `X₁` if `second`, each as its first `h` columns followed by zeros up to `n`
/// (filled in by [`scatter_mirrored`]).
fn push_separated<R: crate::Scalar>(
    out: &mut Vec<Complex<R>>,
    zr: &[Complex<R>],
    h: usize,
    second: bool,
) {
    let n = zr.len();
    let half = R::from_f64(0.5).expect("0.5 is a float");
    let zero = Complex::new(R::zero(), R::zero());
    // (Z[k], conj Z[-k]) for k in 0..h: Z[-k] runs Z[0], Z[n - 1], Z[n - 2], ...
    let pairs = || {
        let mirrored = std::iter::once(&zr[0]).chain(zr[n - h + 1..].iter().rev());
        zr[..h]
            .iter()
            .zip(mirrored)
            .map(|(&zk, zc)| (zk, zc.conj()))
    };
    out.extend(pairs().map(|(zk, zc)| (zk + zc) * half));
    out.resize(out.len() + n - h, zero);
    if second {
        out.extend(pairs().map(|(zk, zc)| {
            let d = (zk - zc) * half;
            Complex::new(d.im, -d.re) // d / i
        }));
        out.resize(out.len() + n - h, zero);
    }
}

/// Writes the transformed columns in `strip` back to columns `c0..` of `out` (`m × n`),
/// and their mirror images `X[-r][-c] = conj X[r][c]` to the columns at or past `h`.
fn scatter_mirrored<R: crate::Scalar>(
    strip: &[Complex<R>],
    m: usize,
    c0: usize,
    out: &mut [Complex<R>],
    n: usize,
    h: usize,
) {
    let width = strip.len() / m;
    for r in 0..m {
        let mirror = (m - r) % m;
        for j in 0..width {
            let (c, x) = (c0 + j, strip[j * m + r]);
            out[r * n + c] = x;
            // Columns 1..=n-h mirror onto n-1..=h, which no strip covers.
            if (1..=n - h).contains(&c) {
                out[mirror * n + n - c] = x.conj();
            }
        }
    }
}
