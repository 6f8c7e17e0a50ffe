//! [`TileWindow`]: a 2-D array a loop over tiles writes, tile `w` by iteration `w`
//! (the seed's window-by-window fill as one `prange` over `nbx * nby` tiles, rows
//! `w / nby * bs..` and columns `w % nby * bs..`).
//!
//! A chunk of consecutive tiles is a run of tiles along rows of tiles: no rectangle, so
//! safe windows cut with `split_at` cannot hold it. This window ([`CheckedWindow`] with
//! the rule [`Tiles`]) keeps the array's pointer and a range of iterations, and checks
//! every access: element `[r, c]` belongs to iteration `(r / size) * k + c / size` (for
//! `r` the index along the `w / k` axis), which must be in the range. Every element
//! has one owner, and windows cut from one array hold disjoint ranges, so no two
//! windows reach the same element.

use std::ops::Range;

use super::checked::{CheckedWindow, Rule};

/// Which iteration owns element `[r, c]` of a [`TileWindow`]: tiles numbered row by
/// row, `k` to a row of tiles, iteration `w`'s tile at `w / k` along `div_axis` and at
/// `w % k` along the other axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tiles {
    /// The axis along which the tile's coordinate is `w / k` (0: rows of tiles).
    div_axis: usize,
    /// Tiles per row of tiles.
    k: usize,
    /// Elements per tile along the `w / k` axis and along the other.
    sizes: [Divisor; 2],
}

impl Tiles {
    /// Tiles of `sizes[0]` elements along `div_axis` (0 or 1) by `sizes[1]` along the
    /// other, `k` to a row of tiles; iteration `w`'s tile is `w / k` along `div_axis`
    /// and `w % k` along the other.
    ///
    /// # Panics
    ///
    /// If `div_axis` is not 0 or 1.
    pub fn new(div_axis: usize, k: usize, sizes: [usize; 2]) -> Self {
        assert!(
            div_axis < 2,
            "parfor: a tile's axis is 0 or 1, got {div_axis}"
        );
        Tiles {
            div_axis,
            k,
            sizes: sizes.map(Divisor::new),
        }
    }

    /// The iteration owning `[r, c]`, `None` when no iteration does (tiles of size 0,
    /// an element right of a row's last tile, an owner past `usize::MAX`).
    #[inline(always)]
    fn owner(&self, [r, c]: [usize; 2]) -> Option<usize> {
        let (d, m) = if self.div_axis == 0 { (r, c) } else { (c, r) };
        let td = self.sizes[0].div(d)?;
        let tm = self.sizes[1].div(m)?;
        // `tm >= k` would name a tile of the next row, which does not hold it.
        if tm >= self.k {
            return None;
        }
        td.checked_mul(self.k)?.checked_add(tm)
    }
}

/// Division by a tile size fixed when the window is made, as a multiplication: every
/// access divides both of its indices.
///
/// For `x < 2^32`, `x / d` is the high half of `x * (floor((2^64 - 1) / d) + 1)`
/// (Lemire, Kaser and Kurz, "Faster remainder by direct computation", 2019, for
/// 32-bit dividends and divisors `d >= 2`); larger `x` and `d = 1` take the plain path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Divisor {
    d: usize,
    /// `floor((2^64 - 1) / d) + 1` for `2 <= d < 2^32`, else 0.
    magic: u64,
}

impl Divisor {
    fn new(d: usize) -> Self {
        let magic = match u64::try_from(d) {
            Ok(d) if (2..1 << 32).contains(&d) => u64::MAX / d + 1,
            _ => 0,
        };
        Divisor { d, magic }
    }

    /// `x / d`, `None` for `d = 0`.
    #[inline(always)]
    fn div(self, x: usize) -> Option<usize> {
        if self.magic != 0 && x <= u32::MAX as usize {
            Some(((u128::from(self.magic) * x as u128) >> 64) as usize)
        } else {
            x.checked_div(self.d)
        }
    }
}

