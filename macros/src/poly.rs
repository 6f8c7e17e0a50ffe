//! Index arithmetic: polynomials over loop-invariant atoms, and affine index ranges.
//!
//! An index expression is summarised as `coef * i + [lo, hi]`: the loop variable `i`
//! times a coefficient, plus an offset known to lie between `lo` and `hi` (inner-loop
//! variables widen a point into a range). Coefficients and offsets are polynomials
//! over *atoms*, loop-invariant expressions such as `n`, `bs` or `x.len()`, which the
//! race checks assume to be non-negative (indices and sizes are). The runtime never
//! relies on that assumption for safety: windows are cut where the loop's own values
//! say, and an access outside its window panics.

use std::collections::{BTreeMap, HashMap};

use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

/// One loop-invariant expression of a loop body, by its place in [`Atoms`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct AtomId(usize);

/// The loop-invariant expressions index summaries are written over, each once.
///
/// Two occurrences are one atom when their tokens read the same: an atom names only
/// variables captured from outside the loop, which the body cannot rebind, so equal
/// text is equal value. Each atom keeps the tokens of its first occurrence, spans and
/// hygiene included, for the expansion to evaluate.
#[derive(Default)]
pub(crate) struct Atoms {
    exprs: Vec<TokenStream>,
    by_text: HashMap<String, AtomId>,
}

impl Atoms {
    /// The atom standing for `e`.
    pub(crate) fn intern(&mut self, e: &impl ToTokens) -> AtomId {
        let tokens = e.to_token_stream();
        let next = AtomId(self.exprs.len());
        let id = *self.by_text.entry(tokens.to_string()).or_insert(next);
        if id == next {
            self.exprs.push(tokens);
        }
        id
    }

    /// The expression an atom stands for.
    pub(crate) fn expr(&self, id: AtomId) -> &TokenStream {
        &self.exprs[id.0]
    }

    /// The atoms that are another atom divided by a positive literal (`n / 2`).
    pub(crate) fn quotients(&self) -> Vec<Quotient> {
        let strip = |mut e: syn::Expr| {
            while let syn::Expr::Paren(p) = e {
                e = *p.expr;
            }
            e
        };
        let mut out = Vec::new();
        for (k, tokens) in self.exprs.iter().enumerate() {
            let Ok(syn::Expr::Binary(b)) = syn::parse2::<syn::Expr>(tokens.clone()).map(strip)
            else {
                continue;
            };
            let (syn::BinOp::Div(_), syn::Expr::Lit(l)) = (&b.op, strip((*b.right).clone())) else {
                continue;
            };
            let syn::Lit::Int(divisor) = &l.lit else {
                continue;
            };
            let dividend = strip((*b.left).clone()).to_token_stream().to_string();
            if let (Ok(divisor @ 1..), Some(&dividend)) =
                (divisor.base10_parse::<i128>(), self.by_text.get(&dividend))
            {
                out.push(Quotient {
                    quotient: AtomId(k),
                    divisor,
                    dividend,
                });
            }
        }
        out
    }
}

/// `quotient` is `dividend / divisor` in integer division. Atoms stand for non-negative
/// values, so `divisor * quotient <= dividend`.
pub(crate) struct Quotient {
    quotient: AtomId,
    divisor: i128,
    dividend: AtomId,
}

/// A monomial: the sorted atoms multiplied together (empty: a constant).
type Monomial = Vec<AtomId>;

/// A polynomial with integer coefficients over atoms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Poly {
    terms: BTreeMap<Monomial, i128>,
}

impl Poly {
    pub(crate) fn constant(c: i128) -> Poly {
        let mut p = Poly::default();
        if c != 0 {
            p.terms.insert(Vec::new(), c);
        }
        p
    }

    pub(crate) fn atom(id: AtomId) -> Poly {
        let mut p = Poly::default();
        p.terms.insert(vec![id], 1);
        p
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.terms.is_empty()
    }

    /// The value, when the polynomial is a constant.
    pub(crate) fn as_constant(&self) -> Option<i128> {
        match self.terms.len() {
            0 => Some(0),
            1 => self.terms.get(&Vec::new()).copied(),
            _ => None,
        }
    }

    pub(crate) fn add(&self, other: &Poly) -> Poly {
        let mut out = self.clone();
        for (m, c) in &other.terms {
            let e = out.terms.entry(m.clone()).or_insert(0);
            *e = e.saturating_add(*c);
            if *e == 0 {
                out.terms.remove(m);
            }
        }
        out
    }

    pub(crate) fn neg(&self) -> Poly {
        Poly {
            terms: self
                .terms
                .iter()
                .map(|(m, c)| (m.clone(), c.saturating_neg()))
                .collect(),
        }
    }

    pub(crate) fn sub(&self, other: &Poly) -> Poly {
        self.add(&other.neg())
    }

