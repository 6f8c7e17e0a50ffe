// Loops are found by the name `prange`: a renamed prange would run sequentially.
use parfor::parallel;

#[parallel]
fn scale(x: &[f64], out: &mut [f64]) {
    use parfor::prange as pr;
    for i in pr(x.len()) {
        out[i] = 2.0 * x[i];
    }
}

fn main() {}
