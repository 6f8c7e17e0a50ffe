// A random generator declared `let mut` before the loop and called in it: its method
// takes `&mut self`, so every iteration would advance the same state.
use parfor::prelude::*;

struct Lcg(u64);

impl Lcg {
    fn random(&mut self) -> f64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[parallel]
fn noise(out: &mut [f64]) {
    let mut rng = Lcg(7);
    for i in prange(out.len()) {
        out[i] = rng.random();
    }
}

fn main() {}