    pub(crate) fn mul(&self, other: &Poly) -> Poly {
        let mut out = Poly::default();
        for (ma, ca) in &self.terms {
            for (mb, cb) in &other.terms {
                let mut m: Monomial = ma.iter().chain(mb).cloned().collect();
                m.sort();
                out = out.add(&Poly {
                    terms: [(m, ca.saturating_mul(*cb))].into_iter().collect(),
                });
            }
        }
        out
    }

    /// The atoms the polynomial mentions.
    pub(crate) fn atoms(&self) -> impl Iterator<Item = AtomId> + '_ {
        self.terms.keys().flatten().copied()
    }

    /// True when the polynomial is at least zero for all non-negative atoms.
    pub(crate) fn non_negative(&self) -> bool {
        self.terms.values().all(|&c| c >= 0)
    }

    /// [`non_negative`](Self::non_negative), also knowing what `quotients` say: a
    /// term `-k * (n / c)` is at least `-k * n / c`.
    pub(crate) fn non_negative_given(&self, quotients: &[Quotient]) -> bool {
        if self.non_negative() {
            return true;
        }
        // `p >= 0` when `c * p = k * (n - c * q) + r` with `r >= 0`, since the first term
        // is non-negative: each step cancels the negative `q` term of `c * p`.
        let mut p = self.clone();
        for q in quotients {
            let Some(&coef) = p.terms.get(&vec![q.quotient]) else {
                continue;
            };
            if coef >= 0 {
                continue;
            }
            let slack =
                Poly::atom(q.dividend).sub(&Poly::constant(q.divisor).mul(&Poly::atom(q.quotient)));
            p = Poly::constant(q.divisor)
                .mul(&p)
                .sub(&Poly::constant(-coef).mul(&slack));
            if p.non_negative() {
                return true;
            }
        }
        false
    }

    /// True when the polynomial is at least zero for all atoms at least one: atoms
    /// that scale indices or step ranges (`k` in `k*i`, `step_by(k)`) are at least one
    /// in any loop that does not race; were one zero, every iteration would touch the
    /// same element, and the runtime's windows turn that into a clear panic.
    pub(crate) fn non_negative_for_positive_atoms(&self) -> bool {
        let mut shifted = Poly::default();
        for (m, c) in &self.terms {
            // x -> 1 + x for every atom x of the monomial.
            let term = m.iter().fold(Poly::constant(*c), |acc, atom| {
                acc.mul(&Poly::constant(1).add(&Poly::atom(*atom)))
            });
            shifted = shifted.add(&term);
        }
        shifted.non_negative()
    }

    /// True when the polynomial is at most zero for all non-negative atoms.
    pub(crate) fn non_positive(&self) -> bool {
        self.terms.values().all(|&c| c <= 0)
    }

    /// Rust code computing the polynomial in `i128`, with `atoms` mapping each atom to
    /// the expression that evaluates it.
    pub(crate) fn to_tokens(&self, atoms: &BTreeMap<AtomId, TokenStream>) -> TokenStream {
        let terms = self.terms.iter().map(|(m, c)| {
            let factors = m.iter().map(|id| {
                let e = &atoms[id];
                quote!((#e) as i128)
            });
            quote!(#c #(* #factors)*)
        });
        quote!((0i128 #(+ #terms)*))
    }
}

/// `coef * i + offset` with `offset` somewhere in `lo..=hi`; with `quot`, the value is
/// instead somewhere in `quot(d_lo) + lo ..= quot(d_hi) + hi` (and `coef` is zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Affine {
    pub(crate) coef: Poly,
    pub(crate) lo: Poly,
    pub(crate) hi: Poly,
    pub(crate) quot: Option<Quot>,
}

/// `quot(d) = (a * i + d) / c` for the loop variable `i`, in integer division: the
/// bounds of block loops (`b * n / k..(b + 1) * n / k`). With `a >= 0` and `c > 0` it
/// never decreases as `i` or `d` grow, and `quot(d_hi)` at `i` is at most `quot(d_lo)`
/// at `i + 1` when `d_hi - d_lo <= a`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Quot {
    pub(crate) a: Poly,
    pub(crate) c: Poly,
    pub(crate) d_lo: Poly,
    pub(crate) d_hi: Poly,
}

impl Affine {
    pub(crate) fn constant(p: Poly) -> Affine {
        Affine {
            coef: Poly::default(),
            lo: p.clone(),
            hi: p,
            quot: None,
        }
    }

    pub(crate) fn loop_var() -> Affine {
        Affine {
            coef: Poly::constant(1),
            lo: Poly::default(),
            hi: Poly::default(),
            quot: None,
        }
    }

    /// Whether the value depends on the loop variable.
    pub(crate) fn pinned(&self) -> bool {
        !self.coef.is_zero() || self.quot.is_some()
    }

    /// Whether the value is an exact point rather than a range.
    pub(crate) fn is_point(&self) -> bool {
        self.lo == self.hi && self.quot.as_ref().is_none_or(|q| q.d_lo == q.d_hi)
    }

    /// The sum; `None` when both sides divide, or one divides and the other moves with
    /// the loop variable.
    pub(crate) fn add(&self, o: &Affine) -> Option<Affine> {
        let quot = match (&self.quot, &o.quot) {
            (Some(_), Some(_)) => return None,
            (Some(q), None) if o.coef.is_zero() => Some(q.clone()),
            (None, Some(q)) if self.coef.is_zero() => Some(q.clone()),
            (None, None) => None,
            _ => return None,
        };
        Some(Affine {
            coef: self.coef.add(&o.coef),
            lo: self.lo.add(&o.lo),
            hi: self.hi.add(&o.hi),
            quot,
        })
    }

    /// The negation; `None` for a quotient, which would then decrease.
    pub(crate) fn neg(&self) -> Option<Affine> {
        if self.quot.is_some() {
            return None;
        }
        Some(Affine {
            coef: self.coef.neg(),
            lo: self.hi.neg(),
            hi: self.lo.neg(),
            quot: None,
        })
    }

    pub(crate) fn sub(&self, o: &Affine) -> Option<Affine> {
        self.add(&o.neg()?)
    }

    /// Product, when one side is a loop-invariant point (otherwise not affine).
    pub(crate) fn mul(&self, o: &Affine) -> Option<Affine> {
        if self.quot.is_some() || o.quot.is_some() {
            return None;
        }
        let (k, x) = if !self.pinned() && self.is_point() {
            (&self.lo, o)
        } else if !o.pinned() && o.is_point() {
            (&o.lo, self)
        } else {
            return None;
        };
        let (lo, hi) = if k.non_negative() {
            (x.lo.mul(k), x.hi.mul(k))
        } else if k.non_positive() {
            (x.hi.mul(k), x.lo.mul(k))
        } else if x.is_point() {
            (x.lo.mul(k), x.hi.mul(k))
        } else {
            return None;
        };
        Some(Affine {
            coef: x.coef.mul(k),
            lo,
            hi,
            quot: None,
        })
    }

    /// The quotient `self / o` of a point `a * i + d` that grows with the loop variable
    /// by a loop-invariant point `c`, both non-negative: a block bound.
    pub(crate) fn div(&self, o: &Affine) -> Option<Affine> {
        let ok = self.quot.is_none()
            && self.is_point()
            && !self.coef.is_zero()
            && self.coef.non_negative()
            && !o.pinned()
            && o.is_point()
            && o.lo.non_negative()
            && !o.lo.is_zero();
        ok.then(|| Affine {
            coef: Poly::default(),
            lo: Poly::default(),
            hi: Poly::default(),
            quot: Some(Quot {
                a: self.coef.clone(),
                c: o.lo.clone(),
                d_lo: self.lo.clone(),
                d_hi: self.lo.clone(),
            }),
        })
    }

    /// The range of `x` for `x in lo..hi` (exclusive end) or `lo..=hi`, when both ends
    /// move with the loop variable at the same rate, or are quotients with the same
    /// `a` and `c`.
    pub(crate) fn range(lo: &Affine, hi: &Affine, inclusive: bool) -> Option<Affine> {
        if lo.coef != hi.coef || !lo.is_point() || !hi.is_point() {
            return None;
        }
        let quot = match (&lo.quot, &hi.quot) {
            (None, None) => None,
            (Some(l), Some(h)) if l.a == h.a && l.c == h.c => Some(Quot {
                a: l.a.clone(),
                c: l.c.clone(),
                d_lo: l.d_lo.clone(),
                d_hi: h.d_hi.clone(),
            }),
            _ => return None,
        };
        let hi = if inclusive {
            hi.hi.clone()
        } else {
            hi.hi.sub(&Poly::constant(1))
        };
        Some(Affine {
            coef: lo.coef.clone(),
            lo: lo.lo.clone(),
            hi,
            quot,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The atom for `name`, in one table per test so equal names are one atom.
    fn a(name: &str) -> Poly {
        thread_local!(static ATOMS: std::cell::RefCell<Atoms> = Default::default());
        let id = ATOMS.with(|t| {
            t.borrow_mut()
                .intern(&syn::Ident::new(name, proc_macro2::Span::call_site()))
        });
        Poly::atom(id)
    }

    #[test]
    fn quotients_bound_their_dividends() {
        let mut atoms = Atoms::default();
        let n = atoms.intern(&quote!(n));
        let h = atoms.intern(&quote!(n / 2));
        let t = atoms.intern(&quote!((n) / 3));
        let odd = atoms.intern(&quote!((n + 1) / 2));
        let q = atoms.quotients();
        assert_eq!(q.len(), 2); // `(n + 1)` is no atom
        let (n, h, t, odd) = (Poly::atom(n), Poly::atom(h), Poly::atom(t), Poly::atom(odd));
        let two = Poly::constant(2);
        // n - 2 * (n / 2) >= 0, n - 3 * (n / 3) >= 0, n - 2 * (n / 3) >= 0.
        assert!(n.sub(&two.mul(&h)).non_negative_given(&q));
        assert!(n.sub(&Poly::constant(3).mul(&t)).non_negative_given(&q));
        assert!(n.sub(&two.mul(&t)).non_negative_given(&q));
        // Not: n - 2 * (n / 2) - 1 (n even), n - 4 * (n / 3), n - 2 * ((n + 1) / 2).
        assert!(
            !n.sub(&two.mul(&h))
                .sub(&Poly::constant(1))
                .non_negative_given(&q)
        );
        assert!(!n.sub(&Poly::constant(4).mul(&t)).non_negative_given(&q));
        assert!(!n.sub(&two.mul(&odd)).non_negative_given(&q));
    }

    #[test]
    fn polynomial_arithmetic() {
        let bs = a("bs");
        let p = Poly::constant(1).add(&bs).mul(&bs); // (1 + bs) * bs
        assert_eq!(p, bs.add(&bs.mul(&bs)));
        assert!(p.sub(&bs).non_negative());
        assert_eq!(p.sub(&p).as_constant(), Some(0));
        assert!(Poly::constant(-2).non_positive());
        // k - 1 >= 0 once atoms are at least one; k*k - 2 is not (k = 1).
        let k = a("k");
        assert!(k.sub(&Poly::constant(1)).non_negative_for_positive_atoms());
        assert!(
            !k.mul(&k)
                .sub(&Poly::constant(2))
                .non_negative_for_positive_atoms()
        );
        assert!(!k.sub(&Poly::constant(1)).non_negative());
    }

    #[test]
    fn affine_products_and_ranges() {
        let i = Affine::loop_var();
        let two = Affine::constant(Poly::constant(2));
        let one = Affine::constant(Poly::constant(1));
        let two_i_plus_1 = i.mul(&two).unwrap().add(&one).unwrap();
        assert_eq!(two_i_plus_1.coef, Poly::constant(2));
        assert_eq!(two_i_plus_1.lo, Poly::constant(1));
        assert!(i.mul(&i).is_none());
        // x in w*bs..(w+1)*bs
        let bs = Affine::constant(a("bs"));
        let lo = i.mul(&bs).unwrap();
        let hi = i.add(&one).unwrap().mul(&bs).unwrap();
        let x = Affine::range(&lo, &hi, false).unwrap();
        assert_eq!(x.coef, a("bs"));
        assert_eq!(x.hi, a("bs").sub(&Poly::constant(1)));
        // n - 1 - i
        let rev = Affine::constant(a("n")).sub(&one).unwrap().sub(&i).unwrap();
        assert_eq!(rev.coef, Poly::constant(-1));
    }

    #[test]
    fn block_bounds_are_quotients() {
        let i = Affine::loop_var();
        let one = Affine::constant(Poly::constant(1));
        let (n, k) = (Affine::constant(a("n")), Affine::constant(a("k")));
        // x in i*n/k..(i+1)*n/k: quot(0) ..= quot(n) - 1 with quot(d) = (n*i + d) / k.
        let lo = i.mul(&n).unwrap().div(&k).unwrap();
        let hi = i.add(&one).unwrap().mul(&n).unwrap().div(&k).unwrap();
        let x = Affine::range(&lo, &hi, false).unwrap();
        let q = x.quot.clone().unwrap();
        assert_eq!(
            (q.a, q.c, q.d_lo, q.d_hi),
            (a("n"), a("k"), Poly::default(), a("n"))
        );
        assert_eq!(
            (x.lo.clone(), x.hi.clone()),
            (Poly::default(), Poly::constant(-1))
        );
        assert!(x.pinned() && !x.is_point());
        // Shifts keep the quotient; negating, scaling or adding a second one do not.
        assert_eq!(x.add(&one).unwrap().quot, x.quot);
        assert!(x.neg().is_none() && x.mul(&k).is_none() && x.add(&x).is_none());
        assert!(x.add(&i).is_none());
        // Not a quotient: an invariant dividend, a zero or moving divisor.
        assert!(n.div(&k).is_none());
        assert!(i.div(&Affine::constant(Poly::default())).is_none());
        assert!(i.div(&i).is_none());
        // Different divisors make no range.
        let other = i.add(&one).unwrap().mul(&n).unwrap().div(&n).unwrap();
        assert!(Affine::range(&lo, &other, false).is_none());
    }
}
