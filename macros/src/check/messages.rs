//! The text of every error `check` reports: what races, why, and the fix.
//!
//! Each builder takes what the message names (the loop, the variable, the accesses as
//! quoted code) and returns the full message, `parfor:` prefix included. Keeping the
//! text here keeps the rules in `rules` and `split` readable as logic.

use proc_macro2::Ident;

use crate::facts::Tries;
use crate::model::{Loc, MutHow, Op, Root};

/// The loop being analysed, as messages name it.
pub(crate) struct Header {
    /// `i`, or `_`.
    pub(crate) var: String,
    /// "the parallel loop at line N".
    pub(crate) place: String,
}

impl Header {
    pub(crate) fn new(var: Option<&Ident>, span: proc_macro2::Span) -> Self {
        let line = span.start().line;
        let place = if line > 0 {
            format!("the parallel loop at line {line}")
        } else {
            "the parallel loop".to_string()
        };
        Header {
            var: var.map_or_else(|| "_".to_string(), Ident::to_string),
            place,
        }
    }
}

/// Source text of `at`, tidied for messages: `a[i - 1]` rather than `a [i - 1]`.
pub(crate) fn code(at: &Loc) -> String {
    let mut s = at.to_string();
    for (from, to) in [
        ("[ ", "["),
        (" ]", "]"),
        ("( ", "("),
        (" )", ")"),
        (" . ", "."),
        (" ,", ","),
        (" ;", ";"),
        (" :: ", "::"),
        (":: ", "::"),
        ("& mut ", "&mut "),
        (" !", "!"),
    ] {
        s = s.replace(from, to);
    }
    // A space before `(` or `[` goes when it follows a name or a closing bracket (a call
    // or an index), not when it follows an operator: `f(x)`, `a[i]`, but `x = (a, b)`.
    let chars: Vec<char> = s.chars().collect();
    let mut tidy = String::with_capacity(s.len());
    for (k, &c) in chars.iter().enumerate() {
        let next = chars.get(k + 1).copied();
        let prev = k.checked_sub(1).map(|p| chars[p]);
        let glues = |p: char| p.is_alphanumeric() || matches!(p, '_' | ')' | ']' | '!' | '>');
        let word: String = chars[..k]
            .iter()
            .rev()
            .take_while(|c| c.is_alphanumeric() || **c == '_')
            .collect();
        let keyword = matches!(
            word.as_str(),
            "rof" | "ni" | "fi" | "hctam" | "nruter" | "elihw" | "tel" | "tum"
        );
        if c == ' ' && matches!(next, Some('(' | '[')) && prev.is_some_and(glues) && !keyword {
            continue;
        }
        tidy.push(c);
    }
    let mut s = tidy;
    if s.len() > 60 {
        let cut = s.char_indices().nth(57).map_or(s.len(), |(k, _)| k);
        s.truncate(cut);
        s.push_str("...");
    }
    s
}

// Control flow leaving the body.

pub(crate) fn break_out(h: &Header) -> String {
    let lp = &h.place;
    format!(
        "parfor: `break` cannot leave {lp}: its iterations run in any order and all of them run. Fix: compute a per-iteration flag (`found[i] = ..`) and act on it after the loop, or keep this loop sequential"
    )
}

pub(crate) fn return_out(h: &Header) -> String {
    let (lp, v) = (&h.place, &h.var);
    format!(
        "parfor: `return` cannot leave {lp}: other iterations run at the same time. Fix: store per-iteration results in an array indexed by `{v}` and return after the loop"
    )
}

/// `?` where the loop cannot name what the function returns.
pub(crate) fn try_out(h: &Header, tries: &Tries) -> String {
    let (lp, v) = (&h.place, &h.var);
    let why = match tries {
        Tries::Unit | Tries::Returns(_) => {
            "the function returns nothing to carry the failure: a loop with `?` ends with the failure of its lowest failing iteration, which the function returns. Fix: declare the return type (`-> Result<(), E>` or `-> Option<()>`)"
        }
        Tries::Opaque => {
            "the function's return type holds an `impl Trait`, which the loop cannot name to carry the failure. Fix: name the return type"
        }
        Tries::InClosure => {
            "the loop is inside a closure or `async` block, whose return type the loop cannot name to carry the failure. Fix: move the loop into a function of its own"
        }
    };
    format!(
        "parfor: `?` cannot leave {lp}: {why}, or store each iteration's `Result` in an array indexed by `{v}` and check them after the loop"
    )
}

