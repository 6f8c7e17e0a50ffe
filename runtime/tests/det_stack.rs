//! `det_stack` and `det_stack_into` give `det` of every matrix of the stack, bit for bit,
//! whatever the size, the stack axis, the layout, the count and the values.

use ndarray::{Array1, Array2, Array3, ArrayView3, Axis, ShapeBuilder, s};
use parfor_runtime::Scalar;
use parfor_runtime::linalg::{det, det_stack, det_stack_into};

/// A small deterministic generator (64-bit LCG, top bits), so the tests need no crate.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Uniform in [-1, 1), or (`integers`) in -3..=3: many exact ties between candidate
    /// pivots, and many singular matrices.
    fn matrix(&mut self, n: usize, integers: bool) -> Array2<f64> {
        Array2::from_shape_simple_fn((n, n), || {
            let u = 2.0 * self.next() - 1.0;
            if integers { (3.0 * u).round() } else { u }
        })
    }
}

/// `x` and `y` are the same bits, or both NaN.
fn same<A: Scalar>(x: A, y: A) -> bool {
    let (x, y) = (x.to_f64().unwrap(), y.to_f64().unwrap());
    (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
}

/// The stack of `mats` (all `n × n`) along `axis`, in standard layout.
fn stack_of<A: Scalar>(mats: &[Array2<A>], n: usize, axis: usize) -> Array3<A> {
    let count = mats.len();
    let shape = match axis {
        0 => (count, n, n),
        1 => (n, count, n),
        _ => (n, n, count),
    };
    Array3::from_shape_fn(shape, |(a, b, c)| match axis {
        0 => mats[a][[b, c]],
        1 => mats[b][[a, c]],
        _ => mats[c][[a, b]],
    })
}

/// The same logical stack in other memory layouts: column-major, every axis reversed in
/// memory (negative strides), a strided slice of a larger array, and each matrix stored
/// transposed (the two matrix axes swapped in memory).
fn layouts<A: Scalar>(t: &Array3<A>, axis: usize) -> Vec<(&'static str, Array3<A>)> {
    let mut column_major = Array3::zeros(t.raw_dim().f());
    column_major.assign(t);
    let mut reversed = t.slice(s![..;-1, ..;-1, ..;-1]).to_owned();
    for a in 0..3 {
        reversed.invert_axis(Axis(a));
    }
    let (d0, d1, d2) = t.dim();
    let mut big = Array3::from_elem((2 * d0 + 1, 2 * d1 + 1, 3 * d2 + 1), A::nan());
    big.slice_mut(s![1..;2, 1..;2, 1..;3]).assign(t);
    let strided = big.slice_move(s![1..;2, 1..;2, 1..;3]);
    let (r, c) = match axis {
        0 => (1, 2),
        1 => (0, 2),
        _ => (0, 1),
    };
    let mut transposed = t.clone();
    transposed.swap_axes(r, c);
    let mut transposed = transposed.as_standard_layout().into_owned();
    transposed.swap_axes(r, c);
    let out = vec![
        ("standard", t.clone()),
        ("column-major", column_major),
        ("negative strides", reversed),
        ("strided", strided),
        ("transposed matrices", transposed),
    ];
    for (what, u) in &out {
        assert!(
            u.shape() == t.shape() && u.iter().zip(t).all(|(&x, &y)| same(x, y)),
            "{what}: same logical stack"
        );
    }
    out
}

/// `det_stack` and `det_stack_into` against `det` of each matrix.
fn check<A: Scalar>(stack: ArrayView3<'_, A>, axis: usize, what: &str) {
    let count = stack.len_of(Axis(axis));
    let d = det_stack(stack, Axis(axis));
    assert_eq!(d.len(), count, "{what}");
    for k in 0..count {
        let expected = det(stack.index_axis(Axis(axis), k));
        assert!(
            same(d[k], expected),
            "{what}: matrix {k} of {count}: det_stack {}, det {expected}\n{}",
            d[k],
            stack.index_axis(Axis(axis), k)
        );
    }
    let mut into = Array1::from_elem(count, A::nan());
    det_stack_into(stack, Axis(axis), &mut into);
    assert!(
        d.iter().zip(&into).all(|(&x, &y)| same(x, y)),
        "{what}: into"
    );
}

/// Every layout of the stack of `mats` on every axis, as `f64` and as `f32`.
fn check_everywhere(mats: &[Array2<f64>], n: usize, what: &str) {
    let mats32: Vec<Array2<f32>> = mats.iter().map(|m| m.mapv(|x| x as f32)).collect();
    for axis in 0..3 {
        for (layout, t) in layouts(&stack_of(mats, n, axis), axis) {
            check(
                t.view(),
                axis,
                &format!("{what}, n = {n}, axis {axis}, {layout}, f64"),
            );
        }
        for (layout, t) in layouts(&stack_of(&mats32, n, axis), axis) {
            check(
                t.view(),
                axis,
                &format!("{what}, n = {n}, axis {axis}, {layout}, f32"),
            );
        }
    }
}

#[test]
fn random_stacks_of_every_size_count_and_layout() {
    let mut rng = Lcg(11);
    // Around the group sizes (8 and 16 lanes) and the 64-matrix blocks.
    let counts = [0, 1, 7, 8, 9, 16, 17, 29, 53, 64, 65, 131];
    for n in 0..=18 {
        for &count in &counts {
            // Larger sizes are slow in a debug build: fewer counts there.
            if n > 12 && ![0, 1, 9, 17, 65].contains(&count) {
                continue;
            }
            let mats: Vec<_> = (0..count).map(|k| rng.matrix(n, k % 3 == 2)).collect();
            check_everywhere(&mats, n, &format!("random, count {count}"));
        }
    }
}

#[test]
fn integer_matrices_with_ties_and_singular_ones() {
    let mut rng = Lcg(5);
    for n in 1..=16 {
        let mats: Vec<_> = (0..70).map(|_| rng.matrix(n, true)).collect();
        let t = stack_of(&mats, n, 2);
        check(t.view(), 2, &format!("integers, n = {n}"));
        check(
            t.mapv(|x| x as f32).view(),
            2,
            &format!("integers, n = {n}, f32"),
        );
    }
}

/// Matrices for which `det` takes its special paths: zero, subnormal and NaN pivots,
/// infinities, ties, overflow, permutations.
fn special_matrices(n: usize, rng: &mut Lcg) -> Vec<(String, Array2<f64>)> {
    let mut out = vec![
        ("identity".to_string(), Array2::eye(n)),
        ("zeros".to_string(), Array2::zeros((n, n))),
    ];
    for j in 0..n {
        let mut a = rng.matrix(n, false);
        a.column_mut(j).fill(0.0);
        out.push((format!("zero column {j}"), a));
    }
    // Exactly singular: [[1, 2], [2, 4]] blocks on the diagonal.
    let mut a = Array2::eye(n);
    for b in (0..n - 1).step_by(2) {
        a[[b, b]] = 1.0;
        a[[b, b + 1]] = 2.0;
        a[[b + 1, b]] = 2.0;
        a[[b + 1, b + 1]] = 4.0;
    }
    out.push(("[[1, 2], [2, 4]] blocks".to_string(), a));
    for (i, j) in [(0, 0), (n - 1, 0), (n / 2, n - 1), (n - 1, n - 1)] {
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let mut a = rng.matrix(n, false);
            a[[i, j]] = bad;
            out.push((format!("{bad} at ({i}, {j})"), a.clone()));
            a.column_mut(0).fill(0.0);
            a[[i, j]] = bad;
            out.push((format!("{bad} at ({i}, {j}) and a zero column"), a));
        }
    }
    let mut a = rng.matrix(n, false);
    a.fill(f64::NAN);
    out.push(("all NaN".to_string(), a));
    // Subnormal pivots (in f32 too: 1e-41 is subnormal there, 1e-310 rounds to zero).
    for tiny in [1e-310, 1e-41] {
        let mut a = Array2::eye(n);
        a[[n - 1, n - 1]] = tiny;
        out.push((format!("diagonal with {tiny:e}"), a));
        let mut a = rng.matrix(n, false) * tiny;
        a[[0, 0]] = 1.0;
        out.push((format!("tiny entries {tiny:e}"), a));
    }
    // Ties: +2 and -2 (and +-1) in every column, in varying rows.
    let mut a = rng.matrix(n, false);
    for j in 0..n {
        a[[j, j]] = 2.0;
        a[[(j + 1) % n, j]] = -2.0;
        a[[(j + 2) % n, j]] = 2.0;
    }
    out.push(("ties +-2".to_string(), a));
    // Overflow and underflow of the product of the pivots, and huge entries.
    out.push(("overflow".to_string(), Array2::eye(n) * 1e200));
    out.push(("underflow".to_string(), Array2::eye(n) * 1e-200));
    out.push(("huge".to_string(), rng.matrix(n, false) * 1e300));
    // Permutations: a rotation (sign (-1)^(n-1)) and one transposition (odd).
    let rotation = Array2::from_shape_fn((n, n), |(i, j)| f64::from(u8::from(j == (i + 1) % n)));
    out.push(("rotation".to_string(), rotation));
    let mut swap = Array2::eye(n);
    if n >= 2 {
        swap[[0, 0]] = 0.0;
        swap[[1, 1]] = 0.0;
        swap[[0, 1]] = 1.0;
        swap[[1, 0]] = 1.0;
    }
    out.push(("transposition".to_string(), swap));
    out
}

