//! Determinants of a stack of matrices, several matrices at a time: [`det_stack`] and
//! [`det_stack_into`].
//!
//! [`det`] factors one matrix at a time, and the rows of a small matrix are too short to
//! fill SIMD registers, so it works on about one value per instruction. Here `L` matrices
//! (8 or 16) are factored together, structure of arrays: element `(r, c)` of the `L`
//! matrices lies side by side (`[A; L]`), so every step of the LU is the same operation on
//! `L` independent values, written as plain loops over fixed-size arrays that the compiler
//! turns into SIMD instructions. The factorisation is compiled twice: for baseline x86-64
//! (SSE2: an 8-lane `f64` operation is 4 instructions) and for AVX2 (2), picked at run
//! time. `L` is 16 for `f32`, and for `f64` with AVX2 or below 8 × 8; 8 for larger `f64`
//! matrices on SSE2 alone: the fastest choices measured (`benches/README.md`).
//!
//! # Bit for bit `det`
//!
//! Each lane replays what [`det`] computes for its matrix (`lu::factor` and `lu::det_of`):
//! the same pivot (the largest magnitude, the first row among equals), the same row swap,
//! the same reciprocal scaling `l = a[r][k] * (1 / d)` and update `x = x - l * u` (separate
//! multiply and subtract, as there), and the same product of the pivots, folded from one in
//! order and negated after an odd number of swaps. Only what the determinant needs is
//! computed: the multipliers are not stored, and the swaps skip the columns left of the
//! pivot.
//!
//! A lane whose pivot is not a normal number at some step (`|d| >= MIN_POSITIVE` fails: a
//! zero, subnormal or NaN pivot) is marked irregular, and its matrix is afterwards given to
//! [`det`] itself, so a skipped zero column, the division `det` uses for a tiny pivot and
//! the NaN rules are `det`'s own. The lane's arithmetic goes on meanwhile, harmlessly (on
//! infinities or NaNs: lanes never mix, and every index stays in range).
//!
//! The pivot search compares magnitudes as floats (`|v| > best`, one SSE2 instruction),
//! where `det` compares their bit patterns as integers (`pivot_key`; SSE2 has no 64-bit
//! integer comparison). For numbers the two orders are the same, infinities and signed
//! zeros included; they differ only when a candidate is NaN, which `det` picks. So a lane
//! follows `det` exactly until a NaN is a candidate, and a lane that meets one always ends
//! up irregular: if the NaN is not picked here, its row's multiplier is NaN, the row turns
//! NaN in every remaining column, and it becomes a (NaN) pivot later, at the latest at the
//! last step.
//!
//! # Gathering
//!
//! Matrices are copied [`BLOCK`] at a time into a buffer where element `(r, c)` of the
//! whole block is contiguous. When the stack axis is contiguous (a `(n, n, count)` tensor
//! in standard layout, sliced or not along the other axes), that is one copy of a
//! contiguous run per `(r, c)`. Runs that far apart (800 KB in a `(10, 10, 100000)`
//! `f64` tensor) stream well only when long and written contiguously, which is why a
//! block holds 64 matrices and its runs are not scattered across groups. Other layouts (the stack on another
//! axis, a strided or reversed stack axis) are copied one matrix at a time through ndarray
//! indexing, as are the matrices of a last, incomplete block, whose last group is padded
//! with identity matrices.
//!
//! # Cost
//!
//! Each call sets up a gather buffer (up to 144 KiB, for 16 × 16 `f64`) and the list of
//! the stack's contiguous runs: a parallel loop over blocks of the stack does best with
//! blocks of a few hundred matrices or more.
//!
//! Sizes above [`FIXED_MAX`](super::lu::FIXED_MAX) are not grouped: each matrix goes to
//! [`det`] (which picks the Rust LU or LAPACK as usual).

use ndarray::{Array1, ArrayView3, ArrayViewMut1, AsArray, Axis, Ix3};

use super::determinant::det;
use super::lu::FIXED_MAX;
use super::shape::fmt_shape;
use crate::scalar::Scalar;

/// How many matrices are gathered at a time (a block).
const BLOCK: usize = 64;

/// A block of `N × N` matrices, `P - 1` groups of `L` (the last group is padding):
/// `block[r][c][g][lane]` is element `(r, c)` of matrix `g * L + lane`, so that element
/// `(r, c)` of all the block's matrices is one contiguous run. (The padding keeps the
/// elements of a group from lying a multiple of 4 KiB apart, which makes the CPU assume
/// false dependencies between their loads and stores.)
type Block<A, const N: usize, const L: usize, const P: usize> = [[[[A; L]; P]; N]; N];

