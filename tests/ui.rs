//! Compile-time behaviour of `#[parallel]`, with trybuild: every case in `tests/ui/`
//! is a small program the attribute must reject with a spanned `parfor:` error (the
//! expected messages are the `.stderr` files beside them). Programs in `tests/ui-pass/`
//! use patterns the attribute should accept; they compile and check their own results.

#[test]
fn rejected_loops() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

#[test]
#[ignore = "BUG: a loop-invariant but not literal step or stride (`step_by(k)`, `out[k * i]`) is rejected as loop-carried"]
fn accepted_runtime_steps_and_strides() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui-pass/step-by-runtime.rs");
    t.pass("tests/ui-pass/stride-runtime.rs");
}
