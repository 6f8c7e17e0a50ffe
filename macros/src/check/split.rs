//! Split arrays: an array written at indices pinned to the loop variable, cut into one
//! contiguous window per chunk along the pinned axis.
//!
//! Every access must be pinned on one axis with one coefficient `c`, and the offsets
//! an iteration touches must stay within the distance `|c| * step` to the next
//! iteration's. Windows are exclusive, so even two reads must not reach into a
//! neighbour's range while the array is written: an element read by two iterations
//! cannot be in both their windows.
//!
//! When that fails, in order: a framed split (reads the loop bounds keep outside every
//! written index), parts (groups of accesses the bounds keep apart), and the checked
//! windows, whose ownership no contiguous window expresses and which the runtime checks
//! on every access: triangles (`triangular`), one residue class (`residue_class`),
//! one written line (`one_line`) and tiles (`tiled`). Only when all fail is the first
//! failure reported.

use syn::ext::IdentExt;

use super::messages::{self, Header, Overlap};
use crate::ctxt::Ctxt;
use crate::model::{AxisIdx, Event, Loc, Root, Side, TilePart};
use crate::plan::{Block, Checked, Part, Split, TileShape, Triangle};
use crate::poly::{Affine, Poly, Quotient};

struct Access<'e> {
    axes: &'e [AxisIdx],
    at: &'e Loc,
    write: bool,
    compound: bool,
}

impl Access<'_> {
    /// The summary of the index on `axis`, when it is pinned to the loop variable.
    fn pinned(&self, axis: usize) -> Option<&Affine> {
        match self.axes.get(axis) {
            Some(AxisIdx::At(x)) if splits(x) => Some(x),
            _ => None,
        }
    }

    fn pinned_anywhere(&self) -> bool {
        self.axes
            .iter()
            .any(|x| matches!(x, AxisIdx::At(x) if splits(x)))
    }

    /// An index that repeats values or is not understood at all.
    fn opaque(&self) -> bool {
        self.axes.iter().any(|x| match x {
            AxisIdx::Opaque | AxisIdx::Side(_) | AxisIdx::Tile(_) => true,
            AxisIdx::At(x) => x.pinned() && !splits(x),
            AxisIdx::All => false,
        })
    }
}

/// Whether an index moves with the loop variable in a way windows can follow: a single
/// quotient (`i / 2`) repeats values, only a range between quotients (a block loop's
/// `b * n / k..(b + 1) * n / k`) can be owned by one iteration.
fn splits(x: &Affine) -> bool {
    x.pinned() && x.quot.as_ref().is_none_or(|q| q.d_lo != q.d_hi)
}

