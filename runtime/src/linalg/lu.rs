//! The Rust route: LU factorisation with partial pivoting, on the stack for small
//! matrices.
//!
//! This is LAPACK's unblocked `?getf2` (pick the largest pivot in the column, swap whole
//! rows, divide the column below by the pivot, rank-one update of the trailing block),
//! written over a row-major buffer so that the update runs along contiguous rows.
//! Matrices up to 48 × 48 are factored in a fixed-size array on the stack, so a loop body
//! calling `det` on a 10 × 10 slice allocates nothing; larger ones (only reached through
//! [`Backend::Rust`](super::Backend::Rust), benchmarks and tests) use a `Vec`.

use ndarray::ArrayView2;

use crate::Scalar;

/// What the factorisation found.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Factored {
    /// An odd number of row swaps happened (the determinant changes sign).
    pub(crate) odd_swaps: bool,
    /// The first column whose pivot was exactly zero (the matrix is singular).
    pub(crate) zero_pivot: Option<usize>,
}

/// Runs `f` with a zeroed `n * n` buffer and an `n` pivot buffer, on the stack when
/// `n <= 48` (18 KiB for `f64`).
pub(crate) fn with_workspace<A: Scalar, R>(
    n: usize,
    f: impl FnOnce(&mut [A], &mut [usize]) -> R,
) -> R {
    match n {
        0..=4 => on_stack::<A, R, 16, 4>(n, f),
        5..=8 => on_stack::<A, R, 64, 8>(n, f),
        9..=16 => on_stack::<A, R, 256, 16>(n, f),
        17..=32 => on_stack::<A, R, 1024, 32>(n, f),
        33..=48 => on_stack::<A, R, 2304, 48>(n, f),
        _ => f(&mut vec![A::zero(); n * n], &mut vec![0; n]),
    }
}

fn on_stack<A: Scalar, R, const NN: usize, const N: usize>(
    n: usize,
    f: impl FnOnce(&mut [A], &mut [usize]) -> R,
) -> R {
    let mut a = [A::zero(); NN];
    let mut piv = [0_usize; N];
    f(&mut a[..n * n], &mut piv[..n])
}

/// Copies `src` into `dst` in row-major order (`dst.len() == src.len()`).
pub(crate) fn copy_row_major<A: Copy>(dst: &mut [A], src: &ArrayView2<'_, A>) {
    match src.as_slice() {
        Some(s) => dst.copy_from_slice(s),
        None => dst.iter_mut().zip(src.iter()).for_each(|(d, s)| *d = *s),
    }
}

/// Factors the `n × n` row-major matrix in `a` in place: afterwards the strict lower
/// triangle holds L (unit diagonal implied) and the upper triangle U, and row `i` was
/// swapped with row `piv[i] >= i` at step `i`.
///
/// A column whose candidates are all zero is skipped (the matrix is singular), as LAPACK
/// does. A NaN candidate is preferred as pivot, so a NaN entry reaches U's diagonal.
pub(crate) fn factor<A: Scalar>(a: &mut [A], n: usize, piv: &mut [usize]) -> Factored {
    debug_assert!(a.len() == n * n && piv.len() == n);
    let mut odd_swaps = false;
    let mut zero_pivot = None;
    for i in 0..n {
        let mut p = i;
        let mut best = a[i * n + i].abs();
        for k in i + 1..n {
            let v = a[k * n + i].abs();
            if v > best || (v.is_nan() && !best.is_nan()) {
                p = k;
                best = v;
            }
        }
        piv[i] = p;
        if p != i {
            let (upper, lower) = a.split_at_mut(p * n);
            upper[i * n..(i + 1) * n].swap_with_slice(&mut lower[..n]);
            odd_swaps = !odd_swaps;
        }
        let d = a[i * n + i];
        if d == A::zero() {
            zero_pivot.get_or_insert(i);
            continue;
        }
        let (done, below) = a.split_at_mut((i + 1) * n);
        let pivot_row = &done[i * n + i + 1..];
        for row in below.chunks_exact_mut(n) {
            let l = row[i] / d;
            row[i] = l;
            for (x, &u) in row[i + 1..].iter_mut().zip(pivot_row) {
                *x = *x - l * u;
            }
        }
    }
    Factored {
        odd_swaps,
        zero_pivot,
    }
}

