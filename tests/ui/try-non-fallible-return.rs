use parfor::prelude::*;

#[parallel]
fn total(words: &[&str]) -> i64 {
    let mut s = 0;
    for i in prange(words.len()) {
        s += words[i].parse::<i64>()?;
    }
    s
}

fn main() {}
