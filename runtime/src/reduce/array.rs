//! Array reductions: a captured array whose elements a loop only updates with one
//! operator (`hist[b] += 1`, `sums[[k, j]] += x[[i, j]]`) at indices iterations may
//! share.
//!
//! Each leaf of such a loop accumulates into a private copy of the array that starts
//! at the operator's identity; the copies are combined element by element in leaf
//! order, then into the array. Leaves are fewer and longer than in other loops:
//! [`array_chunk`] picks their size from the trip count and the arrays' sizes alone, so
//! the extra memory is bounded ([`MAX_COPIES`] copies, [`COPY_BUDGET`] bytes) and the
//! result is bitwise the same on any thread count.

use ndarray::{Array, ArrayBase, DataMut, Dimension, Zip};

use super::sum::Like;

/// At most this many private copies of the reduced arrays exist during a loop.
pub const MAX_COPIES: usize = 64;

/// At most this many bytes of private copies (of all reduced arrays together) exist
/// during a loop, unless one copy alone is larger: then there is one.
pub const COPY_BUDGET: usize = 256 << 20;

/// The leaf size of a loop of `len` iterations that reduces into arrays of `bytes`
/// bytes and `elems` elements in all: `len` split into as many leaves as
/// [`MAX_COPIES`], [`COPY_BUDGET`] and `len / elems` allow (a copy is worth making
/// only when its leaf updates about as many elements as zeroing and combining it
/// touches), at least one. A `chunk = N` option larger than that is kept.
pub fn array_chunk(len: usize, chunk: Option<usize>, bytes: usize, elems: usize) -> Option<usize> {
    let copies = MAX_COPIES
        .min(COPY_BUDGET / bytes.max(1))
        .min(len / elems.max(1))
        .max(1);
    let leaf = len.div_ceil(copies).max(1);
    Some(match chunk {
        // `chunk = 0` keeps its panic.
        Some(0) => 0,
        Some(c) => c.max(leaf),
        None => leaf,
    })
}

/// An array a loop reduces into: `Vec<T>`, `[T]` (through `&mut`) and ndarray arrays
/// and mutable views of any dimension.
///
/// Called with method syntax by the generated code, so autoderef reaches the array
/// behind `&mut Vec<T>`, `&mut [T]` or `&mut Array2<T>`.
pub trait ReduceInto {
    /// The element type.
    type Elem: Clone;
    /// A private copy holding accumulators of type `U`.
    type Private<U: Clone + Send>: PrivateCopy<U>;
    /// The element type, for picking the accumulator.
    fn __parfor_like(&self) -> Like<Self::Elem> {
        Like::new()
    }
    /// The number of elements and their bytes.
    fn __parfor_size(&self) -> (usize, usize);
    /// A private copy of the array's shape, every element `id`.
    fn __parfor_private<U: Clone + Send>(&self, id: &U) -> Self::Private<U>;
    /// Folds a combined copy into the array: `a[k] = fold(a[k], copy[k])`.
    fn __parfor_fold<U: Clone + Send>(
        &mut self,
        copy: Self::Private<U>,
        fold: impl Fn(Self::Elem, U) -> Self::Elem,
    );
}

impl<T: Clone> ReduceInto for [T] {
    type Elem = T;
    type Private<U: Clone + Send> = Vec<U>;
    fn __parfor_size(&self) -> (usize, usize) {
        (self.len(), size_of_val(self))
    }
    fn __parfor_private<U: Clone + Send>(&self, id: &U) -> Vec<U> {
        vec![id.clone(); self.len()]
    }
    fn __parfor_fold<U: Clone + Send>(&mut self, copy: Vec<U>, fold: impl Fn(T, U) -> T) {
        for (a, c) in self.iter_mut().zip(copy) {
            *a = fold(a.clone(), c);
        }
    }
}

