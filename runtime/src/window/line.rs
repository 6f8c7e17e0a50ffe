//! [`LineWindow`]: a 2-D array a loop writes along one line only (row `i` of a
//! `prange` over columns nested in a sequential loop over rows) while it reads other
//! lines anywhere, as row-by-row wavefronts and dynamic programmes do
//! (`b[[i, j]] = f(b[[i - 1, j - 1]], b[[i - 1, j + 1]])`).
//!
//! Contiguous windows along the columns cannot hold the neighbours' columns of the
//! line above, which two chunks read. This window ([`CheckedWindow`] with the rule
//! [`Line`]) keeps the array's pointer, the written line and a range of positions along
//! it, and checks every access: a write must be on the line within the range, a read
//! of the line within the range too, a read of another line is free, since no window
//! made from the array can write another line.

use std::ops::Range;

use super::checked::{CheckedWindow, Rule};

/// The one line of a [`LineWindow`] the loop writes: index `line` along `axis` (row
/// `line` for axis 0, column `line` for axis 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    /// The axis the written line is fixed on: 0 or 1.
    pub axis: usize,
    /// Its index along that axis.
    pub line: usize,
}

/// A chunk's share of a 2-D array whose only written line is [`Line`], each element of
/// it by one iteration, and whose other lines the loop only reads: what such an array is
/// inside a `#[parallel]` loop body. Its [`range`](CheckedWindow::range) is the
/// positions along the written line it holds.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::window::{Line, LineWindow};
/// use parfor_runtime::__private::Splittable;
///
/// let mut b = Array2::<i64>::from_shape_fn((3, 4), |(i, j)| (10 * i + j) as i64);
/// let w = LineWindow::new(b.view_mut(), "b", Line { axis: 0, line: 2 }); // row 2
/// let (mut left, mut right) = w.split_at(2);
/// left[[2, 1]] = left[[1, 0]] + left[[1, 2]]; // both windows read row 1
/// right[[2, 3]] = right[[1, 2]];
/// assert_eq!(b.row(2).to_vec(), [20, 22, 22, 12]);
/// ```
pub type LineWindow<'a, A> = CheckedWindow<'a, A, Line>;

impl Rule for Line {
    const KIND: &'static str = "line";

    fn whole(&self, dim: [usize; 2]) -> Range<usize> {
        0..dim[1 - self.axis.min(1)]
    }

    #[inline(always)]
    #[track_caller]
    fn check(&self, name: &str, [r, c]: [usize; 2], write: bool, window: &Range<usize>) {
        let (line, pos) = if self.axis == 0 { (r, c) } else { (c, r) };
        if line == self.line {
            if !window.contains(&pos) {
                not_owned(name, [r, c], window);
            }
        } else if write {
            off_the_line(name, [r, c], self.axis, self.line);
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_owned(name: &str, index: [usize; 2], window: &Range<usize>) -> ! {
    panic!(
        "parfor: index {index:?} of `{name}` is outside this chunk's window {}..{} of the \
         written line: an iteration touched an element assigned to another chunk",
        window.start, window.end
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn off_the_line(name: &str, index: [usize; 2], axis: usize, line: usize) -> ! {
    panic!(
        "parfor: index {index:?} of `{name}` is written, but the loop writes only index \
         {line} along axis {axis} and shares the rest read-only"
    )
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder};

    use super::super::panic_text;
    use super::super::source::Splittable;
    use super::*;

    /// A wavefront row: each window writes its columns of row 2 from row 1, which every
    /// window reads; and the same along a column of a Fortran-order array.
    #[test]
    fn windows_write_their_part_of_the_line_and_read_the_rest() {
        let mut b = Array2::from_shape_fn((4, 6), |(i, j)| (10 * i + j) as i64);
        let w = LineWindow::new(b.view_mut(), "b", Line { axis: 0, line: 2 });
        let (mut left, mut right) = w.split_at(3);
        for (w, cols) in [(&mut left, 0..3usize), (&mut right, 3..6)] {
            for j in cols {
                let up = w[[1, j.saturating_sub(1)]] + w.get([1, j + 1]).copied().unwrap_or(0);
                w[[2, j]] = up + w[[3, j]];
            }
        }
        assert_eq!(b.row(2).to_vec(), [51, 53, 56, 59, 62, 49]);

        let mut f = Array2::<f64>::zeros((5, 3).f());
        let w = LineWindow::new(f.view_mut(), "f", Line { axis: 1, line: 0 }); // column 0
        let (mut top, bottom) = w.split_at(2);
        top[(1, 0)] = 1.0;
        assert_eq!(
            (bottom[[1, 2]], bottom.range(), top.dim()),
            (0.0, 2..5, (5, 3))
        );
        let text = panic_text(|| top[[3, 0]] = 1.0);
        assert!(text.contains("outside this chunk's window 0..2"), "{text}");
        let text = panic_text(|| top[[1, 1]] = 1.0);
        assert!(text.contains("writes only index 0 along axis 1"), "{text}");
        let text = panic_text(|| {
            let _ = bottom[[0, 0]];
        });
        assert!(
            text.contains("[0, 0] of `f` is outside this chunk's window 2..5"),
            "{text}"
        );
        let text = panic_text(|| top[[5, 0]] = 1.0);
        assert_eq!(
            text,
            "parfor: index [5, 0] out of bounds for `f` of shape [5, 3]"
        );
        assert_eq!(f[[1, 0]], 1.0);
    }
}
