//! The traits a reduction variable's type needs: one per operator, for the identity the
//! private accumulators start from.
//!
//! A `prange` loop may update a captured scalar `s` as a reduction (`s += e`, `s *= e`,
//! `s &= e`, `s = s.max(e)`, ...). Each chunk of iterations runs on private
//! accumulators that start at the operator's identity, and the partials are then
//! combined with the operator. For a concrete type (`f64`, `i32`, `Complex<f32>`, `bool`
//! ...) nothing is needed; a generic `T` needs `Copy + Send + Sync`, the operator the
//! body uses (`AddAssign`, `MulAssign`, `BitOrAssign`, `Ord` for `max` ...), and the
//! identity's trait, which also gives the operator the partials combine with:
//!
//! | reduction | identity | bound |
//! | --- | --- | --- |
//! | `s += e`, `s -= e` | `0` | [`Zero`] (num-traits' own trait) |
//! | `s *= e` | `1` | [`One`] (num-traits' own trait) |
//! | `s /= e` (floats only) | `1` | [`Quotient`] |
//! | `s &= e` | all bits set | [`Bits`] |
//! | `s \|= e`, `s ^= e` | no bit set | [`Bits`] |
//! | `s = s.max(e)` | `MIN` for integers, NaN for floats | [`Extremum`] |
//! | `s = s.min(e)` | `MAX` for integers, NaN for floats | [`Extremum`] |
//!
//! [`Zero`] and [`One`] are re-exported from num-traits: generic code bounded by
//! `num_traits::Zero`, as ndarray code usually is, reduces as it is, and a type of your
//! own reduces once it implements num-traits' traits. num-traits has no trait for the
//! other identities (its `Bounded::min_value()` of a float is finite, where the identity
//! of `f64::max` must give way to every float and to NaN: it is NaN itself), so parfor
//! defines [`Bits`] and
//! [`Extremum`], implemented for the primitive integers, `bool` ([`Bits`]) and the
//! floats ([`Extremum`]).
//!
//! # Arrays
//!
//! An array whose elements the loop only updates with one of these operators at
//! indices iterations may share (`hist[b] += 1`, `a[k] = a[k].max(e)`), or updates as a
//! whole with ndarray's arithmetic (`y += &x.row(i)`), is reduced too: the loop runs
//! in at most [`MAX_COPIES`] groups of chunks, each adding into a private copy of the
//! array that starts at the identity, and the copies are combined element by element,
//! group after group, into the array. The number of groups depends only on the trip
//! count and the arrays' sizes: at most [`COPY_BUDGET`] bytes of copies exist at once
//! (one copy when a single one is larger), and no more groups than iterations per
//! element (a copy must be worth zeroing). The element types need the bounds of the
//! table; `Vec<T>`, `[T]` and ndarray arrays and mutable views of any dimension can be
//! reduced into.
//!
//! # Determinism
//!
//! Partials combine in a fixed order: inside a chunk, 8 accumulators dealt the chunk's
//! iterations in a fixed pattern, folded left to right; then the chunks' partials, left
//! to right. Chunk boundaries depend only on the trip count and the `chunk = N` option,
//! never on the thread count, so a reduction's result is bitwise the same on any number
//! of threads, also for floats (whose addition is not associative). It may differ in the
//! last bits from a sequential left-to-right sum. A float `max` or `min` equals the
//! sequential result for any mix of NaN and infinities; when the extremum is a zero,
//! its sign is what `f64::max` gives for `0.0` against `-0.0`, which Rust leaves
//! unspecified (it differs between debug and release builds even in a sequential loop).
//!
//! # Examples
//!
//! ```
//! use parfor_runtime::reduce::{Bits, Extremum, One, Zero};
//!
//! fn zero<T: num_traits::Zero>() -> T {
//!     <T as Zero>::zero() // num-traits' trait, under another path
//! }
//! assert_eq!(zero::<f64>(), 0.0);
//! assert_eq!(<i32 as One>::one(), 1);
//! assert_eq!(u8::all_ones(), 0xff);
//! assert_eq!(f64::lowest(), f64::NEG_INFINITY);
//! assert!(f64::max_identity().is_nan());
//! ```
pub(crate) mod array;
pub(crate) mod ops;
pub(crate) mod sum;
mod traits;

pub use num_traits::{One, Zero};

pub use self::array::{COPY_BUDGET, MAX_COPIES};
pub use self::traits::{Bits, Extremum, Quotient};