impl<A: Clone, S: DataMut<Elem = A>, D: Dimension> ReduceInto for ArrayBase<S, D> {
    type Elem = A;
    type Private<U: Clone + Send> = Array<U, D>;
    fn __parfor_size(&self) -> (usize, usize) {
        (self.len(), self.len() * size_of::<A>())
    }
    fn __parfor_private<U: Clone + Send>(&self, id: &U) -> Array<U, D> {
        Array::from_elem(self.raw_dim(), id.clone())
    }
    fn __parfor_fold<U: Clone + Send>(&mut self, copy: Array<U, D>, fold: impl Fn(A, U) -> A) {
        Zip::from(self)
            .and(&copy)
            .for_each(|a, c| *a = fold(a.clone(), c.clone()));
    }
}

/// A private copy: combined with another element by element.
pub trait PrivateCopy<U>: Send {
    /// `self[k] = combine(self[k], other[k])` for every `k`.
    fn __parfor_combine(self, other: Self, combine: impl Fn(U, U) -> U) -> Self;
}

impl<U: Clone + Send> PrivateCopy<U> for Vec<U> {
    fn __parfor_combine(mut self, other: Self, combine: impl Fn(U, U) -> U) -> Self {
        for (a, b) in self.iter_mut().zip(other) {
            *a = combine(a.clone(), b);
        }
        self
    }
}

impl<U: Clone + Send, D: Dimension> PrivateCopy<U> for Array<U, D> {
    fn __parfor_combine(mut self, other: Self, combine: impl Fn(U, U) -> U) -> Self {
        Zip::from(&mut self)
            .and(&other)
            .for_each(|a, b| *a = combine(a.clone(), b.clone()));
        self
    }
}

/// Combines two leaves' private copies, element by element.
#[inline]
pub fn combine_copies<U, P: PrivateCopy<U>>(a: P, b: P, combine: impl Fn(U, U) -> U) -> P {
    a.__parfor_combine(b, combine)
}

#[cfg(test)]
mod tests {
    use ndarray::array;

    use super::*;
    use crate::reduce::ops;

    #[test]
    fn leaves_are_few_and_bounded_by_memory_and_work() {
        // A histogram: 5e7 values into 256 bins: MAX_COPIES leaves.
        let c = array_chunk(50_000_000, None, 256 * 8, 256).unwrap();
        assert_eq!(50_000_000_usize.div_ceil(c), MAX_COPIES);
        // Fewer iterations than elements: one leaf, no copy worth making.
        assert_eq!(array_chunk(1000, None, 8 << 20, 1 << 20), Some(1000));
        // A 128 MiB array: two copies at most.
        let c = array_chunk(1 << 30, None, 128 << 20, 16 << 20).unwrap();
        assert_eq!((1_usize << 30).div_ceil(c), 2);
        // A larger `chunk = N` is kept, a smaller one raised, zero kept to panic.
        assert_eq!(array_chunk(1 << 20, Some(1 << 19), 8, 1), Some(1 << 19));
        assert_eq!(array_chunk(1 << 20, Some(1), 8, 1), Some((1 << 20) / 64));
        assert_eq!(array_chunk(0, None, 8, 1), Some(1));
        assert_eq!(array_chunk(10, Some(0), 8, 1), Some(0));
    }

    #[test]
    fn copies_combine_and_fold_element_by_element() {
        let mut v = vec![1.0, 2.0, 3.0];
        let a = v.as_slice().__parfor_private(&0.0);
        let mut b = v.as_slice().__parfor_private(&0.0);
        b[1] = 5.0;
        let c = combine_copies(a, b, ops::add);
        v.as_mut_slice().__parfor_fold(c, ops::add);
        assert_eq!(v, [1.0, 7.0, 3.0]);

        let mut m = array![[1_i32, 2], [3, 4]];
        let mut p = m.__parfor_private(&i32::MIN);
        p[[1, 0]] = 9;
        m.__parfor_fold(p, ops::max);
        assert_eq!(m, array![[1, 2], [9, 4]]);
        assert_eq!(m.__parfor_size(), (4, 16));
    }
}
