// Every iteration writes a line to one captured writer: the lines would interleave.
use parfor::prelude::*;
use std::io::Write;

#[parallel]
fn dump(x: &[f64], out: &mut std::fs::File) {
    for i in prange(x.len()) {
        writeln!(out, "{i} {}", x[i]).unwrap();
    }
}

#[parallel]
fn dump_local(x: &[f64]) -> Vec<u8> {
    let mut buf = Vec::new();
    for i in prange(x.len()) {
        write!(buf, "{} ", x[i]).unwrap();
    }
    buf
}

fn main() {}
