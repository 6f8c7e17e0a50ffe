//! Unit tests of the analysis (`access` then `check`) on loop bodies, without
//! compiling programs: which class each captured variable gets, and which errors.

use syn::Error;

use crate::ctxt::Ctxt;
use crate::entry::analyse;
use crate::model::Op;
use crate::plan::Plan;
use crate::site;

/// The plan of the first prange loop in `body`.
fn plan_of(body: syn::Block) -> Result<Plan, Error> {
    let sites = site::find(&body);
    let site = sites.first().expect("test body has a prange loop");
    let cx = Ctxt::new();
    let plan = analyse(&cx, site, &Default::default(), &[]);
    cx.check()?;
    Ok(plan.expect("a plan when no error was reported"))
}

fn ok(body: syn::Block) -> Plan {
    plan_of(body).unwrap_or_else(|e| panic!("rejected: {e}"))
}

fn err(body: syn::Block) -> String {
    match plan_of(body) {
        Ok(p) => panic!("accepted: {p:?}"),
        Err(e) => e
            .into_iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n"),
    }
}

impl Plan {
    /// Split roots and their axes.
    fn split_axes(&self) -> Vec<(String, usize)> {
        self.splits
            .iter()
            .map(|s| (s.root.to_string(), s.axis))
            .collect()
    }

    /// Reduced variables and their operators.
    fn reduced(&self) -> Vec<(String, Op)> {
        self.reductions
            .iter()
            .map(|r| (r.name.to_string(), r.op))
            .collect()
    }

    /// Shared roots.
    fn shared_names(&self) -> Vec<String> {
        self.shared.iter().map(ToString::to_string).collect()
    }
}

#[test]
fn unit_writes_split_axis_zero() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            out[i] = x[i] * 2.0;
        }
    }));
    assert_eq!(p.split_axes(), [("out".into(), 0)]);
    assert_eq!(p.shared_names(), ["x"]);
    assert!(p.reductions.is_empty());
}

#[test]
fn the_pinned_axis_is_split() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            for j in 0..m {
                out[[j, i]] = a[[j, i]];
            }
        }
    }));
    assert_eq!(p.split_axes(), [("out".into(), 1)]);
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            t.index_axis_mut(Axis(2), i).fill(0.0);
        }
    }));
    assert_eq!(p.split_axes(), [("t".into(), 2)]);
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            t.slice_mut(s![.., i, ..]).fill(1.0);
        }
    }));
    assert_eq!(p.split_axes(), [("t".into(), 1)]);
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            t.column_mut(i).fill(1.0);
            o.row_mut(i).fill(2.0);
        }
    }));
    assert_eq!(p.split_axes(), [("o".into(), 0), ("t".into(), 1)]);
}

#[test]
fn strided_and_windowed_writes_are_disjoint() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            out[2 * i] = 1.0;
            out[2 * i + 1] = 2.0;
        }
    }));
    assert_eq!(p.split_axes(), [("out".into(), 0)]);
    let p = ok(syn::parse_quote!({
        for b in prange((0..n).step_by(bs)) {
            for x in b..b + bs {
                for y in 0..m {
                    tmp[[x, y]] = src[[x, y]];
                }
            }
        }
    }));
    assert_eq!(p.split_axes(), [("tmp".into(), 0)]);
    let p = ok(syn::parse_quote!({
        for w in prange(n / bs) {
            for x in w * bs..(w + 1) * bs {
                let v = src[[x, 0]];
                tmp[[x, 0]] = v;
            }
        }
    }));
    assert_eq!(p.split_axes(), [("tmp".into(), 0)]);
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            let j = i + 1;
            out[j] = out[j] + 1.0;
        }
    }));
    assert_eq!(p.split_axes(), [("out".into(), 0)]);
}

