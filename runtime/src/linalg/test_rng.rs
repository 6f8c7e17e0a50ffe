//! Random matrices for the unit tests of `lu` and `stack`.

use ndarray::Array2;

/// A small deterministic generator (64-bit LCG, top bits), so the tests need no crate.
pub(super) struct Lcg(pub(super) u64);

impl Lcg {
    /// Uniform in [0, 1).
    pub(super) fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1_u64 << 53) as f64
    }

    /// Uniform in [-1, 1), or small integers (many ties between candidate pivots).
    pub(super) fn matrix(&mut self, n: usize, integers: bool) -> Array2<f64> {
        Array2::from_shape_simple_fn((n, n), || {
            let u = 2.0 * self.next() - 1.0;
            if integers { (3.0 * u).round() } else { u }
        })
    }
}
