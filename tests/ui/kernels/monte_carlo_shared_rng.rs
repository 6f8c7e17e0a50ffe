// Monte Carlo with one generator behind a `&mut` shared by every iteration (`next_f64` takes `&mut self`).
use parfor::prelude::*;

struct Lcg(u64);

impl Lcg {
    fn next_f64(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[parallel]
fn kernel(samples: usize, rng: &mut Lcg) -> f64 {
    let mut inside = 0;
    for _sample in prange(samples) {
        let x = rng.next_f64();
        let y = rng.next_f64();
        if x * x + y * y <= 1.0 {
            inside += 1;
        }
    }
    4.0 * inside as f64 / samples as f64
}

fn main() {}
