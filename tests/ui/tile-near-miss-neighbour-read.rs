// Each tile reads the column right of it, which the next tile writes.
use parfor::prelude::*;

#[parallel]
fn shift(a: &mut Array2<f64>, bs: usize) {
    let (nbx, nby) = (a.nrows() / bs, a.ncols() / bs - 1);
    for w in prange(nbx * nby) {
        let (wx, wy) = (w / nby * bs, w % nby * bs);
        for x in wx..wx + bs {
            for y in wy..wy + bs {
                a[[x, y]] = a[[x, y + 1]];
            }
        }
    }
}

fn main() {}
