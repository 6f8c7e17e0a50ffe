// A captured `&mut` array written only inside a user `macro_rules!` the analysis cannot read.
use parfor::prelude::*;

macro_rules! put {
    ($a:expr, $k:expr, $v:expr) => {
        $a[$k] = $v
    };
}

#[parallel]
fn keep_last(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        put!(out, 0, x[i]);
    }
}

fn main() {}
