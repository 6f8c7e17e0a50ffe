// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `out[k]` writes `out` at an index that is not of the form `c*b + d` in the loop variable, so two iterations of the parallel loop at line 17 may write the same element (`b / 2` and `b % k` repeat values; an index array may hold duplicates). Fix: write `out[b]` and combine afterwards, or compute per-iteration results into a separate array indexed by `b`
//     --> tests/ui/kernels-pending/block_scale.rs:21:13
//      |
//   21 |             out[k] = x[k] * (b as f64 + 1.0);
//      |             ^^^^^^

use parfor::prelude::*;

// Blocks of `bs` elements, last block short: `lo..min(lo + bs, n)`.
#[parallel]
fn block_scale(x: &[f64], out: &mut [f64], bs: usize) {
    let n = x.len();
    let nblocks = n.div_ceil(bs);
    for b in prange(nblocks) {
        let lo = b * bs;
        let hi = (lo + bs).min(n);
        for k in lo..hi {
            out[k] = x[k] * (b as f64 + 1.0);
        }
    }
}

fn block_scale_seq(x: &[f64], out: &mut [f64], bs: usize) {
    let n = x.len();
    let nblocks = n.div_ceil(bs);
    for b in 0..nblocks {
        let lo = b * bs;
        let hi = (lo + bs).min(n);
        for k in lo..hi {
            out[k] = x[k] * (b as f64 + 1.0);
        }
    }
}

#[test]
fn block_scale() {
    let x = Rng::new(48).vec(1003);
    let mut want = vec![0.0; 1003];
    block_scale_seq(&x, &mut want, 10);
    exact("block_scale", &want, || {
        let mut out = vec![0.0; 1003];
        super::block_scale(&x, &mut out, 10);
        out
    });
}

fn main() {
    let x: Vec<f64> = (0..1003).map(|i| (i % 17) as f64 - 8.0).collect();
    let (mut got, mut want) = (vec![0.0; 1003], vec![0.0; 1003]);
    block_scale(&x, &mut got, 10);
    block_scale_seq(&x, &mut want, 10);
    assert_eq!(got, want);
}
