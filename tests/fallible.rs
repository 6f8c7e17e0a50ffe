//! `?` inside a `prange` body (issue 19): the function's error leaves the loop, as in
//! the sequential loop. The error returned is the one of the lowest failing iteration,
//! whatever the thread count, chunk size or schedule; every iteration below it ran.
#![allow(clippy::needless_range_loop)]

mod common;

use common::same;
use parfor::prelude::*;

fn words(n: usize, bad: &[usize]) -> Vec<String> {
    (0..n)
        .map(|i| {
            if bad.contains(&i) {
                format!("x{i}")
            } else {
                format!("{}", i as i64 * 7 - 300)
            }
        })
        .collect()
}

fn parse_seq(words: &[String], out: &mut [i64]) -> Result<(), std::num::ParseIntError> {
    for i in 0..words.len() {
        out[i] = words[i].parse::<i64>()?;
    }
    Ok(())
}

#[parallel]
fn parse_all(words: &[String], out: &mut [i64]) -> Result<(), std::num::ParseIntError> {
    for i in prange(words.len()) {
        out[i] = words[i].parse::<i64>()?;
    }
    Ok(())
}

#[parallel(chunk = 3)]
fn parse_chunk3(words: &[String], out: &mut [i64]) -> Result<(), std::num::ParseIntError> {
    for i in prange(words.len()) {
        out[i] = words[i].parse::<i64>()?;
    }
    Ok(())
}

#[parallel(schedule = static)]
fn parse_static(words: &[String], out: &mut [i64]) -> Result<(), std::num::ParseIntError> {
    for i in prange(words.len()) {
        out[i] = words[i].parse::<i64>()?;
    }
    Ok(())
}

#[parallel(schedule = dynamic, chunk = 5)]
fn parse_dynamic(words: &[String], out: &mut [i64]) -> Result<(), std::num::ParseIntError> {
    for i in prange(words.len()) {
        out[i] = words[i].parse::<i64>()?;
    }
    Ok(())
}

type Parse = fn(&[String], &mut [i64]) -> Result<(), std::num::ParseIntError>;

/// Runs `f` and returns its result and the outputs below the lowest bad index (the
/// ones every run must have written).
fn run_prefix(f: Parse, w: &[String], lowest: usize) -> (Result<(), String>, Vec<i64>) {
    let mut out = vec![i64::MIN; w.len()];
    let r = f(w, &mut out).map_err(|e| e.to_string());
    out.truncate(lowest);
    (r, out)
}

#[test]
fn no_failure_writes_everything() {
    let w = words(10_000, &[]);
    let mut want = vec![0; w.len()];
    parse_seq(&w, &mut want).unwrap();
    for f in [parse_all, parse_chunk3, parse_static, parse_dynamic] as [Parse; 4] {
        same("no failure", &(Ok(()), want.clone()), || {
            run_prefix(f, &w, w.len())
        });
    }
}

#[test]
fn lowest_failure_is_returned_and_everything_below_it_ran() {
    for bad in [
        vec![0],
        vec![9_999],
        vec![4_000, 7, 9_000],
        vec![5_000, 5_001, 2_500, 8_000],
    ] {
        let w = words(10_000, &bad);
        let lowest = *bad.iter().min().unwrap();
        let mut want = vec![i64::MIN; w.len()];
        let e = parse_seq(&w, &mut want).map_err(|e| e.to_string());
        assert!(e.is_err());
        want.truncate(lowest);
        for f in [parse_all, parse_chunk3, parse_static, parse_dynamic] as [Parse; 4] {
            same("lowest failure", &(e.clone(), want.clone()), || {
                run_prefix(f, &w, lowest)
            });
        }
    }
}

#[test]
fn empty_loop_is_ok() {
    let w = words(0, &[]);
    same("empty", &(Ok(()), vec![]), || run_prefix(parse_all, &w, 0));
}

// ------------------------------------------------- Option, io::Result, From conversion

#[parallel]
fn checked_roots(x: &[f64], out: &mut [f64]) -> Option<usize> {
    for i in prange(x.len()) {
        let r = if x[i] >= 0.0 { Some(x[i].sqrt()) } else { None };
        out[i] = r?;
    }
    Some(x.len())
}

