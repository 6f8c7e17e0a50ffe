// Mutation of a whole captured array through `iter_mut()`: every iteration adds to every element.
use parfor::prelude::*;

#[parallel]
fn spread(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        for v in out.iter_mut() {
            *v += x[i];
        }
    }
}

fn main() {}
