use parfor::prelude::*;

#[parallel]
fn parse_all(words: &[&str], out: &mut [i64]) {
    for i in prange(words.len()) {
        out[i] = words[i].parse::<i64>().ok().unwrap_or(0);
        let _: i64 = words[i].parse::<i64>()?;
    }
}

fn main() {}
