//! Handing a loop body the function's shared references as parameters.
//!
//! `#[parallel]` runs a chunk's body as `with_refs_2(x, y, |x, y| body)` when `x` and
//! `y` are `&T` parameters of the annotated function. Reached as closure parameters
//! rather than through the chunk closure's captures, what they point to is known not to
//! change while the body runs (rustc marks shared-reference parameters `noalias`), so
//! LLVM keeps their fields (an array's data pointer, shape and strides) in registers
//! across the body's stores and calls, as in the sequential function.
macro_rules! with_refs {
    ($($name:ident($($v:ident: $a:ident),+);)+) => {$(
        /// Calls `f` with the given references as its parameters.
        // `allow`: one argument per reference is the point.
        #[allow(clippy::too_many_arguments)]
        #[inline(always)]
        pub fn $name<$($a: ?Sized,)+ R>($($v: &$a,)+ f: impl FnOnce($(&$a),+) -> R) -> R {
            f($($v),+)
        }
    )+};
}

with_refs! {
    with_refs_1(a: A);
    with_refs_2(a: A, b: B);
    with_refs_3(a: A, b: B, c: C);
    with_refs_4(a: A, b: B, c: C, d: D);
    with_refs_5(a: A, b: B, c: C, d: D, e: E);
    with_refs_6(a: A, b: B, c: C, d: D, e: E, g: G);
    with_refs_7(a: A, b: B, c: C, d: D, e: E, g: G, h: H);
    with_refs_8(a: A, b: B, c: C, d: D, e: E, g: G, h: H, k: K);
}
