// Rows from `w / nby` but columns from `w % nbx`: with `nbx != nby` two iterations get
// the same pair of tile coordinates.
use parfor::prelude::*;

#[parallel]
fn fill(a: &mut Array2<f64>, bs: usize) {
    let (nbx, nby) = (a.nrows() / bs, a.ncols() / bs);
    for w in prange(nbx * nby) {
        let (wx, wy) = (w / nby * bs, w % nbx * bs);
        for x in wx..wx + bs {
            for y in wy..wy + bs {
                a[[x, y]] = w as f64;
            }
        }
    }
}

fn main() {}
