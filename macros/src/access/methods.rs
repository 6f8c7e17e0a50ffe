//! Method calls on captured values: which methods select a window of an array, which
//! only read its shape, and which take `&mut self`.

use quote::ToTokens;
use syn::visit::{self, Visit};
use syn::{Expr, ExprMethodCall, Lit};

use super::Walker;
use super::macros::parse_slice_elems;
use crate::facts::Pointee;
use crate::model::{AxisIdx, Event, MutHow, Root};

/// Methods returning a mutable view of part of an array.
const WINDOW_WRITES: &[&str] = &["row_mut", "column_mut", "index_axis_mut", "slice_mut"];
/// Their read-only twins.
const WINDOW_READS: &[&str] = &["row", "column", "index_axis", "slice"];
const SHAPE_READS: &[&str] = &[
    "len", "is_empty", "shape", "dim", "raw_dim", "nrows", "ncols", "len_of", "ndim",
];
/// Methods of std and ndarray collections that take `&mut self`; any other `*_mut`
/// method counts too.
const MUTATING: &[&str] = &[
    "push",
    "pop",
    "insert",
    "remove",
    "clear",
    "extend",
    "extend_from_slice",
    "truncate",
    "resize",
    "fill",
    "fill_with",
    "swap",
    "swap_remove",
    "sort",
    "sort_by",
    "sort_by_key",
    "sort_unstable",
    "sort_unstable_by",
    "sort_unstable_by_key",
    "reverse",
    "drain",
    "retain",
    "dedup",
    "append",
    "assign",
    "map_inplace",
    "mapv_inplace",
    "copy_from_slice",
    "clone_from_slice",
    "push_str",
    "entry",
    "take",
    "replace",
    "split_off",
    "rotate_left",
    "rotate_right",
];

/// Methods that take `&self` on any type that has them.
const READS_OF_ANY: &[&str] = &[
    "clone",
    "to_owned",
    "to_string",
    "as_ref",
    "borrow",
    "len",
    "is_empty",
    "iter",
    "get",
    "contains",
    "eq",
    "ne",
    "partial_cmp",
    "cmp",
    "hash",
    "fmt",
];

fn is_mutating(method: &str) -> bool {
    MUTATING.contains(&method) || (method.ends_with("_mut") && !WINDOW_WRITES.contains(&method))
}

impl Walker {
    /// Records what `m` does to a captured receiver (or to an element of one) and visits
    /// its arguments.
    pub(super) fn method_call(&mut self, m: &ExprMethodCall) {
        let method = m.method.to_string();
        // `Zip::from(&mut y).and(..).for_each(|a, ..| *a += ..)`.
        if method == "for_each"
            && let Some(producers) = super::zip::zip_chain(&m.receiver)
            && let [Expr::Closure(c)] = m.args.iter().collect::<Vec<_>>()[..]
            && c.inputs.len() == producers.len()
        {
            let pairs: Vec<(&syn::Pat, &Expr)> = c.inputs.iter().zip(producers).collect();
            self.zip_producers(&pairs, Some(&c.body));
            self.visit_expr(&m.args[0]);
            return;
        }
        let mutating = is_mutating(&method);
        if let Some(root) = self.root_of(&m.receiver) {
            if !self.method_on_root(root, m, &method, mutating) {
                for a in &m.args {
                    self.visit_expr(a);
                }
            }
            return;
        }
        // `a[i].push(x)`: a mutation of the indexed element only.
        if self.index_access(&m.receiver, mutating, false, None) {
            for a in &m.args {
                self.visit_expr(a);
            }
            return;
        }
        visit::visit_expr_method_call(self, m);
    }