#[test]
fn reductions_are_recognised() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            s += x[i];
            p *= x[i];
            m = m.max(x[i]);
            lo = f64::min(lo, x[i]);
            bits ^= k[i];
            c -= 1;
            q = q + x[i];
            r = 2 * r;
        }
    }));
    let mut r = p.reduced();
    r.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(
        r,
        [
            ("bits".into(), Op::Xor),
            ("c".into(), Op::Sub),
            ("lo".into(), Op::Min),
            ("m".into(), Op::Max),
            ("p".into(), Op::Mul),
            ("q".into(), Op::Add),
            ("r".into(), Op::Mul),
            ("s".into(), Op::Add),
        ]
    );
}

#[test]
fn body_locals_and_shadowing_are_private() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            let mut tmp = 0.0;
            tmp += x[i];
            let out = vec![tmp];
            let s = out[0];
            y[i] = s;
        }
    }));
    assert_eq!(p.split_axes(), [("y".into(), 0)]);
    assert!(p.reductions.is_empty());
}

#[test]
fn races_are_rejected() {
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                out[0] = x[i];
            }
        }))
        .contains("does not depend on the loop variable")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                out[i / 2] = x[i];
            }
        }))
        .contains("not a constant multiple of the loop variable")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                out[idx[i]] = 1.0;
            }
        }))
        .contains("not a constant multiple of the loop variable")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                a[i] = a[i - 1] + 1.0;
            }
        }))
        .contains("loop-carried")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                last = i;
            }
        }))
        .contains("assigns the captured variable")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                v.push(i);
            }
        }))
        .contains("mutates `v`")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                a[i] = a.sum();
            }
        }))
        .contains("reads all of `a`")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                s += x[i];
                y[i] = s;
            }
        }))
        .contains("reduction variable")
    );
    assert!(
        err(syn::parse_quote!({
            for i in prange(n) {
                if x[i] > 0.0 {
                    break;
                }
            }
        }))
        .contains("break")
    );
    assert!(err(syn::parse_quote!({ for (i, j) in prange(n) {} })).contains("plain name"));
}

#[test]
fn every_error_of_a_loop_is_reported() {
    let all = err(syn::parse_quote!({
        for i in prange(n) {
            a = 1;
            b.push(2);
            return;
        }
    }));
    assert_eq!(
        all.lines().filter(|l| l.starts_with("parfor:")).count(),
        3,
        "{all}"
    );
    let carried = err(syn::parse_quote!({
        for i in prange(n) {
            a[i] = a[i - 1] + 1.0;
        }
    }));
    assert!(
        carried.contains("reads an element of `a`")
            && carried.contains("parfor: note: the conflicting write"),
        "{carried}"
    );
}

#[test]
fn inner_loops_and_closures_do_not_escape() {
    ok(syn::parse_quote!({
        for i in prange(n) {
            for j in 0..m {
                if j > i {
                    break;
                }
            }
            let f = |x: f64| {
                return x * 2.0;
            };
            out[i] = f(x[i]);
        }
    }));
}

/// Issue 15 #13: the overlap check compares access kinds, not all pairs of accesses, so
/// a body with 10000 accesses to one written array is analysed in one pass (it took
/// minutes when every pair was compared).
#[test]
fn ten_thousand_accesses_of_a_few_kinds_are_analysed() {
    let lines: String = (0..5000)
        .map(|k| format!("out[2 * i] += x[i] * {k}.0; out[2 * i + 1] -= x[i];\n"))
        .collect();
    let body: syn::Block =
        syn::parse_str(&format!("{{ for i in prange(n) {{ {lines} }} }}")).unwrap();
    let p = ok(body);
    assert_eq!(p.split_axes(), [("out".into(), 0)]);
    assert_eq!(p.shared_names(), ["x"]);
}

impl Plan {
    /// Arrays reduced into, their operators and whether as a whole.
    fn reduced_arrays(&self) -> Vec<(String, Op, bool)> {
        self.array_reductions
            .iter()
            .map(|a| (a.root.to_string(), a.op, a.whole))
            .collect()
    }
}

