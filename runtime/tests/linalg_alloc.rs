//! The Rust route of `det` and `slogdet` allocates nothing, so a loop body calling them
//! on every slice of a tensor touches no allocator (a counting global allocator checks).

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use ndarray::{Array3, Axis};
use parfor_runtime::linalg::{RUST_ROUTE_MAX, det, slogdet};

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

// SAFETY: every method forwards to `System` unchanged; the counter is a const-initialised
// thread-local `Cell`, which never allocates.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded from the caller's contract.
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded from the caller's contract.
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|c| c.set(c.get() + 1));
        // SAFETY: forwarded from the caller's contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations_in(f: impl FnOnce()) -> usize {
    let before = ALLOCATIONS.with(Cell::get);
    f();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn det_and_slogdet_of_small_slices_do_not_allocate() {
    for n in (1..=17).chain([33, RUST_ROUTE_MAX]) {
        let t = Array3::from_shape_fn((n, n, 4), |(i, j, k)| {
            if i == j {
                2.0 + k as f64
            } else {
                1.0 / (1 + i + j) as f64
            }
        });
        let t32 = t.mapv(|x| x as f32);
        let mut sum = 0.0;
        let count = allocations_in(|| {
            for k in 0..4 {
                sum += det(t.index_axis(Axis(2), k));
                sum += slogdet(t.index_axis(Axis(2), k)).1;
                sum += f64::from(det(t32.index_axis(Axis(2), k)));
            }
        });
        assert_eq!(count, 0, "n = {n}");
        assert!(sum.is_finite());
    }
}
