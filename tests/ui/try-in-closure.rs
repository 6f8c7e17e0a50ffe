use parfor::prelude::*;

#[parallel]
fn parse_all(words: &[&str], out: &mut [i64]) -> Result<(), std::num::ParseIntError> {
    let run = |out: &mut [i64]| -> Result<(), std::num::ParseIntError> {
        for i in prange(words.len()) {
            out[i] = words[i].parse::<i64>()?;
        }
        Ok(())
    };
    run(out)
}

fn main() {}
