//! Shared by the numerics tests: the fixture reader, the input generator that
//! `fixtures/make_fixtures.py` mirrors, and tolerance checks.

#![allow(
    dead_code,
    reason = "each test binary uses a different part of this module"
)]
#![allow(
    unreachable_pub,
    reason = "a helper module of test binaries: `pub` is for its users"
)]

use std::collections::HashMap;
use std::path::Path;

use ndarray::{Array2, ArrayD, IxDyn};
use num_complex::Complex;

/// One array of a fixture case: its dtype tag, shape and values (complex values are
/// `re, im` pairs; integers and `f32`s are exact as `f64`).
#[derive(Debug, Clone)]
pub struct Value {
    pub dtype: String,
    pub shape: Vec<usize>,
    pub data: Vec<f64>,
}

impl Value {
    pub fn f64(&self) -> ArrayD<f64> {
        assert!(!self.dtype.starts_with('c'), "{} is complex", self.dtype);
        ArrayD::from_shape_vec(IxDyn(&self.shape), self.data.clone()).expect("shape")
    }
    pub fn f64_2d(&self) -> Array2<f64> {
        self.f64().into_dimensionality().expect("a 2-D array")
    }
    pub fn f32_2d(&self) -> Array2<f32> {
        self.f64_2d().mapv(|x| x as f32)
    }
    pub fn i64_2d(&self) -> Array2<i64> {
        self.f64_2d().mapv(|x| x as i64)
    }
    pub fn scalar(&self) -> f64 {
        assert!(self.shape.is_empty(), "not a scalar: {:?}", self.shape);
        self.data[0]
    }
    pub fn c128(&self) -> ArrayD<Complex<f64>> {
        if !self.dtype.starts_with('c') {
            return self.f64().mapv(|x| Complex::new(x, 0.0));
        }
        let z = self
            .data
            .chunks_exact(2)
            .map(|p| Complex::new(p[0], p[1]))
            .collect();
        ArrayD::from_shape_vec(IxDyn(&self.shape), z).expect("shape")
    }
    pub fn c128_2d(&self) -> Array2<Complex<f64>> {
        self.c128().into_dimensionality().expect("a 2-D array")
    }
}

/// A named set of arrays.
#[derive(Debug, Clone)]
pub struct Case {
    pub name: String,
    pub values: HashMap<String, Value>,
}

impl Case {
    pub fn get(&self, key: &str) -> &Value {
        self.values
            .get(key)
            .unwrap_or_else(|| panic!("case {:?} has no {key:?}", self.name))
    }
    pub fn has(&self, key: &str) -> bool {
        self.values.contains_key(key)
    }
}

/// Reads `tests/fixtures/<file>`.
pub fn load(file: &str) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut cases: Vec<Case> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix("@ ") {
            cases.push(Case {
                name: name.to_string(),
                values: HashMap::new(),
            });
            continue;
        }
        let case = cases
            .last_mut()
            .unwrap_or_else(|| panic!("{file}:{}: no case", n + 1));
        let (key, value) =
            parse_value(line).unwrap_or_else(|| panic!("{file}:{}: bad line", n + 1));
        case.values.insert(key, value);
    }
    assert!(!cases.is_empty(), "{file} has no cases");
    cases
}

fn parse_value(line: &str) -> Option<(String, Value)> {
    let mut words = line.split_whitespace();
    let key = words.next()?.to_string();
    let dtype = words.next()?.to_string();
    let third = words.next()?;
    if third == "gen" {
        let seed: u64 = words.next()?.parse().ok()?;
        let rows: usize = words.next()?.parse().ok()?;
        let cols: usize = words.next()?.parse().ok()?;
        let data = if dtype == "i64" {
            generated_int(seed, rows, cols)
                .iter()
                .map(|&x| x as f64)
                .collect()
        } else {
            generated(seed, rows, cols).into_raw_vec_and_offset().0
        };
        return Some((
            key,
            Value {
                dtype,
                shape: vec![rows, cols],
                data,
            },
        ));
    }
    let ndim: usize = third.parse().ok()?;
    let shape: Vec<usize> = (0..ndim)
        .map(|_| words.next()?.parse().ok())
        .collect::<Option<_>>()?;
    if words.next()? != ":" {
        return None;
    }
    let data: Vec<f64> = words.map(|w| w.parse().ok()).collect::<Option<_>>()?;
    let per = if dtype.starts_with('c') { 2 } else { 1 };
    assert_eq!(
        data.len(),
        shape.iter().product::<usize>() * per,
        "{key}: value count"
    );
    Some((key, Value { dtype, shape, data }))
}

/// SplitMix64 uniforms in `[-1, 1)`: `gen` in make_fixtures.py, bit for bit.
pub fn generated(seed: u64, rows: usize, cols: usize) -> Array2<f64> {
    let unit = splitmix_units(seed, rows * cols);
    Array2::from_shape_vec((rows, cols), unit.iter().map(|u| -1.0 + 2.0 * u).collect())
        .expect("shape")
}

/// Integers 0..99: `gen_int` in make_fixtures.py.
pub fn generated_int(seed: u64, rows: usize, cols: usize) -> Array2<i64> {
    let unit = splitmix_units(seed, rows * cols);
    Array2::from_shape_vec(
        (rows, cols),
        unit.iter().map(|u| (u * 100.0).floor() as i64).collect(),
    )
    .expect("shape")
}

fn splitmix_units(seed: u64, n: usize) -> Vec<f64> {
    const GOLDEN: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut state = seed.wrapping_mul(GOLDEN);
    (0..n)
        .map(|_| {
            state = state.wrapping_add(GOLDEN);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            (z >> 11) as f64 / (1u64 << 53) as f64
        })
        .collect()
}

/// A small deterministic generator for tests' random inputs (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `[-1, 1)`.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }
    /// Uniform in `lo..hi`.
    pub fn int(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo) as u64) as i64
    }
    pub fn usize(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo) as u64) as usize
    }
    pub fn matrix(&mut self, rows: usize, cols: usize) -> Array2<f64> {
        Array2::from_shape_simple_fn((rows, cols), || self.uniform())
    }
}

/// Panics unless `|got - want| <= atol + rtol * |want|` element by element, NaNs matching
/// NaNs, naming the case and the first offending element.
pub fn assert_close<'a>(
    what: &str,
    got: impl IntoIterator<Item = &'a f64>,
    want: impl IntoIterator<Item = &'a f64>,
    rtol: f64,
    atol: f64,
) {
    let (got, want): (Vec<f64>, Vec<f64>) = (
        got.into_iter().copied().collect(),
        want.into_iter().copied().collect(),
    );
    assert_eq!(got.len(), want.len(), "{what}: lengths differ");
    for (k, (g, w)) in got.iter().zip(&want).enumerate() {
        let ok = if w.is_nan() {
            g.is_nan()
        } else if w.is_infinite() {
            g == w
        } else {
            (g - w).abs() <= atol + rtol * w.abs()
        };
        assert!(
            ok,
            "{what}: element {k}: got {g:e}, want {w:e} (rtol {rtol:e}, atol {atol:e})"
        );
    }
}

/// The largest absolute value, for tolerances relative to a result's scale.
pub fn max_abs<'a>(x: impl IntoIterator<Item = &'a f64>) -> f64 {
    x.into_iter().fold(0.0, |m, v| m.max(v.abs()))
}
