use parfor::prelude::*;

// Concatenation into halves: out[i] and out[n + i] (n = trip count).
#[parallel]
fn concat_halves(x: &[f64], y: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in prange(n) {
        out[i] = x[i];
        out[n + i] = y[i];
    }
}

fn concat_halves_seq(x: &[f64], y: &[f64], out: &mut [f64]) {
    let n = x.len();
    for i in 0..n {
        out[i] = x[i];
        out[n + i] = y[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..1000).map(|i| i as f64).collect();
    let y: Vec<f64> = (0..1000).map(|i| -(i as f64)).collect();
    let (mut got, mut want) = (vec![0.0; 2000], vec![0.0; 2000]);
    concat_halves(&x, &y, &mut got);
    concat_halves_seq(&x, &y, &mut want);
    assert_eq!(got, want);
}
