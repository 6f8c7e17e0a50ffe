use parfor::prelude::*;

#[parallel(schedule_dynamic)]
fn scale(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i] * 2.0;
    }
}

fn main() {}
