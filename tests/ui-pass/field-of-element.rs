//! Writing a field of the element at `i` (`out[i].re = ..`, `out[i].im += ..`) is a
//! write of `out[i]`: it splits `out` like `out[i] = ..` does.
use parfor::prelude::*;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
struct C {
    re: f64,
    im: f64,
}

#[parallel]
fn fill(x: &[f64], out: &mut [C]) {
    for i in prange(x.len()) {
        out[i].re = x[i];
        out[i].im += 2.0 * x[i];
    }
}

fn main() {
    let x: Vec<f64> = (0..10_000).map(f64::from).collect();
    let mut out = vec![C { re: 0.0, im: 1.0 }; x.len()];
    fill(&x, &mut out);
    for (o, v) in out.iter().zip(&x) {
        assert_eq!(
            *o,
            C {
                re: *v,
                im: 1.0 + 2.0 * v
            }
        );
    }
}