/// A chunk's share of a 2-D array written by tiles, tile `w` by iteration `w` (see
/// [`Tiles`]): what such an array is inside a `#[parallel]` loop body. Its
/// [`range`](CheckedWindow::range) is the iterations whose tiles it holds.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
/// use parfor_runtime::window::{TileWindow, Tiles};
/// use parfor_runtime::__private::Splittable;
///
/// // 2 x 2 tiles of 2 x 2 elements; iteration w owns rows w / 2 * 2.., columns w % 2 * 2..
/// let mut a = Array2::<i64>::zeros((4, 4));
/// let w = TileWindow::new(a.view_mut(), "a", Tiles::new(0, 2, [2, 2]));
/// let (mut first, mut rest) = w.split_at(1);
/// first[[1, 1]] = 1; // tile 0
/// rest[[1, 2]] = 2; // tile 1
/// rest[[3, 3]] = 4; // tile 3
/// assert_eq!(a.sum(), 7);
/// ```
pub type TileWindow<'a, A> = CheckedWindow<'a, A, Tiles>;

impl Rule for Tiles {
    const KIND: &'static str = "tile";

    fn whole(&self, dim: [usize; 2]) -> Range<usize> {
        let (d, m) = if self.div_axis == 0 {
            (dim[0], dim[1])
        } else {
            (dim[1], dim[0])
        };
        let (Some(td), Some(tm)) = (
            self.sizes[0].div(d.wrapping_sub(1)),
            self.sizes[1].div(m.wrapping_sub(1)),
        ) else {
            return 0..0;
        };
        if d == 0 || m == 0 || self.k == 0 {
            return 0..0;
        }
        // The greatest owner: the last row of tiles, its last tile inside the array.
        let tm = tm.min(self.k - 1);
        let last = td.saturating_mul(self.k).saturating_add(tm);
        0..last.saturating_add(1)
    }

