use parfor::prelude::*;

#[parallel]
struct Grid {
    cells: Vec<f64>,
}

fn main() {}
