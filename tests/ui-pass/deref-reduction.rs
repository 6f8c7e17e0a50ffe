//! `*acc += x[i]` through a `&mut f64` parameter. Today the analysis records a plain
//! read of `acc`, and rustc reports E0594 ("cannot assign to `*acc`, as it is a
//! captured variable in a `Fn` closure") on the generated closure. It should be either
//! a reduction (as here) or a `parfor:` error (then move this case to `tests/ui/`).
use parfor::prelude::*;

#[parallel]
fn accumulate(x: &[f64], acc: &mut f64) {
    for i in prange(x.len()) {
        *acc += x[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..10_000).map(f64::from).collect();
    let mut acc = 0.5;
    accumulate(&x, &mut acc);
    assert_eq!(acc, 0.5 + 49_995_000.0);
}
