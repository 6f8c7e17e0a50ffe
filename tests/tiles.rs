//! Arrays written by tiles: a loop over `nbx * nby` tiles numbered row by row, whose
//! iteration `w` works on rows `w / nby * bs..` and columns `w % nby * bs..` (the
//! seed's window-by-window fill, flattened into one `prange`). Each `#[parallel]`
//! function has a sequential twin; results must be the same bits under 1, 2, 3 and 8
//! threads, with the default schedule, chunks of a few tiles and a dynamic schedule.
#![allow(clippy::needless_range_loop)]

mod common;

use common::{array2, same};
use parfor::prelude::*;

/// The seed's window-by-window copy, tiles of `bs` that divide the array.
#[parallel]
fn copy_tiles(xs: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let (nbx, nby) = (xs.nrows() / bs, xs.ncols() / bs);
    for w in prange(nbx * nby) {
        let (wx, wy) = (w / nby * bs, w % nby * bs);
        for x in wx..wx + bs {
            for y in wy..wy + bs {
                tmp[[x, y]] = xs[[x, y]];
            }
        }
    }
}

fn copy_tiles_seq(xs: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let (nbx, nby) = (xs.nrows() / bs, xs.ncols() / bs);
    for w in 0..nbx * nby {
        let (wx, wy) = (w / nby * bs, w % nby * bs);
        for x in wx..wx + bs {
            for y in wy..wy + bs {
                tmp[[x, y]] = xs[[x, y]];
            }
        }
    }
}

#[test]
fn seed_window_copy() {
    for (n, m, bs) in [(0, 0, 4), (4, 4, 4), (8, 12, 4), (30, 18, 3), (64, 64, 8)] {
        let xs = array2(n, m, (n * m) as u64);
        let mut want = Array2::from_elem((n, m), f64::NAN);
        copy_tiles_seq(&xs, &mut want, bs);
        same("copy_tiles", &want.mapv(f64::to_bits), || {
            let mut tmp = Array2::from_elem((n, m), f64::NAN);
            copy_tiles(&xs, &mut tmp, bs);
            tmp.mapv(f64::to_bits)
        });
    }
}

/// Tiles that do not divide the array, ends clamped with `.min(..)`, each tile
/// reading its own elements (a blur inside each tile, borders kept), the tile
/// coordinates bound one by one and the tile's end as `(bx + 1) * bs`.
#[parallel(chunk = 2)]
fn smooth_in_tiles(a: &mut Array2<f64>, bs: usize) {
    let (n, m) = a.dim();
    let nby = m.div_ceil(bs);
    for w in prange(n.div_ceil(bs) * nby) {
        let bx = w / nby;
        let by = w % nby;
        let hi = ((bx + 1) * bs).min(n);
        for x in bx * bs..hi {
            for y in by * bs..(by * bs + bs).min(m) {
                let v = a[[x, y]];
                a[[x, y]] = 0.5 * v + 0.25 * (x + y) as f64;
            }
        }
    }
}

fn smooth_in_tiles_seq(a: &mut Array2<f64>, bs: usize) {
    let (n, m) = a.dim();
    let nby = m.div_ceil(bs);
    for w in 0..n.div_ceil(bs) * nby {
        let bx = w / nby;
        let by = w % nby;
        let hi = ((bx + 1) * bs).min(n);
        for x in bx * bs..hi {
            for y in by * bs..(by * bs + bs).min(m) {
                let v = a[[x, y]];
                a[[x, y]] = 0.5 * v + 0.25 * (x + y) as f64;
            }
        }
    }
}

#[test]
fn ragged_tiles() {
    for (n, m, bs) in [(1, 1, 3), (7, 5, 3), (10, 23, 4), (33, 17, 5)] {
        let a0 = array2(n, m, 7);
        let mut want = a0.clone();
        smooth_in_tiles_seq(&mut want, bs);
        same("smooth_in_tiles", &want.mapv(f64::to_bits), || {
            let mut a = a0.clone();
            smooth_in_tiles(&mut a, bs);
            a.mapv(f64::to_bits)
        });
    }
}