#[test]
fn shared_updates_of_elements_reduce_the_array() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            let b = (x[i] * 8.0) as usize;
            hist[b] += 1;
            labels[i] = b;
            sums[[b, 0]] -= x[i];
            sums[[b, 1]] += x[i];
            hi[b] = hi[b].max(x[i]);
            lo[b] = f64::min(x[i], lo[b]);
            prod[b] = prod[b] * x[i];
        }
    }));
    assert_eq!(
        p.reduced_arrays(),
        [
            ("hi".into(), Op::Max, false),
            ("hist".into(), Op::Add, false),
            ("lo".into(), Op::Min, false),
            ("prod".into(), Op::Mul, false),
            ("sums".into(), Op::Add, false),
        ]
    );
    assert_eq!(p.split_axes(), [("labels".to_string(), 0)]);
}

#[test]
fn pinned_updates_split_and_whole_updates_reduce() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            out[i] += x[i];
            y += &x.row(i);
            *z -= &x.row(i);
            s /= x[i];
            t *= x[i];
            t /= x[i];
        }
    }));
    assert_eq!(p.split_axes(), [("out".to_string(), 0)]);
    assert_eq!(
        p.reduced_arrays(),
        [("y".into(), Op::Add, true), ("*z".into(), Op::Sub, true)]
    );
    assert_eq!(p.reduced(), [("s".into(), Op::Div), ("t".into(), Op::Div)]);
}

#[test]
fn a_reduced_array_used_otherwise_is_refused() {
    let e = err(syn::parse_quote!({
        for i in prange(n) {
            hist[k[i]] += 1;
            if hist[k[i]] > 3 {
                m += 1;
            }
        }
    }));
    assert!(e.contains("cannot be reduced as an array"), "{e}");
    assert!(e.contains("also used here"), "{e}");
    let e = err(syn::parse_quote!({
        for i in prange(n) {
            y += &x.row(i);
            let first = y[0];
        }
    }));
    assert!(e.contains("reduction"), "{e}");
}

#[test]
fn zip_updates_of_a_whole_array_reduce_it() {
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            Zip::from(&mut y).and(&x.row(i)).for_each(|a, &b| *a += b);
            azip!((index j, c in &mut *z, &b in &x.row(i)) *c *= b + j as f64);
            azip!((o in &mut out.row_mut(i), &b in &x.row(i)) *o = b);
        }
    }));
    assert_eq!(
        p.reduced_arrays(),
        [("y".into(), Op::Add, true), ("*z".into(), Op::Mul, true)]
    );
    assert_eq!(p.split_axes(), [("out".to_string(), 0)]);
    // An element also read is no update: the shared `&mut` is refused.
    let e = err(syn::parse_quote!({
        for i in prange(n) {
            Zip::from(&mut y)
                .and(&x.row(i))
                .for_each(|a, &b| *a = *a * 0.5 + b);
        }
    }));
    assert!(e.contains("mutable access to the same `y`"), "{e}");
}

#[test]
fn parts_the_bounds_keep_apart_are_split_in_parts() {
    let parts = |p: &Plan| p.splits.iter().map(|s| s.parts.len()).collect::<Vec<_>>();
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            out[i] = x[i];
            out[n + i] = y[i];
        }
    }));
    assert_eq!(parts(&p), [2]);
    // The mirror over the first half: `n - 1 - i` stays above `n / 2 - 1`.
    let p = ok(syn::parse_quote!({
        for i in prange(n / 2) {
            x.swap(i, n - 1 - i);
        }
    }));
    assert_eq!(parts(&p), [2]);
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            a[2 * n + i] += a[n + i];
            a[i] = 0.0;
        }
    }));
    assert_eq!(parts(&p), [3]);
    // One element shared, a mirror one iteration too long, a divisor that proves
    // nothing about halves: refused.
    err(syn::parse_quote!({
        for i in prange(n) {
            out[i] = x[i];
            out[n - 1 + i] = y[i];
        }
    }));
    err(syn::parse_quote!({
        for i in prange(n / 2 + 1) {
            x.swap(i, n - 1 - i);
        }
    }));
    err(syn::parse_quote!({
        for i in prange(n / 1 + 1) {
            x.swap(i, n - 1 - i);
        }
    }));
    // Parts serve elements only: a row of a written half is refused as before.
    err(syn::parse_quote!({
        for i in prange(n) {
            out[i] = 1.0;
            out.slice_mut(s![n + i..n + i + 1]).fill(2.0);
        }
    }));
}

