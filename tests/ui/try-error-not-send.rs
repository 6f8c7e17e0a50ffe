use parfor::prelude::*;
use std::rc::Rc;

fn parse(w: &str) -> Result<i64, Rc<String>> {
    w.parse().map_err(|_| Rc::new(w.to_string()))
}

#[parallel]
fn parse_all(words: &[&str], out: &mut [i64]) -> Result<(), Rc<String>> {
    for i in prange(words.len()) {
        out[i] = parse(words[i])?;
    }
    Ok(())
}

fn main() {}