pub(crate) fn private_output(h: &Header, root: &Root, at: Option<&Loc>) -> String {
    let lp = &h.place;
    let what = match at {
        Some(at) => format!("`{}` writes `{root}` as an output of {lp}", code(at)),
        None => format!("{lp} writes `{root}` as an output"),
    };
    format!(
        "parfor: {what}, but `private` gives each chunk its own clone of it, and the clones' writes are lost after the loop. Fix: remove it from `private(..)`; `private` is for scratch each iteration fills before it reads"
    )
}

pub(crate) fn await_in(h: &Header) -> String {
    let lp = &h.place;
    format!("parfor: `.await` inside {lp} is not supported: its iterations run on a thread pool")
}

pub(crate) fn continue_outer(h: &Header, label: &Ident) -> String {
    let lp = &h.place;
    format!(
        "parfor: `continue '{label}` jumps out of {lp}. Fix: only `continue` of the loop itself, or of loops inside its body, is allowed"
    )
}

// Captured variables used in ways no class allows.

pub(crate) fn whole_of_split_field(h: &Header, at: &Loc, var: &Ident, field: &str) -> String {
    let lp = &h.place;
    format!(
        "parfor: `{}` uses `{var}` as a whole while {lp} writes `{field}`, so it could observe elements other iterations are writing. Fix: copy what you need from `{var}` into locals before the loop",
        code(at)
    )
}

pub(crate) fn static_updated(h: &Header, name: &str) -> String {
    let lp = &h.place;
    format!(
        "parfor: `{name}` looks like a `static` (its name is in capitals), and {lp} cannot split or reduce a static: every iteration would update the same memory. Fix: accumulate into a local variable (`let mut acc = ..;` before the loop, `acc += ..` inside) and store it after the loop"
    )
}

pub(crate) fn write_through_deref(at: &Loc, v: &Ident) -> String {
    format!(
        "parfor: `{}` writes through `*{v}`; write `{v}[..]` instead (indexing dereferences `{v}` by itself), which parfor can split between iterations",
        code(at)
    )
}

pub(crate) fn use_of_deref_reduced(h: &Header, at: &Loc, v: &Ident) -> String {
    let lp = &h.place;
    format!(
        "parfor: `{}` uses `{v}` while {lp} reduces into `*{v}`; inside the loop `*{v}` holds only a partial result. Fix: use `{v}` after the loop",
        code(at)
    )
}

pub(crate) const SELF_WRITTEN: &str = "parfor: the loop writes through `self` itself. Fix: write through a field instead (`self.data[i] = ..`), which parfor can split between iterations";

pub(crate) fn assigns_captured(h: &Header, at: &Loc, name: &str) -> String {
    let lp = &h.place;
    format!(
        "parfor: `{}` assigns the captured variable `{name}` in every iteration of {lp}; iterations run in any order, so its final value would be whichever ran last. Fix: if `{name}` is a temporary, declare it inside the loop body (`let {name} = ..`); to combine all iterations, make it a reduction (`{name} += ..`, `{name} = {name}.max(..)`, ...)",
        code(at)
    )
}

pub(crate) fn mut_borrow(h: &Header, at: &Loc, name: &str) -> String {
    let (lp, v) = (&h.place, &h.var);
    format!(
        "parfor: `{}` gives every iteration of {lp} mutable access to the same `{name}`, so they would race. Fix: if `{name}` is an array, write this iteration's element (`{name}[{v}] = ..`), or, to accumulate into all of it, only update its elements with one operator and read them after the loop (`{name} += &e`, `*a += b` in `Zip`/`azip!`, `{name}[k] += e`), which makes it an array reduction; if it is a scalar, update it as a reduction (`{name} += ..`); or share it through a `Mutex` you lock explicitly",
        code(at)
    )
}

