//! [`ResidueWindow`]: a 1-D array a loop writes only at indices `c * k + r` (one
//! residue class modulo `c`) while it reads the other classes, as red-black
//! Gauss-Seidel writes the even points from the odd ones.
//!
//! A contiguous window per chunk cannot hold the odd neighbours both chunks at a
//! boundary read, and no safe split gives interleaved mutable and shared elements. This
//! window keeps the array's pointer, a contiguous range of indices in which it may
//! write the class, and checks every access.
//!
//! # Soundness
//!
//! A window is made only from a unique borrow of the whole array (kept for `'a`) and
//! cut only by [`Splittable::split_at`], which gives the halves disjoint index ranges.
//! Every access checks, before the pointer is touched, that the index is inside the
//! array, and:
//!
//! - a mutable access (`IndexMut`, `get_mut`), that the index is in the written class
//!   and in this window's range: so two windows never reach the same written element;
//! - a shared access (`Index`, `get`) of the written class, that the index is in this
//!   window's range too; a shared access of any other class needs nothing more, since
//!   no window made from the array can ever write those (the first check refuses it).
//!
//! So every element is either written by one window only, or only read by all of them.
//! Within one window, `&self`/`&mut self` give the usual borrow rules.

use std::marker::PhantomData;
use std::ops::{Index, IndexMut, Range};
use std::ptr::NonNull;

use ndarray::{ArrayBase, DataMut, Ix1};

use super::source::Splittable;

/// A chunk's share of a 1-D array whose elements `stride * k + offset` the loop writes
/// (each by its own iteration `k`) and whose other elements it only reads: what such an
/// array is inside a `#[parallel]` loop body.
///
/// Indexing, `get` and `get_mut` take the array's own indices; `len` and `is_empty`
/// describe the whole array. The window writes the written class's elements within
/// [`window`](Self::window) and reads those and every element of the other classes.
///
/// # Panics
///
/// An index past the array panics as the sequential loop would; a write outside the
/// written class, or an access to a written element outside the window, panics naming
/// the array and the index.
///
/// # Examples
///
/// ```
/// use parfor_runtime::window::ResidueWindow;
/// use parfor_runtime::__private::Splittable;
///
/// let mut u = vec![1.0, 10.0, 2.0, 20.0, 3.0, 30.0];
/// let w = ResidueWindow::new(&mut u, "u", 2, 0); // the even elements are written
/// let (mut low, mut high) = w.split_at(3);
/// low[2] = low[1] + low[3]; // the odd neighbours are read by both windows
/// high[4] = high[3] + high[5];
/// assert_eq!(u, [1.0, 10.0, 30.0, 20.0, 50.0, 30.0]);
/// ```
pub struct ResidueWindow<'a, T> {
    /// Element 0.
    ptr: NonNull<T>,
    len: usize,
    /// Between consecutive elements in memory, in elements.
    step: isize,
    class: Class,
    window: Range<usize>,
    name: &'static str,
    array: PhantomData<&'a mut T>,
}

/// The written class: the indices `stride * k + offset`, as `index % stride == rem`.
#[derive(Clone, Copy, Debug)]
struct Class {
    stride: usize,
    rem: usize,
}

// SAFETY: the window hands out `&mut T` only to elements no other window can reach,
// and `&T` to elements no window can write (see the module docs): moving it to another
// thread is sound when `T` may be sent and shared, as for a `&mut [T]` beside a `&[T]`.
#[allow(unsafe_code)]
unsafe impl<T: Send + Sync> Send for ResidueWindow<'_, T> {}
// SAFETY: `&ResidueWindow` hands out only `&T`.
#[allow(unsafe_code)]
unsafe impl<T: Sync> Sync for ResidueWindow<'_, T> {}

impl<'a, T> ResidueWindow<'a, T> {
    /// A window over all of `array` that writes the elements `stride * k + offset`;
    /// `name` is the array's name in panic messages.
    ///
    /// # Panics
    ///
    /// When `stride < 1`.
    pub fn new(array: &'a mut [T], name: &'static str, stride: i128, offset: i128) -> Self {
        let len = array.len();
        let ptr = NonNull::new(array.as_mut_ptr()).expect("a slice's pointer is never null");
        Self::from_raw(ptr, len, 1, name, stride, offset)
    }

    /// The same over a 1-D ndarray view, of any stride.
    ///
    /// # Panics
    ///
    /// When `stride < 1`.
    pub fn from_view(
        mut view: ndarray::ArrayViewMut1<'a, T>,
        name: &'static str,
        stride: i128,
        offset: i128,
    ) -> Self {
        let (len, step) = (view.len(), view.strides()[0]);
        let ptr = NonNull::new(view.as_mut_ptr()).expect("an array's pointer is never null");
        Self::from_raw(ptr, len, step, name, stride, offset)
    }