#[test]
fn special_matrices_among_regular_ones() {
    let mut rng = Lcg(3);
    for n in [1, 2, 3, 4, 5, 6, 7, 8, 10, 13, 16] {
        let specials = special_matrices(n, &mut rng);
        // The special matrices spread over a stack of regular ones, three apart, shifted
        // so that each one lands in several lane positions (first, middle, last lane of a
        // group, and the padded last group), with regular and special neighbours.
        let count = (3 * specials.len() + 8).max(72);
        for shift in [0, 1, 2, 5, 7, 8, 15] {
            let mut mats: Vec<_> = (0..count).map(|_| rng.matrix(n, false)).collect();
            for (j, (_, special)) in specials.iter().enumerate() {
                mats[(3 * j + shift) % count] = special.clone();
            }
            let t = stack_of(&mats, n, 2);
            check(
                t.view(),
                2,
                &format!("special matrices shifted by {shift}, n = {n}"),
            );
            let t32 = t.mapv(|x| x as f32);
            check(
                t32.view(),
                2,
                &format!("special matrices shifted by {shift}, n = {n}, f32"),
            );
        }
        // All of them next to each other, on every axis and layout.
        let mats: Vec<_> = specials.into_iter().map(|(_, a)| a).collect();
        check_everywhere(&mats, n, "all special matrices");
    }
}

