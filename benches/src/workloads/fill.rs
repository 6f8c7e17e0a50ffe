//! `fill`: fill a large f64 array with 1.0 (seed 000, lesson 5: a ThreadPoolExecutor
//! over blocks), and copy X into tmp window by window (seed 002: a Pool over 4x4
//! windows of shared memory).

use ndarray::parallel::prelude::*;
use parfor::prelude::*;
use rayon::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, c, data, on_rayon_threads};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "fill",
    cases,
    exact: false,
};

/// The seed's block fill with `#[parallel]`: each iteration fills one row, with
/// streaming stores (the array is far larger than the cache, as `memset` would).
#[parallel]
pub fn fill_par(a: &mut Array2<f64>, value: f64) {
    for i in prange(a.nrows()) {
        stream_fill(a.row_mut(i), value);
    }
}

/// The same loop with ndarray's `fill`: ordinary stores, which read every line from
/// memory before writing it.
#[parallel]
pub fn fill_par_cached(a: &mut Array2<f64>, value: f64) {
    for i in prange(a.nrows()) {
        a.row_mut(i).fill(value);
    }
}

/// The plain sequential fill.
pub fn fill_seq(a: &mut Array2<f64>, value: f64) {
    a.fill(value);
}

/// Elements per task of the hand-written fill: 512 KiB, many tasks per thread.
const FILL_CHUNK: usize = 1 << 16;

/// Hand-written rayon: parallel chunks of the contiguous storage.
pub fn fill_rayon(a: &mut Array2<f64>, value: f64) {
    match a.as_slice_mut() {
        Some(s) => s.par_chunks_mut(FILL_CHUNK).for_each(|c| c.fill(value)),
        None => a.par_mapv_inplace(|_| value),
    }
}

/// Seed 002's window-by-window copy with `#[parallel]`: each iteration copies one row
/// of `bs` x `bs` windows.
#[parallel]
pub fn window_copy_par(x: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let n = x.nrows();
    for wx in prange((0..n).step_by(bs)) {
        for wy in (0..n).step_by(bs) {
            for i in wx..wx + bs {
                for j in wy..wy + bs {
                    tmp[[i, j]] = x[[i, j]];
                }
            }
        }
    }
}

/// The seed's copy as one loop over all `bs` x `bs` windows, numbered row by row
/// (the seed's `itertools.product` of window origins, flattened): iteration `w` copies
/// the window at rows `w / nby * bs..` and columns `w % nby * bs..`, element by element.
#[parallel]
pub fn window_copy_par_tiles(x: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let (nbx, nby) = (x.nrows() / bs, x.ncols() / bs);
    for w in prange(nbx * nby) {
        let (wx, wy) = (w / nby * bs, w % nby * bs);
        for i in wx..wx + bs {
            for j in wy..wy + bs {
                tmp[[i, j]] = x[[i, j]];
            }
        }
    }
}

/// The same copy with `#[parallel]` written as a NumPy user slices: each iteration
/// assigns the `bs` whole rows its windows add up to (what the hand-written rayon
/// variant copies per task), instead of the seed's element-by-element windows, with
/// streaming stores (tmp is larger than the cache).
#[parallel]
pub fn window_copy_par_rows(x: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let n = x.nrows();
    for wx in prange((0..n).step_by(bs)) {
        for i in wx..wx + bs {
            stream_assign(tmp.row_mut(i), x.row(i));
        }
    }
}

/// The plain sequential window-by-window copy.
pub fn window_copy_seq(x: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    let n = x.nrows();
    for wx in (0..n).step_by(bs) {
        for wy in (0..n).step_by(bs) {
            for i in wx..wx + bs {
                for j in wy..wy + bs {
                    tmp[[i, j]] = x[[i, j]];
                }
            }
        }
    }
}

/// Hand-written rayon: each task copies one band of `bs` rows (what the windows of a
/// band add up to) with `assign`.
pub fn window_copy_rayon(x: &Array2<f64>, tmp: &mut Array2<f64>, bs: usize) {
    tmp.axis_chunks_iter_mut(Axis(0), bs)
        .into_par_iter()
        .zip(x.axis_chunks_iter(Axis(0), bs))
        .for_each(|(mut t, x)| t.assign(&x));
}

