// Both tile coordinates from `w / nby`: iterations `w` and `w + 1` (same `w / nby`)
// write the same tile.
use parfor::prelude::*;

#[parallel]
fn copy(xs: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let (nbx, nby) = (xs.nrows() / bs, xs.ncols() / bs);
    for w in prange(nbx * nby) {
        let (wx, wy) = (w / nby * bs, w / nby * bs);
        for x in wx..wx + bs {
            for y in wy..wy + bs {
                tmp[[x, y]] = xs[[x, y]];
            }
        }
    }
}

fn main() {}
