//! What the walk records, without the checks: roots, event kinds, index summaries,
//! scoping and escapes.

use syn::{Block, Expr};

use super::walk;
use crate::model::{AxisIdx, Escape, Event, Root, Uses};
use crate::poly::Poly;

fn uses_of(var: &str, range: Expr, body: Block) -> Uses {
    let var = syn::Ident::new(var, proc_macro2::Span::call_site());
    walk(Some(&var), None, &range, &body, &Default::default(), &[])
}

fn events<'u>(uses: &'u Uses, root: &str) -> &'u [Event] {
    uses.events
        .iter()
        .find(|(r, _)| r.to_string() == root)
        .map_or(&[], |(_, e)| e)
}

/// The coefficient of the loop variable and the offset range of an index, when they
/// are constants.
fn constant_axis(a: &AxisIdx) -> Option<(i128, i128, i128)> {
    let AxisIdx::At(x) = a else { return None };
    Some((
        x.coef.as_constant()?,
        x.lo.as_constant()?,
        x.hi.as_constant()?,
    ))
}

#[test]
fn indices_are_summarised_as_affine_ranges() {
    let uses = uses_of(
        "i",
        syn::parse_quote!(n),
        syn::parse_quote!({
            for k in 0..4 {
                out[[2 * i + 1, k]] = a[i / 2];
            }
        }),
    );
    let [
        Event::Index {
            write: true, axes, ..
        },
    ] = events(&uses, "out")
    else {
        panic!("one write of `out`");
    };
    assert_eq!(constant_axis(&axes[0]), Some((2, 1, 1)));
    assert_eq!(constant_axis(&axes[1]), Some((0, 0, 3)));
    let [
        Event::Index {
            write: false, axes, ..
        },
    ] = events(&uses, "a")
    else {
        panic!("one read of `a`");
    };
    // `i / 2` is a quotient of the loop variable, a point that repeats values.
    let [AxisIdx::At(half)] = &axes[..] else {
        panic!("`i / 2` is summarised");
    };
    assert!(half.quot.is_some() && half.is_point());
    // `n` appears only in the range, outside the body.
    assert!(events(&uses, "n").is_empty());
}

#[test]
fn locals_shadow_captures_and_fields_are_roots() {
    let uses = uses_of(
        "i",
        syn::parse_quote!(n),
        syn::parse_quote!({
            let x = 1.0;
            self.out[i] = x + y;
            *total += 1.0;
            v.push(i);
        }),
    );
    let roots: Vec<&Root> = uses.events.keys().collect();
    let names: Vec<String> = roots.iter().map(ToString::to_string).collect();
    assert_eq!(names, ["v", "y", "self.out", "*total"]);
    assert!(matches!(events(&uses, "v"), [Event::MutCall { method, .. }] if method == "push"));
    assert!(matches!(events(&uses, "*total"), [Event::Reduce { .. }]));
}

#[test]
fn the_step_of_the_range_bounds_iteration_distance() {
    let uses = uses_of(
        "b",
        syn::parse_quote!((0..n).step_by(4)),
        syn::parse_quote!({}),
    );
    assert_eq!(uses.step, Poly::constant(4));
    let uses = uses_of("b", syn::parse_quote!(0..n), syn::parse_quote!({}));
    assert_eq!(uses.step, Poly::constant(1));
}

#[test]
fn escapes_out_of_the_body_only() {
    let uses = uses_of(
        "i",
        syn::parse_quote!(n),
        syn::parse_quote!({
            for j in 0..3 {
                break;
            }
            let f = || return 1;
            if c {
                break;
            }
            let r = g()?;
        }),
    );
    let kinds: Vec<&str> = uses
        .escapes
        .iter()
        .map(|e| match e {
            Escape::Break(_) => "break",
            Escape::Return(_) => "return",
            Escape::Try(_) => "try",
            Escape::Await(_) => "await",
            Escape::OuterLabel(..) => "label",
        })
        .collect();
    assert_eq!(kinds, ["break", "try"]);
}