/// The checksum: the sum of the array.
pub fn checksum(a: &Array2<f64>) -> f64 {
    a.sum()
}

/// The contiguous storage of `a`, for the C loops.
fn slice(a: &mut Array2<f64>) -> &mut [f64] {
    a.as_slice_mut().expect("a contiguous array")
}

/// The fill case: an `n` x `n` array.
pub fn fill_case(config: &Config, n: usize) -> Vec<Record> {
    let nt = config.threads;
    let wipe = |o: &mut Array2<f64>| o.fill(0.0);
    Case::new(
        &WORKLOAD,
        format!("fill {n}x{n}"),
        parfor::pages::zeros((n, n)),
        checksum,
        wipe,
    )
    .variant(Role::Sequential, "sequential", 1, |o| fill_seq(o, 1.0))
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || fill_par(o, 1.0))
    })
    .variant(Role::Parallel, "#[parallel], ndarray fill", nt, move |o| {
        parfor::with_num_threads(nt, || fill_par_cached(o, 1.0))
    })
    .variant(Role::Rayon, "rayon par_chunks_mut", nt, move |o| {
        on_rayon_threads(nt, || fill_rayon(o, 1.0))
    })
    .variant(Role::CSequential, "C sequential", 1, move |o| {
        c::workloads::fill_seq(slice(o), 1.0)
    })
    .variant(Role::OpenMp, "C/OpenMP", nt, move |o| {
        c::workloads::fill_omp(slice(o), 1.0, nt)
    })
    // The fill bandwidth: memset of as many bytes, to a non-zero byte (0x3f, the high
    // byte of 1.0). Zeros are shown too: this machine stores them faster than any other
    // value, which no fill of 1.0 can use.
    .variant(
        Role::Bandwidth,
        "memset 0x3f bandwidth, 1 thread",
        1,
        move |o| c::workloads::memset_bytes(slice(o), 0x3f, 1),
    )
    .variant(
        Role::Bandwidth,
        format!("memset 0x3f bandwidth, {nt} threads"),
        nt,
        move |o| c::workloads::memset_bytes(slice(o), 0x3f, nt),
    )
    .variant(
        Role::Bandwidth,
        format!("memset zeros, {nt} threads"),
        nt,
        move |o| c::workloads::memset_bytes(slice(o), 0, nt),
    )
    .run(config)
}

/// The window-copy case: X of `n` x `n` (seed 3), windows of `bs` x `bs`.
pub fn window_case(config: &Config, n: usize, bs: usize) -> Vec<Record> {
    let nt = config.threads;
    let x = data::matrix(n, n, 3);
    let x = &x;
    let wipe = |o: &mut Array2<f64>| o.fill(0.0);
    Case::new(
        &WORKLOAD,
        format!("window copy {n}x{n}/{bs}"),
        parfor::pages::zeros((n, n)),
        checksum,
        wipe,
    )
    .variant(Role::Sequential, "sequential", 1, |o| {
        window_copy_seq(x, o, bs)
    })
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || window_copy_par(x, o, bs))
    })
    .variant(Role::Parallel, "#[parallel], tiles", nt, move |o| {
        parfor::with_num_threads(nt, || window_copy_par_tiles(x, o, bs))
    })
    .variant(
        Role::Parallel,
        "#[parallel], rows stream_assign",
        nt,
        move |o| parfor::with_num_threads(nt, || window_copy_par_rows(x, o, bs)),
    )
    .variant(Role::Rayon, "rayon axis_chunks_iter_mut", nt, move |o| {
        on_rayon_threads(nt, || window_copy_rayon(x, o, bs))
    })
    .variant(Role::CSequential, "C sequential", 1, |o| {
        c::workloads::window_copy_seq(x, o, bs)
    })
    .variant(Role::OpenMp, "C/OpenMP", nt, move |o| {
        c::workloads::window_copy_omp(x, o, bs, nt)
    })
    .run(config)
}

/// Both cases.
pub fn cases(config: &Config) -> Vec<Record> {
    let mut records = fill_case(config, config.size(10_000, 2_000));
    records.extend(window_case(config, config.size(4_000, 1_000), 4));
    records
}