/// The split of `root`, or the errors that prevent it.
pub(super) fn split(
    cx: &Ctxt,
    root: &Root,
    events: &[Event],
    step: &Poly,
    values: Option<&Affine>,
    quotients: &[Quotient],
    h: &Header,
) -> Option<Split> {
    let name = root.to_string();
    let accesses: Vec<Access<'_>> = events
        .iter()
        .filter_map(|ev| match ev {
            Event::Index {
                axes,
                at,
                write,
                compound,
                ..
            } => Some(Access {
                axes,
                at,
                write: *write,
                compound: *compound,
            }),
            _ => None,
        })
        .collect();
    let first_write = accesses.iter().find(|a| a.write).map(|a| a.at)?;
    if whole_uses(cx, events, &name, first_write, h) {
        return None;
    }
    let all: Vec<usize> = (0..accesses.len()).collect();
    let failure = match windowed(&accesses, &all, step) {
        Ok(s) => return Some(s.into_split(root, None)),
        Err(f) => f,
    };
    if let Some(values) = values
        && let Some((s, highs)) = framed(&accesses, values, quotients, step)
    {
        return Some(s.into_split(root, Some(highs)));
    }
    if let Some(values) = values
        && let Some((axis, parts)) = parted(&accesses, values, quotients, step)
    {
        return Some(Split {
            root: root.clone(),
            axis,
            parts,
            frame: None,
            checked: None,
        });
    }
    let checked = triangular(&accesses)
        .map(|t| (Checked::Triangle(t), 0, Affine::loop_var()))
        .or_else(|| {
            residue_class(&accesses).map(|(c, r)| {
                let own = Affine {
                    coef: Poly::constant(c),
                    ..Affine::constant(Poly::constant(r))
                };
                (
                    Checked::Residue {
                        stride: c,
                        offset: r,
                    },
                    0,
                    own,
                )
            })
        })
        .or_else(|| {
            one_line(&accesses)
                .map(|(axis, line, own)| (Checked::Line { axis, line }, 1 - axis, own))
        })
        .or_else(|| tiled(&accesses).map(|shape| (Checked::Tile(shape), 0, Affine::loop_var())));
    if let Some((checked, along, own)) = checked {
        // Iteration `i` owns index `own` along `along`: the windows are cut there.
        let part = Part {
            coef: own.coef,
            lows: vec![own.lo],
            block: None,
        };
        return Some(Split {
            root: root.clone(),
            axis: along,
            parts: vec![part],
            frame: None,
            checked: Some(checked),
        });
    }
    match failure {
        Failure::NoAxis => diagnose_unpinned(cx, &name, &accesses, h),
        Failure::UnknownSign(k) => {
            let at = accesses[k].at;
            cx.error_at(at, messages::unknown_stride_sign(h, at));
        }
        Failure::Overlap(ka, kb) => report_overlap(cx, root, &accesses, ka, kb, h),
    }
    None
}

/// A split found by [`windowed`], before it is tied to its root.
struct Windowed {
    axis: usize,
    coef: Poly,
    forms: Vec<Affine>,
}

impl Windowed {
    fn into_split(self, root: &Root, frame: Option<Vec<Poly>>) -> Split {
        Split {
            root: root.clone(),
            axis: self.axis,
            parts: vec![self.into_part()],
            frame,
            checked: None,
        }
    }

    fn into_part(self) -> Part {
        let mut lows: Vec<Poly> = Vec::new();
        let mut ds: Vec<Poly> = Vec::new();
        for f in &self.forms {
            let d = f
                .quot
                .as_ref()
                .map_or_else(Poly::default, |q| q.d_lo.clone());
            if !(0..lows.len()).any(|k| lows[k] == f.lo && ds[k] == d) {
                lows.push(f.lo.clone());
                ds.push(d);
            }
        }
        let block = self.forms[0].quot.as_ref().map(|q| Block {
            a: q.a.clone(),
            c: q.c.clone(),
            ds,
        });
        Part {
            coef: self.coef,
            lows,
            block,
        }
    }
}

/// Why the accesses cannot share one window per chunk (indices into the accesses).
enum Failure {
    NoAxis,
    UnknownSign(usize),
    Overlap(usize, usize),
}