pub(crate) fn mut_call(h: &Header, at: &Loc, name: &str, method: &str, how: MutHow) -> String {
    let (lp, v) = (&h.place, &h.var);
    let at = code(at);
    match how {
        MutHow::Known if method.starts_with("write") => format!(
            "parfor: `{at}` writes to `{name}`, which all iterations of {lp} share (`{method}` borrows it `&mut`), so they would race and interleave their output. Fix: format each iteration's text into a `String` stored at index `{v}` of a preallocated array (`lines[{v}] = format!(..)`), and write the array out after the loop"
        ),
        MutHow::Known => format!(
            "parfor: `{at}` mutates `{name}`, which all iterations of {lp} share (`{method}` takes `&mut self`), so they would race. Fix: preallocate and write this iteration's element (`{name}[{v}] = ..`), collect per-iteration results in an array indexed by `{v}`, or use a `Mutex` you lock explicitly"
        ),
        MutHow::UserMethod => format!(
            "parfor: `{at}` calls `{method}` on `{name}`, a `&mut` parameter all iterations of {lp} share: if `{method}` takes `&mut self` (a random generator's does), iterations would race, and parfor cannot see its signature. Fix: give each iteration its own value, e.g. for random numbers a generator per iteration, `let mut rng = parfor::rng::for_iteration(seed, {v});` (reproducible for any thread count); or, if `{method}` only reads, reborrow before the loop (`let {name} = &*{name};`)"
        ),
        MutHow::LocalMethod => format!(
            "parfor: `{at}` calls `{method}` on `{name}`, a `let mut` value declared before {lp} that all its iterations share: if `{method}` takes `&mut self` (a random generator's does), iterations would race, and parfor cannot see its signature. Fix: give each iteration its own value, e.g. for random numbers a generator per iteration, `let mut rng = parfor::rng::for_iteration(seed, {v});` (reproducible for any thread count); for scratch each iteration refills before reading, `#[parallel(private({name}))]` gives each chunk its own clone; or, if `{method}` only reads, borrow it before the loop (`let {name} = &{name};`)"
        ),
        MutHow::Passed => format!(
            "parfor: this call passes `{at}`, a `&mut` parameter all iterations of {lp} share, on to `{method}`, which may write any part of it, so iterations would race. Fix: pass only this iteration's part (`&mut {name}[{v}..{v} + 1]`, `{name}.row_mut({v})`), or, if `{method}` only reads, pass `&*{name}`"
        ),
        MutHow::Closure => format!(
            "parfor: `{at}` calls `{method}`, a closure declared `let mut` (it mutates what it captured), in every iteration of {lp}: parfor cannot see what it writes, and the iterations would race. Fix: write the closure's body in the loop, where parfor checks each access (`hist[b] += 1` there is an array reduction)"
        ),
        MutHow::Macro => format!(
            "parfor: `{at}` names `{name}`, a `&mut` parameter all iterations of {lp} share, in `{method}`, a macro parfor cannot read, so it may write `{name}` from every iteration. Fix: write `{name}` outside the macro, where parfor checks each access; or, if the macro only reads, reborrow before the loop (`let {name} = &*{name};`)"
        ),
    }
}

pub(crate) fn closure_mutates(h: &Header, at: &Loc, name: &str) -> String {
    let lp = &h.place;
    format!(
        "parfor: a closure defined in the body of {lp} mutates `{name}` (`{}`); parfor cannot see when the closure runs. Fix: do the update directly in the loop body",
        code(at)
    )
}

// Reductions.

pub(crate) fn field_reduction(at: &Loc, name: &str) -> String {
    format!(
        "parfor: `{}` is a reduction on the field `{name}`, which parfor does not support. Fix: accumulate into a local (`let mut acc = {name};` before the loop, `acc += ..` inside) and store it in `{name}` after the loop",
        code(at)
    )
}

pub(crate) fn mixed_operators(h: &Header, name: &str, op: Op, first: Op) -> String {
    let lp = &h.place;
    format!(
        "parfor: `{name}` is updated with `{}` here and with `{}` elsewhere in {lp}; a reduction combines partial results with one operator, so it must use one throughout. Fix: use separate variables for the two updates",
        op.symbol(),
        first.symbol()
    )
}

pub(crate) fn reduced_and_read(h: &Header, at: &Loc, name: &str, reduced_at: &Loc) -> String {
    let lp = &h.place;
    format!(
        "parfor: `{name}` is a reduction variable of {lp} (`{1}`) but is also read here (`{0}`); inside the loop each chunk of iterations holds only a partial result, so the value read would depend on the scheduling. Fix: read `{name}` after the loop, or keep what the body needs in another variable",
        code(at),
        code(reduced_at)
    )
}

// Split arrays.