#[test]
fn block_loops_split_at_their_quotients() {
    let p = ok(syn::parse_quote!({
        for b in prange(nb) {
            for i in b * n / nb..((b + 1) * n / nb).min(n) {
                out[i] = x[i];
            }
        }
    }));
    assert_eq!(p.split_axes(), [("out".into(), 0)]);
    assert!(p.splits[0].parts[0].block.is_some());
    let p = ok(syn::parse_quote!({
        for b in prange(nb) {
            let lo = b * n / nb;
            let hi = (b + 1) * n / nb;
            for i in lo..hi {
                for j in 0..m {
                    out[[i, j]] += 1.0;
                }
            }
        }
    }));
    assert_eq!(p.split_axes(), [("out".into(), 0)]);
    // Different divisors, an end one block too far, a quotient that is a point.
    err(syn::parse_quote!({
        for b in prange(nb) {
            for i in b * n / nb..(b + 1) * n / m {
                out[i] = 0.0;
            }
        }
    }));
    err(syn::parse_quote!({
        for b in prange(nb) {
            for i in b * n / nb..(b + 2) * n / nb {
                out[i] = 0.0;
            }
        }
    }));
    err(syn::parse_quote!({
        for b in prange(nb) {
            out[b * n / nb] = 0.0;
        }
    }));
}

#[test]
fn triangles_are_split_by_owner() {
    use crate::plan::{Checked, Triangle};
    let tri = |p: &Plan| {
        p.splits
            .iter()
            .map(|s| match &s.checked {
                Some(Checked::Triangle(t)) => Some(*t),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // `j` from `i` (or above): the lesser index owns.
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            for j in i + 1..n {
                let v = x[[i, j]];
                d[[i, j]] = v;
                d[[j, i]] = v;
            }
            d[[i, i]] = 0.0;
        }
    }));
    assert_eq!(tri(&p), [Some(Triangle::Min)]);
    // `j` up to `i` (inclusive or not), through a shifted index and `swap`.
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            for j in 0..i {
                a[[i, j + 1]] = a[[j, i]];
            }
            for j in (0..=i).rev() {
                a.swap([i, j], [j, i]);
            }
        }
    }));
    assert_eq!(tri(&p), [Some(Triangle::Max)]);
    // Through a second inner loop: `k >= j >= i`, and `k < j <= i`.
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            for j in i..n {
                for k in j..n {
                    a[[k, i]] += a[[i, k]];
                }
            }
        }
    }));
    assert_eq!(tri(&p), [Some(Triangle::Min)]);
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            for j in 0..=i {
                for k in 0..j {
                    a[[k, i]] = a[[i, k]];
                }
            }
        }
    }));
    assert_eq!(tri(&p), [Some(Triangle::Max)]);
    // Compound updates of a triangle stay a split, not an array reduction.
    let p = ok(syn::parse_quote!({
        for i in prange(n) {
            for j in i..n {
                c[[i, j]] += 1.0;
                c[[j, i]] += 1.0;
            }
        }
    }));
    assert_eq!(tri(&p), [Some(Triangle::Min)]);
    assert!(p.array_reductions.is_empty());
    // Near misses: both sides, mixed owners, one past the diagonal, a diagonal
    // element of another iteration, an offset row.
    for body in [
        syn::parse_quote!({
            for i in prange(n) {
                for j in 0..n {
                    a[[i, j]] = 1.0;
                    a[[j, i]] = 1.0;
                }
            }
        }),
        syn::parse_quote!({
            for i in prange(n) {
                for j in i..n {
                    a[[i, j]] = 1.0;
                }
                for j in 0..i {
                    a[[j, i]] = 1.0;
                }
            }
        }),
        syn::parse_quote!({
            for i in prange(n) {
                for j in 0..i + 2 {
                    a[[i, j]] = a[[j, i]];
                }
            }
        }),
        syn::parse_quote!({
            for i in prange(n) {
                for j in i..n {
                    a[[i, j]] = a[[j, j]];
                }
            }
        }),
        syn::parse_quote!({
            for i in prange(n) {
                for j in i..n {
                    a[[i + 1, j]] = 1.0;
                    a[[j, i]] = 1.0;
                }
            }
        }),
        syn::parse_quote!({
            for i in prange(n) {
                for j in i..n {
                    a[[i, j]] = 1.0;
                    a[[j, i]] = 1.0;
                    a.row_mut(i).fill(0.0);
                }
            }
        }),
    ] {
        let e = err(body);
        assert!(e.contains("parfor:"), "{e}");
    }
}

