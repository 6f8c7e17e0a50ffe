//! What the macro does with one loop: the verdict of `check`, read by `expand` and
//! `report`.

use proc_macro2::Ident;

use crate::model::{Op, Root};
use crate::poly::{Atoms, Poly};

/// A written array and how to cut it.
#[derive(Debug)]
pub(crate) struct Split {
    pub(crate) root: Root,
    /// The axis pinned to the loop variable.
    pub(crate) axis: usize,
    /// The parts of the array along `axis` the loop's accesses fall in, in ascending
    /// order of index: each is cut into one window per chunk. Usually one part; several
    /// when groups of accesses touch disjoint ranges over the whole loop (`out[i]` and
    /// `out[n + i]` over `prange(n)`).
    pub(crate) parts: Vec<Part>,
    /// When the loop also reads elements outside the range its windows cover (a pivot
    /// row, the upper half of a tree reduction): the distinct highest offsets of the
    /// windowed accesses. The windows then cover only the indices from the lowest to
    /// the highest any iteration touches, and the rest of the array is read-only. Only
    /// with one part.
    pub(crate) frame: Option<Vec<Poly>>,
    /// For ownership no contiguous window expresses, the rule a window checks on every
    /// access instead; the part then gives, per iteration, the index it owns.
    pub(crate) checked: Option<Checked>,
}

/// Ownership a window checks on each access.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Checked {
    /// A 2-D array written by triangles (`a[[i, j]]` and `a[[j, i]]` with `j >= i`):
    /// which of an element's two indices names the iteration that owns it.
    Triangle(Triangle),
    /// A 1-D array written only at `stride * i + offset` and read at indices of other
    /// residues modulo `stride`, which no iteration writes (red-black updates).
    Residue { stride: i128, offset: i128 },
    /// A 2-D array written only on the line `line` (a loop-invariant index) along
    /// `axis`, and read on other lines anywhere (row `i` of a `prange` over columns
    /// nested in a sequential loop over rows, reading row `i - 1`).
    Line { axis: usize, line: Poly },
    /// A 2-D array written by tiles (`a[[x, y]]` with `x` in `w / k * rows..` and
    /// `y` in `w % k * cols..`, each at most that long).
    Tile(TileShape),
}

/// Tiles numbered row by row, `k` to a row of tiles: element `[r, c]` belongs to
/// iteration `(r / div_size) * k + c / mod_size`, `r` the index along `div_axis`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct TileShape {
    pub(crate) div_axis: usize,
    pub(crate) k: Poly,
    pub(crate) div_size: Poly,
    pub(crate) mod_size: Poly,
}

/// The iteration that owns element `[r, c]` of an array written by triangles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Triangle {
    /// `min(r, c)`: row `i` right of the diagonal and column `i` below it.
    Min,
    /// `max(r, c)`: row `i` left of the diagonal and column `i` above it.
    Max,
}

/// One part of a split array, windowed by the accesses `coef * i + lo` that fall in it.
#[derive(Debug)]
pub(crate) struct Part {
    /// `coef` of the accesses `coef * i + lo`.
    pub(crate) coef: Poly,
    /// The distinct lowest offsets of the accesses: an iteration touches nothing of
    /// this part below `coef * i + min(lows)`.
    pub(crate) lows: Vec<Poly>,
    /// For accesses between block bounds (`b * n / k..(b + 1) * n / k`): `coef` is
    /// zero and iteration `i` touches nothing below the least `(a * i + d) / c + lo`
    /// over the pairs of `ds` and `lows`.
    pub(crate) block: Option<Block>,
}

/// The quotient `(a * i + d) / c` of block bounds, one `d` per entry of `Part::lows`.
#[derive(Debug)]
pub(crate) struct Block {
    pub(crate) a: Poly,
    pub(crate) c: Poly,
    pub(crate) ds: Vec<Poly>,
}

impl Split {
    /// Every polynomial the windows' bounds evaluate.
    pub(crate) fn bounds(&self) -> impl Iterator<Item = &Poly> {
        self.parts
            .iter()
            .flat_map(|p| {
                let block = p
                    .block
                    .iter()
                    .flat_map(|b| [&b.a, &b.c].into_iter().chain(&b.ds));
                std::iter::once(&p.coef).chain(&p.lows).chain(block)
            })
            .chain(self.frame.iter().flatten())
            .chain(match &self.checked {
                Some(Checked::Line { line, .. }) => vec![line],
                Some(Checked::Tile(t)) => vec![&t.k, &t.div_size, &t.mod_size],
                _ => vec![],
            })
    }
}

/// A reduction variable.
#[derive(Debug)]
pub(crate) struct Reduction {
    pub(crate) name: Ident,
    pub(crate) op: Op,
    /// Reduced through a `&mut` (`*total += ..`) rather than a local.
    pub(crate) deref: bool,
}

/// An array whose elements the loop only updates with one operator, at indices
/// iterations may share: each leaf accumulates into a private copy.
#[derive(Debug)]
pub(crate) struct ArrayReduction {
    pub(crate) root: Root,
    pub(crate) op: Op,
    /// Updated as a whole (`y += &x.row(i)`), not element by element: its private
    /// copy holds the elements' own type.
    pub(crate) whole: bool,
}

/// Every captured root of one loop, each in exactly one class.
#[derive(Default)]
pub(crate) struct Plan {
    pub(crate) splits: Vec<Split>,
    pub(crate) reductions: Vec<Reduction>,
    pub(crate) array_reductions: Vec<ArrayReduction>,
    /// Only read.
    pub(crate) shared: Vec<Root>,
    /// The loop-invariant expressions the splits' coefficients and offsets name.
    pub(crate) atoms: Atoms,
    /// The body uses `?`: the loop ends with the lowest failing iteration's failure.
    pub(crate) fallible: bool,
}

impl std::fmt::Debug for Plan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Plan")
            .field("splits", &self.splits)
            .field("reductions", &self.reductions)
            .field("array_reductions", &self.array_reductions)
            .field("shared", &self.shared)
            .finish_non_exhaustive()
    }
}