/// The determinant of every matrix of a stack: element `k` is
/// `det(stack.index_axis(axis, k))`, bit for bit.
///
/// `axis` is the stack axis; the other two, in their order, are the rows and the columns of
/// each matrix (so `Axis(2)` for a `(n, n, count)` tensor whose slices `t[:, :, k]` are the
/// matrices, `Axis(0)` for a `(count, n, n)` one). Matrices up to 16 × 16 are factored 8
/// or 16 at a time, one per SIMD lane (see the [module docs](super#stacks-of-matrices)),
/// which is several times faster than calling [`det`] on each slice, with the same
/// results. Larger matrices are handed to [`det`] one by one.
///
/// Sequential, like the other loop-body functions: parallelise over blocks of the stack
/// with `prange` (each block is a view, `t.slice(s![.., .., a..b])`), or write into the
/// matching part of a result with [`det_stack_into`].
///
/// # Panics
///
/// If `axis` is not 0, 1 or 2, or if the matrices are not square.
///
/// # Examples
///
/// ```
/// use ndarray::{Array3, Axis, array, s};
/// use parfor_runtime::linalg::{det, det_stack};
///
/// // 100 matrices of 3 × 3, stacked along the last axis.
/// let t = Array3::from_shape_fn((3, 3, 100), |(i, j, k)| {
///     if i == j { 2.0 + k as f64 } else { ((i + 2 * j + k) % 5) as f64 }
/// });
/// let d = det_stack(&t, Axis(2));
/// assert_eq!(d.len(), 100);
/// for k in 0..100 {
///     assert_eq!(d[k].to_bits(), det(t.index_axis(Axis(2), k)).to_bits());
/// }
///
/// // Any axis, any view: here the matrices are t[k, :, :] of a (count, n, n) stack.
/// let u = array![[[1.0, 2.0], [3.0, 4.0]], [[2.0, 0.0], [0.0, 2.0]]];
/// assert_eq!(det_stack(&u, Axis(0)), array![det(&array![[1.0, 2.0], [3.0, 4.0]]), 4.0]);
/// assert_eq!(det_stack(u.slice(s![1.., .., ..]), Axis(0)), array![4.0]);
/// ```
pub fn det_stack<'a, A: Scalar>(stack: impl AsArray<'a, A, Ix3>, axis: Axis) -> Array1<A> {
    let v = matrices("det_stack", stack.into(), axis);
    let mut out = Array1::zeros(v.len_of(Axis(2)));
    fill(&v, out.view_mut());
    out
}

/// [`det_stack`], written into `out`: `out[k]` becomes `det(stack.index_axis(axis, k))`.
///
/// `out` is anything that converts into a one-dimensional mutable view: `&mut Array1<A>`,
/// a view such as `result.slice_mut(s![a..b])` (any stride), `&mut [A]`, `&mut Vec<A>`
/// or `&mut [A; N]`. Writing into part of a larger result is how blocks of a stack are
/// processed in parallel without collecting.
///
/// # Panics
///
/// If `axis` is not 0, 1 or 2, if the matrices are not square, or if `out`'s length is not
/// the number of matrices.
///
/// # Examples
///
/// ```
/// use ndarray::{Array1, Array3, Axis, s};
/// use parfor_runtime::linalg::{det, det_stack_into};
///
/// let t = Array3::from_shape_fn((4, 4, 20), |(i, j, k)| ((i * 7 + j * 3 + k) % 11) as f64);
/// let mut d = Array1::zeros(20);
/// // Two blocks, as two iterations of a parallel loop would do.
/// det_stack_into(t.slice(s![.., .., ..12]), Axis(2), d.slice_mut(s![..12]));
/// det_stack_into(t.slice(s![.., .., 12..]), Axis(2), d.slice_mut(s![12..]));
/// assert_eq!(d[15].to_bits(), det(t.index_axis(Axis(2), 15)).to_bits());
///
/// // A plain slice works too.
/// let mut v = vec![0.0; 20];
/// det_stack_into(&t, Axis(2), &mut v[..]);
/// assert_eq!(v, d.to_vec());
/// ```
pub fn det_stack_into<'a, 'b, A: Scalar>(
    stack: impl AsArray<'a, A, Ix3>,
    axis: Axis,
    out: impl Into<ArrayViewMut1<'b, A>>,
) {
    let v = matrices("det_stack_into", stack.into(), axis);
    let out = out.into();
    let count = v.len_of(Axis(2));
    assert!(
        out.len() == count,
        "parfor::linalg::det_stack_into: `out` has length {} but the stack holds {count} matrices",
        out.len()
    );
    fill(&v, out);
}

