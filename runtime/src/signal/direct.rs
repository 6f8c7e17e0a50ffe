//! The direct method: every product, summed in the element type.
//!
//! The output is computed in blocks of consecutive elements of a row, each
//! block's sums held in a small array (registers, once vectorised) while the kernel
//! taps stream past: per tap one broadcast weight and one contiguous load of `BLOCK`
//! input elements, and no store until the block is done. Rows of `a` are copied into a
//! zero-padded buffer so that a block whose elements see different numbers of taps (near
//! the edges) reads padding instead of testing bounds; each block still only visits the
//! taps that reach `a` for at least one of its elements, and kernel rows that miss `a`
//! entirely are skipped.
//!
//! SciPy's C code multiplies the zero fill outside `a` by the kernel too, so a NaN or an
//! infinite weight makes NaN of every output whose window sticks out over it (`0 · inf`).
//! The padding here reproduces that for the taps a block visits; [`poison`] completes it
//! for the taps it skips.

use ndarray::{Array2, ArrayView2};

use super::element::sealed::Element;
use super::geometry::Geometry;

/// `out[r][c] = Σ a[r + sr + k][c + sc + l] · w[k][l]` (see [`Geometry`]).
///
/// The block is 16 elements (8 for `Complex<f64>`): for `f64`, with SSE2's sixteen
/// 16-byte registers, that is eight independent addition chains, enough to hide the
/// adds' latency, with room left for the loads; 32 elements spill the sums to memory
/// (measurements: `benches/README.md`).
pub(crate) fn correlate<T: Element>(
    a: &ArrayView2<'_, T>,
    w: &ArrayView2<'_, T>,
    g: &Geometry,
) -> Array2<T> {
    if std::mem::size_of::<T>() <= 8 {
        correlate_blocked::<T, 16>(a, w, g)
    } else {
        correlate_blocked::<T, 8>(a, w, g)
    }
}

fn correlate_blocked<T: Element, const BLOCK: usize>(
    a: &ArrayView2<'_, T>,
    w: &ArrayView2<'_, T>,
    g: &Geometry,
) -> Array2<T> {
    let mut out = Array2::from_elem(g.out, T::ZERO);
    let (m1, n1) = g.a;
    let (m2, n2) = g.w;
    let (rows, cols) = g.out;
    if m1 * n1 == 0 || m2 * n2 == 0 || rows * cols == 0 {
        poison(&mut out, w.view(), g);
        return out;
    }
    // Row i of `a` starts at padded[i * stride + pad]; blocks read at most BLOCK - 1
    // elements before a row's start and 2 * BLOCK - 1 after its end.
    let pad = BLOCK;
    let stride = n1 + 3 * BLOCK;
    let mut padded = vec![T::ZERO; m1 * stride];
    for (i, row) in a.rows().into_iter().enumerate() {
        let dst = &mut padded[i * stride + pad..i * stride + pad + n1];
        dst.iter_mut().zip(row).for_each(|(d, &x)| *d = x);
    }
    let w = w.as_standard_layout();
    let w = w.as_slice().expect("standard layout");
    let (sr, sc) = g.shift;
    for (r, mut out_row) in out.rows_mut().into_iter().enumerate() {
        for c0 in (0..cols).step_by(BLOCK) {
            let c1 = (c0 + BLOCK).min(cols);
            // Taps reaching `a` for some c in c0..c1 (both ends shrink as c grows).
            let lo = Geometry::taps(c1 - 1, sc, n2, n1).start;
            let hi = Geometry::taps(c0, sc, n2, n1).end;
            let mut acc = [T::ZERO; BLOCK];
            for k in Geometry::taps(r, sr, m2, m1) {
                let ar = (r as isize + sr + k as isize) as usize;
                let a_row = &padded[ar * stride..(ar + 1) * stride];
                for l in lo..hi {
                    let wl = w[k * n2 + l];
                    let at = (pad as isize + c0 as isize + sc + l as isize) as usize;
                    let x: &[T; BLOCK] = a_row[at..at + BLOCK].try_into().expect("BLOCK long");
                    for (s, &x) in acc.iter_mut().zip(x) {
                        *s = T::mul_acc(*s, x, wl);
                    }
                }
            }
            for (o, &s) in out_row.slice_mut(ndarray::s![c0..c1]).iter_mut().zip(&acc) {
                *o = s;
            }
        }
    }
    poison(&mut out, w_view(w, g), g);
    out
}

fn w_view<'a, T>(w: &'a [T], g: &Geometry) -> ArrayView2<'a, T> {
    ArrayView2::from_shape(g.w, w).expect("kernel shape")
}

/// Makes NaN of every output with a non-finite weight over the zero fill, as SciPy's
/// `0 · inf` and `0 · NaN` do.
fn poison<T: Element>(out: &mut Array2<T>, w: ArrayView2<'_, T>, g: &Geometry) {
    let (m1, n1) = g.a;
    let (sr, sc) = g.shift;
    for ((k, l), &x) in w.indexed_iter() {
        if x.is_finite() {
            continue;
        }
        let k_rows = |r: usize| Geometry::taps(r, sr, g.w.0, m1).contains(&k);
        let l_cols = |c: usize| Geometry::taps(c, sc, g.w.1, n1).contains(&l);
        for ((r, c), o) in out.indexed_iter_mut() {
            if !(k_rows(r) && l_cols(c)) {
                *o = T::nan();
            }
        }
    }
}
