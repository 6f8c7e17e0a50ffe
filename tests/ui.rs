//! Compile-time behaviour of `#[parallel]`, with trybuild: every case in `tests/ui/`
//! is a small program the attribute must reject with a spanned `parfor:` error (the
//! expected messages are the `.stderr` files beside them). Programs in `tests/ui-pass/`
//! use patterns the attribute accepts; they compile, run and check their own results.

#[test]
fn rejected_loops() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}

#[test]
fn accepted_loops() {
    let t = trybuild::TestCases::new();
    t.pass("tests/ui-pass/*.rs");
}
