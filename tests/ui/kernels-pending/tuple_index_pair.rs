// PENDING: RACE-FREE kernel rejected by #[parallel] (false positive).
// Not run by any test. Found by the classic-kernel suite (tests/kernels_norace.rs,
// tests/kernels_ui.rs); move it back there once #[parallel] handles it. Output:
//   error: parfor: `out[r]` writes `out` at an index that is not of the form `c*i + d` in the loop variable, so two iterations of the parallel loop at line 15 may write the same element (`i / 2` and `i % k` repeat values; an index array may hold duplicates). Fix: write `out[i]` and combine afterwards, or compute per-iteration results into a separate array indexed by `i`
//     --> tests/ui/kernels-pending/tuple_index_pair.rs:17:9
//      |
//   17 |         out[r] = re[i];
//      |         ^^^^^^

use parfor::prelude::*;

// Interleaved complex output with both indices bound by one tuple pattern.
#[parallel]
fn tuple_index_pair(re: &[f64], im: &[f64], out: &mut [f64]) {
    for i in prange(re.len()) {
        let (r, c) = (2 * i, 2 * i + 1);
        out[r] = re[i];
        out[c] = im[i];
    }
}

fn tuple_index_pair_seq(re: &[f64], im: &[f64], out: &mut [f64]) {
    for i in 0..re.len() {
        let (r, c) = (2 * i, 2 * i + 1);
        out[r] = re[i];
        out[c] = im[i];
    }
}

fn main() {
    let re: Vec<f64> = (0..1000).map(|i| i as f64).collect();
    let im: Vec<f64> = (0..1000).map(|i| -(i as f64)).collect();
    let (mut got, mut want) = (vec![0.0; 2000], vec![0.0; 2000]);
    tuple_index_pair(&re, &im, &mut got);
    tuple_index_pair_seq(&re, &im, &mut want);
    assert_eq!(got, want);
}
