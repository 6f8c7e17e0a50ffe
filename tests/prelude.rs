//! The prelude alone is enough for the loop code a NumPy user writes on day one:
//! `array!` literals, `s!` slices, the array types, `prange` and the numerics.

use parfor::prelude::*;

#[parallel]
fn scale_rows(a: &Array2<f64>, k: &Array1<f64>, out: &mut Array2<f64>) {
    for i in prange(a.nrows()) {
        for j in 0..a.ncols() {
            out[[i, j]] = k[i] * a[[i, j]];
        }
    }
}

#[test]
fn array_literals_come_with_the_prelude() {
    let a = array![[1., 2.], [3., 4.]];
    let k = array![10., -1.];
    let mut out = Array2::zeros((2, 2));
    parfor::with_num_threads(2, || scale_rows(&a, &k, &mut out));
    assert_eq!(out, array![[10., 20.], [-3., -4.]]);
    assert_eq!(out.slice(s![.., 1]), array![20., -4.]);
    assert!((det(&a) + 2.0).abs() < 1e-12);
    assert_eq!(array![1, 2, 3].sum(), 6);
}