    /// Records the event of `root.method(..)`; true when it visited the arguments itself.
    fn method_on_root(
        &mut self,
        root: Root,
        m: &ExprMethodCall,
        method: &str,
        mutating: bool,
    ) -> bool {
        let at = m.to_token_stream();
        let in_closure = self.in_closure();
        let element_method = !matches!(root, Root::Deref(_));
        // `a.get(k)` reads the element it names, like `a[k]`.
        if method == "get" && m.args.len() == 1 && element_method {
            let axes = self.index_axes(&m.args[0]);
            let event = Event::Index {
                write: false,
                compound: false,
                op: None,
                axes,
                at,
                in_closure,
            };
            self.event(root, event);
            return false;
        }
        // `a.swap(j, k)` writes the two elements it names, like `a[j]` and `a[k]`.
        if method == "swap" && m.args.len() == 2 && element_method {
            for arg in &m.args {
                let axes = self.index_axes(arg);
                let event = Event::Index {
                    write: true,
                    compound: false,
                    op: None,
                    axes,
                    at: at.clone(),
                    in_closure,
                };
                self.event(root.clone(), event);
                self.visit_expr(arg);
            }
            return true;
        }
        let windowed = WINDOW_WRITES.contains(&method) || WINDOW_READS.contains(&method);
        if windowed && !m.args.is_empty() {
            let write = WINDOW_WRITES.contains(&method);
            match self.window_axes(m, method) {
                Some(axes) => self.event(
                    root,
                    Event::Index {
                        write,
                        compound: false,
                        op: None,
                        axes,
                        at,
                        in_closure,
                    },
                ),
                None if write => self.event(
                    root,
                    Event::MutCall {
                        at,
                        method: method.to_string(),
                        how: MutHow::Known,
                    },
                ),
                None => self.event(root, Event::Whole { at }),
            }
        } else if SHAPE_READS.contains(&method) {
            self.event(root, Event::Meta);
        } else if mutating {
            self.event(
                root,
                Event::MutCall {
                    at,
                    method: method.to_string(),
                    how: MutHow::Known,
                },
            );
        } else if let Some(how) = self
            .unknown_receiver(&root)
            .filter(|_| !READS_OF_ANY.contains(&method))
        {
            // `rng.next_f64()` on `rng: &mut Lcg`, or on `let mut rng = Lcg(7)` before the
            // loop: the method may take `&mut self`.
            self.event(
                root,
                Event::MutCall {
                    at,
                    method: method.to_string(),
                    how,
                },
            );
        } else {
            self.event(root, Event::Whole { at });
        }
        false
    }

    /// How a method of `root`, a value of a type parfor does not know, may mutate it:
    /// behind a `&mut` parameter, or a `let mut` value declared before the loop.
    fn unknown_receiver(&self, root: &Root) -> Option<MutHow> {
        if self.behind_mut_ref(root) == Some(Pointee::Other) {
            return Some(MutHow::UserMethod);
        }
        matches!(root, Root::Var(v) if self.mut_values.contains(v)).then_some(MutHow::LocalMethod)
    }

    /// The axes a window method selects: `row(i)` is `[i, ..]`, `column(j)` is
    /// `[.., j]`, `index_axis(Axis(k), i)` is `i` on axis `k`, `slice(s![..])` its
    /// elements.
    fn window_axes(&mut self, m: &ExprMethodCall, method: &str) -> Option<Vec<AxisIdx>> {
        match method {
            "row_mut" | "row" => Some(vec![self.axis(&m.args[0]), AxisIdx::All]),
            "column_mut" | "column" => Some(vec![AxisIdx::All, self.axis(&m.args[0])]),
            "index_axis_mut" | "index_axis" if m.args.len() == 2 => {
                let k = axis_literal(&m.args[0])?;
                let mut axes = vec![AxisIdx::All; k];
                axes.push(self.axis(&m.args[1]));
                Some(axes)
            }
            "slice_mut" | "slice" => {
                let Expr::Macro(mac) = &m.args[0] else {
                    return None;
                };
                let elems = parse_slice_elems(mac.mac.tokens.clone())?;
                Some(
                    elems
                        .iter()
                        .filter(|e| !is_new_axis(e))
                        .map(|e| self.axis(e))
                        .collect(),
                )
            }
            _ => None,
        }
    }
}

/// `Axis(k)` with a literal `k`.
fn axis_literal(e: &Expr) -> Option<usize> {
    let Expr::Call(c) = e else { return None };
    let Expr::Path(p) = &*c.func else { return None };
    if p.path.segments.last()?.ident != "Axis" || c.args.len() != 1 {
        return None;
    }
    match &c.args[0] {
        Expr::Lit(syn::ExprLit {
            lit: Lit::Int(i), ..
        }) => i.base10_parse().ok(),
        _ => None,
    }
}

fn is_new_axis(e: &Expr) -> bool {
    matches!(e, Expr::Path(p) if p.path.segments.last().is_some_and(|s| s.ident == "NewAxis"))
}