    /// `ptr`, `len` and `step` describe the elements of a unique borrow for `'a`.
    fn from_raw(
        ptr: NonNull<T>,
        len: usize,
        step: isize,
        name: &'static str,
        stride: i128,
        offset: i128,
    ) -> Self {
        assert!(
            stride >= 1,
            "parfor: a residue window of `{name}` needs a stride of at least 1"
        );
        let class = Class {
            stride: usize::try_from(stride).unwrap_or(usize::MAX),
            rem: offset.rem_euclid(stride) as usize,
        };
        ResidueWindow {
            ptr,
            len,
            step,
            class,
            window: 0..len,
            name,
            array: PhantomData,
        }
    }

    /// The indices in which this window writes the written class.
    pub fn window(&self) -> Range<usize> {
        self.window.clone()
    }

    /// The whole array's length.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the whole array is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn written(&self, index: usize) -> bool {
        index % self.class.stride == self.class.rem
    }

    /// The element's offset from element 0 for a shared access, `None` past the array.
    #[inline(always)]
    #[track_caller]
    fn read_at(&self, index: usize) -> Option<isize> {
        if index >= self.len {
            return None;
        }
        if self.written(index) && !self.window.contains(&index) {
            not_owned(self.name, index, &self.window);
        }
        Some(index as isize * self.step)
    }

    /// The element's offset from element 0 for a mutable access, `None` past the array.
    #[inline(always)]
    #[track_caller]
    fn write_at(&self, index: usize) -> Option<isize> {
        if index >= self.len {
            return None;
        }
        if !self.written(index) {
            not_written(self.name, index, self.class);
        }
        if !self.window.contains(&index) {
            not_owned(self.name, index, &self.window);
        }
        Some(index as isize * self.step)
    }

    /// The element at `index`, `None` past the array.
    ///
    /// # Panics
    ///
    /// For an element of the written class outside this window.
    #[track_caller]
    pub fn get(&self, index: usize) -> Option<&T> {
        let at = self.read_at(index)?;
        // SAFETY: in the array (checked); an element of the written class only inside
        // this window, which alone may write it, or of a class no window writes.
        #[allow(unsafe_code)]
        Some(unsafe { &*self.ptr.as_ptr().offset(at) })
    }

    /// The element at `index`, `None` past the array.
    ///
    /// # Panics
    ///
    /// For an element outside the written class or outside this window.
    #[track_caller]
    pub fn get_mut(&mut self, index: usize) -> Option<&mut T> {
        let at = self.write_at(index)?;
        // SAFETY: in the array, in the written class and inside this window (checked):
        // no other window reaches it; `&mut self` makes the reference unique.
        #[allow(unsafe_code)]
        Some(unsafe { &mut *self.ptr.as_ptr().offset(at) })
    }
}

impl<T> Index<usize> for ResidueWindow<'_, T> {
    type Output = T;
    #[inline(always)]
    #[track_caller]
    fn index(&self, index: usize) -> &T {
        self.get(index)
            .unwrap_or_else(|| past(self.name, index, self.len))
    }
}

impl<T> IndexMut<usize> for ResidueWindow<'_, T> {
    #[inline(always)]
    #[track_caller]
    fn index_mut(&mut self, index: usize) -> &mut T {
        let (name, len) = (self.name, self.len);
        self.get_mut(index)
            .unwrap_or_else(|| past(name, index, len))
    }
}

impl<T: Send + Sync> Splittable for ResidueWindow<'_, T> {
    fn span(&self) -> Range<usize> {
        self.window()
    }

    fn split_at(self, at: usize) -> (Self, Self) {
        let at = at.clamp(self.window.start, self.window.end);
        let below = ResidueWindow {
            window: self.window.start..at,
            ..self
        };
        let above = ResidueWindow {
            window: at..self.window.end,
            ..self
        };
        (below, above)
    }

    fn frame(self, _keep: Range<usize>) -> Self {
        panic!(
            "parfor: the residue window of `{}` cannot be framed",
            self.name
        )
    }
}

impl<T> std::fmt::Debug for ResidueWindow<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ResidueWindow")
            .field("name", &self.name)
            .field("len", &self.len)
            .field("class", &self.class)
            .field("window", &self.window)
            .finish_non_exhaustive()
    }
}

