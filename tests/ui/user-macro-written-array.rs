// A written array inside a user `macro_rules!` the analysis cannot read: `out` is written at i and, through `put!`, at 0.
use parfor::prelude::*;

macro_rules! put {
    ($a:expr, $k:expr, $v:expr) => {
        $a[$k] = $v
    };
}

#[parallel]
fn keep_last(x: &[f64], out: &mut [f64]) {
    for i in prange(x.len()) {
        out[i] = x[i];
        put!(out, 0, x[i]);
    }
}

fn main() {}