pub(crate) fn whole_read_of_written(h: &Header, at: &Loc, name: &str, written_at: &Loc) -> String {
    let lp = &h.place;
    let c = code(at);
    let whole = if c == name {
        format!("`{name}` is used as a whole here")
    } else {
        format!("`{c}` reads all of `{name}`")
    };
    format!(
        "parfor: {whole} while {lp} writes its elements (`{}`), so it would see elements other iterations may or may not have written yet. Fix: compute what you need before the loop (`let total = {name}.sum();`), or read from a copy made before the loop",
        code(written_at)
    )
}

pub(crate) fn written_in_macro(h: &Header, at: &Loc, name: &str) -> String {
    let (lp, v) = (&h.place, &h.var);
    format!(
        "parfor: `{name}` is written by {lp} and used inside a macro parfor cannot analyse (`{}`). Fix: hoist the access into a local (`let v = {name}[{v}];`) and pass `v` to the macro",
        code(at)
    )
}

pub(crate) fn unknown_stride_sign(h: &Header, at: &Loc) -> String {
    let (lp, v) = (&h.place, &h.var);
    format!(
        "parfor: cannot tell the sign of the stride of `{}` in the loop variable `{v}`, so cannot prove that iterations of {lp} touch disjoint elements. Fix: write the index as `c*{v} + d` with a constant or non-negative `c`",
        code(at)
    )
}

