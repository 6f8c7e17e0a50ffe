// True dependence through `get_mut(i + 1)` on the array being written.
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut Vec<f64>) {
    for i in prange(a.len()) {
        let v = a[i];
        if let Some(next) = a.get_mut(i + 1) {
            *next += v;
        }
    }
}

fn main() {}
