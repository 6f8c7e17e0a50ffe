//! The FFT method: the full correlation is the convolution of `a` with the kernel rotated
//! by 180°, which is a pointwise product of spectra.
//!
//! Both inputs are zero-padded to `P × Q` (lengths with factors 2, 3, 5, 7 only, which
//! rustfft transforms fastest), long enough that the circular wrap-around misses the
//! part of the result the mode keeps: `valid` mode, which keeps only the middle, needs
//! less padding than `full`. For real inputs one complex transform carries both: with
//! `z = a + i·k`, `A = (Z[f] + conj Z[-f]) / 2` and `K = (Z[f] - conj Z[-f]) / 2i`, so
//! the whole correlation costs two transforms instead of three.

use ndarray::{Array2, ArrayView2};
use num_complex::Complex;

use super::geometry::Geometry;
use crate::fft::{fast_len, fft2_in_place};
use crate::scalar::Scalar;

/// The padded transform shape `P × Q` for geometry `g`.
pub(crate) fn padded_shape(g: &Geometry) -> (usize, usize) {
    let ((m1, n1), (m2, n2)) = (g.a, g.w);
    (
        padded(g.out.0, g.shift.0, m1, m2).0,
        padded(g.out.1, g.shift.1, n1, n2).0,
    )
}

/// The padded transform size on one axis, and the offset of the kept part in the full
/// result.
fn padded(out: usize, shift: isize, m1: usize, m2: usize) -> (usize, usize) {
    let offset = (shift + m2 as isize - 1) as usize;
    let full = m1 + m2 - 1;
    // Kept indices [offset, offset + out) must not receive wrapped-around terms: the
    // length must exceed the last kept index, and full - 1 - offset.
    (fast_len((offset + out).max(full - offset)), offset)
}

/// The 180°-rotated kernel placed in the top-left corner of a `p × q` buffer, through
/// `add`. A kernel longer than the buffer (`same` mode with a kernel larger than `a`
/// keeps so little of the result that the buffer can be shorter) wraps around: the
/// circular convolution of the wrapped kernel is the linear one wrapped the same way.
fn place_rotated<T: Copy>(
    w: &ArrayView2<'_, T>,
    (p, q): (usize, usize),
    mut add: impl FnMut(usize, T),
) {
    let (m2, n2) = w.dim();
    for ((k, l), &x) in w.indexed_iter() {
        add((m2 - 1 - k) % p * q + (n2 - 1 - l) % q, x);
    }
}

/// The FFT correlation of real inputs, with two transforms.
pub(crate) fn correlate_real<R: Scalar>(
    a: &ArrayView2<'_, R>,
    w: &ArrayView2<'_, R>,
    g: &Geometry,
) -> Array2<R> {
    let ((m1, n1), (m2, n2)) = (g.a, g.w);
    let (p, off_r) = padded(g.out.0, g.shift.0, m1, m2);
    let (q, off_c) = padded(g.out.1, g.shift.1, n1, n2);
    let mut z = vec![Complex::new(R::zero(), R::zero()); p * q];
    for ((i, j), &x) in a.indexed_iter() {
        z[i * q + j].re = x;
    }
    place_rotated(w, (p, q), |at, x| z[at].im = z[at].im + x);
    fft2_in_place(&mut z, p, q, false);
    // Spectrum of the product: (Z[f]² - conj(Z[-f])²) / 4i. It is Hermitian, so each
    // pair (f, -f) is computed once and written to both places.
    let quarter = R::from_f64(0.25).expect("0.25 is a float");
    for f1 in 0..p {
        let g1 = (p - f1) % p;
        for f2 in 0..q {
            let g2 = (q - f2) % q;
            let (i, j) = (f1 * q + f2, g1 * q + g2);
            if j < i {
                continue;
            }
            let zf = z[i];
            let zg = z[j].conj();
            // (zf² - zg²) / 4i = -i (zf² - zg²) / 4
            let d = (zf * zf - zg * zg) * quarter;
            let c = Complex::new(d.im, -d.re);
            z[i] = c;
            z[j] = c.conj();
        }
    }
    fft2_in_place(&mut z, p, q, true);
    let scale = R::one() / R::from_usize(p * q).expect("size fits a float");
    Array2::from_shape_fn(g.out, |(r, c)| z[(r + off_r) * q + c + off_c].re * scale)
}

/// The FFT correlation of complex inputs, with three transforms.
pub(crate) fn correlate_complex<R: Scalar>(
    a: &ArrayView2<'_, Complex<R>>,
    w: &ArrayView2<'_, Complex<R>>,
    g: &Geometry,
) -> Array2<Complex<R>> {
    let ((m1, n1), (m2, n2)) = (g.a, g.w);
    let (p, off_r) = padded(g.out.0, g.shift.0, m1, m2);
    let (q, off_c) = padded(g.out.1, g.shift.1, n1, n2);
    let zero = Complex::new(R::zero(), R::zero());
    let mut x = vec![zero; p * q];
    for ((i, j), &v) in a.indexed_iter() {
        x[i * q + j] = v;
    }
    let mut k = vec![zero; p * q];
    place_rotated(w, (p, q), |at, v| k[at] = k[at] + v);
    fft2_in_place(&mut x, p, q, false);
    fft2_in_place(&mut k, p, q, false);
    x.iter_mut().zip(&k).for_each(|(x, k)| *x = *x * k);
    fft2_in_place(&mut x, p, q, true);
    let scale = R::one() / R::from_usize(p * q).expect("size fits a float");
    Array2::from_shape_fn(g.out, |(r, c)| x[(r + off_r) * q + c + off_c] * scale)
}