/// Tiles numbered column by column (`w % nbx` along rows, `w / nbx` along columns),
/// through a view, with `get` and a transposed write.
#[parallel(schedule = "dynamic")]
fn column_major_tiles(mut out: ArrayViewMut2<'_, i64>, bs: usize) {
    let nbx = out.nrows() / bs;
    let nby = out.ncols() / bs;
    for w in prange(nbx * nby) {
        let (ox, oy) = (w % nbx * bs, w / nbx * bs);
        for y in oy..oy + bs {
            for x in ox..ox + bs {
                let old = out.get((x, y)).copied().unwrap_or(0);
                out[(x, y)] = old + w as i64;
            }
        }
    }
}

#[test]
fn tiles_numbered_by_columns() {
    let (n, m, bs) = (12, 20, 4);
    let mut want = Array2::<i64>::ones((n, m));
    for w in 0..(n / bs) * (m / bs) {
        let (ox, oy) = (w % (n / bs) * bs, w / (n / bs) * bs);
        for x in ox..ox + bs {
            for y in oy..oy + bs {
                want[[x, y]] += w as i64;
            }
        }
    }
    same("column_major_tiles", &want, || {
        let mut a = Array2::<i64>::ones((n, m));
        column_major_tiles(a.view_mut(), bs);
        a
    });
}

/// Costly tiles go to the pool: the tiles of one array are written by several
/// workers at once, each tile by one.
#[parallel]
fn who_wrote(a: &mut Array2<usize>, bs: usize) {
    let nby = a.ncols() / bs;
    let tiles = (a.nrows() / bs) * nby;
    for w in prange(tiles) {
        common::spin(200);
        let (wx, wy) = (w / nby * bs, w % nby * bs);
        for x in wx..wx + bs {
            for y in wy..wy + bs {
                a[[x, y]] = common::worker();
            }
        }
    }
}

#[test]
fn several_workers_share_one_array() {
    let (n, bs) = (32, 4);
    let a = parfor::with_num_threads(2, || {
        let mut a = Array2::from_elem((n, n), usize::MAX);
        who_wrote(&mut a, bs);
        a
    });
    for x in 0..n {
        for y in 0..n {
            let corner = a[[x / bs * bs, y / bs * bs]];
            assert_eq!(a[[x, y]], corner, "[{x}, {y}]: one worker per tile");
        }
    }
    common::assert_several_workers(a.iter().copied());
}

/// Rectangular tiles, `rows` by `cols`, counted by `w / nby` and `w % nby`, a tile's
/// rows summed into its first column (reads and writes of the tile's own elements).
#[parallel(chunk = 3)]
fn row_sums_in_tiles(a: &mut Array2<f64>, rows: usize, cols: usize) {
    let nby = a.ncols() / cols;
    for w in prange((a.nrows() / rows) * nby) {
        let x0 = w / nby * rows;
        let y0 = cols * (w % nby);
        for x in x0..x0 + rows {
            for y in y0 + 1..y0 + cols {
                a[[x, y0]] += a[[x, y]];
            }
        }
    }
}

#[test]
fn rectangular_tiles() {
    let (n, m, rows, cols) = (12, 21, 4, 7);
    let a0 = array2(n, m, 3);
    let mut want = a0.clone();
    let nby = m / cols;
    for w in 0..(n / rows) * nby {
        let (x0, y0) = (w / nby * rows, cols * (w % nby));
        for x in x0..x0 + rows {
            for y in y0 + 1..y0 + cols {
                want[[x, y0]] += want[[x, y]];
            }
        }
    }
    same("row_sums_in_tiles", &want.mapv(f64::to_bits), || {
        let mut a = a0.clone();
        row_sums_in_tiles(&mut a, rows, cols);
        a.mapv(f64::to_bits)
    });
}

/// Tiles of a constant size, the origin written in place in the inner loops' bounds.
#[parallel]
fn fours(a: &mut Array2<u32>) {
    let nby = a.ncols() / 4;
    for w in prange((a.nrows() / 4) * nby) {
        for x in w / nby * 4..w / nby * 4 + 4 {
            for y in (w % nby) * 4..(w % nby) * 4 + 4 {
                a[[x, y]] = w as u32;
            }
        }
    }
}

#[test]
fn constant_tiles() {
    let (n, m) = (8, 16);
    let want = Array2::from_shape_fn((n, m), |(x, y)| (x / 4 * (m / 4) + y / 4) as u32);
    same("fours", &want, || {
        let mut a = Array2::zeros((n, m));
        fours(&mut a);
        a
    });
}
