// PENDING: RACY kernel that #[parallel] does not reject: rustc refuses the expansion instead (no parfor: error).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error[E0596]: cannot borrow `*rng` as mutable, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/monte_carlo_shared_rng.rs:45:17
//      |
//   42 | fn kernel(samples: usize, rng: &mut Lcg) -> f64 {
//      |                           --- `*rng` declared here, outside the closure
//   43 |     let mut inside = 0;
//   44 |     for _sample in prange(samples) {
//      |     --- in this closure
//   45 |         let x = rng.next_f64();
//      |                 ^^^ cannot borrow as mutable
//   error[E0596]: cannot borrow `*rng` as mutable, as it is a captured variable in a `Fn` closure
//     --> tests/ui/kernels-pending/monte_carlo_shared_rng.rs:46:17
//      |
//   42 | fn kernel(samples: usize, rng: &mut Lcg) -> f64 {
//      |                           --- `*rng` declared here, outside the closure
//   43 |     let mut inside = 0;
//   44 |     for _sample in prange(samples) {
//      |     --- in this closure
//   45 |         let x = rng.next_f64();
//   46 |         let y = rng.next_f64();
//      |                 ^^^ cannot borrow as mutable

// A shared random generator advanced by every iteration (Monte Carlo pi with one RNG state).
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
