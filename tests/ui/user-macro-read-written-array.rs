// A written array read inside a user `macro_rules!` the analysis cannot read: `peek!(a, i + 1)` hides an anti dependence.
use parfor::prelude::*;

macro_rules! peek {
    ($a:expr, $k:expr) => {
        $a[$k]
    };
}

#[parallel]
fn look_ahead(a: &mut [f64]) {
    for i in prange(a.len() - 1) {
        a[i] = peek!(a, i + 1);
    }
}

fn main() {}
