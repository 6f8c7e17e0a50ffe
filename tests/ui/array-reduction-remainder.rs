// `%=` at indices iterations share: not a reduction operator.
use parfor::prelude::*;

#[parallel]
fn wrap(k: &[usize], a: &mut [u32]) {
    for i in prange(k.len()) {
        a[k[i]] %= 7;
    }
}

fn main() {}
