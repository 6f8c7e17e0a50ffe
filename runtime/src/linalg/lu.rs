//! The Rust route: LU factorisation with partial pivoting, on the stack for small
//! matrices.
//!
//! This is LAPACK's unblocked `?getf2` (pick the largest pivot in the column, swap whole
//! rows, scale the column below by the pivot's reciprocal (dividing when the reciprocal
//! would overflow), rank-one update of the trailing block),
//! written over a row-major buffer so that the update runs along contiguous rows.
//! Matrices up to 48 × 48 are factored in a fixed-size array on the stack, so a loop body
//! calling `det` on a 10 × 10 slice allocates nothing; larger ones (only reached through
//! [`Backend::Rust`](super::Backend::Rust), benchmarks and tests) use a `Vec`.
//!
//! `det` and `slogdet` of matrices up to [`FIXED_MAX`] × [`FIXED_MAX`] copy the matrix
//! into a stack array of exactly its size ([`with_small_lu`]): with the size a const
//! generic, reading a strided view (a slice `t[:, :, k]` of a tensor) is one load per
//! element with constant offsets, and there is no larger buffer to clear.
//!
//! [`factor`] chooses the pivot without branches ([`pivot_key`]): which row holds the
//! largest entry of a column is a coin toss for random matrices, and mispredicted
//! branches would cost a small factorisation a large share of its time. It scales by the
//! pivot's reciprocal, as LAPACK does. (The alternatives measured: `benches/README.md`.)

use std::hint::select_unpredictable;

use ndarray::ArrayView2;

use crate::scalar::Scalar;

/// What the factorisation found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
///
/// A strided view is copied row by row, which is faster per element than ndarray's
/// two-dimensional iterator.
pub(crate) fn copy_row_major<A: Copy>(dst: &mut [A], src: &ArrayView2<'_, A>) {
    match src.as_slice() {
        Some(s) => dst.copy_from_slice(s),
        None => {
            let rows = dst.chunks_exact_mut(src.ncols().max(1));
            for (d, row) in rows.zip(src.rows()) {
                d.iter_mut().zip(row).for_each(|(d, s)| *d = *s);
            }
        }
    }
}

/// The key by which the pivot is chosen: `|x|`'s bit pattern as an integer (through `f64`,
/// which holds every `f32` exactly).
///
/// For non-negative floats the integer order of the bit patterns is the numeric order, and
/// every NaN is above infinity. So the candidate with the largest key is the one with the
/// largest magnitude, as LAPACK's `i?amax` picks, except that a NaN wins (so that it
/// reaches U's diagonal and the determinant); among equal keys the first row wins. Integer
/// comparisons let [`select_unpredictable`] become conditional moves.
#[inline(always)]
fn pivot_key<A: Scalar>(x: A) -> u64 {
    x.abs().to_f64().unwrap_or(f64::NAN).to_bits()
}

