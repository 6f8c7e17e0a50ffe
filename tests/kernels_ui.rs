//! Classic racy loop kernels (DataRaceBench `*-orig-yes` style, PolyBench loops
//! parallelised on the wrong dimension, textbook dependence examples), one program each
//! in `tests/ui/kernels/`: `#[parallel]` must reject every one of them with a `parfor:`
//! error on the offending access (issue 3: "every racy kernel rejected").
//!
//! Racy kernels that `#[parallel]` accepted, and race-free ones it rejected, are kept in
//! `tests/ui/kernels-pending/`, which no test runs.

#[test]
fn racy_kernels_are_rejected() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/kernels/*.rs");
}