/// Arrays a loop can write one residue class of: `Vec<T>`, `[T]` and 1-D ndarray
/// arrays. Called with method syntax by generated code, so autoderef reaches the array
/// behind `&mut Vec<T>`, `&mut [T]` or `&mut Array1<T>`.
pub trait ResidueSource {
    /// The element type.
    type Elem;
    /// The whole array as one window writing the elements `stride * k + offset`.
    #[doc(hidden)]
    fn __parfor_residue(
        &mut self,
        name: &'static str,
        stride: i128,
        offset: i128,
    ) -> ResidueWindow<'_, Self::Elem>;
}

impl<T> ResidueSource for [T] {
    type Elem = T;
    fn __parfor_residue(
        &mut self,
        name: &'static str,
        stride: i128,
        offset: i128,
    ) -> ResidueWindow<'_, T> {
        ResidueWindow::new(self, name, stride, offset)
    }
}

impl<T> ResidueSource for Vec<T> {
    type Elem = T;
    fn __parfor_residue(
        &mut self,
        name: &'static str,
        stride: i128,
        offset: i128,
    ) -> ResidueWindow<'_, T> {
        ResidueWindow::new(self, name, stride, offset)
    }
}

impl<T, S: DataMut<Elem = T>> ResidueSource for ArrayBase<S, Ix1> {
    type Elem = T;
    fn __parfor_residue(
        &mut self,
        name: &'static str,
        stride: i128,
        offset: i128,
    ) -> ResidueWindow<'_, T> {
        ResidueWindow::from_view(self.view_mut(), name, stride, offset)
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn past(name: &str, index: usize, len: usize) -> ! {
    panic!("parfor: index {index} out of bounds for `{name}` of length {len}")
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_owned(name: &str, index: usize, window: &Range<usize>) -> ! {
    panic!(
        "parfor: index {index} of `{name}` is outside this chunk's window {}..{}: an \
         iteration touched an element assigned to another chunk",
        window.start, window.end
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_written(name: &str, index: usize, class: Class) -> ! {
    panic!(
        "parfor: index {index} of `{name}` is written, but the loop writes only the \
         elements {} * k + {} and shares the others read-only",
        class.stride, class.rem
    )
}

#[cfg(test)]
mod tests {
    use ndarray::{Array1, s};

    use super::super::panic_text;
    use super::*;

    /// Red-black halves: each window writes its even elements, every window reads
    /// every odd one; through a slice and a reversed ndarray view.
    #[test]
    fn windows_write_their_class_and_share_the_rest() {
        let mut u: Vec<i64> = (0..10).collect();
        let w = ResidueWindow::new(&mut u, "u", 2, 0);
        let (mut a, rest) = w.split_at(4);
        let (mut b, mut c) = rest.split_at(8);
        for (w, evens) in [(&mut a, 0..2), (&mut b, 2..4), (&mut c, 4..5)] {
            for k in evens {
                let i = 2 * k;
                let left = if i > 0 { w[i - 1] } else { 0 };
                let right = w.get(i + 1).copied().unwrap_or(0);
                w[i] = 100 + left + right;
            }
        }
        assert_eq!(u, [101, 1, 104, 3, 108, 5, 112, 7, 116, 9]);

        let mut v = Array1::from_iter(0..7i64);
        let w = ResidueWindow::from_view(v.slice_mut(s![..;-1]), "v", 3, -2);
        let (mut low, high) = w.split_at(3);
        low[1] = -1; // view index 1 is 1 mod 3; array index 5
        assert_eq!((low[0], high[2]), (6, 4)); // classes 0 and 2: shared
        let text = panic_text(|| {
            let _ = high[1];
        });
        assert!(text.contains("outside this chunk's window 3..7"), "{text}");
        assert_eq!(v.to_vec(), [0, 1, 2, 3, 4, -1, 6]);
    }

    #[test]
    fn other_classes_and_other_windows_refuse_writes() {
        let mut u = vec![0.0; 8];
        let w = ResidueWindow::new(&mut u, "u", 2, 1);
        let (mut low, high) = w.split_at(4);
        let text = panic_text(|| low[2] = 1.0);
        assert!(
            text.contains("the loop writes only the elements 2 * k + 1"),
            "{text}"
        );
        let text = panic_text(|| low[5] = 1.0);
        assert!(
            text.contains("index 5 of `u` is outside this chunk's window 0..4"),
            "{text}"
        );
        let text = panic_text(|| {
            let _ = high.get(3);
        });
        assert!(
            text.contains("index 3 of `u` is outside this chunk's window 4..8"),
            "{text}"
        );
        let text = panic_text(|| low[8] = 1.0);
        assert_eq!(text, "parfor: index 8 out of bounds for `u` of length 8");
        assert_eq!((high[6], low.get(9), low.len()), (0.0, None, 8));
    }
}