/// Factors the `n × n` row-major matrix in `a` in place: afterwards the strict lower
/// triangle holds L (unit diagonal implied) and the upper triangle U, and row `i` was
/// swapped with row `piv[i] >= i` at step `i`.
///
/// A column whose candidates are all zero is skipped (the matrix is singular), as LAPACK
/// does. The pivot is the candidate with the largest [`pivot_key`]: the largest magnitude,
/// the first row among equals, and a NaN candidate before any number, so a NaN entry
/// reaches U's diagonal.
pub(crate) fn factor<A: Scalar>(a: &mut [A], n: usize, piv: &mut [usize]) -> Factored {
    debug_assert!(a.len() == n * n && piv.len() == n);
    let mut odd_swaps = false;
    let mut zero_pivot = None;
    for i in 0..n {
        let mut p = i;
        let mut best = pivot_key(a[i * n + i]);
        for k in i + 1..n {
            let v = pivot_key(a[k * n + i]);
            p = select_unpredictable(v > best, k, p);
            best = best.max(v);
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
        // As LAPACK's getf2: scale by the reciprocal when it cannot overflow (divisions
        // are several times slower and sit on the factorisation's critical path).
        let scale = (d.abs() >= A::min_positive_value()).then(|| A::one() / d);
        for row in below.chunks_exact_mut(n) {
            let l = match scale {
                Some(r) => row[i] * r,
                None => row[i] / d,
            };
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

/// U's diagonal in an `n × n` row-major factorisation.
pub(crate) fn diagonal<A: Copy>(lu: &[A], n: usize) -> impl Iterator<Item = A> + '_ {
    (0..n).map(move |i| lu[i * n + i])
}

/// The determinant from a factorisation's diagonal: the product of U's diagonal, signed by
/// the swaps (LAPACK's convention, and NumPy's); `+0.0` for a singular matrix, as NumPy
/// gives (it computes `sign * exp(logdet)` with `sign = 0`), where the product would
/// carry the sign of the other pivots.
pub(crate) fn det_of<A: Scalar>(diagonal: impl IntoIterator<Item = A>, f: Factored) -> A {
    let d = diagonal.into_iter().fold(A::one(), |acc, d| acc * d);
    let d = if f.odd_swaps { -d } else { d };
    if f.zero_pivot.is_some() && !d.is_nan() {
        return A::zero();
    }
    d
}

/// `(sign, ln|det|)` from a factorisation's diagonal; `(0, -inf)` when a pivot is zero.
pub(crate) fn slogdet_of<A: Scalar>(diagonal: impl IntoIterator<Item = A>, f: Factored) -> (A, A) {
    let mut sign = if f.odd_swaps { -A::one() } else { A::one() };
    let mut log = A::zero();
    for d in diagonal {
        sign = sign * d.signum();
        log = log + d.abs().ln();
    }
    if f.zero_pivot.is_some() && !sign.is_nan() {
        return (A::zero(), A::neg_infinity());
    }
    (sign, log)
}

/// The largest `n` for which [`with_small_lu`] has an exact-size stack array.
pub(crate) const FIXED_MAX: usize = 16;

/// Factors the `n × n` matrix `a` (`1 <= n <=` [`FIXED_MAX`]) in a stack array of exactly
/// its size and hands `f` U's diagonal and what the factorisation found; `None` for other
/// sizes.
///
/// The result is that of [`copy_row_major`] and [`factor`] followed by [`diagonal`], bit
/// for bit: only the copy differs.
pub(crate) fn with_small_lu<A: Scalar, R>(
    a: &ArrayView2<'_, A>,
    f: impl FnOnce(&[A], Factored) -> R,
) -> Option<R> {
    macro_rules! sizes {
        ($($n:literal)*) => {
            match a.nrows() {
                $($n => Some(small_lu::<A, R, $n>(a, f)),)*
                _ => None,
            }
        };
    }
    sizes!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
}

/// [`with_small_lu`] for one size `N`.
fn small_lu<A: Scalar, R, const N: usize>(
    a: &ArrayView2<'_, A>,
    f: impl FnOnce(&[A], Factored) -> R,
) -> R {
    debug_assert!(a.dim() == (N, N) && N <= FIXED_MAX);
    let mut m = [[A::zero(); N]; N];
    // Indexing with constant bounds compiles to one load per element, where a strided
    // view's iterators keep index bookkeeping. (Even for a contiguous view: a `memcpy`
    // into `m` measured slower, at 10 × 10.)
    for (r, row) in m.iter_mut().enumerate() {
        for (c, x) in row.iter_mut().enumerate() {
            *x = a[[r, c]];
        }
    }
    let mut piv = [0; N];
    let found = factor(m.as_flattened_mut(), N, &mut piv);
    let diagonal: [A; N] = std::array::from_fn(|i| m[i][i]);
    f(&diagonal, found)
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
    use ndarray::{Array2, Array3, Axis, s};

    use super::*;
    use crate::linalg::test_rng::Lcg;

    #[test]
    fn factors_with_pivoting() {
        // [[0, 1], [2, 3]]: the zero forces a swap.
        let mut a = [0.0, 1.0, 2.0, 3.0];
        let mut piv = [0; 2];
        let f = factor(&mut a, 2, &mut piv);
        assert_eq!(piv, [1, 1]);
        assert!(f.odd_swaps && f.zero_pivot.is_none());
        assert_eq!(a, [2.0, 3.0, 0.0, 1.0]);
        assert_eq!(det_of(diagonal(&a, 2), f), -2.0);
        assert_eq!(slogdet_of(diagonal(&a, 2), f), (-1.0, 2.0_f64.ln()));
        let mut b = [1.0, 5.0]; // x = [1, 1]
        solve_in_place(&a, 2, &piv, &mut b, 1);
        assert_eq!(b, [1.0, 1.0]);
    }

    /// `factor`'s pivot choice is the serial scan's: the first row with the largest
    /// magnitude (NaN counting as the largest), also with many ties and zero columns.
    #[test]
    fn pivots_are_the_first_largest() {
        fn serial(a: &[f64], n: usize, i: usize) -> usize {
            let mut p = i;
            for k in i + 1..n {
                if pivot_key(a[k * n + i]) > pivot_key(a[p * n + i]) {
                    p = k;
                }
            }
            p
        }
        let mut rng = Lcg(7);
        for n in 1..=13 {
            for trial in 0..200 {
                let m = rng.matrix(n, trial % 2 == 0);
                let mut a: Vec<f64> = m.iter().copied().collect();
                if trial % 7 == 3 {
                    a[(trial * 5) % (n * n)] = f64::NAN;
                }
                if trial % 5 == 1 {
                    for r in 0..n {
                        a[r * n + (trial % n)] = 0.0;
                    }
                }
                // Replay the factorisation step by step with the pivots `factor` chose,
                // checking each against the serial scan of the partially factored matrix.
                let mut piv = vec![0; n];
                factor(&mut a.clone(), n, &mut piv);
                let mut b = a.clone();
                for i in 0..n {
                    assert_eq!(
                        piv[i],
                        serial(&b, n, i),
                        "n = {n}, trial {trial}, column {i}"
                    );
                    let p = piv[i];
                    if p != i {
                        for c in 0..n {
                            b.swap(i * n + c, p * n + c);
                        }
                    }
                    let d = b[i * n + i];
                    if d == 0.0 {
                        continue;
                    }
                    let r = 1.0 / d;
                    for row in i + 1..n {
                        let l = if d.abs() >= f64::MIN_POSITIVE {
                            b[row * n + i] * r
                        } else {
                            b[row * n + i] / d
                        };
                        b[row * n + i] = l;
                        for c in i + 1..n {
                            b[row * n + c] -= l * b[i * n + c];
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn zero_column_is_skipped() {
        let mut a = [0.0_f32, 1.0, 0.0, 1.0];
        let mut piv = [0; 2];
        let f = factor(&mut a, 2, &mut piv);
        assert_eq!(f.zero_pivot, Some(0));
        assert_eq!(det_of(diagonal(&a, 2), f), 0.0);
        assert_eq!(slogdet_of(diagonal(&a, 2), f), (0.0, f32::NEG_INFINITY));
    }

    /// U's diagonal (as bits, NaNs included) and what the generic route found.
    fn generic<A: Scalar>(a: &ArrayView2<'_, A>) -> (Vec<u64>, Factored) {
        let n = a.nrows();
        let (mut buf, mut piv) = (vec![A::zero(); n * n], vec![0; n]);
        copy_row_major(&mut buf, a);
        let f = factor(&mut buf, n, &mut piv);
        (diagonal(&buf, n).map(pivot_key_signed).collect(), f)
    }

    fn specialised<A: Scalar>(a: &ArrayView2<'_, A>) -> (Vec<u64>, Factored) {
        with_small_lu(a, |u, f| {
            (u.iter().copied().map(pivot_key_signed).collect(), f)
        })
        .expect("a specialised size")
    }

    /// The bits of `x` through `f64` (exact for `f32`), sign included.
    fn pivot_key_signed<A: Scalar>(x: A) -> u64 {
        x.to_f64().expect("a float").to_bits()
    }

    /// The specialised route gives bit-for-bit the generic one on `a`, in every layout:
    /// standard, transposed, strided, negative strides, a slice of a C-order tensor, and
    /// as `f32`.
    fn assert_same_on_every_layout(a: &Array2<f64>, what: &str) {
        let n = a.nrows();
        let mut big = Array2::from_elem((2 * n, 3 * n), f64::NAN);
        big.slice_mut(s![..;2, ..;3]).assign(a);
        let reversed = a.slice(s![..;-1, ..;-1]).to_owned();
        let mut tensor = Array3::from_elem((n, n, 3), f64::NAN);
        tensor.index_axis_mut(Axis(2), 1).assign(a);
        let views = [
            ("standard", a.view()),
            ("transposed", a.t()),
            ("strided", big.slice(s![..;2, ..;3])),
            ("negative strides", reversed.slice(s![..;-1, ..;-1])),
            ("tensor slice", tensor.index_axis(Axis(2), 1)),
        ];
        for (layout, v) in views {
            assert_eq!(specialised(&v), generic(&v), "{what}, {layout}, n = {n}");
            let v32 = v.mapv(|x| x as f32);
            let v32 = v32.view();
            assert_eq!(
                specialised(&v32),
                generic(&v32),
                "{what}, {layout}, f32, n = {n}"
            );
        }
    }

    #[test]
    fn specialised_sizes_are_bit_identical_to_the_generic_route() {
        let mut rng = Lcg(7);
        for n in 1..=FIXED_MAX {
            for trial in 0..20 {
                let a = rng.matrix(n, trial % 2 == 1);
                assert_same_on_every_layout(&a, &format!("random {trial}"));
            }
            // Singular: a zero column (each position), two equal rows, all zeros.
            for j in 0..n {
                let mut a = rng.matrix(n, false);
                a.column_mut(j).fill(0.0);
                assert_same_on_every_layout(&a, &format!("zero column {j}"));
            }
            let mut a = rng.matrix(n, true);
            let first = a.row(0).to_owned();
            a.row_mut(n - 1).assign(&first);
            assert_same_on_every_layout(&a, "equal rows");
            assert_same_on_every_layout(&Array2::zeros((n, n)), "zeros");
            // NaN and infinities anywhere (also in a column that is skipped as zero).
            for (i, j) in [(0, 0), (n - 1, 0), (n / 2, n - 1), (n - 1, n - 1)] {
                for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
                    let mut a = rng.matrix(n, false);
                    a[[i, j]] = bad;
                    assert_same_on_every_layout(&a, &format!("{bad} at ({i}, {j})"));
                    a.column_mut(0).fill(0.0);
                    a[[i, j]] = bad;
                    assert_same_on_every_layout(&a, &format!("{bad} at ({i}, {j}), zero column"));
                }
            }
            let mut a = rng.matrix(n, false);
            a.fill(f64::NAN);
            assert_same_on_every_layout(&a, "all NaN");
        }
    }

    #[test]
    fn specialised_sizes_end_at_fixed_max() {
        for n in [0, FIXED_MAX + 1, 48] {
            let a = Array2::<f64>::eye(n);
            assert!(with_small_lu(&a.view(), |_, _| ()).is_none(), "n = {n}");
        }
    }

    #[test]
    fn pivot_keys_order_magnitudes_then_nan() {
        let ordered = [
            0.0,
            -0.0,
            1e-310,
            -0.5,
            1.0,
            -3.0,
            f64::MAX,
            f64::NEG_INFINITY,
        ];
        for w in ordered.windows(2) {
            assert!(pivot_key(w[0]) <= pivot_key(w[1]), "{} {}", w[0], w[1]);
        }
        assert!(pivot_key(f64::NAN) > pivot_key(f64::INFINITY));
        assert!(pivot_key(f32::NAN) > pivot_key(f32::INFINITY));
        assert!(pivot_key(2.0_f32) > pivot_key(-1.5_f32));
        assert_eq!(pivot_key(-2.0), pivot_key(2.0));
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