/// The determinant from a factorisation: the product of U's diagonal, signed by the
/// swaps (LAPACK's convention, and NumPy's).
pub(crate) fn det_of<A: Scalar>(lu: &[A], n: usize, f: Factored) -> A {
    let d = (0..n).fold(A::one(), |acc, i| acc * lu[i * n + i]);
    if f.odd_swaps { -d } else { d }
}

/// `(sign, ln|det|)` from a factorisation; `(0, -inf)` when a pivot is zero.
pub(crate) fn slogdet_of<A: Scalar>(lu: &[A], n: usize, f: Factored) -> (A, A) {
    let mut sign = if f.odd_swaps { -A::one() } else { A::one() };
    let mut log = A::zero();
    for i in 0..n {
        let d = lu[i * n + i];
        sign = sign * d.signum();
        log = log + d.abs().ln();
    }
    if f.zero_pivot.is_some() && !sign.is_nan() {
        return (A::zero(), A::neg_infinity());
    }
    (sign, log)
}

/// Overwrites the `n × k` row-major right-hand sides in `b` with the solution of
/// `A X = B`, given `A`'s factorisation (which must have no zero pivot).
pub(crate) fn solve_in_place<A: Scalar>(lu: &[A], n: usize, piv: &[usize], b: &mut [A], k: usize) {
    debug_assert!(b.len() == n * k);
    if k == 0 {
        return;
    }
    for (i, &p) in piv.iter().enumerate() {
        if p != i {
            let (upper, lower) = b.split_at_mut(p * k);
            upper[i * k..(i + 1) * k].swap_with_slice(&mut lower[..k]);
        }
    }
    // Forward: L Y = P B, L unit lower triangular; row i -= L[i][j] * row j, j < i.
    for i in 1..n {
        let (done, rest) = b.split_at_mut(i * k);
        let row = &mut rest[..k];
        for (j, prev) in done.chunks_exact(k).enumerate() {
            let l = lu[i * n + j];
            row.iter_mut().zip(prev).for_each(|(x, &y)| *x = *x - l * y);
        }
    }
    // Backward: U X = Y.
    for i in (0..n).rev() {
        let (head, tail) = b.split_at_mut((i + 1) * k);
        let row = &mut head[i * k..];
        for (j, next) in tail.chunks_exact(k).enumerate() {
            let u = lu[i * n + i + 1 + j];
            row.iter_mut().zip(next).for_each(|(x, &y)| *x = *x - u * y);
        }
        let d = lu[i * n + i];
        row.iter_mut().for_each(|x| *x = *x / d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn factors_with_pivoting() {
        // [[0, 1], [2, 3]]: the zero forces a swap.
        let mut a = [0.0, 1.0, 2.0, 3.0];
        let mut piv = [0; 2];
        let f = factor(&mut a, 2, &mut piv);
        assert_eq!(piv, [1, 1]);
        assert!(f.odd_swaps && f.zero_pivot.is_none());
        assert_eq!(a, [2.0, 3.0, 0.0, 1.0]);
        assert_eq!(det_of(&a, 2, f), -2.0);
        assert_eq!(slogdet_of(&a, 2, f), (-1.0, 2.0_f64.ln()));
        let mut b = [1.0, 5.0]; // x = [1, 1]
        solve_in_place(&a, 2, &piv, &mut b, 1);
        assert_eq!(b, [1.0, 1.0]);
    }

    #[test]
    fn zero_column_is_skipped() {
        let mut a = [0.0_f32, 1.0, 0.0, 1.0];
        let mut piv = [0; 2];
        let f = factor(&mut a, 2, &mut piv);
        assert_eq!(f.zero_pivot, Some(0));
        assert_eq!(det_of(&a, 2, f), 0.0);
        assert_eq!(slogdet_of(&a, 2, f), (0.0, f32::NEG_INFINITY));
    }

    #[test]
    fn workspace_tiers() {
        for n in [0, 1, 4, 5, 9, 17, 32, 33, 48, 49] {
            with_workspace::<f64, _>(n, |a, piv| {
                assert_eq!((a.len(), piv.len()), (n * n, n));
                assert!(a.iter().all(|&x| x == 0.0));
            });
        }
    }
}