#[test]
fn known_values() {
    let t = Array3::from_shape_fn((2, 2, 3), |(i, j, k)| {
        [
            [[1.0, 2.0], [3.0, 4.0]],
            [[2.0, 0.0], [0.0, 3.0]],
            [[0.0, 1.0], [1.0, 0.0]],
        ][k][i][j]
    });
    assert_eq!(
        det_stack(&t, Axis(2)),
        ndarray::array![det(&ndarray::array![[1.0, 2.0], [3.0, 4.0]]), 6.0, -1.0]
    );
    assert_eq!(
        det_stack(&Array3::<f64>::zeros((4, 0, 0)), Axis(0)),
        Array1::ones(4)
    );
    assert_eq!(
        det_stack(&Array3::<f64>::zeros((0, 3, 3)), Axis(0)).len(),
        0
    );
    let big = Array3::from_shape_fn(
        (20, 20, 3),
        |(i, j, k)| if i == j { 1.0 + k as f64 } else { 0.0 },
    );
    assert_eq!(
        det_stack(&big, Axis(2)),
        ndarray::array![1.0, 2f64.powi(20), 3f64.powi(20)]
    );
}

#[test]
fn into_arrays_slices_and_views() {
    let mut rng = Lcg(9);
    let mats: Vec<_> = (0..21).map(|_| rng.matrix(5, false)).collect();
    let t = stack_of(&mats, 5, 2);
    let expected = det_stack(&t, Axis(2));

    let mut a = Array1::zeros(21);
    det_stack_into(&t, Axis(2), &mut a);
    assert_eq!(a, expected);

    // Part of a larger array: the neighbours are untouched.
    let mut big = Array1::from_elem(30, -7.0);
    det_stack_into(&t, Axis(2), big.slice_mut(s![4..25]));
    assert_eq!(big.slice(s![4..25]), expected);
    assert!(
        big.slice(s![..4])
            .iter()
            .chain(big.slice(s![25..]))
            .all(|&x| x == -7.0)
    );

    // A strided, reversed view.
    let mut big = Array1::from_elem(42, -7.0);
    det_stack_into(&t, Axis(2), big.slice_mut(s![..;-2]));
    assert_eq!(big.slice(s![..;-2]), expected);
    assert!(big.slice(s![..;2]).iter().all(|&x| x == -7.0));

    // Slices and vectors.
    let mut v = vec![0.0; 21];
    det_stack_into(&t, Axis(2), &mut v[..]);
    assert_eq!(v, expected.to_vec());
    let mut v = vec![0.0; 21];
    det_stack_into(&t, Axis(2), &mut v);
    assert_eq!(v, expected.to_vec());
    let mut v = [0.0; 21];
    det_stack_into(&t, Axis(2), &mut v);
    assert_eq!(v.to_vec(), expected.to_vec());

    // Blocks of the stack into blocks of the result, as a parallel loop does.
    let mut blocks = Array1::zeros(21);
    for (a, b) in [(0, 8), (8, 9), (9, 21)] {
        det_stack_into(
            t.slice(s![.., .., a..b]),
            Axis(2),
            blocks.slice_mut(s![a..b]),
        );
    }
    assert_eq!(blocks, expected);
}

#[test]
#[should_panic(
    expected = "det_stack: expected square matrices, got a stack of shape 2 × 3 × 4 along axis 0, whose matrices are 3 × 4"
)]
fn not_square() {
    det_stack(&Array3::<f64>::zeros((2, 3, 4)), Axis(0));
}

#[test]
#[should_panic(expected = "det_stack_into: expected square matrices")]
fn not_square_into() {
    let mut out = Array1::zeros(3);
    det_stack_into(&Array3::<f64>::zeros((2, 3, 3)), Axis(1), &mut out);
}

#[test]
#[should_panic(expected = "det_stack_into: `out` has length 4 but the stack holds 5 matrices")]
fn out_length() {
    let mut out = Array1::zeros(4);
    det_stack_into(&Array3::<f64>::zeros((3, 3, 5)), Axis(2), &mut out);
}

#[test]
#[should_panic(expected = "det_stack: axis 3 is out of bounds for a stack of shape 3 × 3 × 5")]
fn axis_out_of_bounds() {
    det_stack(&Array3::<f64>::zeros((3, 3, 5)), Axis(3));
}
