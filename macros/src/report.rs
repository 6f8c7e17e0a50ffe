//! The `report` option: what the macro did with each loop, in words, like Numba's
//! `parallel_diagnostics`.

use quote::ToTokens;

use crate::model::Op;
use crate::plan::{Checked, Plan, Triangle};
use crate::site::Site;

/// One paragraph describing the plan of one loop.
pub(crate) fn describe(site: &Site<'_>, plan: &Plan) -> String {
    let header = site.for_loop.expr.to_token_stream().to_string();
    let mut lines = vec![format!("loop `for .. in {header}`: parallel")];
    for s in &plan.splits {
        if let Some(checked) = &s.checked {
            let what = match checked {
                Checked::Line { axis, .. } => format!(
                    "on one line along axis {axis}: iteration i writes its element of it, the other lines are read-only"
                ),
                Checked::Triangle(t) => {
                    let by = if *t == Triangle::Min {
                        "lesser"
                    } else {
                        "greater"
                    };
                    format!(
                        "by triangles: element [r, c] belongs to the iteration its {by} index names"
                    )
                }
                Checked::Residue { stride, offset } => format!(
                    "by residue: iteration i writes index {stride} * i + {offset}, the other residues are read-only"
                ),
                Checked::Tile(t) => format!(
                    "by tiles: iteration w owns the tile at w / k along axis {} and w % k along axis {}",
                    t.div_axis,
                    1 - t.div_axis
                ),
            };
            lines.push(format!("  split    `{}` {what}", s.root));
            continue;
        }
        let rest = if s.frame.is_some() {
            "; the indices no iteration writes are read-only"
        } else {
            ""
        };
        let windows = match s.parts.len() {
            1 => "one window per chunk".to_string(),
            k => format!("in {k} disjoint parts, one window per chunk in each"),
        };
        lines.push(format!(
            "  split    `{}` along axis {} ({windows}{rest})",
            s.root, s.axis
        ));
    }
    for r in &plan.reductions {
        let op = match r.op {
            Op::Max | Op::Min => format!("`{0} = {0}.{1}(..)`", r.name, r.op.symbol()),
            op => format!("`{} {} ..`", r.name, op.symbol()),
        };
        lines.push(format!(
            "  reduce   `{}` with {op} (private partials, combined in chunk order)",
            r.name
        ));
    }
    for a in &plan.array_reductions {
        lines.push(format!(
            "  reduced  `{}` (array, {}): a private copy per leaf, combined in leaf order",
            a.root,
            a.op.symbol().trim_end_matches('=')
        ));
    }
    if !plan.shared.is_empty() {
        let names: Vec<String> = plan.shared.iter().map(|s| format!("`{s}`")).collect();
        lines.push(format!("  shared   {} (read only)", names.join(", ")));
    }
    lines.join("\n")
}

/// Prints the reports of a function's loops on the compiler's standard error.
pub(crate) fn print(func: &syn::Ident, reports: &[String]) {
    if reports.is_empty() {
        eprintln!("parfor report for `{func}`: no prange loop");
    }
    for text in reports {
        eprintln!("parfor report for `{func}`: {text}");
    }
}