/// Checks the axis and the shape, and returns the stack with its axes in the order
/// (rows, columns, stack): `v[[r, c, k]]` is element `(r, c)` of matrix `k`.
fn matrices<'a, A>(function: &str, stack: ArrayView3<'a, A>, axis: Axis) -> ArrayView3<'a, A> {
    let k = axis.index();
    assert!(
        k < 3,
        "parfor::linalg::{function}: axis {k} is out of bounds for a stack of shape {} (3 axes)",
        fmt_shape(stack.shape())
    );
    let order = match k {
        0 => [1, 2, 0],
        1 => [0, 2, 1],
        _ => [0, 1, 2],
    };
    let shape = stack.dim();
    let v = stack.permuted_axes(order);
    let (r, c, _) = v.dim();
    assert!(
        r == c,
        "parfor::linalg::{function}: expected square matrices, got a stack of shape {} along axis {k}, \
         whose matrices are {r} × {c}",
        fmt_shape(&[shape.0, shape.1, shape.2])
    );
    v
}

/// Writes the determinant of matrix `k` of `v` (axes: rows, columns, stack) to `out[k]`.
fn fill<A: Scalar>(v: &ArrayView3<'_, A>, mut out: ArrayViewMut1<'_, A>) {
    debug_assert_eq!(out.len(), v.len_of(Axis(2)));
    let avx2 = has_avx2();
    macro_rules! sizes {
        ($($n:literal)*) => {
            match v.len_of(Axis(0)) {
                0 => out.fill(A::one()),
                // Lanes by measurement: 16 `f32` (4 SSE2 vectors); for `f64`, 16 with AVX2
                // (4 vectors) and for small matrices, whose factorisation is short, else 8
                // (4 SSE2 vectors).
                $($n => if size_of::<A>() < 8 || $n <= 7 || avx2 {
                    by_groups::<A, $n, 16, 5>(v, &mut out)
                } else {
                    by_groups::<A, $n, 8, 9>(v, &mut out)
                },)*
                _ => {
                    for (k, d) in out.iter_mut().enumerate() {
                        *d = det_of(v, k);
                    }
                }
            }
        };
    }
    const _: () = assert!(FIXED_MAX == 16, "the sizes below are 1..=FIXED_MAX");
    sizes!(1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16)
}

/// [`fill`] for `N × N` matrices, `L` at a time, a block of `(P - 1) * L` =
/// [`BLOCK`] gathered at a time.
fn by_groups<A: Scalar, const N: usize, const L: usize, const P: usize>(
    v: &ArrayView3<'_, A>,
    out: &mut ArrayViewMut1<'_, A>,
) {
    const { assert!((P - 1) * L == BLOCK) };
    let count = v.len_of(Axis(2));
    if count == 0 {
        return;
    }
    // On the heap (144 KiB for 16 × 16 `f64` matrices), built from lane arrays so that no
    // block-sized temporary goes through the stack.
    let mut storage = vec![[A::zero(); L]; N * N * P];
    let block = as_block::<A, N, L, P>(&mut storage);
    let runs = contiguous_runs(v);
    let mut k0 = 0;
    while k0 < count {
        let len = (count - k0).min(BLOCK);
        match &runs {
            Some(runs) if len == BLOCK => gather_runs(runs, k0, block),
            _ => gather_any(v, k0, len, block.as_flattened_mut()),
        }
        for g in 0..len.div_ceil(L) {
            let (d, irregular) = factor_group(block, g);
            for (l, (d, irregular)) in d.into_iter().zip(irregular).enumerate() {
                let k = k0 + g * L + l;
                if k < count {
                    out[k] = if irregular { det_of(v, k) } else { d };
                }
            }
        }
        k0 += len;
    }
}

/// `storage` (`N * N * P` lane arrays) seen as a [`Block`].
fn as_block<A, const N: usize, const L: usize, const P: usize>(
    storage: &mut [[A; L]],
) -> &mut Block<A, N, L, P> {
    let (groups, _) = storage.as_chunks_mut::<P>();
    let (rows, _) = groups.as_chunks_mut::<N>();
    rows.try_into().expect("N * N * P lane arrays")
}

