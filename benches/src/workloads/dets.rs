//! `dets`: the determinant of every slice `tensor[:, :, i]` (seed 001, the Pool, shared
//! memory and `@njit(parallel=True)` versions).

use ndarray::parallel::prelude::*;
use parfor::prelude::*;

use super::{Case, Workload};
use crate::record::{Record, Role};
use crate::{Config, c, data, on_rayon_threads};

/// The registry entry.
pub const WORKLOAD: Workload = Workload {
    name: "dets",
    cases,
    exact: false,
};

/// The seed's Numba loop with `#[parallel]`: one determinant per slice.
#[parallel]
pub fn dets_par(tensor: &Array3<f64>, dets: &mut Array1<f64>) {
    for i in prange(tensor.len_of(Axis(2))) {
        dets[i] = det(tensor.index_axis(Axis(2), i));
    }
}

/// The plain sequential loop.
// `allow`: the seed's own loop, indexed exactly like the `#[parallel]` one.
#[allow(clippy::needless_range_loop)]
pub fn dets_seq(tensor: &Array3<f64>, dets: &mut Array1<f64>) {
    for i in 0..tensor.len_of(Axis(2)) {
        dets[i] = det(tensor.index_axis(Axis(2), i));
    }
}

/// Hand-written rayon/ndarray: zip the output with the slices, in parallel.
pub fn dets_rayon(tensor: &Array3<f64>, dets: &mut Array1<f64>) {
    Zip::from(dets)
        .and(tensor.axis_iter(Axis(2)))
        .par_for_each(|d, slice| *d = det(slice));
}

/// Runs `f` with OpenBLAS on one thread, as a user calling LAPACK from rayon's workers
/// sets it by hand (else each call spawns BLAS threads beside rayon's), then restores
/// the thread count.
pub fn blas_single_threaded<R>(f: impl FnOnce() -> R) -> R {
    let before = parfor::blas::get_num_threads();
    parfor::blas::set_num_threads(1);
    let r = f();
    parfor::blas::set_num_threads(before);
    r
}

/// Slices per block of the `det_stack` variants: several groups of lanes each, and
/// enough blocks to spread evenly over the threads.
pub const STACK_BLOCK: usize = 256;

/// The seed's loop over blocks of slices with `#[parallel]`: `det_stack_into` factors the
/// slices of a block several at a time, in the lanes of vector registers.
#[parallel]
pub fn dets_par_stacked(tensor: &Array3<f64>, dets: &mut Array1<f64>) {
    let n = tensor.len_of(Axis(2));
    for b in prange((0..n).step_by(STACK_BLOCK)) {
        let end = (b + STACK_BLOCK).min(n);
        det_stack_into(
            tensor.slice(s![.., .., b..end]),
            Axis(2),
            dets.slice_mut(s![b..end]),
        );
    }
}

/// `det_stack` on the whole tensor, sequentially.
pub fn dets_seq_stacked(tensor: &Array3<f64>, dets: &mut Array1<f64>) {
    det_stack_into(tensor, Axis(2), dets);
}

/// Hand-written rayon over the same blocks.
pub fn dets_rayon_stacked(tensor: &Array3<f64>, dets: &mut Array1<f64>) {
    dets.axis_chunks_iter_mut(Axis(0), STACK_BLOCK)
        .into_par_iter()
        .zip(tensor.axis_chunks_iter(Axis(2), STACK_BLOCK))
        .for_each(|(d, t)| det_stack_into(t, Axis(2), d));
}

/// The largest matrices `det_stack` factors in lanes; above, it calls `det` per slice,
/// so the `det_stack` rows would repeat the per-slice ones.
const STACK_MAX: usize = 16;

/// The checksum: the sum of the determinants.
pub fn checksum(dets: &Array1<f64>) -> f64 {
    dets.sum()
}

/// The tensor of the case `m x m x count` (seed 1 for m = 10, 2 for m = 100).
pub fn tensor(m: usize, count: usize) -> Array3<f64> {
    data::tensor3(m, count, if m == 10 { 1 } else { 2 })
}

/// The sizes timed: the cases of `WORKLOADS.md` and the plotted curve points.
pub fn sizes(quick: bool) -> Vec<(usize, usize)> {
    if quick {
        vec![(10, 1_000), (10, 10_000), (100, 100)]
    } else {
        vec![
            (10, 1_000),
            (10, 10_000),
            (10, 100_000),
            (100, 100),
            (100, 1_000),
        ]
    }
}

/// One case: every variant on the `m x m x count` tensor.
pub fn case(config: &Config, m: usize, count: usize) -> Vec<Record> {
    let nt = config.threads;
    let t = tensor(m, count);
    let t = &t;
    let mut case = Case::new(
        &WORKLOAD,
        format!("{m}x{m}x{count}"),
        Array1::zeros(count),
        checksum,
        |o| o.fill(f64::NAN),
    )
    .variant(Role::Sequential, "sequential", 1, |o| dets_seq(t, o))
    .variant(Role::Parallel, "#[parallel]", nt, move |o| {
        parfor::with_num_threads(nt, || dets_par(t, o))
    })
    // Before the plain rayon loop, so that `compare` holds `#[parallel]` against it:
    // the best rayon code when `det` calls LAPACK keeps OpenBLAS to one thread.
    .variant_if(
        m > parfor::linalg::RUST_ROUTE_MAX,
        Role::Rayon,
        "rayon Zip::par_for_each, BLAS 1 by hand",
        nt,
        move |o| blas_single_threaded(|| on_rayon_threads(nt, || dets_rayon(t, o))),
    )
    .variant(Role::Rayon, "rayon Zip::par_for_each", nt, move |o| {
        on_rayon_threads(nt, || dets_rayon(t, o))
    })
    .variant_if(
        m <= STACK_MAX,
        Role::Sequential,
        "sequential, det_stack",
        1,
        |o| dets_seq_stacked(t, o),
    )
    .variant_if(
        m <= STACK_MAX,
        Role::Parallel,
        "#[parallel], det_stack",
        nt,
        move |o| parfor::with_num_threads(nt, || dets_par_stacked(t, o)),
    )
    .variant_if(
        m <= STACK_MAX,
        Role::Rayon,
        "rayon axis_chunks, det_stack",
        nt,
        move |o| on_rayon_threads(nt, || dets_rayon_stacked(t, o)),
    )
    .variant(Role::CSequential, "C sequential (own LU)", 1, |o| {
        c::workloads::dets_seq(t, o)
    })
    .variant(Role::OpenMp, "C/OpenMP (own LU)", nt, move |o| {
        c::workloads::dets_omp(t, o, nt)
    });
    // Above 48 x 48, `det` calls LAPACK, multithreaded in the sequential loop.
    if m > parfor::linalg::RUST_ROUTE_MAX {
        case = case.after_blas_threads();
    }
    case.run(config)
}

/// All cases.
pub fn cases(config: &Config) -> Vec<Record> {
    sizes(config.quick)
        .into_iter()
        .flat_map(|(m, count)| case(config, m, count))
        .collect()
}
