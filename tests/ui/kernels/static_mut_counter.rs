// Unsynchronised global accumulator, C global variable port (DRB084-threadprivatemissing-orig-yes).
use parfor::prelude::*;

static mut SUM0: usize = 0;

#[parallel]
fn kernel(len: usize) -> usize {
    for i in prange(len) {
        unsafe {
            SUM0 += i;
        }
    }
    unsafe { SUM0 }
}

fn main() {}