/// [`det`] of matrix `k`, for the irregular lanes (one copy of `det` for all sizes).
#[inline(never)]
fn det_of<A: Scalar>(v: &ArrayView3<'_, A>, k: usize) -> A {
    det(v.index_axis(Axis(2), k))
}

/// For each `(r, c)` (row-major), the elements `(r, c)` of all the matrices as one
/// contiguous slice, when the stack axis is contiguous.
fn contiguous_runs<'a, A>(v: &ArrayView3<'a, A>) -> Option<Vec<&'a [A]>> {
    // Outer iteration is several times cheaper per run than slicing with `s![r, c, ..]`,
    // which a call on a block of a few dozen matrices notices.
    (*v).into_outer_iter()
        .flat_map(|row| row.into_outer_iter())
        .map(|run| run.to_slice())
        .collect()
}

/// Copies a whole block, matrices `k0..k0 + BLOCK`, from the contiguous runs: one
/// contiguous copy per `(r, c)`.
fn gather_runs<A: Copy, const N: usize, const L: usize, const P: usize>(
    runs: &[&[A]],
    k0: usize,
    block: &mut Block<A, N, L, P>,
) {
    for (run, x) in runs.iter().zip(block.as_flattened_mut()) {
        x[..P - 1]
            .as_flattened_mut()
            .copy_from_slice(&run[k0..k0 + BLOCK]);
    }
}

/// Copies matrices `k0..k0 + len` one by one (any layout) into a block (flattened: element
/// `(r, c)` at `r * n + c`), and pads the rest of their last group with identity matrices.
/// (Not generic over the size: this is the slower path anyway.)
#[inline(never)]
fn gather_any<A: Scalar, const L: usize, const P: usize>(
    v: &ArrayView3<'_, A>,
    k0: usize,
    len: usize,
    block: &mut [[[A; L]; P]],
) {
    let n = v.len_of(Axis(0));
    debug_assert_eq!(block.len(), n * n);
    for b in 0..len.div_ceil(L) * L {
        let (g, l) = (b / L, b % L);
        if b < len {
            let a = v.index_axis(Axis(2), k0 + b);
            match a.as_slice() {
                Some(a) => block.iter_mut().zip(a).for_each(|(x, &a)| x[g][l] = a),
                None => {
                    for (xs, row) in block.chunks_exact_mut(n).zip(a.rows()) {
                        xs.iter_mut().zip(row).for_each(|(x, &a)| x[g][l] = a);
                    }
                }
            }
        } else {
            for (j, x) in block.iter_mut().enumerate() {
                x[g][l] = if j % (n + 1) == 0 {
                    A::one()
                } else {
                    A::zero()
                };
            }
        }
    }
}

/// `[f(0), f(1), …]`: one operation on every lane, written so that it vectorises.
#[inline(always)]
fn lanes<T, const L: usize>(f: impl FnMut(usize) -> T) -> [T; L] {
    std::array::from_fn(f)
}

/// Whether [`factor_group`] runs its AVX2 build.
fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    false
}

/// [`factor_group_lanes`], compiled for AVX2 when the CPU has it (an 8-lane `f64`
/// operation is then 2 instructions rather than 4), else for baseline x86-64. The
/// results are the same bit for bit: the same IEEE operations in the same order, on
/// wider registers (Rust never fuses a multiply and a subtract).
#[inline(never)]
fn factor_group<A: Scalar, const N: usize, const L: usize, const P: usize>(
    m: &mut Block<A, N, L, P>,
    g: usize,
) -> ([A; L], [bool; L]) {
    #[cfg(target_arch = "x86_64")]
    if has_avx2() {
        // SAFETY: calling a `#[target_feature(enable = "avx2")]` function requires only
        // that the CPU supports AVX2, which `has_avx2` checked.
        return unsafe { avx2::factor_group(m, g) };
    }
    factor_group_lanes(m, g)
}

#[cfg(target_arch = "x86_64")]
mod avx2 {
    use super::{Block, Scalar, factor_group_lanes};

    /// [`factor_group_lanes`] inlined into a function compiled with AVX2.
    #[target_feature(enable = "avx2")]
    pub(super) fn factor_group<A: Scalar, const N: usize, const L: usize, const P: usize>(
        m: &mut Block<A, N, L, P>,
        g: usize,
    ) -> ([A; L], [bool; L]) {
        factor_group_lanes(m, g)
    }
}