/// How two accesses (or one, with itself) of a split array overlap between iterations.
pub(crate) enum Overlap<'a> {
    /// One read reaches past the distance between iterations.
    WideRead(&'a Loc),
    /// Two reads reach into each other's iterations.
    Reads(&'a Loc, &'a Loc),
    /// One write reaches past the distance between iterations.
    WideWrite(&'a Loc),
    /// Two writes reach the same element from different iterations.
    Writes(&'a Loc, &'a Loc),
    /// A read sees an element another iteration writes.
    ReadWrite { read: &'a Loc, write: &'a Loc },
}

pub(crate) fn overlap(h: &Header, name: &str, short: &str, o: Overlap<'_>) -> String {
    let (lp, v) = (&h.place, &h.var);
    match o {
        Overlap::WideRead(at) => format!(
            "parfor: `{}` reads a range of `{name}` wider than the distance between iterations of {lp}, so neighbouring iterations read the same elements; while the loop writes `{name}`, each chunk of iterations owns a contiguous part of it, so such an element cannot be given to two chunks. Fix: read from a copy made before the loop (`let {short}_old = {name}.to_owned();`), or write into a separate output array",
            code(at)
        ),
        Overlap::Reads(a, b) => format!(
            "parfor: `{}` and `{}` read elements of `{name}` that neighbouring iterations of {lp} also read; while the loop writes `{name}`, each chunk of iterations owns a contiguous part of it, so an element cannot be given to two chunks. Fix: read from a copy made before the loop (`let {short}_old = {name}.to_owned();`), or write into a separate output array",
            code(a),
            code(b)
        ),
        Overlap::WideWrite(at) => format!(
            "parfor: `{}` writes a range of `{name}` wider than the distance between iterations of {lp}, so neighbouring iterations write the same elements. Fix: make each iteration write only its own elements (e.g. `{name}[{v}*k..({v} + 1)*k]` for a block of `k`)",
            code(at)
        ),
        Overlap::Writes(a, b) => format!(
            "parfor: `{}` and `{}` both write `{name}`, and the element one iteration writes through the first is one another iteration writes through the second (an output dependence across iterations of {lp}). Fix: make each iteration write elements no other iteration writes, e.g. only `{name}[{v}]`",
            code(a),
            code(b)
        ),
        Overlap::ReadWrite { read, write } => format!(
            "parfor: `{}` reads an element of `{name}` that another iteration of {lp} writes through `{}` (a loop-carried dependence); iterations run in any order, so the read could see the old or the new value. Fix: read from a copy made before the loop (`let {short}_old = {name}.to_owned();`), or write the results into a separate output array",
            code(read),
            code(write)
        ),
    }
}

pub(crate) fn array_reduction(h: &Header, at: &Loc, name: &str) -> String {
    let (lp, v) = (&h.place, &h.var);
    format!(
        "parfor: `{}` updates an element of `{name}` that several iterations of {lp} may update too, and `{name}` cannot be reduced as an array: parfor reduces an array only when the loop touches its elements solely through updates with one operator (`{name}[k] += e`, `-=`, `*=`, `&=`, `|=`, `^=`, or `{name}[k] = {name}[k].max(e)` / `.min(e)`) and reads it after the loop. Fix: make the loop use `{name}` only that way, or, when `{name}` is a temporary, declare it inside the loop body; otherwise keep a private partial per chunk and combine them after the loop: `let mut parts = vec![vec![0; {name}.len()]; 64]; for c in prange(64) {{ for {v} in c * n / 64..(c + 1) * n / 64 {{ /* update parts[c][k] */ }} }}`",
        code(at)
    )
}

/// `tiles`: some access to the array lies inside a tile of the loop variable, so the
/// loop looks like a loop over tiles that parfor did not take.
pub(crate) fn opaque_write(h: &Header, at: &Loc, name: &str, tiles: bool) -> String {
    let (lp, v) = (&h.place, &h.var);
    let tiles = if tiles {
        format!(
            ". For a loop over tiles numbered row by row, give iteration `{v}` the rows `{v} / k * bs..{v} / k * bs + bs` and the columns `{v} % k * bs..{v} % k * bs + bs` (or ends clamped with `.min(n)`), with the same `k` and tile sizes in every access to `{name}`, and index `{name}` only by those two loops' variables, inside the iteration's own tile"
        )
    } else {
        String::new()
    };
    format!(
        "parfor: `{}` writes `{name}` at an index that is not a constant multiple of the loop variable `{v}` plus an offset (like `2*{v} + 1`), so two iterations of {lp} may write the same element (`{v} / 2` and `{v} % k` repeat values; an index array may hold duplicates). Fix: write `{name}[{v}]` and combine afterwards, or compute per-iteration results into a separate array indexed by `{v}`{tiles}",
        code(at)
    )
}

pub(crate) fn invariant_write(h: &Header, at: &Loc, name: &str) -> String {
    let (lp, v) = (&h.place, &h.var);
    format!(
        "parfor: every iteration of {lp} writes `{}`: the index does not depend on the loop variable `{v}`, so iterations overwrite each other and the result depends on which runs last. Fix: index `{name}` by `{v}` (`{name}[{v}] = ..`), or accumulate in a scalar reduction and store it after the loop",
        code(at)
    )
}

pub(crate) fn unpinned_read(h: &Header, at: &Loc, name: &str, written_at: &Loc) -> String {
    let (lp, v) = (&h.place, &h.var);
    format!(
        "parfor: `{}` reads an element of `{name}` that is not tied to the loop variable `{v}`, while {lp} writes `{name}` through `{}`: the element read may be one another iteration is writing. Fix: read from a copy made before the loop, or write the results into a separate output array",
        code(at),
        code(written_at)
    )
}

/// `transposed`: the two accesses are `[i, _]` and `[_, i]` of a 2-D array, as in a
/// symmetric fill, which parfor takes when the other index stays on one side of `i`.
pub(crate) fn mixed_axes(
    h: &Header,
    odd: &Loc,
    first: &Loc,
    name: &str,
    transposed: bool,
) -> String {
    let (lp, v) = (&h.place, &h.var);
    let triangles = if transposed {
        format!(
            ". For a symmetric fill or an in-place transpose, let the other index stay on one side of `{v}` (`for j in {v}..n` or `for j in {v} + 1..n`, or `for j in 0..={v}`): then every element `{name}[[{v}, j]]` and `{name}[[j, {v}]]` belongs to iteration `{v}` alone"
        )
    } else {
        String::new()
    };
    format!(
        "parfor: `{}` and `{}` tie `{name}` to the loop variable `{v}` on different axes or with different strides, so the element one iteration of {lp} touches through one can be the element another iteration touches through the other. Fix: index every access to `{name}` by `{v}` on the same axis with the same stride, or read from a copy made before the loop{triangles}",
        code(odd),
        code(first)
    )
}

pub(crate) fn call_in_window_bound(h: &Header, call: &Loc, name: &str) -> String {
    let lp = &h.place;
    format!(
        "parfor: the index of `{name}` calls `{}`: to give each chunk of {lp} its window of `{name}`, parfor evaluates the loop-invariant part of that index once before the loop, so the call would run once more than in the sequential loop (and even when the loop has no iteration). Fix: call it once before the loop (`let k = {};`) and index with the variable",
        code(call),
        code(call)
    )
}
