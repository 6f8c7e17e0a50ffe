// Whole-array read of the array being written, inside a macro (`println!("{:?}", a)`).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [f64]) {
    for i in prange(a.len()) {
        a[i] *= 2.0;
        println!("{:?}", a);
    }
}

fn main() {}