    #[inline(always)]
    #[track_caller]
    fn check(&self, name: &str, index: [usize; 2], _write: bool, owners: &Range<usize>) {
        match self.owner(index) {
            Some(w) if owners.contains(&w) => {}
            owner => not_owned(name, index, owner, owners),
        }
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_owned(name: &str, index: [usize; 2], owner: Option<usize>, owners: &Range<usize>) -> ! {
    let whose = match owner {
        Some(w) => format!("belongs to the tile of iteration {w}"),
        None => "belongs to no tile".to_owned(),
    };
    panic!(
        "parfor: index {index:?} of `{name}` {whose}, outside this chunk's iterations {}..{}: \
         an iteration touched an element assigned to another chunk",
        owners.start, owners.end
    )
}

#[cfg(test)]
mod tests {
    use ndarray::{Array2, ShapeBuilder, s};

    use super::super::panic_text;
    use super::super::source::Splittable;
    use super::*;

    /// Every element is reachable from exactly the window holding its tile's iteration,
    /// in C and Fortran order, a transposed view and one with negative strides, with
    /// tiles along either axis and sizes that do not divide the array.
    #[test]
    fn each_element_belongs_to_one_window() {
        for div_axis in [0, 1] {
            let (k, size) = (3, 2);
            let sizes = [size, size];
            let mut c = Array2::<i64>::zeros((5, 6));
            let mut f = Array2::<i64>::zeros((5, 6).f());
            let mut t = Array2::<i64>::zeros((6, 5));
            let mut r = Array2::<i64>::zeros((5, 6));
            let views = [
                c.view_mut(),
                f.view_mut(),
                t.view_mut().reversed_axes(),
                r.slice_mut(s![..;-1, ..;-1]),
            ];
            for view in views {
                let rule = Tiles::new(div_axis, k, sizes);
                let whole = TileWindow::new(view, "a", rule);
                let (low, rest) = whole.split_at(2);
                let (mid, high) = rest.split_at(5);
                let mut windows = [low, mid, high];
                for i in 0..5 {
                    for j in 0..6 {
                        let (d, m) = if div_axis == 0 { (i, j) } else { (j, i) };
                        let w = d / size * k + m / size;
                        let at = windows.iter().position(|x| x.range().contains(&w)).unwrap();
                        windows[at][[i, j]] += (10 * i + j) as i64 + 1;
                        for (other, win) in windows.iter().enumerate() {
                            if other != at {
                                let msg = panic_text(|| {
                                    let _ = win[[i, j]];
                                });
                                assert!(
                                    msg.contains("`a`") && msg.contains(&format!("[{i}, {j}]")),
                                    "{msg}"
                                );
                            }
                        }
                    }
                }
            }
            for a in [&c, &f, &r] {
                assert!(
                    a.iter().all(|&v| v > 0),
                    "every element written once: {a:?}"
                );
            }
        }
    }

    #[test]
    fn degenerate_tiles_own_nothing() {
        let mut a = Array2::<i64>::zeros((3, 3));
        let w = TileWindow::new(a.view_mut(), "a", Tiles::new(0, 2, [0, 1]));
        assert_eq!(w.range(), 0..0);
        let msg = panic_text(|| {
            let _ = w[[0, 0]];
        });
        assert!(msg.contains("belongs to no tile"), "{msg}");
        let mut e = Array2::<i64>::zeros((0, 3));
        assert_eq!(
            TileWindow::new(e.view_mut(), "e", Tiles::new(0, 2, [2, 2])).range(),
            0..0
        );
    }

    #[test]
    fn elements_right_of_the_last_tile_of_a_row_belong_to_none() {
        // Two tiles of 2 x 2 to a row of a 4 x 6 array: columns 4 and 5 are no tile's.
        let mut a = Array2::<i64>::zeros((4, 6));
        let w = TileWindow::new(a.view_mut(), "a", Tiles::new(0, 2, [2, 2]));
        assert_eq!(w.range(), 0..4);
        let msg = panic_text(|| {
            let _ = w[[0, 4]];
        });
        assert!(
            msg.contains("[0, 4]") && msg.contains("belongs to no tile"),
            "{msg}"
        );
        assert_eq!(w[[3, 3]], 0);
    }

    /// The fast division agrees with `/` at the edges of its range and past it.
    #[test]
    fn fast_division_is_exact() {
        let xs = [0, 1, 2, 3, 4, 5, 7, 8, 9, 1000, 4095, 4096, 65_535, 65_536];
        let big = [
            u32::MAX as usize - 1,
            u32::MAX as usize,
            u32::MAX as usize + 1,
            usize::MAX,
        ];
        for d in [
            1,
            2,
            3,
            4,
            5,
            7,
            8,
            10,
            16,
            100,
            4096,
            65_537,
            u32::MAX as usize - 1,
        ] {
            let div = Divisor::new(d);
            for x in xs.into_iter().chain(big).chain((0..2000).map(|k| k * 7919)) {
                assert_eq!(div.div(x), Some(x / d), "{x} / {d}");
            }
        }
        for d in [u32::MAX as usize, 1 << 32, usize::MAX] {
            assert_eq!(Divisor::new(d).div(usize::MAX), Some(usize::MAX / d));
        }
        assert_eq!(Divisor::new(0).div(5), None);
        // Random 32-bit dividends and divisors (a fixed LCG).
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 32) as usize
        };
        for _ in 0..200_000 {
            let (x, d) = (next(), next().max(1) >> (next() % 32));
            let d = d.max(1);
            assert_eq!(Divisor::new(d).div(x), Some(x / d), "{x} / {d}");
        }
    }

    #[test]
    #[should_panic(expected = "a tile's axis is 0 or 1")]
    fn a_third_axis_is_refused() {
        let _ = Tiles::new(2, 1, [1, 1]);
    }
}