/// The axis, coefficient and per-access forms that give the accesses `which` (indices
/// into `accesses`) one window per chunk.
fn windowed(accesses: &[Access<'_>], which: &[usize], step: &Poly) -> Result<Windowed, Failure> {
    let chosen: Vec<&Access<'_>> = which.iter().map(|&k| &accesses[k]).collect();
    let ndim = chosen.iter().map(|a| a.axes.len()).max().unwrap_or(0);
    // The split axis: one where every access is pinned with the same coefficient.
    let axis = (0..ndim).find(|&k| {
        let first = chosen[0].pinned(k).map(|x| &x.coef);
        first.is_some() && chosen.iter().all(|a| a.pinned(k).map(|x| &x.coef) == first)
    });
    let Some(axis) = axis else {
        return Err(Failure::NoAxis);
    };
    let forms: Vec<Affine> = chosen
        .iter()
        .map(|a| a.pinned(axis).expect("checked by the axis search").clone())
        .collect();
    let coef = forms[0].coef.clone();
    if forms.iter().any(|f| f.quot.is_some()) {
        return match first_conflict(&chosen, &forms, |x, y| !blocks_apart(x, y)) {
            Some((ka, kb)) => Err(Failure::Overlap(which[ka], which[kb])),
            None => Ok(Windowed { axis, coef, forms }),
        };
    }
    let magnitude = if coef.non_negative() {
        coef.clone()
    } else if coef.non_positive() {
        coef.neg()
    } else {
        return Err(Failure::UnknownSign(which[0]));
    };
    let distance = magnitude.mul(step);
    if let Some((ka, kb)) = first_overlap(&chosen, &forms, &distance) {
        return Err(Failure::Overlap(which[ka], which[kb]));
    }
    Ok(Windowed { axis, coef, forms })
}

/// Whether access `x` of an iteration `i` between block bounds lies below access `y`
/// of any later iteration `j`. `x` touches `quot(d_lo) + lo ..= quot(d_hi) + hi`; that
/// is below what `y` touches at `j` when the quotients are the same and `x.d_hi -
/// y.d_lo <= a` (so `x`'s upper quotient at `i` is at most `y`'s lower one at `j`) and
/// `x.hi < y.lo`.
fn blocks_apart(x: &Affine, y: &Affine) -> bool {
    match (&x.quot, &y.quot) {
        (Some(qx), Some(qy)) => {
            qx.a == qy.a
                && qx.c == qy.c
                && qx.a.sub(&qx.d_hi.sub(&qy.d_lo)).non_negative()
                && y.lo.sub(&x.hi).sub(&Poly::constant(1)).non_negative()
        }
        _ => false,
    }
}

/// What a loop's bounds prove: its least and greatest values, and facts about integer
/// quotients among the atoms.
struct Bounds<'a> {
    values: &'a Affine,
    quotients: &'a [Quotient],
}

impl Bounds<'_> {
    /// Whether `p >= 0` in every loop that runs: it holds when `p - (last - start)` is
    /// non-negative too, since `last - start` is.
    fn holds(&self, p: &Poly) -> bool {
        let span = self.values.hi.sub(&self.values.lo);
        p.non_negative_given(self.quotients) || p.sub(&span).non_negative_given(self.quotients)
    }

    /// The least and greatest index `x` takes over the whole loop, when the sign of its
    /// coefficient is known.
    fn hull(&self, x: &Affine) -> Option<(Poly, Poly)> {
        let (start, last) = (&self.values.lo, &self.values.hi);
        let (first, final_) = if x.coef.non_negative() {
            (start, last)
        } else if x.coef.non_positive() {
            (last, start)
        } else {
            return None;
        };
        Some((x.coef.mul(first).add(&x.lo), x.coef.mul(final_).add(&x.hi)))
    }
}

