//! The real-input path of [`fft2`](super::fft2): half the work of the complex one, in
//! buffers that stay in cache, and one pass over the output.
//!
//! Two real rows `x₀`, `x₁` are transformed as one complex row `z = x₀ + i·x₁`; since a
//! real row's spectrum is conjugate-symmetric (`X[-k] = conj X[k]`), the two separate as
//! `X₀[k] = (Z[k] + conj Z[-k]) / 2` and `X₁[k] = (Z[k] - conj Z[-k]) / 2i`. Only the
//! first `h = n/2 + 1` columns of the row spectra are kept and transformed down the
//! columns; the 2-D spectrum of real input is conjugate-symmetric too,
//! `X[r][c] = conj X[-r][-c]`, which gives the remaining columns.
//!
//! 1. Rows, [`PAIRS`] row pairs at a time: packed into complex rows, transformed, and
//!    separated into the half spectra, an `m × h` buffer the thread keeps between calls.
//! 2. Columns, [`STRIP`] at a time: gathered from the half spectra into contiguous rows,
//!    transformed, and written back.
//! 3. The output, row by row, written once: each row's `h` columns, then the mirror
//!    images of row `-r`'s.
//!
//! The column pass thus works in a 2 MiB buffer that stays in cache from one matrix to
//! the next (512 × 512), and the fresh 4 MiB output is written once, in order, which is
//! faster than transforming in the output itself (`benches/README.md`).

use ndarray::{Array2, ArrayView2};
use num_complex::Complex;
use rustfft::num_traits::Zero;

use super::element::FftElement;
use super::plan::{STRIP, gather_columns, scatter_columns, with_cache};

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
        // The half spectra, m × h: the columns are transformed here, in a buffer the
        // thread reuses (it stays in cache), not in the fresh output.
        let mut half = cache.overwritten_buffer(m * h);
        let mut z = cache.buffer(PAIRS * n);
        for first in (0..m).step_by(2 * PAIRS) {
            let rows = (2 * PAIRS).min(m - first);
            let z = &mut z[..rows.div_ceil(2) * n];
            pack_rows(a, first, rows, z);
            cache.run(n, false, z);
            for (p, zr) in z.chunks_exact(n).enumerate() {
                let r = first + 2 * p;
                let rows = if r + 1 < m { 2 } else { 1 };
                separate(zr, h, &mut half[r * h..(r + rows) * h]);
            }
        }
        cache.give_back(z);

        let mut strip = cache.buffer(STRIP * m);
        for c0 in (0..h).step_by(STRIP) {
            let width = STRIP.min(h - c0);
            let strip = &mut strip[..width * m];
            gather_columns(&half, h, c0, strip, m);
            if m > 1 {
                cache.run(m, false, strip);
            }
            scatter_columns(strip, m, c0, &mut half, h);
        }
        cache.give_back(strip);

        // The output, written once, row by row: `X[r][c]` for `c < h`, and
        // `conj X[-r][-c]` past it (`-c` is `n - c`, below `h`).
        for r in 0..m {
            out.extend_from_slice(&half[r * h..(r + 1) * h]);
            let mirror = &half[(m - r) % m * h..][..h];
            out.extend(mirror[1..=n - h].iter().rev().map(|x| x.conj()));
        }
        cache.give_back(half);
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

/// Separates the row spectra packed in `zr` (the transform of `x₀ + i·x₁`) into the
/// first `h` columns of `X₀`, then of `X₁` if `dst` holds two rows of `h`.
fn separate<R: crate::scalar::Scalar>(zr: &[Complex<R>], h: usize, dst: &mut [Complex<R>]) {
    let n = zr.len();
    let half = R::from_f64(0.5).expect("0.5 is a float");
    // (Z[k], conj Z[-k]) for k in 0..h: Z[-k] runs Z[0], Z[n - 1], Z[n - 2], ...
    let pairs = || {
        let mirrored = std::iter::once(&zr[0]).chain(zr[n - h + 1..].iter().rev());
        zr[..h]
            .iter()
            .zip(mirrored)
            .map(|(&zk, zc)| (zk, zc.conj()))
    };
    let (x0, x1) = dst.split_at_mut(h);
    for (d, (zk, zc)) in x0.iter_mut().zip(pairs()) {
        *d = (zk + zc) * half;
    }
    for (d, (zk, zc)) in x1.iter_mut().zip(pairs()) {
        let v = (zk - zc) * half;
        *d = Complex::new(v.im, -v.re); // v / i
    }
}
