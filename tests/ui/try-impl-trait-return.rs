use parfor::prelude::*;

#[parallel]
fn parse_all(words: &[&str], out: &mut [i64]) -> Result<(), impl std::fmt::Debug> {
    for i in prange(words.len()) {
        out[i] = words[i].parse::<i64>()?;
    }
    Ok::<(), std::num::ParseIntError>(())
}

fn main() {}
