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

#[test]
#[ignore = "BUG: a field write of an indexed element (`out[i].re = ..`) is taken for a read; rustc E0594 on the generated closure"]
fn accepted_field_writes_of_elements() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui-pass/field-of-element.rs");
}

#[test]
#[ignore = "BUG: `*acc += e` through a `&mut` parameter is neither a reduction nor a parfor error; rustc E0594 on the generated closure"]
fn deref_updates_are_reductions_or_parfor_errors() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui-pass/deref-reduction.rs");
}
