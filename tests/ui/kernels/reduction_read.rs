// Reduction variable also read to decide: a spending budget checked before adding.
use parfor::prelude::*;

#[parallel]
fn kernel(cost: &[f64], cap: f64) -> f64 {
    let mut total = 0.0;
    for i in prange(cost.len()) {
        if total + cost[i] > cap {
            continue;
        }
        total += cost[i];
    }
    total
}

fn main() {}