/// Factors group `g` of the block in place and returns its matrices' determinants, and
/// which lanes are irregular (a pivot that is zero, subnormal or NaN: their determinant
/// must come from [`det`]).
///
/// Step `i` is `lu::factor`'s, lane by lane: pivot search over rows `i..N` of column `i`,
/// the swap of rows `i` and `p` (columns `i..N` only), then `x - (a[r][i] * (1 / d)) * u`
/// on the trailing block. The determinant is folded as `det_of` folds it.
#[inline(always)]
fn factor_group_lanes<A: Scalar, const N: usize, const L: usize, const P: usize>(
    m: &mut Block<A, N, L, P>,
    g: usize,
) -> ([A; L], [bool; L]) {
    assert!(g < P - 1);
    let min_positive = A::min_positive_value();
    let mut product = [A::one(); L];
    let mut odd = [false; L];
    let mut regular = [true; L];
    for i in 0..N {
        // The first row with the largest magnitude (see the module docs for NaNs). The row
        // index is a u32 lane (measured faster than u64 lanes for f32, and no slower for f64).
        let mut best: [A; L] = lanes(|l| m[i][i][g][l].abs());
        let mut p = [i as u32; L];
        for (k, row) in m.iter().enumerate().skip(i + 1) {
            let v = row[i][g];
            p = lanes(|l| if v[l].abs() > best[l] { k as u32 } else { p[l] });
            best = lanes(|l| {
                if v[l].abs() > best[l] {
                    v[l].abs()
                } else {
                    best[l]
                }
            });
        }
        // Lane by lane (each lane swaps with its own row): scalar loads and stores measured
        // faster than selecting every row against each lane's pivot row.
        #[allow(
            clippy::needless_range_loop,
            reason = "rows i and q, which may be the same row, swap in place"
        )]
        for (l, (&p, odd)) in p.iter().zip(&mut odd).enumerate() {
            let q = (p as usize).min(N - 1);
            *odd ^= q != i;
            for c in i..N {
                let t = m[i][c][g][l];
                m[i][c][g][l] = m[q][c][g][l];
                m[q][c][g][l] = t;
            }
        }
        let d = m[i][i][g];
        regular = lanes(|l| regular[l] && d[l].abs() >= min_positive);
        product = lanes(|l| product[l] * d[l]);
        let r: [A; L] = lanes(|l| A::one() / d[l]);
        let (done, below) = m.split_at_mut(i + 1);
        let u = &done[i];
        for row in below {
            let x = row[i][g];
            let scale: [A; L] = lanes(|l| x[l] * r[l]);
            for (x, u) in row[i + 1..].iter_mut().zip(&u[i + 1..]) {
                let (y, u) = (x[g], u[g]);
                x[g] = lanes(|l| y[l] - scale[l] * u[l]);
            }
        }
    }
    (
        lanes(|l| if odd[l] { -product[l] } else { product[l] }),
        lanes(|l| !regular[l]),
    )
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, Array3, array};

    use super::*;
    use crate::linalg::test_rng::Lcg;

    /// Group 0 of a block of 3 × 3 `f64` matrices, 8 lanes: `mats` in the first lanes, the
    /// identity in the others.
    fn factor_3x3(mats: &[Array2<f64>]) -> ([f64; 8], [bool; 8]) {
        let mut storage = vec![[0.0; 8]; 3 * 3 * 9];
        let block = as_block::<f64, 3, 8, 9>(&mut storage);
        for (r, row) in block.iter_mut().enumerate() {
            for (c, x) in row.iter_mut().enumerate() {
                x[0] = lanes(|l| {
                    mats.get(l)
                        .map_or(f64::from(u8::from(r == c)), |m| m[[r, c]])
                });
            }
        }
        factor_group(block, 0)
    }

    /// `det` picks a NaN candidate as pivot, the float comparison here does not; the lane
    /// still ends irregular (its row turns NaN and is a pivot later), and its neighbours
    /// are untouched.
    #[test]
    fn nan_candidates_make_the_lane_irregular() {
        let mats = [
            array![[5.0, 1.0, 1.0], [f64::NAN, 1.0, 2.0], [1.0, 2.0, 3.0]],
            array![[2.0, 1.0, 0.0], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]],
            array![[1.0, 2.0, 0.0], [3.0, f64::NAN, 1.0], [0.5, 1.0, 9.0]],
            array![[0.0, 0.0, 1.0], [0.0, 1.0, 0.0], [1.0, 0.0, 0.0]],
        ];
        let (d, irregular) = factor_3x3(&mats);
        assert_eq!(
            irregular,
            [true, false, true, false, false, false, false, false]
        );
        assert_eq!(d[1].to_bits(), det(&mats[1]).to_bits());
        assert_eq!(d[3], -1.0);
        assert_eq!(d[4..], [1.0; 4]);
    }

    /// Zero, subnormal and NaN pivots are irregular; a tie is not, and goes to the first row.
    #[test]
    fn irregular_pivots() {
        let mats = [
            array![[0.0, 1.0, 2.0], [0.0, 3.0, 4.0], [0.0, 5.0, 6.0]],
            array![[1e-310, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            array![[f64::NAN, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]],
            array![[2.0, 1.0, 0.0], [-2.0, 3.0, 1.0], [2.0, 1.0, 4.0]],
        ];
        let (d, irregular) = factor_3x3(&mats);
        assert_eq!(irregular[..4], [true, true, true, false]);
        assert_eq!(d[3].to_bits(), det(&mats[3]).to_bits());
    }

    /// Random entries in [-1, 1), some rounded to quarters (exact ties, zeros).
    fn random_block<A: Scalar, const N: usize, const L: usize, const P: usize>(
        seed: u64,
    ) -> Vec<[A; L]> {
        let mut rng = Lcg(seed);
        (0..N * N * P)
            .map(|k| {
                lanes(|l| {
                    let v = 2.0 * rng.next() - 1.0;
                    let v = if (k + l) % 7 == 0 {
                        (v * 4.0).round() / 4.0
                    } else {
                        v
                    };
                    A::from(v).unwrap()
                })
            })
            .collect()
    }

    /// Whatever path `factor_group` dispatches to (AVX2 where the CPU has it) gives the
    /// baseline build's results bit for bit, the factored block included.
    fn dispatch_matches_baseline<A: Scalar, const N: usize, const L: usize, const P: usize>() {
        for seed in 0..20 {
            let mut a = random_block::<A, N, L, P>(seed);
            let mut b = a.clone();
            let (da, ia) = factor_group(as_block::<A, N, L, P>(&mut a), 1);
            let (db, ib) = factor_group_lanes(as_block::<A, N, L, P>(&mut b), 1);
            let bits = |x: &[A]| {
                x.iter()
                    .map(|v| v.to_f64().unwrap().to_bits())
                    .collect::<Vec<_>>()
            };
            assert_eq!(bits(&da), bits(&db), "seed {seed}");
            assert_eq!(ia, ib);
            assert_eq!(bits(a.as_flattened()), bits(b.as_flattened()));
        }
    }

    #[test]
    fn dispatched_kernels_match_the_baseline_build() {
        dispatch_matches_baseline::<f64, 10, 8, 9>();
        dispatch_matches_baseline::<f64, 16, 8, 9>();
        dispatch_matches_baseline::<f64, 3, 16, 5>();
        dispatch_matches_baseline::<f32, 10, 16, 5>();
    }

    /// The 8-lane `f64` layout, which `fill` picks only without AVX2, against `det`.
    #[test]
    fn eight_lane_f64_blocks_match_det() {
        for count in [1, 8, 63, 64, 65, 200] {
            let t = Array3::from_shape_fn((10, 10, count), |(i, j, k)| {
                let x = (i * 131 + j * 71 + k * 37) % 1009;
                x as f64 / 504.5 - 1.0 + if i == j && k % 5 == 0 { 2.0 } else { 0.0 }
            });
            let v = matrices("test", t.view(), Axis(2));
            let mut out = Array1::zeros(count);
            by_groups::<f64, 10, 8, 9>(&v, &mut out.view_mut());
            for k in 0..count {
                let want = det(t.index_axis(Axis(2), k));
                assert_eq!(
                    out[k].to_bits(),
                    want.to_bits(),
                    "count {count}, matrix {k}"
                );
            }
        }
    }

    #[test]
    fn axes_are_reordered_to_rows_columns_stack() {
        let t = Array3::from_shape_fn((2, 3, 3), |(k, r, c)| (100 * k + 10 * r + c) as f64);
        let v = matrices("test", t.view(), Axis(0));
        assert_eq!(v.dim(), (3, 3, 2));
        assert_eq!(v[[2, 1, 1]], 121.0);
        let t = Array3::from_shape_fn((3, 2, 3), |(r, k, c)| (100 * k + 10 * r + c) as f64);
        assert_eq!(matrices("test", t.view(), Axis(1))[[2, 1, 1]], 121.0);
    }
}
