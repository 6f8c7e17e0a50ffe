// Early `return` from inside the parallel loop body (validation loop).
use parfor::prelude::*;

#[parallel]
fn kernel(x: &[f64], out: &mut [f64]) -> Result<(), usize> {
    for i in prange(x.len()) {
        if x[i].is_nan() {
            return Err(i);
        }
        out[i] = x[i].sqrt();
    }
    Ok(())
}

fn main() {}
