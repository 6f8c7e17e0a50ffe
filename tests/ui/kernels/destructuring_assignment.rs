// Destructuring assignment: `(a[i], a[i + 1]) = (a[i + 1], a[i])` swaps overlapping
// pairs (a bubble-sort pass, as `bubble_step` but without `swap`), and `(s, t) = (..)`
// assigns two captured scalars. The assignment targets inside the tuple are not seen as
// writes, so rustc reports E0594 on the `Fn` closure.
use parfor::prelude::*;

#[parallel]
fn bubble_pass(a: &mut [f64]) {
    for i in prange(a.len() - 1) {
        if a[i] > a[i + 1] {
            (a[i], a[i + 1]) = (a[i + 1], a[i]);
        }
    }
}

#[parallel]
fn last_pair(x: &[f64]) -> f64 {
    let mut s = 0.0;
    let mut t = 0.0;
    for i in prange(x.len()) {
        (s, t) = (x[i], t + 1.0);
    }
    s + t
}

fn main() {}
