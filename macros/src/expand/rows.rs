//! Row slices: inner loops of a prange body that index arrays along their last axis
//! read and write slices taken once before the loop, not a checked, strided element
//! per access.
//!
//! ```text
//! for j in lo..hi { b[[i, j]] = a[[i - 1, j]] + a[[i, j]] + a[[i, j + 1]]; }
//! ```
//! becomes, when every array of the loop indexed this way can be (see `select`),
//! ```text
//! match (b.row_mut([i], lo, len), a.row([i - 1], lo, len), a.row([i], lo, len + 1)) {
//!     (Some(b0), Some(a0), Some(a1)) => for k in 0..len {
//!         let j = lo + k;
//!         b0[k] = a0[k] + a1[k] + a1[k + 1];
//!     }
//!     _ => for j in lo..hi { b[[i, j]] = a[[i - 1, j]] + a[[i, j]] + a[[i, j + 1]]; }
//! }
//! ```
//! A row slice holds exactly the elements the loop's accesses reach (one slice per row,
//! whatever its offsets), so every `row[k + d]` is an index LLVM bounds by the loop's
//! trip count: plain loads and stores that can vectorise. The runtime (`RowSlice`) hands a slice out only when all of those
//! elements are in bounds (inside the chunk's window for a written array) and
//! consecutive in memory; otherwise, and for any other layout, the loop runs as the
//! user wrote it, and panics where the sequential loop panics. The generated code is
//! safe Rust: a wrong rewrite could only fail to compile or take the slow path.
//!
//! An array qualifies in a loop `for j in lo..hi` (`j` not `mut`) when every use of it
//! in the body is an index `x[[r.., j + c]]` (or `x[j + c]` in 1-D) with `c` an integer
//! literal and `r..` built from literals and names the body neither binds, assigns,
//! borrows mutably nor calls a method on (nor mentions in a macro other than the
//! formatting and assertion macros), and no `ref mut` binding in the body, and its
//! type is evidently an array (`Facts::arrays`, or a window of the loop). An array the
//! body writes needs one row (one `r..`) and a mutable binding. A loop is rewritten
//! only if it writes through a row: loops that only read are reductions, which gain
//! nothing from slices (see `Rewriter::for_loop`); nor is a tile loop `w..w + bs`,
//! whose rows are too short to repay taking them (`is_tile`).

use std::collections::{HashMap, HashSet};

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{format_ident, quote};
use syn::visit::{self, Visit};
use syn::visit_mut::{self, VisitMut};
use syn::{BinOp, Block, Expr, ExprForLoop, Ident, Lit, Pat, RangeLimits};

use super::rt;
use crate::access::EXPR_MACROS;

/// What a loop body may do with an array it can take rows of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Holder {
    /// A captured array no iteration writes: its layout is read once per chunk
    /// (`Flat`), and rows come from that.
    Captured,
    /// A written array's window, or an array the body declares `let mut`: mutable
    /// rows.
    Mutable,
    /// An array the body declares immutably.
    Local,
}

/// The arrays a loop body may take rows of.
pub(crate) type RowArrays = HashMap<Ident, Holder>;

/// Rewrites every qualifying inner loop of the prange body `body`, innermost first,
/// and returns the statements to run at the start of each chunk: the layouts (`Flat`)
/// of the captured arrays rows are taken of. Those names are bound outside the loop
/// and only read while it runs, so they mean the same there as in the body.
pub(crate) fn rewrite(body: &mut Block, arrays: &RowArrays) -> TokenStream {
    if arrays.is_empty() {
        return TokenStream::new();
    }
    let mut rewriter = Rewriter {
        arrays,
        next: 0,
        flats: Vec::new(),
        frames: Vec::new(),
    };
    rewriter.visit_block_mut(body);
    let rt = rt();
    let lets = rewriter.flats.iter().map(|a| {
        let flat = flat_name(a);
        quote! {
            let #flat = {
                #[allow(unused_imports)]
                use #rt::RowSlice as _;
                #a.__parfor_flat()
            };
        }
    });
    quote!(#(#lets)*)
}

fn flat_name(array: &Ident) -> Ident {
    format_ident!("__parfor_flat_{}", array)
}

struct Rewriter<'a> {
    arrays: &'a RowArrays,
    /// Numbers the rewritten loops, so nested ones bind distinct names.
    next: usize,
    /// The captured arrays rows are taken of.
    flats: Vec<Ident>,
    /// The `for` loops around the one being rewritten, outermost first.
    frames: Vec<Frame>,
}