#[test]
fn option_returns_none_at_the_lowest_none() {
    let mut x: Vec<f64> = (0..5_000).map(|i| i as f64).collect();
    same("all some", &Some(5_000), || {
        let mut out = vec![0.0; x.len()];
        checked_roots(&x, &mut out)
    });
    x[3_333] = -1.0;
    same(
        "one none",
        &(
            None,
            (0..3_333).map(|i| (i as f64).sqrt()).collect::<Vec<_>>(),
        ),
        || {
            let mut out = vec![0.0; x.len()];
            let r = checked_roots(&x, &mut out);
            out.truncate(3_333);
            (r, out)
        },
    );
}

#[derive(Debug, PartialEq)]
enum AppError {
    Parse(usize),
    Io(String),
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::Io(e.to_string())
    }
}

fn check(i: usize, v: i64) -> std::io::Result<i64> {
    if v < 0 {
        Err(std::io::Error::other(format!("negative at {i}")))
    } else {
        Ok(v * 2)
    }
}

/// `?` converts through `From` (an `io::Error` becomes an `AppError`), and an explicit
/// `return Err(..)` in the body is refused while `?` is accepted.
#[parallel]
fn doubled(v: &[i64], out: &mut [i64]) -> Result<(), AppError> {
    for i in prange(v.len()) {
        out[i] = check(i, v[i])?;
        if out[i] > 1_000_000 {
            Err(AppError::Parse(i))?;
        }
    }
    Ok(())
}

#[test]
fn from_conversion_and_explicit_errors() {
    let mut v: Vec<i64> = (0..20_000).collect();
    same("ok", &Ok(()), || doubled(&v, &mut vec![0; v.len()]));
    v[12_345] = -5;
    v[17_000] = -1;
    same("io", &Err(AppError::Io("negative at 12345".into())), || {
        doubled(&v, &mut vec![0; v.len()])
    });
    v[600] = 900_000;
    same("parse first", &Err(AppError::Parse(600)), || {
        doubled(&v, &mut vec![0; v.len()])
    });
}

// ------------------------------------------------------------ reductions with `?`

#[parallel]
fn checked_sum_try(x: &[f64]) -> Result<f64, String> {
    let mut s = 0.0;
    for i in prange(x.len()) {
        let v = finite(i, x[i])?;
        s += v;
    }
    Ok(s)
}

fn finite(i: usize, v: f64) -> Result<f64, String> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(format!("not finite at {i}"))
    }
}

#[parallel]
fn checked_hist(x: &[f64], hist: &mut [u64]) -> Result<(), String> {
    for i in prange(x.len()) {
        let b = ((x[i] + 1.0) * 5.0) as usize;
        if b >= hist.len() {
            Err(format!("out of range at {i}"))?;
        }
        hist[b] += 1;
    }
    Ok(())
}

#[test]
fn reductions_with_try() {
    let mut x = common::vec_f64(30_000, 5);
    let want: f64 = parfor::with_num_threads(1, || checked_sum_try(&x)).unwrap();
    same("sum ok", &Ok(want), || checked_sum_try(&x));
    x[20_000] = f64::INFINITY;
    x[29_000] = f64::NAN;
    same("sum err", &Err("not finite at 20000".to_string()), || {
        checked_sum_try(&x)
    });

    let x = common::vec_f64(30_000, 6);
    let mut want = vec![0u64; 10];
    for v in &x {
        want[((v + 1.0) * 5.0) as usize] += 1;
    }
    same("hist ok", &(Ok(()), want), || {
        let mut h = vec![0u64; 10];
        let r = checked_hist(&x, &mut h);
        (r, h)
    });
    let mut y = x.clone();
    y[7_777] = 3.0;
    same("hist err", &Err("out of range at 7777".to_string()), || {
        checked_hist(&y, &mut [0u64; 10])
    });
}

// ------------------------------------------- a costly body, so the loop goes to the pool

#[parallel]
fn slow_checked(v: &[i64], out: &mut [i64]) -> Result<(), usize> {
    for i in prange(v.len()) {
        common::spin(5);
        if v[i] < 0 {
            Err(i)?;
        }
        out[i] = v[i] + 1;
    }
    Ok(())
}

#[test]
fn costly_body_in_the_pool_returns_the_lowest_failure() {
    let mut v: Vec<i64> = (0..3_000).collect();
    v[2_900] = -1;
    v[1_501] = -1;
    v[1_500] = -1;
    let want: Vec<i64> = (1..1_501).collect();
    same("slow", &(Err(1_500), want), || {
        let mut out = vec![0; v.len()];
        let r = slow_checked(&v, &mut out);
        out.truncate(1_500);
        (r, out)
    });
}
