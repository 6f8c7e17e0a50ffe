//! [`TriangleWindow`]: a 2-D array owned by triangles, element `[r, c]` by the
//! iteration `min(r, c)` (or `max(r, c)`).
//!
//! Symmetric fills (`a[[i, j]] = v; a[[j, i]] = v` for `j >= i`), in-place transposes
//! and covariance matrices give iteration `i` row `i` on one side of the diagonal and
//! column `i` on the other. That L-shaped set is no rectangle, so the safe windows,
//! cut with `split_at`, would need one rectangle more per level of cutting. This window
//! ([`CheckedWindow`] with the rule [`Owner`]) instead keeps the array's pointer and a
//! range of owners, and checks every access: the element's owner must be in the range.
//! Every element has exactly one owner, and windows cut from one array hold disjoint
//! ranges, so no two windows reach the same element.

use std::ops::Range;

use super::checked::{CheckedWindow, Rule};

/// Which iteration owns element `[r, c]` of a [`TriangleWindow`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// `min(r, c)`: iteration `i` owns row `i` from the diagonal right, and column `i`
    /// from the diagonal down (`for j in i..n { a[[i, j]]; a[[j, i]] }`).
    Min,
    /// `max(r, c)`: iteration `i` owns row `i` up to the diagonal, and column `i` down
    /// to it (`for j in 0..=i { a[[i, j]]; a[[j, i]] }`).
    Max,
}

/// A chunk's share of a 2-D array whose element `[r, c]` belongs to iteration
/// `min(r, c)` ([`Owner::Min`]) or `max(r, c)` ([`Owner::Max`]): what a triangularly
/// written array is inside a `#[parallel]` loop body. Its
/// [`range`](CheckedWindow::range) is the owners whose elements it holds, for reading
/// and writing alike.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::window::{Owner, TriangleWindow};
/// use parfor_runtime::__private::Splittable;
///
/// let mut a = Array2::<f64>::zeros((4, 4));
/// let w = TriangleWindow::new(a.view_mut(), "a", Owner::Min);
/// let (mut low, mut high) = w.split_at(2);
/// low[[1, 3]] = 1.0; // row 1 right of the diagonal: owner 1
/// low[[3, 1]] = 1.0; // column 1 below it: owner 1
/// high[[2, 3]] = 2.0; // owner 2
/// assert_eq!((low.range(), high.range()), (0..2, 2..4));
/// assert_eq!(a[[3, 1]] + a[[2, 3]], 3.0);
/// ```
pub type TriangleWindow<'a, A> = CheckedWindow<'a, A, Owner>;

impl Rule for Owner {
    const KIND: &'static str = "triangular";

    fn whole(&self, dim: [usize; 2]) -> Range<usize> {
        // Every owner is below the longer side.
        0..dim[0].max(dim[1])
    }

    #[inline(always)]
    #[track_caller]
    fn check(&self, name: &str, [r, c]: [usize; 2], _write: bool, owners: &Range<usize>) {
        let k = match self {
            Owner::Min => r.min(c),
            Owner::Max => r.max(c),
        };
        if !owners.contains(&k) {
            not_owned(name, [r, c], k, owners);
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_owned(name: &str, index: [usize; 2], owner: usize, owners: &Range<usize>) -> ! {
    panic!(
        "parfor: index {index:?} of `{name}` belongs to iteration {owner}, outside this \
         chunk's iterations {}..{}: an iteration touched an element assigned to another chunk",
        owners.start, owners.end
    )
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder, s};

    use super::super::panic_text;
    use super::super::source::Splittable;
    use super::*;

    /// Every element is reachable from exactly the window holding its owner, in C and
    /// Fortran order, a transposed view and one with negative strides.
    #[test]
    fn each_element_belongs_to_one_window() {
        for owner in [Owner::Min, Owner::Max] {
            let mut c = Array2::<i64>::zeros((5, 7));
            let mut f = Array2::<i64>::zeros((5, 7).f());
            let mut t = Array2::<i64>::zeros((7, 5));
            let mut r = Array2::<i64>::zeros((5, 7));
            let views = [
                c.view_mut(),
                f.view_mut(),
                t.view_mut().reversed_axes(),
                r.slice_mut(s![..;-1, ..;-1]),
            ];
            for view in views {
                let whole = TriangleWindow::new(view, "a", owner);
                let (low, rest) = whole.split_at(2);
                let (mid, high) = rest.split_at(4);
                let mut windows = [low, mid, high];
                for r in 0..5 {
                    for c in 0..7 {
                        let k = match owner {
                            Owner::Min => r.min(c),
                            Owner::Max => r.max(c),
                        };
                        let w = windows.iter().position(|w| w.range().contains(&k)).unwrap();
                        windows[w][[r, c]] += (10 * r + c) as i64 + 1;
                        for (other, win) in windows.iter().enumerate() {
                            if other != w {
                                let text = panic_text(|| {
                                    let _ = win.get([r, c]);
                                });
                                assert!(text.contains("another chunk"), "{text}");
                            }
                        }
                    }
                }
            }
            for a in [&c, &f, &r] {
                let r_ = if std::ptr::eq(a, &r) {
                    // Written through reversed axes: element [r, c] of the view is
                    // [4 - r, 6 - c] of the array.
                    Array2::from_shape_fn((5, 7), |(i, j)| (10 * (4 - i) + (6 - j)) as i64 + 1)
                } else {
                    Array2::from_shape_fn((5, 7), |(i, j)| (10 * i + j) as i64 + 1)
                };
                assert_eq!(*a, r_);
            }
            let want_t = Array2::from_shape_fn((7, 5), |(j, i)| (10 * i + j) as i64 + 1);
            assert_eq!(t, want_t);
        }
    }

    #[test]
    fn indices_past_the_array_panic_like_the_array() {
        let mut a = Array2::<f64>::zeros((3, 4));
        let mut w = TriangleWindow::new(a.view_mut(), "a", Owner::Min);
        assert_eq!(w.get([3, 0]), None);
        let text = panic_text(|| w[[0, 4]] = 1.0);
        assert_eq!(
            text,
            "parfor: index [0, 4] out of bounds for `a` of shape [3, 4]"
        );
    }

    #[test]
    fn swap_exchanges_owned_elements_and_refuses_others() {
        let mut a = Array2::from_shape_fn((4, 4), |(i, j)| (4 * i + j) as f64);
        let w = TriangleWindow::new(a.view_mut(), "a", Owner::Min);
        let (mut low, _high) = w.split_at(1);
        low.swap([0, 3], [3, 0]);
        low.swap((0, 0), (0, 0));
        let text = panic_text(|| low.swap([0, 1], [1, 2]));
        assert!(
            text.contains("index [1, 2] of `a` belongs to iteration 1"),
            "{text}"
        );
        assert_eq!((a[[0, 3]], a[[3, 0]]), (12.0, 3.0));
    }

    #[test]
    fn cuts_clamp_into_the_owners() {
        let mut a = Array2::<u8>::zeros((3, 2));
        let w = TriangleWindow::new(a.view_mut(), "a", Owner::Max);
        assert_eq!(w.range(), 0..3);
        let (low, high) = w.split_at(9);
        assert_eq!((low.range(), high.range()), (0..3, 3..3));
        let (none, all) = low.split_at(0);
        assert_eq!((none.range(), all.range()), (0..0, 0..3));
        assert_eq!(
            (all.dim(), all.nrows(), all.ncols(), all.len()),
            ((3, 2), 3, 2, 6)
        );
    }
}
