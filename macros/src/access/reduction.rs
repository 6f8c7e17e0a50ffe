//! Reduction updates of a captured scalar: `s op= e`, and the long forms
//! `s = s + e`, `s = s.max(e)`, `s = f64::min(s, e)`, `s = max(s, e)`.

use syn::{BinOp, Expr};

use super::Walker;
use crate::model::{Op, Root};

/// The operator of a compound assignment: `Some(Some(op))` for a reduction operator,
/// `Some(None)` for one that is not (`/=`, `%=`, `<<=`, `>>=`), `None` for no compound
/// assignment.
pub(super) fn compound_op(op: &BinOp) -> Option<Option<Op>> {
    Some(match op {
        BinOp::AddAssign(_) => Some(Op::Add),
        BinOp::SubAssign(_) => Some(Op::Sub),
        BinOp::MulAssign(_) => Some(Op::Mul),
        BinOp::BitAndAssign(_) => Some(Op::And),
        BinOp::BitOrAssign(_) => Some(Op::Or),
        BinOp::BitXorAssign(_) => Some(Op::Xor),
        BinOp::DivAssign(_) => Some(Op::Div),
        BinOp::RemAssign(_) | BinOp::ShlAssign(_) | BinOp::ShrAssign(_) => None,
        _ => return None,
    })
}

impl Walker {
    /// For `name = rhs`, the reduction operator and the other operand when `rhs`
    /// combines `name` with it.
    pub(super) fn reduction_update<'e>(
        &self,
        name: &Root,
        rhs: &'e Expr,
    ) -> Option<(Op, &'e Expr)> {
        update_of(&|e: &Expr| self.root_of(e).as_ref() == Some(name), rhs)
    }
}

/// For `place = rhs`, the reduction operator and the other operand when `rhs` combines
/// the place (`is_place`) with it: `place.max(e)`, `f64::min(e, place)`, `place + e`.
pub(super) fn update_of<'e>(
    is_place: &dyn Fn(&Expr) -> bool,
    rhs: &'e Expr,
) -> Option<(Op, &'e Expr)> {
    let op_of = |m: &syn::Ident| {
        if m == "max" {
            Some(Op::Max)
        } else if m == "min" {
            Some(Op::Min)
        } else {
            None
        }
    };
    match rhs {
        Expr::MethodCall(m) if m.args.len() == 1 => {
            let op = op_of(&m.method)?;
            if is_place(&m.receiver) {
                Some((op, &m.args[0]))
            } else if is_place(&m.args[0]) {
                // `s = e.max(s)`: max and min commute.
                Some((op, &*m.receiver))
            } else {
                None
            }
        }
        Expr::Call(c) if c.args.len() == 2 => {
            let Expr::Path(f) = &*c.func else { return None };
            let op = op_of(&f.path.segments.last()?.ident)?;
            if is_place(&c.args[0]) {
                Some((op, &c.args[1]))
            } else if is_place(&c.args[1]) {
                Some((op, &c.args[0]))
            } else {
                None
            }
        }
        // `s = s + e`, `s = e * s`...: the long form of a compound assignment.
        Expr::Binary(b) => {
            let (op, commutes) = match b.op {
                BinOp::Add(_) => (Op::Add, true),
                BinOp::Sub(_) => (Op::Sub, false),
                BinOp::Mul(_) => (Op::Mul, true),
                BinOp::Div(_) => (Op::Div, false),
                BinOp::BitAnd(_) => (Op::And, true),
                BinOp::BitOr(_) => (Op::Or, true),
                BinOp::BitXor(_) => (Op::Xor, true),
                _ => return None,
            };
            if is_place(&b.left) {
                Some((op, &b.right))
            } else if commutes && is_place(&b.right) {
                Some((op, &b.left))
            } else {
                None
            }
        }
        Expr::Paren(p) => update_of(is_place, &p.expr),
        _ => None,
    }
}