#[test]
fn residue_classes_are_split_by_residue() {
    use crate::plan::Checked;
    let residue = |p: &Plan| {
        p.splits
            .iter()
            .map(|s| s.checked.clone())
            .collect::<Vec<_>>()
    };
    // Red-black: the even points from the odd ones, then the odd from the even.
    let p = ok(syn::parse_quote!({
        for k in prange(1..half) {
            let i = 2 * k;
            u[i] = 0.5 * (u[i - 1] + u[i + 1] - h2 * f[i]);
        }
    }));
    assert_eq!(
        residue(&p),
        [Some(Checked::Residue {
            stride: 2,
            offset: 0
        })]
    );
    let p = ok(syn::parse_quote!({
        for k in prange(n) {
            u[3 * k + 1] += u[3 * k] + u.get(3 * k + 5).copied().unwrap_or(0.0) + u[2];
        }
    }));
    assert_eq!(
        residue(&p),
        [Some(Checked::Residue {
            stride: 3,
            offset: 1
        })]
    );
    // Near misses: a read of the written class two iterations on, two write offsets,
    // a constant index in the written class, a stride of a variable.
    for body in [
        syn::parse_quote!({
            for k in prange(n) {
                u[2 * k] = u[2 * k + 2];
            }
        }),
        syn::parse_quote!({
            for k in prange(n) {
                u[2 * k] = u[2 * k + 1];
                u[2 * k + 2] = 0.0;
            }
        }),
        syn::parse_quote!({
            for k in prange(n) {
                u[2 * k] = u[2 * k + 1] + u[0];
            }
        }),
        syn::parse_quote!({
            for k in prange(n) {
                u[s * k] = u[s * k + 1];
            }
        }),
    ] {
        let e = err(body);
        assert!(e.contains("parfor:"), "{e}");
    }
}

