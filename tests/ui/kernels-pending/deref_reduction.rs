use parfor::prelude::*;

// Sum reduction into an out-parameter through `*total += e`.
#[parallel]
fn deref_reduction(x: &[f64], total: &mut f64) {
    for i in prange(x.len()) {
        *total += x[i];
    }
}

fn deref_reduction_seq(x: &[f64], total: &mut f64) {
    for i in 0..x.len() {
        *total += x[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..3000).map(|i| (i % 7) as f64).collect();
    let (mut got, mut want) = (0.5, 0.5);
    deref_reduction(&x, &mut got);
    deref_reduction_seq(&x, &mut want);
    assert_eq!(got, want); // small integers: exact in any order
}