/// A `for` loop around an inner loop: rows of captured arrays that depend on nothing
/// it changes are taken once before it rather than at each of its iterations.
struct Frame {
    /// Its variable, and the names its body binds, assigns or hands to a macro.
    unstable: HashSet<Ident>,
    /// Its body has a `ref mut` binding: no row is taken before it.
    opaque: bool,
    /// `let`s of the rows taken before it.
    hoisted: Vec<TokenStream>,
}

impl VisitMut for Rewriter<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        let framed = if let Expr::ForLoop(f) = e {
            let none = self.dummy();
            let mut scan = Scan::new(&none, self.arrays);
            scan.visit_block(&f.body);
            let mut names = Names::default();
            names.visit_pat(&f.pat);
            scan.unstable.extend(names.0);
            self.frames.push(Frame {
                unstable: scan.unstable,
                opaque: scan.opaque,
                hoisted: Vec::new(),
            });
            true
        } else {
            false
        };
        visit_mut::visit_expr_mut(self, e);
        let hoisted = if framed {
            self.frames.pop().map(|f| f.hoisted).unwrap_or_default()
        } else {
            Vec::new()
        };
        if let Expr::ForLoop(f) = e
            && let Some(rewritten) = self.for_loop(f)
        {
            *e = rewritten;
        }
        if !hoisted.is_empty() {
            *e = syn::parse_quote!({ #(#hoisted)* #e });
        }
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// One index expression `x[[r.., j + c]]` of a row array.
struct Access {
    array: Ident,
    /// `r..`, and their text: accesses with the same text share a row.
    outer: Vec<Expr>,
    key: String,
    offset: i128,
    how: Use,
}

#[derive(Clone, Copy, PartialEq)]
enum Use {
    Read,
    /// Assigned, updated or borrowed mutably.
    Write,
    /// The receiver of a method call, which may take `&mut self`.
    Receiver,
}

/// A row the rewritten loop takes: the accesses of one array with one `r..`.
struct Row {
    array: Ident,
    outer: Vec<Expr>,
    key: String,
    /// The distinct offsets `c`, ascending.
    offsets: Vec<i128>,
    mutable: bool,
    name: Ident,
}

impl Rewriter<'_> {
    /// A name no user code binds, to scan a body for what it changes.
    fn dummy(&self) -> Ident {
        Ident::new("__parfor_none", Span::call_site())
    }

    /// Where a row read from a captured array's `Flat` by the loop `for _ in lo..hi`
    /// can be taken: the index of the outermost enclosing loop none of whose bodies
    /// changes a name the row depends on.
    fn hoist_target(&self, row: &Row, lo: &Expr, hi: &Expr) -> Option<usize> {
        let mut deps = Names::default();
        for e in row.outer.iter().chain([lo, hi]) {
            deps.visit_expr(e);
        }
        let mut target = None;
        for (t, frame) in self.frames.iter().enumerate().rev() {
            if frame.opaque || !frame.unstable.is_disjoint(&deps.0) {
                break;
            }
            target = Some(t);
        }
        target
    }

    fn for_loop(&mut self, f: &ExprForLoop) -> Option<Expr> {
        let Pat::Ident(p) = &*f.pat else { return None };
        if p.by_ref.is_some() || p.mutability.is_some() || p.subpat.is_some() {
            return None;
        }
        let var = &p.ident;
        let Expr::Range(range) = &*f.expr else {
            return None;
        };
        let (Some(lo), Some(hi), RangeLimits::HalfOpen(_)) =
            (&range.start, &range.end, &range.limits)
        else {
            return None;
        };
        if is_tile(lo, hi) {
            return None;
        }
        let mut scan = Scan::new(var, self.arrays);
        scan.visit_block(&f.body);
        if scan.unstable.contains(var) {
            return None;
        }
        let rows = scan.select(self.next);
        // A loop that only reads is a reduction (`d += t * t`, `m = m.max(..)`): it
        // cannot vectorise without reassociating, and LLVM already hoists the bounds
        // checks of its reads out of the loop in the common case; taking rows would
        // only add their cost (a k-means step, 8 dimensions: 1.13x hand-written rayon
        // with the reads as written, 1.38x through rows). Loops that store through a
        // row are the ones that gain.
        if !rows.iter().any(|r| r.mutable) {
            return None;
        }
        let n = self.next;
        self.next += 1;
        for r in &rows {
            if self.arrays[&r.array] == Holder::Captured && !self.flats.contains(&r.array) {
                self.flats.push(r.array.clone());
            }
        }
        // Rows of captured arrays that no enclosing loop changes are taken before the
        // outermost such loop, once; the loop's own bounds are then recomputed there,
        // with checked arithmetic (`None`: the loop runs as written).
        let mut taken = HashMap::new();
        if let (Some(clo), Some(chi)) = (checked(lo, self.arrays), checked(hi, self.arrays)) {
            for r in rows.iter().filter(|r| !r.mutable) {
                if self.arrays[&r.array] != Holder::Captured {
                    continue;
                }
                let Some(t) = self.hoist_target(r, lo, hi) else {
                    continue;
                };
                let pre = format_ident!("__parfor_pre_{}", r.name);
                let (l, h, len) = (
                    format_ident!("__parfor_l"),
                    format_ident!("__parfor_h"),
                    format_ident!("__parfor_n"),
                );
                let call = row_call(r, &l, &len, self.arrays);
                self.frames[t].hoisted.push(quote! {
                    let #pre = match (#clo, #chi) {
                        (::core::option::Option::Some(#l), ::core::option::Option::Some(#h)) => {
                            let #len = #h.saturating_sub(#l);
                            #call
                        }
                        _ => ::core::option::Option::None,
                    };
                });
                taken.insert(r.name.clone(), quote!(#pre));
            }
        }
        let inner = Inner { f, var, lo, hi };
        Some(emit(&inner, &rows, n, self.arrays, &taken))
    }
}

/// Whether `lo..hi` is a tile of a blocked loop, `w..w + bs`: its rows are as short as
/// the tile (4 in the seed's window copy), and taking them costs more than the checked
/// accesses they replace (the seed's window copy: 1.08-1.16x hand-written rayon as
/// written, 1.31-1.70x through rows), so such loops run as written.
fn is_tile(lo: &Expr, hi: &Expr) -> bool {
    let lo = strip(lo);
    match strip(hi) {
        Expr::Binary(b) if matches!(b.op, BinOp::Add(_)) => {
            let same = |e: &Expr| quote!(#e).to_string() == quote!(#lo).to_string();
            same(strip(&b.left)) || same(strip(&b.right))
        }
        _ => false,
    }
}

/// The call that takes row `r` for the loop starting at `lo` with `len` iterations.
fn row_call(r: &Row, lo: &Ident, len: &Ident, arrays: &RowArrays) -> TokenStream {
    let a = &r.array;
    let outer = r
        .outer
        .iter()
        .map(|e| checked(e, arrays).expect("selected"));
    let first = r.offsets[0];
    let start = if first == 0 {
        quote!(::core::option::Option::Some(#lo))
    } else if first > 0 {
        let c = first as usize;
        quote!(#lo.checked_add(#c))
    } else {
        let c = first.unsigned_abs() as usize;
        quote!(#lo.checked_sub(#c))
    };
    let extra = (r.offsets[r.offsets.len() - 1] - first) as usize;
    let run_len = if extra == 0 {
        quote!(#len)
    } else {
        quote!(#len.saturating_add(#extra))
    };
    let args = quote!([#(#outer),*], #start, #run_len);
    if r.mutable {
        quote!(#a.__parfor_row_mut(#args))
    } else if arrays[a] == Holder::Captured {
        let flat = flat_name(a);
        quote!(#flat.row(#args))
    } else {
        quote!(#a.__parfor_row(#args))
    }
}

/// An inner loop `for var in lo..hi` the rewrite applies to.
struct Inner<'a> {
    f: &'a ExprForLoop,
    var: &'a Ident,
    lo: &'a Expr,
    hi: &'a Expr,
}

/// `inner` over the row slices `rows` (those in `taken` already taken before an
/// enclosing loop), beside the loop as written; `n` numbers its names.
fn emit(
    inner: &Inner<'_>,
    rows: &[Row],
    n: usize,
    arrays: &RowArrays,
    taken: &HashMap<Ident, TokenStream>,
) -> Expr {
    let Inner { f, var, lo, hi } = *inner;
    let rt = rt();
    let lo_id = format_ident!("__parfor_lo_{}", n);
    let hi_id = format_ident!("__parfor_hi_{}", n);
    let len = format_ident!("__parfor_len_{}", n);
    let k = format_ident!("__parfor_k_{}", n);
    let calls = rows.iter().map(|r| match taken.get(&r.name) {
        Some(pre) => pre.clone(),
        None => row_call(r, &lo_id, &len, arrays),
    });
    let names: Vec<&Ident> = rows.iter().map(|r| &r.name).collect();
    // One slice of exactly `len` elements per offset of a read row, so each access is
    // `slice[k]` with `k < len`; a written row is one slice (`&mut` cannot overlap).
    // One slice of exactly `len + extra` elements per row, so each access is
    // `row[k + d]` with `k < len` and `d <= extra`: indexes LLVM bounds by the trip
    // count. (A slice per offset would make every check trivial too, but gives the
    // vectoriser more pointers to check for overlap than it accepts.)
    let slices = rows.iter().map(|r| {
        let name = &r.name;
        let extra = (r.offsets[r.offsets.len() - 1] - r.offsets[0]) as usize;
        let end = if extra == 0 {
            quote!(#len)
        } else {
            quote!(#len + #extra)
        };
        if r.mutable {
            quote!(let #name = &mut #name[..#end];)
        } else {
            quote!(let #name = &#name[..#end];)
        }
    });
    let mut body = f.body.clone();
    RowIndexes {
        var,
        rows,
        k: &k,
        selected: rows.iter().map(|r| r.array.clone()).collect(),
        arrays,
    }
    .visit_block_mut(&mut body);
    let label = &f.label;
    let original = &f.body;
    let attrs = &f.attrs;
    let tokens = quote! {
        {
            let #lo_id: usize = #lo;
            let #hi_id: usize = #hi;
            let #len = #hi_id.saturating_sub(#lo_id);
            #[allow(unused_imports)]
            use #rt::{RowSlice as _, RowSliceMut as _};
            match (#(#calls,)*) {
                (#(::core::option::Option::Some(#names),)*) => {
                    #(#slices)*
                    // The user's code, through row slices: lints on it are the user's
                    // own, reported once on the original.
                    #(#attrs)*
                    #[allow(clippy::all)]
                    #label for #k in 0..#len {
                        #[allow(unused_variables)]
                        let #var = #lo_id + #k;
                        #body
                    }
                }
                _ => {
                    #(#attrs)*
                    #label for #var in #lo_id..#hi_id #original
                }
            }
        }
    };
    syn::parse2(tokens).expect("generated row loop parses")
}

/// Replaces each selected access with its row slice's element.
struct RowIndexes<'a> {
    var: &'a Ident,
    rows: &'a [Row],
    k: &'a Ident,
    selected: HashSet<Ident>,
    arrays: &'a RowArrays,
}

impl VisitMut for RowIndexes<'_> {
    fn visit_expr_mut(&mut self, e: &mut Expr) {
        if let Expr::Index(ix) = e
            && let Some(array) = array_name(&ix.expr)
            && self.selected.contains(array)
            && let Some((outer, offset)) = row_index(&ix.index, self.var, self.arrays)
        {
            let key = key_of(&outer);
            let row = self
                .rows
                .iter()
                .find(|r| &r.array == array && r.key == key)
                .expect("every access of a selected array has its row");
            let k = self.k;
            let name = &row.name;
            let d = (offset - row.offsets[0]) as usize;
            *e = if d == 0 {
                syn::parse_quote!(#name[#k])
            } else {
                syn::parse_quote!(#name[#k + #d])
            };
            return;
        }
        visit_mut::visit_expr_mut(self, e);
    }

    fn visit_item_mut(&mut self, _: &mut syn::Item) {}
}

/// The single name an indexed expression is, if it is one.
fn array_name(e: &Expr) -> Option<&Ident> {
    match e {
        Expr::Path(p) if p.qself.is_none() && p.attrs.is_empty() => p.path.get_ident(),
        _ => None,
    }
}

/// `[r.., j + c]` (or `j + c` alone) as `(r.., c)`, when every `r` can be hoisted.
fn row_index(index: &Expr, var: &Ident, arrays: &RowArrays) -> Option<(Vec<Expr>, i128)> {
    let elems: Vec<&Expr> = match index {
        Expr::Array(a) => a.elems.iter().collect(),
        Expr::Tuple(t) if t.elems.len() >= 2 => t.elems.iter().collect(),
        e => vec![e],
    };
    let (last, outer) = elems.split_last()?;
    let offset = offset_of(last, var)?;
    let outer: Vec<Expr> = outer.iter().map(|e| (*e).clone()).collect();
    if outer
        .iter()
        .all(|e| checked(e, arrays).is_some() && !mentions(e, var))
    {
        Some((outer, offset))
    } else {
        None
    }
}

fn key_of(outer: &[Expr]) -> String {
    quote!(#(#outer),*).to_string()
}

/// `c` of `j`, `j + c`, `c + j`, `j - c` with `c` an integer literal.
fn offset_of(e: &Expr, var: &Ident) -> Option<i128> {
    let is_var = |e: &Expr| array_name(strip(e)) == Some(var);
    match strip(e) {
        e if is_var(e) => Some(0),
        Expr::Binary(b) => match b.op {
            BinOp::Add(_) if is_var(&b.left) => literal(&b.right),
            BinOp::Add(_) if is_var(&b.right) => literal(&b.left),
            BinOp::Sub(_) if is_var(&b.left) => literal(&b.right).map(|c| -c),
            _ => None,
        },
        _ => None,
    }
}

fn strip(e: &Expr) -> &Expr {
    match e {
        Expr::Paren(p) => strip(&p.expr),
        Expr::Group(g) => strip(&g.expr),
        e => e,
    }
}

/// An integer literal usable as a `usize` (no suffix, or `usize`).
fn literal(e: &Expr) -> Option<i128> {
    match strip(e) {
        Expr::Lit(l) => match &l.lit {
            Lit::Int(i) if matches!(i.suffix(), "" | "usize") => {
                i.base10_parse::<u32>().ok().map(i128::from)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `e` as an `Option<usize>` computed with checked arithmetic (`None` where the
/// user's arithmetic overflows), if it is built from integer literals, names and
/// `+ - * / %`; names are the user's, so they must be `usize` as in the index.
fn checked(e: &Expr, arrays: &RowArrays) -> Option<TokenStream> {
    let some = quote!(::core::option::Option::Some::<usize>);
    match e {
        Expr::Paren(p) => checked(&p.expr, arrays),
        Expr::Group(g) => checked(&g.expr, arrays),
        // The shape of a captured array, which no iteration changes.
        Expr::MethodCall(m)
            if m.args.is_empty()
                && ["len", "nrows", "ncols"].iter().any(|n| m.method == n)
                && array_name(&m.receiver)
                    .is_some_and(|a| arrays.get(a) == Some(&Holder::Captured)) =>
        {
            Some(quote!(#some(#e)))
        }
        Expr::Lit(_) => literal(e).map(|_| quote!(#some(#e))),
        Expr::Path(_) => array_name(e).map(|id| quote!(#some(#id))),
        // `r ± c`, the common case, without closures.
        Expr::Binary(b)
            if matches!(b.op, BinOp::Add(_) | BinOp::Sub(_))
                && array_name(strip(&b.left)).is_some()
                && literal(&b.right).is_some() =>
        {
            let method = match b.op {
                BinOp::Add(_) => quote!(checked_add),
                _ => quote!(checked_sub),
            };
            let (l, r) = (strip(&b.left), strip(&b.right));
            Some(quote!(#l.#method(#r)))
        }
        Expr::Binary(b) => {
            let method = match b.op {
                BinOp::Add(_) => "checked_add",
                BinOp::Sub(_) => "checked_sub",
                BinOp::Mul(_) => "checked_mul",
                BinOp::Div(_) => "checked_div",
                BinOp::Rem(_) => "checked_rem",
                _ => return None,
            };
            let method = Ident::new(method, Span::call_site());
            let (l, r) = (checked(&b.left, arrays)?, checked(&b.right, arrays)?);
            Some(
                quote!((#l).and_then(|__parfor_a: usize| (#r).and_then(|__parfor_b| __parfor_a.#method(__parfor_b)))),
            )
        }
        _ => None,
    }
}

/// Whether `e` mentions the name `var`.
fn mentions(e: &Expr, var: &Ident) -> bool {
    let mut names = Names::default();
    names.visit_expr(e);
    names.0.contains(var)
}

#[derive(Default)]
struct Names(HashSet<Ident>);

impl Visit<'_> for Names {
    fn visit_ident(&mut self, i: &Ident) {
        self.0.insert(i.clone());
    }
}

/// Whether a macro only evaluates its arguments (`println!`, `assert_eq!`, `vec!`, ..):
/// it cannot assign a name. `write!` and `writeln!` write to their first argument.
fn is_pure_macro(name: &Ident) -> bool {
    EXPR_MACROS.iter().any(|m| name == m) && name != "write" && name != "writeln"
}

/// Everything `select` needs to know about a loop body.
struct Scan<'a> {
    var: &'a Ident,
    arrays: &'a RowArrays,
    accesses: Vec<Access>,
    /// Arrays used other than through a row index.
    spoiled: HashSet<Ident>,
    /// Names bound in the body, assigned, borrowed mutably, or passed to a macro that
    /// might assign them: a row index naming one is not loop-invariant.
    unstable: HashSet<Ident>,
    /// A `ref mut` binding: any name may change.
    opaque: bool,
    how: Use,
}

impl<'a> Scan<'a> {
    fn new(var: &'a Ident, arrays: &'a RowArrays) -> Self {
        Scan {
            var,
            arrays,
            accesses: Vec::new(),
            spoiled: HashSet::new(),
            unstable: HashSet::new(),
            opaque: false,
            how: Use::Read,
        }
    }

    /// The rows to take, named `__parfor_row_{n}_{m}`; empty when no array
    /// qualifies.
    fn select(self, n: usize) -> Vec<Row> {
        let mut rows: Vec<Row> = Vec::new();
        if self.opaque {
            return rows;
        }
        let mut names: Vec<&Ident> = Vec::new();
        for a in &self.accesses {
            if !names.contains(&&a.array) {
                names.push(&a.array);
            }
        }
        for array in names {
            if self.spoiled.contains(array) || self.unstable.contains(array) {
                continue;
            }
            let accesses: Vec<&Access> =
                self.accesses.iter().filter(|a| &a.array == array).collect();
            let stable = accesses.iter().all(|a| {
                a.outer.iter().all(|e| {
                    let mut names = Names::default();
                    names.visit_expr(e);
                    names.0.is_disjoint(&self.unstable)
                })
            });
            if !stable {
                continue;
            }
            let may_mut = self.arrays[array] == Holder::Mutable;
            let mutable = accesses
                .iter()
                .any(|a| a.how == Use::Write || a.how == Use::Receiver && may_mut);
            let mut mine: Vec<Row> = Vec::new();
            for a in &accesses {
                match mine.iter_mut().find(|r| r.key == a.key) {
                    Some(r) => {
                        if !r.offsets.contains(&a.offset) {
                            r.offsets.push(a.offset);
                            r.offsets.sort_unstable();
                        }
                    }
                    None => mine.push(Row {
                        array: array.clone(),
                        outer: a.outer.clone(),
                        key: a.key.clone(),
                        offsets: vec![a.offset],
                        mutable,
                        name: format_ident!("__parfor_row_{}_{}", n, rows.len() + mine.len()),
                    }),
                }
            }
            if mutable && (!may_mut || mine.len() != 1) {
                continue;
            }
            rows.extend(mine);
        }
        rows
    }

    fn with(&mut self, how: Use, e: &'a Expr) {
        let saved = std::mem::replace(&mut self.how, how);
        self.visit_expr(e);
        self.how = saved;
    }

    /// Marks the name a place expression starts from as assigned.
    fn assigns(&mut self, place: &Expr) {
        match strip(place) {
            Expr::Path(p) => {
                if let Some(id) = p.path.get_ident() {
                    self.unstable.insert(id.clone());
                }
            }
            Expr::Field(f) => self.assigns(&f.base),
            Expr::Unary(u) => self.assigns(&u.expr),
            // Writing an element leaves the name bound to the same array; row indexes
            // are built from names and literals only, never from elements.
            _ => {}
        }
    }
}

impl<'a> Visit<'a> for Scan<'a> {
    fn visit_expr(&mut self, e: &'a Expr) {
        let how = std::mem::replace(&mut self.how, Use::Read);
        match e {
            Expr::Index(ix) => {
                if let Some(array) = array_name(&ix.expr)
                    && self.arrays.contains_key(array)
                    && let Some((outer, offset)) = row_index(&ix.index, self.var, self.arrays)
                {
                    self.accesses.push(Access {
                        array: array.clone(),
                        key: key_of(&outer),
                        outer,
                        offset,
                        how,
                    });
                    self.visit_expr(&ix.index);
                } else {
                    // An element of an element: `b[[i, j]][0] = v` writes `b[[i, j]]`.
                    self.with(how, &ix.expr);
                    self.visit_expr(&ix.index);
                }
            }
            Expr::Paren(p) => self.with(how, &p.expr),
            Expr::Group(g) => self.with(how, &g.expr),
            Expr::Field(f) => self.with(how, &f.base),
            Expr::Assign(a) => {
                self.assigns(&a.left);
                self.with(Use::Write, &a.left);
                self.visit_expr(&a.right);
            }
            Expr::Binary(b) if is_compound(&b.op) => {
                self.assigns(&b.left);
                self.with(Use::Write, &b.left);
                self.visit_expr(&b.right);
            }
            Expr::Reference(r) if r.mutability.is_some() => {
                self.assigns(&r.expr);
                self.with(Use::Write, &r.expr);
            }
            Expr::MethodCall(m) => {
                // Any method may take `&mut self` (`r.clone_from(..)`, a user's trait
                // method on `usize`): it changes the name as much as `r += 1`.
                self.assigns(&m.receiver);
                self.with(Use::Receiver, &m.receiver);
                for arg in &m.args {
                    self.visit_expr(arg);
                }
            }
            Expr::Path(p) => {
                if let Some(id) = p.path.get_ident()
                    && self.arrays.contains_key(id)
                {
                    self.spoiled.insert(id.clone());
                }
            }
            e => visit::visit_expr(self, e),
        }
        self.how = how;
    }

    fn visit_pat_ident(&mut self, p: &'a syn::PatIdent) {
        self.unstable.insert(p.ident.clone());
        // `ref mut p` borrows whatever place it matches, which this scan does not
        // track: nothing in the body counts as unchanged.
        if p.by_ref.is_some() && p.mutability.is_some() {
            self.opaque = true;
        }
        visit::visit_pat_ident(self, p);
    }

    fn visit_macro(&mut self, m: &'a syn::Macro) {
        let pure = m.path.get_ident().is_some_and(is_pure_macro);
        let mut names = HashSet::new();
        idents(m.tokens.clone(), &mut names);
        for id in names {
            if self.arrays.contains_key(&id) {
                self.spoiled.insert(id.clone());
            }
            if !pure {
                self.unstable.insert(id);
            }
        }
    }

    fn visit_item(&mut self, _: &'a syn::Item) {}
}

fn is_compound(op: &BinOp) -> bool {
    matches!(
        op,
        BinOp::AddAssign(_)
            | BinOp::SubAssign(_)
            | BinOp::MulAssign(_)
            | BinOp::DivAssign(_)
            | BinOp::RemAssign(_)
            | BinOp::BitXorAssign(_)
            | BinOp::BitAndAssign(_)
            | BinOp::BitOrAssign(_)
            | BinOp::ShlAssign(_)
            | BinOp::ShrAssign(_)
    )
}

fn idents(tokens: TokenStream, out: &mut HashSet<Ident>) {
    for tt in tokens {
        match tt {
            TokenTree::Ident(i) => {
                out.insert(i);
            }
            TokenTree::Group(g) => idents(g.stream(), out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arrays(list: &[(&str, Holder)]) -> RowArrays {
        list.iter()
            .map(|(n, h)| (Ident::new(n, Span::call_site()), *h))
            .collect()
    }

    /// The rows the first rewritten loop takes, as `array[key]` with `mut` for
    /// mutable ones, and the captured arrays read flat.
    fn rows_of(body: Block, list: &[(&str, Holder)]) -> (Vec<String>, Vec<String>) {
        let arrays = arrays(list);
        let mut found = Vec::new();
        let mut visit = |f: &ExprForLoop| {
            let Pat::Ident(p) = &*f.pat else { return };
            let mut scan = Scan::new(&p.ident, &arrays);
            scan.visit_block(&f.body);
            if scan.unstable.contains(&p.ident) {
                return;
            }
            for r in scan.select(0) {
                let m = if r.mutable { "mut " } else { "" };
                found.push(format!("{m}{}[{}] {:?}", r.array, r.key, r.offsets));
            }
        };
        for stmt in &body.stmts {
            if let syn::Stmt::Expr(Expr::ForLoop(f), _) = stmt {
                visit(f);
            }
        }
        let mut rewritten = body.clone();
        let mut r = Rewriter {
            arrays: &arrays,
            next: 0,
            flats: Vec::new(),
            frames: Vec::new(),
        };
        r.visit_block_mut(&mut rewritten);
        (found, r.flats.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_stencil_takes_three_read_rows_and_one_written() {
        let body: Block = syn::parse_quote!({
            for j in 1..m - 1 {
                b[[i, j]] = 0.2
                    * (a[[i, j]] + a[[i - 1, j]] + a[[i + 1, j]] + a[[i, j - 1]] + a[[i, j + 1]]);
            }
        });
        let (rows, flats) = rows_of(body, &[("a", Holder::Captured), ("b", Holder::Mutable)]);
        assert_eq!(
            rows,
            [
                "mut b[i] [0]",
                "a[i] [-1, 0, 1]",
                "a[i - 1] [0]",
                "a[i + 1] [0]"
            ]
        );
        assert_eq!(flats, ["a"]);
    }

    #[test]
    fn element_methods_and_updates_are_reads_and_writes_of_one_row() {
        let body: Block = syn::parse_quote!({
            for j in 0..n {
                m = m.max(x[[i, j]]);
                y[[i, j]] += (x[[i, j]] - m).exp();
                v[j] = y[[i, j]].abs();
            }
        });
        let (rows, _) = rows_of(
            body,
            &[
                ("x", Holder::Captured),
                ("y", Holder::Mutable),
                ("v", Holder::Mutable),
            ],
        );
        assert_eq!(rows, ["x[i] [0]", "mut y[i] [0]", "mut v[] [0]"]);
    }

    #[test]
    fn arrays_used_otherwise_or_unstable_rows_are_left_alone() {
        let body: Block = syn::parse_quote!({
            for j in 0..n {
                s += a[[i, j]] + a.len() as f64; // `a` also used whole
                s += b[[r, j]]; // `r` assigned below
                r += 1;
                s += c[[i, j * 2]]; // not `j + c`
                s += d[[k[0], j]]; // an element as row index
                s += e[[i, j]]; // fine
                s += f[[q, j]]; // `q` passed to a macro
                my_macro!(q);
                w[[i, j]] = 1.0;
                s += w[[i + 1, j]]; // written array, two rows
                u[[i, j]] = 1.0; // not mutable
                s += t[[i, j]]; // not an array we know
            }
        });
        let (rows, _) = rows_of(
            body,
            &[
                ("a", Holder::Captured),
                ("b", Holder::Captured),
                ("c", Holder::Captured),
                ("d", Holder::Captured),
                ("e", Holder::Captured),
                ("f", Holder::Captured),
                ("w", Holder::Mutable),
                ("u", Holder::Local),
            ],
        );
        assert_eq!(rows, ["e[i] [0]"]);
    }

    #[test]
    fn a_rebound_loop_variable_or_array_turns_the_rewrite_off() {
        let body: Block = syn::parse_quote!({
            for j in 0..n {
                let j = j + 1;
                s += a[[i, j]];
            }
        });
        assert!(rows_of(body, &[("a", Holder::Captured)]).0.is_empty());
        let body: Block = syn::parse_quote!({
            for j in 0..n {
                s += a[[i, j]];
                let a = 3;
            }
        });
        assert!(rows_of(body, &[("a", Holder::Captured)]).0.is_empty());
        let body: Block = syn::parse_quote!({
            for mut j in 0..n {
                s += a[[i, j]];
            }
        });
        let mut b = body.clone();
        rewrite(&mut b, &arrays(&[("a", Holder::Captured)]));
        assert_eq!(quote!(#b).to_string(), quote!(#body).to_string());
    }

    #[test]
    fn nested_loops_are_rewritten_innermost_first() {
        let mut body: Block = syn::parse_quote!({
            for j in 0..n {
                for k in 0..dim {
                    prod[[j, k]] = x[[i, k]] * y[[j, k]];
                }
                out[[i, j]] = 1.0;
            }
        });
        let flats = rewrite(
            &mut body,
            &arrays(&[
                ("x", Holder::Captured),
                ("y", Holder::Captured),
                ("prod", Holder::Mutable),
                ("out", Holder::Mutable),
            ]),
        );
        assert_eq!(
            flats.to_string(),
            "let __parfor_flat_x = { # [allow (unused_imports)] use :: parfor :: __private :: RowSlice as _ ; x . __parfor_flat () } ; \
             let __parfor_flat_y = { # [allow (unused_imports)] use :: parfor :: __private :: RowSlice as _ ; y . __parfor_flat () } ;"
        );
        let text = quote!(#body).to_string();
        // Row `i` of `x` once, before the loop over `j`; row `j` of `y` in the outer
        // loop's row-slice version and in its fallback.
        assert!(
            text.starts_with("{ { let __parfor_pre___parfor_row_0_1 ="),
            "{text}"
        );
        assert_eq!(text.matches("__parfor_flat_x . row").count(), 1, "{text}");
        assert_eq!(text.matches("__parfor_flat_y . row").count(), 2, "{text}");
        assert_eq!(text.matches("out . __parfor_row_mut").count(), 1, "{text}");
    }

    #[test]
    fn tiles_are_left_alone() {
        let body: Block = syn::parse_quote!({
            for j in wy..wy + bs {
                tmp[[i, j]] = x[[i, j]];
            }
        });
        let mut b = body.clone();
        let arrays = arrays(&[("x", Holder::Captured), ("tmp", Holder::Mutable)]);
        assert!(rewrite(&mut b, &arrays).is_empty());
        assert_eq!(quote!(#b).to_string(), quote!(#body).to_string());
        let mut b: Block = syn::parse_quote!({
            for j in wy..n {
                tmp[[i, j]] = x[[i, j]];
            }
        });
        assert!(!rewrite(&mut b, &arrays).is_empty());
    }

    #[test]
    fn loops_that_only_read_are_left_alone() {
        let body: Block = syn::parse_quote!({
            for j in 0..n {
                let mut d = 0.0;
                for k in 0..dim {
                    let t = x[[i, k]] - x[[j, k]];
                    d += t * t;
                }
                s += d;
            }
        });
        let mut b = body.clone();
        let flats = rewrite(&mut b, &arrays(&[("x", Holder::Captured)]));
        assert!(flats.is_empty());
        assert_eq!(quote!(#b).to_string(), quote!(#body).to_string());
    }
}
