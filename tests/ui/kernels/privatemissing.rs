// Missing privatisation: the temporary tmp is declared outside the loop (DRB028-privatemissing-orig-yes).
use parfor::prelude::*;

#[parallel]
fn kernel(a: &mut [i32]) {
    let mut tmp;
    for i in prange(a.len()) {
        tmp = a[i] + i as i32;
        a[i] = tmp;
    }
}

fn main() {}