/// A split whose windows hold all writes while some reads fall outside every index
/// the windowed accesses touch over the whole loop, provably from the loop's bounds
/// (`values`): those reads go to the read-only rest of the array. Returns the split and
/// the windowed accesses' distinct highest offsets.
fn framed(
    accesses: &[Access<'_>],
    values: &Affine,
    quotients: &[Quotient],
    step: &Poly,
) -> Option<(Windowed, Vec<Poly>)> {
    if any_block(accesses) {
        return None;
    }
    let bounds = Bounds { values, quotients };
    let writes: Vec<usize> = (0..accesses.len()).filter(|&k| accesses[k].write).collect();
    let ndim = accesses.iter().map(|a| a.axes.len()).max().unwrap_or(0);
    // Whether `x` (ascending) touches only indices above or only below all of `inside`
    // over the whole loop.
    let outside = |x: &Affine, inside: &[&Affine]| {
        if !x.coef.non_negative() {
            return false;
        }
        let Some((lo, hi)) = bounds.hull(x) else {
            return false;
        };
        let one = Poly::constant(1);
        let hulls: Option<Vec<(Poly, Poly)>> = inside.iter().map(|a| bounds.hull(a)).collect();
        let Some(hulls) = hulls else {
            return false;
        };
        let above = hulls.iter().all(|h| bounds.holds(&lo.sub(&h.1).sub(&one)));
        let below = hulls.iter().all(|h| bounds.holds(&h.0.sub(&hi).sub(&one)));
        above || below
    };
    for axis in 0..ndim {
        let on_axis = |k: usize| match accesses[k].axes.get(axis) {
            Some(AxisIdx::At(x)) => Some(x),
            _ => None,
        };
        let Some(coef) = on_axis(writes[0]).map(|x| &x.coef) else {
            continue;
        };
        let pinned_alike = |k: usize| on_axis(k).is_some_and(|x| x.pinned() && &x.coef == coef);
        if !coef.non_negative() || !writes.iter().all(|&k| pinned_alike(k)) {
            continue;
        }
        let write_forms: Vec<&Affine> = writes.iter().filter_map(|&k| on_axis(k)).collect();
        let (out, inside): (Vec<usize>, Vec<usize>) = (0..accesses.len()).partition(|&k| {
            !accesses[k].write && on_axis(k).is_some_and(|x| outside(x, &write_forms))
        });
        if out.is_empty() {
            continue;
        }
        let Ok(w) = windowed(accesses, &inside, step) else {
            continue;
        };
        // The windows also hold the reads that stay inside: the outside reads must
        // miss those too.
        let inside_forms: Vec<&Affine> = w.forms.iter().collect();
        if w.axis != axis
            || !out
                .iter()
                .all(|&k| on_axis(k).is_some_and(|x| outside(x, &inside_forms)))
        {
            continue;
        }
        let mut highs: Vec<Poly> = Vec::new();
        for f in &w.forms {
            if !highs.contains(&f.hi) {
                highs.push(f.hi.clone());
            }
        }
        return Some((w, highs));
    }
    None
}

/// Whether an access lies between block bounds: those are windowed only on their own.
fn any_block(accesses: &[Access<'_>]) -> bool {
    accesses.iter().any(|a| {
        a.axes
            .iter()
            .any(|x| matches!(x, AxisIdx::At(x) if x.quot.is_some()))
    })
}

/// The most parts one array is cut into.
const MAX_PARTS: usize = 8;

/// Parts of an array whose accesses fall into groups that touch disjoint ranges of one
/// axis over the whole loop, provably from its bounds (`values`): `out[i]` and
/// `out[n + i]` over `prange(n)`, `x[i]` and `x[n - 1 - i]` over `prange(n / 2)`, rows
/// `a[[i, j]]` and `a[[n + i, j]]`. Each group is windowed on its own, with its own
/// coefficient; the array is cut between the groups' ranges before the loop. Only
/// plain indexing, `get` and `swap` qualify: those are what the parts' window serves.
/// Returns the axis and the parts.
fn parted(
    accesses: &[Access<'_>],
    values: &Affine,
    quotients: &[Quotient],
    step: &Poly,
) -> Option<(usize, Vec<Part>)> {
    if any_block(accesses) || !accesses.iter().all(|a| served_by_parts(a.at)) {
        return None;
    }
    let ndim = accesses.iter().map(|a| a.axes.len()).max().unwrap_or(0);
    (0..ndim).find_map(|axis| parted_along(accesses, axis, values, quotients, step))
}

/// [`parted`] along `axis`.
fn parted_along(
    accesses: &[Access<'_>],
    axis: usize,
    values: &Affine,
    quotients: &[Quotient],
    step: &Poly,
) -> Option<(usize, Vec<Part>)> {
    let bounds = Bounds { values, quotients };
    let hulls: Vec<(Poly, Poly)> = accesses
        .iter()
        .map(|a| bounds.hull(a.pinned(axis)?))
        .collect::<Option<_>>()?;
    // Whether everything access `a` touches lies below everything `b` touches.
    let below =
        |a: usize, b: usize| bounds.holds(&hulls[b].0.sub(&hulls[a].1).sub(&Poly::constant(1)));
    // Groups: accesses joined whenever their ranges are not provably apart.
    let mut group: Vec<usize> = (0..accesses.len()).collect();
    for a in 0..accesses.len() {
        for b in 0..a {
            if !below(a, b) && !below(b, a) {
                let (ga, gb) = (group[a], group[b]);
                group.iter_mut().filter(|g| **g == ga).for_each(|g| *g = gb);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for a in 0..accesses.len() {
        match groups.iter_mut().find(|g| group[g[0]] == group[a]) {
            Some(g) => g.push(a),
            None => groups.push(vec![a]),
        }
    }
    if groups.len() < 2 || groups.len() > MAX_PARTS {
        return None;
    }
    let all_below = |g: &[usize], h: &[usize]| g.iter().all(|&a| h.iter().all(|&b| below(a, b)));
    // In ascending order of index: each next group must lie below all the others left.
    let mut ordered: Vec<Vec<usize>> = Vec::new();
    while !groups.is_empty() {
        let lowest = (0..groups.len())
            .find(|&k| (0..groups.len()).all(|j| j == k || all_below(&groups[k], &groups[j])))?;
        ordered.push(groups.remove(lowest));
    }
    let groups = ordered;
    let mut parts = Vec::new();
    for g in &groups {
        let w = windowed(accesses, g, step).ok()?;
        if w.axis != axis {
            return None;
        }
        parts.push(w.into_part());
    }
    Some((axis, parts))
}

/// The owner of a 2-D array's elements when every access is `[i, j]`, `[j, i]` or
/// `[i, i]` for the loop variable `i` and indices `j` on one side of it: all `j >= i`
/// (iteration `i` owns the elements whose lesser index is `i`) or all `j <= i` (the
/// greater). Every element then has one owner, so iterations never share one. Only
/// plain indexing, `get` and `swap` qualify: those are what the triangular window
/// serves.
fn triangular(accesses: &[Access<'_>]) -> Option<Triangle> {
    let exact = |x: &AxisIdx| {
        matches!(x, AxisIdx::At(a) if a.quot.is_none()
            && a.coef == Poly::constant(1)
            && a.lo.is_zero()
            && a.hi.is_zero())
    };
    let mut sides: Vec<&Side> = Vec::new();
    for a in accesses {
        let [r, c] = a.axes else {
            return None;
        };
        if !served_by_parts(a.at) {
            return None;
        }
        match (r, c) {
            (r, c) if exact(r) && exact(c) => {}
            (AxisIdx::Side(s), c) if exact(c) => sides.push(s),
            (r, AxisIdx::Side(s)) if exact(r) => sides.push(s),
            _ => return None,
        }
    }
    if sides.is_empty() {
        None
    } else if sides
        .iter()
        .all(|s| matches!(s, Side::AtLeast(off) if off.non_negative()))
    {
        Some(Triangle::Min)
    } else if sides
        .iter()
        .all(|s| matches!(s, Side::AtMost(off) if off.non_positive()))
    {
        Some(Triangle::Max)
    } else {
        None
    }
}

/// The written class `(c, r)` of a 1-D array whose every write is `c * i + r` for one
/// constant stride `c >= 2` and offset `r`, and whose reads are that element of the
/// iteration's own or elements of other residues modulo `c` (`u[2 * k]` written from
/// `u[2 * k - 1]` and `u[2 * k + 1]`): no iteration writes what another reads, and
/// each written element is one iteration's. Only plain indexing and `get` qualify.
fn residue_class(accesses: &[Access<'_>]) -> Option<(i128, i128)> {
    // `(coef, offset)` of a 1-D access at a constant point of the loop variable.
    let form = |a: &Access<'_>| match a.axes {
        [AxisIdx::At(x)] if x.quot.is_none() && x.is_point() => {
            Some((x.coef.as_constant()?, x.lo.as_constant()?))
        }
        _ => None,
    };
    let mut written: Option<(i128, i128)> = None;
    for a in accesses.iter().filter(|a| a.write) {
        let f = form(a)?;
        if written.is_some_and(|w| w != f) || !plain_element(a.at) {
            return None;
        }
        written = Some(f);
    }
    let (c, r) = written?;
    if c < 2 {
        return None;
    }
    let shared =
        |(coef, off): (i128, i128)| (coef == c || coef == 0) && (off - r).rem_euclid(c) != 0;
    accesses
        .iter()
        .filter(|a| !a.write)
        .all(|a| plain_element(a.at) && form(a).is_some_and(|f| f == (c, r) || shared(f)))
        .then_some((c, r))
}

/// The line `(axis, line, own)` of a 2-D array every write of which is
/// `[line, own]` (or `[own, line]` for axis 1) for one loop-invariant `line` and one
/// form `own` moving with the loop variable, while every read is such an element of the
/// iteration's own or lies on another line, a constant distance away: row `i` of a
/// `prange` over columns written from row `i - 1`. No iteration then writes what
/// another reads, and each written element is one iteration's. Only plain indexing and
/// `get` qualify.
fn one_line(accesses: &[Access<'_>]) -> Option<(usize, Poly, Affine)> {
    let invariant_point = |x: &AxisIdx| match x {
        AxisIdx::At(a) if !a.pinned() && a.is_point() => Some(a.lo.clone()),
        _ => None,
    };
    let own_form = |x: &AxisIdx| match x {
        AxisIdx::At(a)
            if a.quot.is_none() && a.is_point() && a.coef.as_constant().is_some_and(|c| c > 0) =>
        {
            Some(a.clone())
        }
        _ => None,
    };
    let mut written: Option<(usize, Poly, Affine)> = None;
    for a in accesses.iter().filter(|a| a.write) {
        let [r, c] = a.axes else { return None };
        if !plain_element(a.at) {
            return None;
        }
        let w = match (
            invariant_point(r),
            own_form(c),
            invariant_point(c),
            own_form(r),
        ) {
            (Some(line), Some(own), _, _) => (0, line, own),
            (_, _, Some(line), Some(own)) => (1, line, own),
            _ => return None,
        };
        if written.as_ref().is_some_and(|x| *x != w) {
            return None;
        }
        written = Some(w);
    }
    let (axis, line, own) = written?;
    let reads_ok = accesses.iter().filter(|a| !a.write).all(|a| {
        let [r, c] = a.axes else { return false };
        let (on, along) = if axis == 0 { (r, c) } else { (c, r) };
        let Some(l) = invariant_point(on) else {
            return false;
        };
        let other_line = l.sub(&line).as_constant().is_some_and(|d| d != 0);
        plain_element(a.at) && (other_line || (l == line && own_form(along).as_ref() == Some(&own)))
    });
    reads_ok.then_some((axis, line, own))
}

/// Whether the access `at` is plain indexing `a[k]` or one of `methods` (`a.get(k)`):
/// what the runtime's windows in parts, by triangles, by residue or along a line serve.
fn element_access(at: &Loc, methods: &[&str]) -> bool {
    match syn::parse2::<syn::Expr>(at.clone()) {
        Ok(syn::Expr::Index(_)) => true,
        Ok(syn::Expr::MethodCall(m)) => methods.iter().any(|n| m.method == n),
        _ => false,
    }
}

/// `a[k]` or `a.get(k)`.
fn plain_element(at: &Loc) -> bool {
    element_access(at, &["get"])
}

/// The tiles of a 2-D array whose every access is `[x, y]` with `x` and `y` inner
/// loops' variables inside one tile of the loop variable `w`: one along `w / k` and
/// the other along `w % k`, the same `k` and the same tile sizes everywhere, each on the
/// same axis in every access. Element `[r, c]` then belongs to iteration
/// `(r / rows) * k + c / cols` (with `r` the `w / k` axis), which is `w` for every
/// element iteration `w` touches; distinct iterations own distinct tiles. Only plain
/// indexing, `get` and `swap` qualify.
fn tiled(accesses: &[Access<'_>]) -> Option<TileShape> {
    let mut found: Option<TileShape> = None;
    for a in accesses {
        let [AxisIdx::Tile(r), AxisIdx::Tile(c)] = a.axes else {
            return None;
        };
        if !served_by_parts(a.at) || r.k != c.k {
            return None;
        }
        let (div_axis, d, m) = match (r.part, c.part) {
            (TilePart::Div, TilePart::Mod) => (0, r, c),
            (TilePart::Mod, TilePart::Div) => (1, c, r),
            _ => return None,
        };
        let shape = TileShape {
            div_axis,
            k: d.k.clone(),
            div_size: d.size.clone(),
            mod_size: m.size.clone(),
        };
        match &found {
            None => found = Some(shape),
            Some(f) if *f == shape => {}
            Some(_) => return None,
        }
    }
    found
}

/// `a[k]`, `a.get(k)` or `a.swap(j, k)`.
fn served_by_parts(at: &Loc) -> bool {
    element_access(at, &["get", "swap"])
}

/// A whole-array read of a written array would see elements other iterations may or
/// may not have written yet; a written array inside an unreadable macro cannot be
/// checked at all.
fn whole_uses(cx: &Ctxt, events: &[Event], name: &str, first_write: &Loc, h: &Header) -> bool {
    for ev in events {
        match ev {
            Event::Whole { at } => {
                cx.error_at(
                    at,
                    messages::whole_read_of_written(h, at, name, first_write),
                );
                cx.note_at(first_write, format!("`{name}` is written here"));
                return true;
            }
            Event::InMacro { at, .. } => {
                cx.error_at(at, messages::written_in_macro(h, at, name));
                return true;
            }
            _ => {}
        }
    }
    false
}

/// The first pair of accesses whose elements two iterations could share. Iteration `i`
/// touches offsets `lo..=hi`; the next one touches them shifted by `distance`: disjoint
/// when every `hi` is below every `lo + distance`.
fn first_overlap(
    accesses: &[&Access<'_>],
    forms: &[Affine],
    distance: &Poly,
) -> Option<(usize, usize)> {
    first_conflict(accesses, forms, |x, y| {
        let gap = distance.sub(&x.hi.sub(&y.lo)).sub(&Poly::constant(1));
        !gap.non_negative_for_positive_atoms()
    })
}

/// The first pair `(ka, kb)` of accesses whose forms `conflict`. Pairs with a write come
/// first: their conflict is the one worth reporting.
fn first_conflict(
    accesses: &[&Access<'_>],
    forms: &[Affine],
    conflict: impl Fn(&Affine, &Affine) -> bool,
) -> Option<(usize, usize)> {
    // Whether two accesses conflict depends only on their forms: one access of each
    // kind (form, read or write) stands for all, in the order they first appear, so
    // a body with thousands of accesses of a few kinds costs a few comparisons. The
    // pair found is the first in the order of all accesses either way.
    let mut kinds: Vec<usize> = Vec::new();
    for (k, a) in accesses.iter().enumerate() {
        if !kinds
            .iter()
            .any(|&j| accesses[j].write == a.write && forms[j] == forms[k])
        {
            kinds.push(k);
        }
    }
    let pairs = kinds
        .iter()
        .flat_map(|&ka| kinds.iter().map(move |&kb| (ka, kb)));
    pairs
        .clone()
        .filter(|&(ka, kb)| accesses[ka].write || accesses[kb].write)
        .chain(pairs.filter(|&(ka, kb)| !accesses[ka].write && !accesses[kb].write))
        .find(|&(ka, kb)| conflict(&forms[ka], &forms[kb]))
}

fn report_overlap(
    cx: &Ctxt,
    root: &Root,
    accesses: &[Access<'_>],
    ka: usize,
    kb: usize,
    h: &Header,
) {
    let name = root.to_string();
    let (a, b) = (&accesses[ka], &accesses[kb]);
    // The primary span goes to the read when there is one: it is the access that sees
    // another iteration's element.
    let (primary, other) = if !a.write {
        (a, b)
    } else if !b.write {
        (b, a)
    } else {
        (a, b)
    };
    let overlap = match (a.write || b.write, ka == kb) {
        (false, true) => Overlap::WideRead(primary.at),
        (false, false) => Overlap::Reads(primary.at, other.at),
        (true, true) => Overlap::WideWrite(primary.at),
        (true, false) if primary.write && other.write => Overlap::Writes(primary.at, other.at),
        (true, false) => Overlap::ReadWrite {
            read: primary.at,
            write: other.at,
        },
    };
    let short = root.last_ident().unraw().to_string();
    cx.error_at(primary.at, messages::overlap(h, &name, &short, overlap));
    if ka != kb {
        let what = if other.write { "write" } else { "read" };
        cx.note_at(other.at, format!("the conflicting {what} of `{name}`"));
    } else if let Some(w) = accesses
        .iter()
        .find(|x| x.write && !std::ptr::eq(x.at, primary.at))
    {
        cx.note_at(w.at, format!("`{name}` is written here"));
    }
}

/// Why no axis could be split, on the most telling access.
fn diagnose_unpinned(cx: &Ctxt, name: &str, accesses: &[Access<'_>], h: &Header) {
    let unpinned_write = accesses.iter().find(|a| a.write && !a.pinned_anywhere());
    if let Some(a) = unpinned_write.filter(|a| a.compound) {
        // `hist[b] += 1` beside another use: an array reduction parfor cannot take.
        cx.error_at(a.at, messages::array_reduction(h, a.at, name));
        if let Some(o) = accesses.iter().find(|x| !x.compound) {
            cx.note_at(
                o.at,
                format!("`{name}` is also used here, so it cannot be reduced as an array"),
            );
        }
    } else if let Some(a) = unpinned_write.filter(|a| a.opaque()) {
        // Tile-shaped indices that `tiled` refused: say what a tile loop parfor takes.
        let tiles = accesses.iter().any(|x| {
            x.axes.len() == 2 && x.axes.iter().any(|axis| matches!(axis, AxisIdx::Tile(_)))
        });
        cx.error_at(a.at, messages::opaque_write(h, a.at, name, tiles));
    } else if let Some(a) = unpinned_write {
        cx.error_at(a.at, messages::invariant_write(h, a.at, name));
    } else if let Some(r) = accesses.iter().find(|a| !a.write && !a.pinned_anywhere()) {
        let w = accesses.iter().find(|a| a.write).map_or(r.at, |a| a.at);
        cx.error_at(r.at, messages::unpinned_read(h, r.at, name, w));
        cx.note_at(w, format!("`{name}` is written here"));
    } else {
        // Every access is pinned, but not all on one axis with one stride.
        let signature = |a: &Access<'_>| -> Vec<Option<Poly>> {
            a.axes
                .iter()
                .map(|x| match x {
                    AxisIdx::At(x) if x.pinned() => Some(x.coef.clone()),
                    _ => None,
                })
                .collect()
        };
        let first = accesses.iter().find(|a| a.write).unwrap_or(&accesses[0]);
        let odd = accesses
            .iter()
            .find(|a| signature(a) != signature(first))
            .or_else(|| accesses.iter().find(|a| !std::ptr::eq(a.at, first.at)))
            .unwrap_or(first);
        let pinned_on = |a: &Access<'_>| {
            let s = signature(a);
            let on: Vec<usize> = (0..s.len()).filter(|&k| s[k].is_some()).collect();
            (s.len() == 2 && on.len() == 1).then(|| on[0])
        };
        let transposed = matches!((pinned_on(odd), pinned_on(first)), (Some(x), Some(y)) if x != y);
        let msg = messages::mixed_axes(h, odd.at, first.at, name, transposed);
        cx.error_at(odd.at, msg);
        cx.note_at(first.at, format!("the other access to `{name}`"));
    }
}
