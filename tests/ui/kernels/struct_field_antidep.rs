// Anti dependence through a struct field: g.u[i] reads g.u[i + 1].
use parfor::prelude::*;

struct Grid {
    u: Vec<f64>,
}

#[parallel]
fn kernel(g: &mut Grid) {
    let n = g.u.len();
    for i in prange(n - 1) {
        g.u[i] = g.u[i + 1];
    }
}

fn main() {}