#[test]
fn one_written_line_is_split_along_it() {
    use crate::plan::Checked;
    let line_axis = |p: &Plan| {
        p.splits
            .iter()
            .map(|s| match &s.checked {
                Some(Checked::Line { axis, .. }) => Some(*axis),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // Row `i` of a prange over columns, from row `i - 1` (i from an outer loop).
    let p = ok(syn::parse_quote!({
        for j in prange(1..m - 1) {
            b[[i, j]] = b[[i - 1, j - 1]] + b[[i - 1, j]] + b[[i - 1, j + 1]] + b[[i, j]];
        }
    }));
    assert_eq!(line_axis(&p), [Some(0)]);
    // Column `k` from columns `k + 1` and `k + 2`.
    let p = ok(syn::parse_quote!({
        for r in prange(n) {
            a[[r + 1, k]] = a.get([r, k + 2]).copied().unwrap_or(0.0) * a[[r + 7, k + 1]];
        }
    }));
    assert_eq!(line_axis(&p), [Some(1)]);
    // Near misses: a read of the written row at a neighbour's column, a row that may
    // be the written one, two written rows.
    for body in [
        syn::parse_quote!({
            for j in prange(1..m) {
                b[[i, j]] = b[[i - 1, j]] + b[[i, j - 1]];
            }
        }),
        syn::parse_quote!({
            for j in prange(m) {
                b[[i, j]] = b[[k, j + 1]];
            }
        }),
        syn::parse_quote!({
            for j in prange(m) {
                b[[i, j]] = b[[i - 1, j + 1]];
                b[[i + 1, j]] = 0.0;
            }
        }),
    ] {
        let e = err(body);
        assert!(e.contains("parfor:"), "{e}");
    }
}

#[test]
fn tiles_are_split_by_owner() {
    use crate::plan::Checked;
    let tiles = |p: &Plan| {
        p.splits
            .iter()
            .map(|s| match &s.checked {
                Some(Checked::Tile(t)) => Some(t.div_axis),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    // The seed's window copy: rows of tiles by `w / nby`, columns by `w % nby`.
    let p = ok(syn::parse_quote!({
        for w in prange(nbx * nby) {
            let (wx, wy) = (w / nby * bs, w % nby * bs);
            for x in wx..wx + bs {
                for y in wy..(wy + bs).min(m) {
                    tmp[[x, y]] = xs[[x, y]];
                }
            }
        }
    }));
    assert_eq!(tiles(&p), [Some(0)]);
    // Numbered column by column, bounds as `(b + 1) * bs`, reads of the own tile.
    let p = ok(syn::parse_quote!({
        for w in prange(nbx * nby) {
            let bx = w % nbx;
            let by = w / nbx;
            for y in by * bs..(by + 1) * bs {
                for x in bx * bs + 1..bx * bs + bs {
                    a[[x, y]] += a[[bx * bs, y]];
                }
            }
        }
    }));
    assert_eq!(tiles(&p), [Some(1)]);
    assert!(p.array_reductions.is_empty());
    // Near misses: a tile one too long, both coordinates by `/`, two counts, a
    // neighbour's column, an index outside the tiles, tiles of two sizes.
    for body in [
        syn::parse_quote!({
            for w in prange(n) {
                let (wx, wy) = (w / k * bs, w % k * bs);
                for x in wx..wx + bs + 1 {
                    for y in wy..wy + bs {
                        a[[x, y]] = 1.0;
                    }
                }
            }
        }),
        syn::parse_quote!({
            for w in prange(n) {
                let (wx, wy) = (w / k * bs, w / k * bs);
                for x in wx..wx + bs {
                    for y in wy..wy + bs {
                        a[[x, y]] = 1.0;
                    }
                }
            }
        }),
        syn::parse_quote!({
            for w in prange(n) {
                let (wx, wy) = (w / k * bs, w % j * bs);
                for x in wx..wx + bs {
                    for y in wy..wy + bs {
                        a[[x, y]] = 1.0;
                    }
                }
            }
        }),
        syn::parse_quote!({
            for w in prange(n) {
                let (wx, wy) = (w / k * bs, w % k * bs);
                for x in wx..wx + bs {
                    for y in wy..wy + bs {
                        a[[x, y]] = a[[x, y + 1]];
                    }
                }
            }
        }),
        syn::parse_quote!({
            for w in prange(n) {
                let (wx, wy) = (w / k * bs, w % k * bs);
                for x in wx..wx + bs {
                    for y in wy..wy + bs {
                        a[[x, y]] = 1.0;
                        a[[0, y]] = 2.0;
                    }
                }
            }
        }),
        syn::parse_quote!({
            for w in prange(n) {
                for x in w / k * bs..w / k * bs + bs {
                    for y in w % k * bs..w % k * bs + bs {
                        a[[x, y]] = 1.0;
                    }
                }
                for x in w / k * 2..w / k * 2 + 2 {
                    for y in w % k * 2..w % k * 2 + 2 {
                        a[[x, y]] = 1.0;
                    }
                }
            }
        }),
    ] {
        let e = err(body);
        assert!(e.contains("parfor:"), "{e}");
    }
}
