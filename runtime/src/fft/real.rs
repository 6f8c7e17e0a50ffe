//! The real-input path of [`fft2`](super::fft2): half the work of the complex one.
//!
//! Two real rows `x₀`, `x₁` are transformed as one complex row `z = x₀ + i·x₁`; since a
//! real row's spectrum is conjugate-symmetric (`X[-k] = conj X[k]`), the two separate as
//! `X₀[k] = (Z[k] + conj Z[-k]) / 2` and `X₁[k] = (Z[k] - conj Z[-k]) / 2i`. Only the
//! first `h = n/2 + 1` columns of the row spectra are kept and transformed down the
//! columns; the 2-D spectrum of real input is conjugate-symmetric too,
//! `X[r][c] = conj X[-r][-c]`, which gives the remaining columns.

use ndarray::{Array2, ArrayView2};
use num_complex::Complex;
use rustfft::num_traits::{FromPrimitive, Zero};

use super::FftElement;
use super::plan::{transpose, transpose_into, with_cache};

/// The forward 2-D transform of real `a` (`T::REAL`), `n >= 2` columns.
pub(super) fn fft2<T: FftElement>(a: ArrayView2<'_, T>) -> Array2<Complex<T::Real>> {
    let (m, n) = a.dim();
    debug_assert!(n >= 2);
    let zero = Complex::new(T::Real::zero(), T::Real::zero());
    let half = T::Real::from_f64(0.5).expect("0.5 is a float");
    let h = n / 2 + 1;
    let pairs = m.div_ceil(2);
    let mut out = Array2::from_elem((m, n), zero);
    let o = out.as_slice_mut().expect("fresh array is contiguous");
    with_cache::<T::Real, _>(|cache| {
        // Row pairs as complex rows.
        let mut z = cache.buffer(pairs * n);
        for (r, row) in a.rows().into_iter().enumerate() {
            let dst = &mut z[(r / 2) * n..(r / 2 + 1) * n];
            if r % 2 == 0 {
                dst.iter_mut()
                    .zip(row)
                    .for_each(|(d, x)| d.re = x.to_complex().re);
            } else {
                dst.iter_mut()
                    .zip(row)
                    .for_each(|(d, x)| d.im = x.to_complex().re);
            }
        }
        cache.run(n, false, &mut z);
        // Separate the pairs into the half spectra, m × h.
        let mut spectra = cache.buffer(m * h);
        for (p, zr) in z.chunks_exact(n).enumerate() {
            let (r0, r1) = (2 * p, 2 * p + 1);
            for k in 0..h {
                let (zk, zc) = (zr[k], zr[(n - k) % n].conj());
                spectra[r0 * h + k] = (zk + zc) * half;
                if r1 < m {
                    let d = (zk - zc) * half;
                    spectra[r1 * h + k] = Complex::new(d.im, -d.re); // d / i
                }
            }
        }
        if m > 1 {
            // Down the h columns, then into the first h columns of the output.
            let mut columns = cache.buffer(h * m);
            transpose(&spectra, &mut columns, m, h);
            cache.run(m, false, &mut columns);
            transpose_into(&columns, h, m, o, n);
            cache.give_back(columns);
        } else {
            o[..h].copy_from_slice(&spectra[..h]);
        }
        cache.give_back(spectra);
        cache.give_back(z);
    });
    // The other columns by symmetry: X[r][c] = conj X[(m - r) % m][n - c], n - c < h.
    for r in 0..m {
        let mirror = (m - r) % m;
        for c in h..n {
            o[r * n + c] = o[mirror * n + n - c].conj();
        }
    }
    out
}
