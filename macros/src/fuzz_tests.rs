//! The macro never panics: on generated and mutated function bodies it returns either
//! code that parses or `parfor:` errors.

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use proptest::prelude::*;
use quote::quote;

use crate::entry;

/// Bodies exercising every construct the analysis knows, to be mutated.
fn seeds() -> Vec<TokenStream> {
    vec![
        quote! { fn f(x: &[f64], out: &mut [f64]) -> f64 { let mut s = 0.0; for i in prange(x.len()) { out[i] = 2.0 * x[i]; s += x[i]; } s } },
        quote! { fn f(a: &Array2<f64>, t: &mut Array2<f64>, bs: usize) { for b in prange((0..a.nrows()).step_by(bs)) { for x in b..b + bs { for y in 0..a.ncols() { t[[x, y]] = a[[x, y]]; } } } } },
        quote! { fn f(t: &mut Array3<f64>) { for w in prange(10 / 2) { for x in w * 2..(w + 1) * 2 { t.index_axis_mut(Axis(0), x).fill(1.0); t.slice_mut(s![x, .., 1..3;2]).fill(0.0); } } } },
        quote! { fn f(v: &mut Vec<i64>, m: &mut i64) { let mut last = 0; for i in prange(0..=9i64) { if i % 2 == 0 { continue; } v.push(i); last = i; *m = m.max(i); println!("{} {last}", v[i as usize]); } } },
        quote! { fn f(&mut self) { 'outer: for i in prange((0..self.n).rev()) { match self.k { 0 => { self.data[i] = 1; } _ => { if let Some(x) = self.opt { self.data[i] = x; } } } let c = |q: usize| q + i; for j in 0..3 { if j == 1 { break; } continue 'outer; } return; } } },
        quote! { fn f(a: &mut Vec<f64>, x: &mut [f64], nb: usize) { let n = a.len(); for b in prange(nb) { let lo = b * n / nb; for i in lo..((b + 1) * n / nb).min(n) { a[i] += 1.0; } } for i in prange(n / 2) { x.swap(i, n - 1 - i); a[n + i] = a[i]; } } },
        quote! { fn f(h: &mut [u32], idx: &[usize]) -> u32 { let mut x = 0u32; let mut y = u32::MAX; for i in prange(idx.len()) { h[idx[i]] += 1; h[i / 2] = 0; h[2 * i] = h[2 * i + 1]; x ^= idx[i] as u32; y = y.min(h[i]); let z = vec![0; 3]; assert_eq!(z[0], 0, "{}", i); } x + y } },
    ]
}

/// A token stream flattened so mutations can reach inside groups.
#[derive(Clone)]
enum Flat {
    Open(Delimiter),
    Close,
    Token(TokenTree),
}

fn flatten(ts: TokenStream, out: &mut Vec<Flat>) {
    for tt in ts {
        match tt {
            TokenTree::Group(g) if g.delimiter() == Delimiter::None => flatten(g.stream(), out),
            TokenTree::Group(g) => {
                out.push(Flat::Open(g.delimiter()));
                flatten(g.stream(), out);
                out.push(Flat::Close);
            }
            tt => out.push(Flat::Token(tt)),
        }
    }
}

/// Rebuilds groups: stray closers are dropped and open groups closed, so the result is
/// a well-formed token stream (what a proc macro can receive), however mangled.
fn unflatten(tokens: &[Flat]) -> TokenStream {
    fn close(stack: &mut Vec<(Delimiter, Vec<TokenTree>)>) {
        let (delim, inner) = stack.pop().expect("caller checked len > 1");
        let g = Group::new(delim, inner.into_iter().collect());
        stack
            .last_mut()
            .expect("root stays")
            .1
            .push(TokenTree::Group(g));
    }
    let mut stack: Vec<(Delimiter, Vec<TokenTree>)> = vec![(Delimiter::None, Vec::new())];
    for f in tokens {
        match f {
            Flat::Open(d) => stack.push((*d, Vec::new())),
            Flat::Close if stack.len() > 1 => close(&mut stack),
            Flat::Close => {}
            Flat::Token(tt) => stack.last_mut().expect("root stays").1.push(tt.clone()),
        }
    }
    while stack.len() > 1 {
        close(&mut stack);
    }
    stack.pop().expect("root").1.into_iter().collect()
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete(usize),
    Duplicate(usize),
    Swap(usize, usize),
    CopyFrom(usize, usize),
}

fn mutate(seed: &TokenStream, mutations: &[Mutation]) -> TokenStream {
    let mut flat = Vec::new();
    flatten(seed.clone(), &mut flat);
    for m in mutations {
        let n = flat.len();
        if n < 2 {
            break;
        }
        match *m {
            Mutation::Delete(k) => {
                flat.remove(k % n);
            }
            Mutation::Duplicate(k) => {
                let t = flat[k % n].clone();
                flat.insert(k % n, t);
            }
            Mutation::Swap(a, b) => flat.swap(a % n, b % n),
            Mutation::CopyFrom(a, b) => flat[a % n] = flat[b % n].clone(),
        }
    }
    unflatten(&flat)
}

fn check_never_panics(args: TokenStream, item: TokenStream) {
    let out = std::panic::catch_unwind(|| entry::parallel(args.clone(), item.clone()))
        .unwrap_or_else(|_| panic!("the macro panicked on\n#[parallel({args})]\n{item}"));
    let text = out.to_string();
    if text.contains("compile_error") {
        assert!(
            text.contains("parfor:"),
            "an error without `parfor:` for\n{item}\n=>\n{text}"
        );
    } else {
        syn::parse2::<syn::File>(out)
            .unwrap_or_else(|e| panic!("unparsable output ({e}) for\n{item}"));
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Delete),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::CopyFrom(a, b)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn mutated_bodies_never_panic(seed in 0usize..6, muts in prop::collection::vec(mutation(), 0..6)) {
        let item = mutate(&seeds()[seed], &muts);
        check_never_panics(TokenStream::new(), item);
    }

    #[test]
    fn mutated_attributes_never_panic(muts in prop::collection::vec(mutation(), 0..4)) {
        let args = mutate(&quote!(threads = 4, chunk = n * 2, report), &muts);
        check_never_panics(args, seeds()[0].clone());
    }
}

#[test]
fn unmutated_seeds_expand_or_report_parfor_errors() {
    for seed in seeds() {
        check_never_panics(TokenStream::new(), seed);
    }
}

#[test]
fn huge_bodies_do_not_overflow() {
    let stmt = quote!(out[i] = out[i] + x[i] * 2.0 - (i as f64););
    let stmts = std::iter::repeat_n(stmt, 2000);
    let item = quote!(fn f(x: &[f64], out: &mut [f64]) { for i in prange(x.len()) { #(#stmts)* } });
    check_never_panics(TokenStream::new(), item);
    let mut nested = quote!(out[i] = 1.0;);
    for _ in 0..60 {
        nested = quote!(if x[i] > 0.0 { #nested });
    }
    check_never_panics(
        TokenStream::new(),
        quote!(fn f(x: &[f64], out: &mut [f64]) { for i in prange(x.len()) { #nested } }),
    );
}
