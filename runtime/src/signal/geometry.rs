//! The modes ([`Mode`]) and where SciPy puts each output element: the shape and offset
//! of every mode, and the `valid`-mode swap of the inputs.
//!
//! Both correlation and convolution are computed here as one operation, a correlation
//! with a prepared kernel `w` (`conj(b)` for correlation, `b` rotated by 180° for
//! convolution):
//!
//! ```text
//! out[r][c] = Σ_{k < m2, l < n2} a[r + sr + k][c + sc + l] · w[k][l]    (a is 0 outside)
//! ```
//!
//! The shifts `(sr, sc)` say where the output window sits in the full result. SciPy's
//! `correlate2d` and `convolve2d` (its C `_convolve2d`) centre `same` differently when
//! the kernel has an even length: the full result is cut at `m2 / 2` for correlation and
//! at `(m2 - 1) / 2` for convolution. (`scipy.signal.correlate`, the n-D function, uses
//! the convolution rule, so it disagrees with `correlate2d` on even kernels; parfor
//! follows `correlate2d`.)

use ndarray::ArrayView2;

/// Which part of the full result to return; SciPy's `mode` argument.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::signal::{Mode, correlate2d};
///
/// let (a, k) = (Array2::<f64>::ones((5, 6)), Array2::<f64>::ones((3, 2)));
/// assert_eq!(correlate2d(&a, &k, Mode::Full).dim(), (7, 7));
/// assert_eq!(correlate2d(&a, &k, Mode::Same).dim(), (5, 6));
/// assert_eq!(correlate2d(&a, &k, Mode::Valid).dim(), (3, 5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// The whole result (SciPy's default).
    #[default]
    Full,
    /// The size of the first input, centred on the full result.
    Same,
    /// Only the elements computed without the zero padding.
    Valid,
}

/// The two operations SciPy offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    Correlate,
    Convolve,
}

/// Shapes and shifts of one call, after any `valid`-mode swap of the inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(
    unreachable_pub,
    reason = "named by the sealed element trait's methods; unnameable outside the crate"
)]
pub struct Geometry {
    /// `a`'s shape.
    pub(crate) a: (usize, usize),
    /// The kernel's shape.
    pub(crate) w: (usize, usize),
    /// The output's shape.
    pub(crate) out: (usize, usize),
    /// Row and column shifts `(sr, sc)` of the formula above.
    pub(crate) shift: (isize, isize),
}

impl Geometry {
    /// The geometry of `op(a, b, mode)` for inputs of shapes `a` and `w` (already swapped
    /// for `valid` mode when needed, so that `a` is at least `w` on both axes).
    pub(crate) fn new(op: Op, mode: Mode, a: (usize, usize), w: (usize, usize)) -> Self {
        let axis = |m1: usize, m2: usize| -> (usize, isize) {
            let (len, offset) = match mode {
                // m1 + m2 - 1, or 0 when both are empty (where SciPy raises).
                Mode::Full => ((m1 + m2).saturating_sub(1), 0),
                Mode::Same => (
                    m1,
                    match op {
                        Op::Correlate => m2 / 2,
                        Op::Convolve => m2.saturating_sub(1) / 2,
                    },
                ),
                Mode::Valid => (m1 + 1 - m2, m2.saturating_sub(1)),
            };
            (len, offset as isize - m2 as isize + 1)
        };
        let (rows, sr) = axis(a.0, w.0);
        let (cols, sc) = axis(a.1, w.1);
        Geometry {
            a,
            w,
            out: (rows, cols),
            shift: (sr, sc),
        }
    }

    /// For output index `o` on an axis with shift `s`, kernel length `kw` and input length
    /// `n`: the kernel indices `k` with `0 <= o + s + k < n`.
    pub(crate) fn taps(o: usize, s: isize, kw: usize, n: usize) -> std::ops::Range<usize> {
        let start = o as isize + s;
        let lo = (-start).clamp(0, kw as isize) as usize;
        let hi = (n as isize - start).clamp(0, kw as isize) as usize;
        lo..hi.max(lo)
    }

    /// Multiply-adds the direct method performs (zeros outside `a` are skipped).
    pub(crate) fn direct_macs(&self) -> f64 {
        let axis = |out: usize, s: isize, kw: usize, n: usize| -> f64 {
            (0..out).map(|o| Self::taps(o, s, kw, n).len() as f64).sum()
        };
        axis(self.out.0, self.shift.0, self.w.0, self.a.0)
            * axis(self.out.1, self.shift.1, self.w.1, self.a.1)
    }
}

/// The inputs in SciPy's order for `mode` (swapped in `valid` mode when `b` is the
/// larger), and whether they were swapped.
pub(super) fn arrange<'x, T>(
    function: &str,
    a: ArrayView2<'x, T>,
    b: ArrayView2<'x, T>,
    mode: Mode,
) -> (ArrayView2<'x, T>, ArrayView2<'x, T>, bool) {
    if mode != Mode::Valid {
        return (a, b, false);
    }
    let ((m1, n1), (m2, n2)) = (a.dim(), b.dim());
    if m1 >= m2 && n1 >= n2 {
        (a, b, false)
    } else if m2 >= m1 && n2 >= n1 {
        (b, a, true)
    } else {
        panic!(
            "parfor::signal::{function}: for Mode::Valid one input must be at least as large as the other \
             on both axes, got {m1} × {n1} and {m2} × {n2}"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_and_shifts() {
        let g = Geometry::new(Op::Correlate, Mode::Full, (3, 4), (2, 2));
        assert_eq!((g.out, g.shift), ((4, 5), (-1, -1)));
        let g = Geometry::new(Op::Correlate, Mode::Same, (3, 4), (2, 2));
        assert_eq!((g.out, g.shift), ((3, 4), (0, 0)));
        let g = Geometry::new(Op::Convolve, Mode::Same, (3, 4), (2, 2));
        assert_eq!((g.out, g.shift), ((3, 4), (-1, -1)));
        let g = Geometry::new(Op::Convolve, Mode::Valid, (3, 4), (2, 2));
        assert_eq!((g.out, g.shift), ((2, 3), (0, 0)));
        let g = Geometry::new(Op::Correlate, Mode::Full, (0, 0), (0, 0));
        assert_eq!(g.out, (0, 0));
        let g = Geometry::new(Op::Correlate, Mode::Valid, (0, 0), (0, 0));
        assert_eq!(g.out, (1, 1));
    }

    #[test]
    fn mac_counts() {
        // Full mode touches every pair of elements exactly once.
        let g = Geometry::new(Op::Correlate, Mode::Full, (7, 5), (3, 4));
        assert_eq!(g.direct_macs(), (7 * 5 * 3 * 4) as f64);
        let g = Geometry::new(Op::Correlate, Mode::Valid, (7, 5), (3, 4));
        assert_eq!(g.direct_macs(), (5 * 2 * 3 * 4) as f64);
        assert_eq!(Geometry::taps(0, -2, 3, 10), 2..3);
        assert_eq!(Geometry::taps(9, 0, 3, 10), 0..1);
        assert_eq!(Geometry::taps(20, 0, 3, 10), 0..0);
    }
}
