//! The `report` option: what the macro did with each loop, in words, like Numba's
//! `parallel_diagnostics`.

use proc_macro2::Span;
use syn::ExprForLoop;

use crate::access::Op;
use crate::check::LoopPlan;

impl LoopPlan {
    /// One paragraph describing the loop's plan.
    pub(crate) fn describe(&self, f: &ExprForLoop) -> String {
        let header = quote::ToTokens::to_token_stream(&f.expr).to_string();
        let mut lines = vec![format!("loop `for .. in {header}`: parallel")];
        for s in &self.splits {
            lines.push(format!(
                "  split    `{}` along axis {} (one window per chunk)",
                s.root.display(),
                s.axis
            ));
        }
        for r in &self.reductions {
            let op = match r.op {
                Op::Max | Op::Min => format!("`{0} = {0}.{1}(..)`", r.name, r.op.symbol()),
                op => format!("`{} {} ..`", r.name, op.symbol()),
            };
            lines.push(format!(
                "  reduce   `{}` with {op} (private partials, combined in chunk order)",
                r.name
            ));
        }
        let shared: Vec<&String> = self.shared.iter().collect();
        if !shared.is_empty() {
            let names: Vec<String> = shared.iter().map(|s| format!("`{s}`")).collect();
            lines.push(format!("  shared   {} (read only)", names.join(", ")));
        }
        lines.join("\n")
    }

    /// Roots split by the plan, for tests.
    #[cfg(test)]
    pub(crate) fn split_axes(&self) -> Vec<(String, usize)> {
        self.splits
            .iter()
            .map(|s| (s.root.display(), s.axis))
            .collect()
    }

    /// Reductions of the plan, for tests.
    #[cfg(test)]
    pub(crate) fn reduced(&self) -> Vec<(String, Op)> {
        self.reductions
            .iter()
            .map(|r| (r.name.clone(), r.op))
            .collect()
    }
}

/// Prints the reports of a function's loops on the compiler's standard error.
pub(crate) fn print(func: &syn::Ident, reports: &[(Span, String)]) {
    if reports.is_empty() {
        eprintln!("parfor report for `{func}`: no prange loop");
    }
    for (_, text) in reports {
        eprintln!("parfor report for `{func}`: {text}");
    }
}
