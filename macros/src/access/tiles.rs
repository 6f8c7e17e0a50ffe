//! Tiles: a loop over tiles numbered `w` in row-major order, whose iteration `w` works
//! on rows `w / nby * bs..` and columns `w % nby * bs..`, each `bs` long (the seed's
//! window-by-window fill flattened into one `prange`).
//!
//! The walk learns three things: a tile's origin along one axis (`w / k * size` or
//! `w % k * size`, bound by a `let` or written in place), an inner loop's variable
//! that stays inside one tile (`for x in wx..wx + bs`, `wx..(wx + bs).min(n)`,
//! `bx * bs..(bx + 1) * bs`), and such a variable used as an index.

use syn::{BinOp, Expr};

use super::Walker;
use crate::model::{Tile, TilePart};
use crate::poly::{Affine, Poly};

impl Walker {
    /// The tile origin `e` is: `w / k`, `w % k` (the loop variable `w` itself, `k`
    /// loop-invariant), times loop-invariant factors, or a local bound to one.
    pub(super) fn tile_origin(&mut self, e: &Expr) -> Option<Tile> {
        match e {
            Expr::Paren(p) => self.tile_origin(&p.expr),
            Expr::Group(g) => self.tile_origin(&g.expr),
            Expr::Path(p) if p.qself.is_none() => self.scopes.origin(p.path.get_ident()?).cloned(),
            Expr::Binary(b) => match b.op {
                BinOp::Div(_) | BinOp::Rem(_) => {
                    if self.affine(&b.left)? != Affine::loop_var() {
                        return None;
                    }
                    let k = self.invariant(&b.right)?;
                    let part = match b.op {
                        BinOp::Div(_) => TilePart::Div,
                        _ => TilePart::Mod,
                    };
                    let size = Poly::constant(1);
                    Some(Tile { part, k, size })
                }
                BinOp::Mul(_) => {
                    let (t, factor) = match self.tile_origin(&b.left) {
                        Some(t) => (t, self.invariant(&b.right)?),
                        None => (self.tile_origin(&b.right)?, self.invariant(&b.left)?),
                    };
                    // A tile of negative size would run backwards; zero is empty.
                    factor.non_negative().then(|| Tile {
                        size: t.size.mul(&factor),
                        ..t
                    })
                }
                _ => None,
            },
            _ => None,
        }
    }

    /// The tile an inner loop `for x in s..e` stays inside: `s` a tile's origin plus a
    /// non-negative offset and `e` that origin plus at most the tile's size (or less,
    /// through `.min(..)`).
    pub(super) fn tile_range(&mut self, s: &Expr, e: &Expr, inclusive: bool) -> Option<Tile> {
        if inclusive {
            return None;
        }
        let (tile, skip) = self.tile_end(s, 0)?;
        if !skip.non_negative() {
            return None;
        }
        let (end, len) = self.tile_end(e, 0)?;
        let fits = len == tile.size
            || matches!((len.as_constant(), tile.size.as_constant()), (Some(l), Some(s)) if l <= s);
        (end == tile && len.non_negative() && fits).then_some(tile)
    }

    /// `e` as a tile's origin plus a loop-invariant length: `o`, `o + len`, `len + o`,
    /// `(t + 1) * size` for `t` a tile coordinate of size 1, `(..).min(n)`, or a local
    /// defined by one (`let hi = (wx + bs).min(n)`).
    fn tile_end(&mut self, e: &Expr, depth: usize) -> Option<(Tile, Poly)> {
        if depth > 8 {
            return None;
        }
        if let Some(t) = self.tile_origin(e) {
            return Some((t, Poly::default()));
        }
        match e {
            Expr::Paren(p) => self.tile_end(&p.expr, depth + 1),
            Expr::Group(g) => self.tile_end(&g.expr, depth + 1),
            Expr::Path(p) if p.qself.is_none() => {
                let def = self.scopes.definition(p.path.get_ident()?)?.clone();
                self.tile_end(&def, depth + 1)
            }
            // Clamping the end only shortens the range.
            Expr::MethodCall(m) if m.method == "min" && m.args.len() == 1 => {
                self.tile_end(&m.receiver, depth + 1)
            }
            Expr::Binary(b) if matches!(b.op, BinOp::Add(_)) => match self.tile_origin(&b.left) {
                Some(t) => Some((t, self.invariant(&b.right)?)),
                None => Some((self.tile_origin(&b.right)?, self.invariant(&b.left)?)),
            },
            Expr::Binary(b) if matches!(b.op, BinOp::Mul(_)) => {
                let Expr::Binary(sum) = super::strip_parens(&b.left) else {
                    return None;
                };
                if !matches!(sum.op, BinOp::Add(_))
                    || self.invariant(&sum.right)? != Poly::constant(1)
                {
                    return None;
                }
                let t = self.tile_origin(&sum.left)?;
                let size = self.invariant(&b.right)?;
                (t.size == Poly::constant(1) && size.non_negative()).then(|| {
                    (
                        Tile {
                            size: size.clone(),
                            ..t
                        },
                        size,
                    )
                })
            }
            _ => None,
        }
    }

    /// The tile an index stays inside: an inner loop's variable over one tile, or a
    /// tile's origin (its first index, inside it unless the tile is empty; an empty
    /// tile's origin belongs to no iteration, and the window panics on it).
    pub(super) fn tile_var(&mut self, e: &Expr) -> Option<Tile> {
        match e {
            Expr::Paren(p) => self.tile_var(&p.expr),
            Expr::Group(g) => self.tile_var(&g.expr),
            Expr::Path(p) if p.qself.is_none() => match self.scopes.lookup(p.path.get_ident()?) {
                Some(super::scope::Local::Tile(t)) => Some(t.clone()),
                _ => self.tile_origin(e),
            },
            e => self.tile_origin(e),
        }
    }
}
