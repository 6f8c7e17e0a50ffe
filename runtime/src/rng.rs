//! Reproducible random numbers in loop bodies: one independent stream per
//! (seed, iteration), the same whatever the thread count or chunking.
//!
//! A generator shared by a parallel loop would hand out its numbers in whatever order
//! the threads happen to ask; one per thread would tie the results to how iterations
//! were split between threads. [`for_iteration`] instead makes a generator from the
//! seed and the loop variable alone, so iteration `i` draws the same numbers whichever
//! thread runs it, in whatever order, with or without `#[parallel]`:
//!
//! ```
//! use parfor_runtime::prange;
//! use parfor_runtime::rng::{self, RngExt};
//!
//! // Monte-Carlo π: the same estimate for a given seed, sequential or parallel.
//! let (seed, n) = (2024, 100_000);
//! let mut inside = 0u64;
//! for i in prange(n) {
//!     let mut r = rng::for_iteration(seed, i);
//!     let (x, y) = (r.random::<f64>(), r.random::<f64>());
//!     inside += u64::from(x * x + y * y < 1.0);
//! }
//! let pi = 4.0 * inside as f64 / n as f64;
//! assert!((pi - std::f64::consts::PI).abs() < 0.03);
//! ```
//!
//! [`Rng`] implements rand's core trait (`rand_core` 0.10's `Rng`, re-exported here as
//! [`RngCore`]: `next_u32`, `next_u64`, `fill_bytes`), so rand's [`RngExt`] methods
//! (`random`, `random_range`, `random_bool`, also re-exported) and `rand_distr` 0.6's
//! distributions work on it.
//!
//! # The generator
//!
//! Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as
//! 1, 2, 3", SC'11; the Random123 library), a counter-based generator: each 128-bit
//! block of output is a keyed bijection of a 128-bit counter, with no state carried from
//! one block to the next. The seed is the key; the counter holds the iteration and the
//! block's index in the iteration's stream: block `b` of iteration `i` (in
//! `-2^95..2^95`) under `seed` is
//! `philox4x32_10(ctr = [b, i mod 2^32, (i >> 32) mod 2^32, (i >> 64) mod 2^32],
//! key = [seed mod 2^32, seed >> 32])`, with `i` in two's complement. `next_u32` hands
//! out a block's four words in order, `next_u64` two at a time (low word first), a
//! block's last word alone being skipped. Making a generator computes its first block,
//! ten rounds of two 32-bit multiplications that depend on each other: about 10 ns in a
//! loop that inlines it (`benches/README.md`). It passes TestU01's BigCrush, and is the
//! `Philox` of NumPy, cuRAND and Random123. It is not a cryptographic generator.
//!
//! # Reproducibility
//!
//! Guaranteed, for a given version of parfor:
//!
//! - the numbers depend only on the seed, the *value* of the iteration (`5u8`, `5usize`
//!   and `5i128` give the same stream) and the sequence of calls made on the generator:
//!   not on threads, chunks, schedule, platform or endianness;
//! - distinct (seed, iteration) pairs give distinct streams: exactly so (distinct
//!   counters or keys) for iterations in `-2^95..2^95`, which covers every value of
//!   every integer type up to 64 bits; iterations outside it (`i128`, `u128` only) get
//!   a key derived from the seed and their high bits, distinct from every stream in that
//!   range, and from each other but for a 2^-64 chance of a key collision;
//! - the raw outputs (`next_u32`, `next_u64`, `fill_bytes`) stay the same across
//!   releases that are not semver-breaking: changing them is a breaking change.
//!
//! Not guaranteed: what rand's and rand_distr's methods make of those outputs
//! (`random_range`, `Normal`, ...) is theirs, and may change with their versions.
//!
//! Each stream holds 2^31 - 1 blocks (2^32 - 2 `u64`s, 32 GiB); drawing past that
//! panics rather than repeating the stream.

use std::convert::Infallible;

use rand::TryRng;

pub use rand::Rng as RngCore;
pub use rand::RngExt;

/// Philox4x32's round multipliers (Random123's `PHILOX_M4x32_0`, `_1`).
const M0: u32 = 0xD251_1F53;
const M1: u32 = 0xCD9E_8D57;
/// The per-round key increments: the golden ratio and √3 − 1 (`PHILOX_W32_0`, `_1`).
const W0: u32 = 0x9E37_79B9;
const W1: u32 = 0xBB67_AE85;

/// Counter word 0's top bit: set for iterations outside `-2^95..2^95`, which keeps
/// their counters apart from every other iteration's.
const WIDE: u32 = 1 << 31;
/// Blocks per stream. Word 0's remaining all-ones value is kept out of every stream:
/// it is the counter that derives a wide iteration's key.
const BLOCKS: u32 = WIDE - 1;

/// The Philox4x32-10 block function: ten rounds over `ctr` with `key`, as Random123's
/// `philox4x32_R(10, ctr, key)`.
#[inline(always)]
fn philox4x32_10(mut ctr: [u32; 4], mut key: [u32; 2]) -> [u32; 4] {
    for round in 0..10 {
        if round > 0 {
            key = [key[0].wrapping_add(W0), key[1].wrapping_add(W1)];
        }
        let p0 = u64::from(M0) * u64::from(ctr[0]);
        let p1 = u64::from(M1) * u64::from(ctr[2]);
        ctr = [
            (p1 >> 32) as u32 ^ ctr[1] ^ key[0],
            p1 as u32,
            (p0 >> 32) as u32 ^ ctr[3] ^ key[1],
            p0 as u32,
        ];
    }
    ctr
}

/// A primitive integer type that names an iteration: `i8` to `i128`, `u8` to `u128`,
/// `isize`, `usize`. Sealed.
pub trait Iteration: Copy + sealed::Sealed {
    /// The value as its low 128 bits and its sign: the value is `bits` when
    /// `negative` is false, `bits - 2^128` when it is true. Lossless for every type, so
    /// `-1i64` and `u128::MAX` stay apart.
    #[doc(hidden)]
    fn bits(self) -> (u128, bool);
}

mod sealed {
    pub trait Sealed {}
}

macro_rules! iteration {
    (signed: $($s:ty)*; unsigned: $($u:ty)*) => {
        $(
            impl sealed::Sealed for $s {}
            impl Iteration for $s {
                #[inline(always)]
                fn bits(self) -> (u128, bool) {
                    (self as i128 as u128, self < 0)
                }
            }
        )*
        $(
            impl sealed::Sealed for $u {}
            impl Iteration for $u {
                #[inline(always)]
                fn bits(self) -> (u128, bool) {
                    (self as u128, false)
                }
            }
        )*
    };
}
iteration!(signed: i8 i16 i32 i64 i128 isize; unsigned: u8 u16 u32 u64 u128 usize);

/// The generator of one iteration's stream: see [`for_iteration`] and [the module
/// docs](self).
///
/// Cloning copies the position too: the clone draws the same numbers as the original.
#[derive(Clone, Debug)]
pub struct Rng {
    /// The Philox key.
    key: [u32; 2],
    /// The next block's counter: word 0 the block index (and [`WIDE`]), words 1 to 3
    /// the iteration's low 96 bits.
    ctr: [u32; 4],
    /// The current block.
    buf: [u32; 4],
    /// The next unused word of `buf`; 4 when it is used up.
    used: usize,
}

/// The generator of iteration `i`'s stream under `seed`: its numbers depend on
/// `(seed, i)` alone, so a loop body that draws from it gives the same results on any
/// number of threads and without `#[parallel]`.
///
/// `i` is any primitive integer; its value, not its type, selects the stream. This
/// computes the stream's first block of 128 bits (two `u64`s) right away, inlined into
/// the loop body; later blocks are computed as the draws need them.
///
/// ```
/// use parfor_runtime::rng::{self, RngCore, RngExt};
///
/// let mut a = rng::for_iteration(7, 3usize);
/// let mut b = rng::for_iteration(7, 3i32);
/// assert_eq!(a.next_u64(), b.next_u64()); // same value of the iteration, same stream
/// let x: f64 = a.random();
/// assert!((0.0..1.0).contains(&x));
/// assert!((1..=6).contains(&a.random_range(1..=6)));
/// assert_ne!(rng::for_iteration(8, 3).next_u64(), rng::for_iteration(7, 3).next_u64());
/// ```
// Always inlined, with the first block computed here: the usual body makes a generator
// and draws once or twice, and then runs without a call or a refill check. (Filling the
// block on the first draw instead left `next_u64` too large to inline, a call per draw:
// 36 ns per generator and two draws against 13 ns.)
#[inline(always)]
pub fn for_iteration<I: Iteration>(seed: u64, i: I) -> Rng {
    let (bits, negative) = i.bits();
    // Bits 95 to 127 equal to the sign: the value fits the counter's 96 bits. Always so
    // for types up to 64 bits, where this folds away.
    let high = (bits >> 95) as u64;
    let narrow = if negative {
        high == (1 << 33) - 1
    } else {
        high == 0
    };
    let (key, word0) = if narrow {
        ([seed as u32, (seed >> 32) as u32], 0)
    } else {
        wide(seed, bits, negative)
    };
    let ctr = [word0, bits as u32, (bits >> 32) as u32, (bits >> 64) as u32];
    Rng {
        key,
        ctr: [word0 + 1, ctr[1], ctr[2], ctr[3]],
        buf: philox4x32_10(ctr, key),
        used: 0,
    }
}

/// The key and counter word 0 of an iteration outside `-2^95..2^95`. The counter cannot
/// hold the value's high bits: the key takes them, through the block function on a
/// counter no stream uses, and [`WIDE`] keeps these streams apart from the narrow ones
/// that key may equal.
#[cold]
#[inline(never)]
fn wide(seed: u64, bits: u128, negative: bool) -> ([u32; 2], u32) {
    let seed = [seed as u32, (seed >> 32) as u32];
    let derived = philox4x32_10(
        [u32::MAX, (bits >> 96) as u32, u32::from(negative), 0],
        seed,
    );
    ([derived[0], derived[1]], WIDE)
}

impl Rng {
    /// Computes the next block into `buf`. Out of line: most streams never get here, and
    /// inlined it would keep the draws themselves from inlining.
    #[inline(never)]
    fn refill(&mut self) {
        assert!(
            self.ctr[0] & BLOCKS != BLOCKS,
            "parfor::rng: an iteration's stream is used up (2^31 - 1 blocks of 128 bits)"
        );
        self.buf = philox4x32_10(self.ctr, self.key);
        self.ctr[0] += 1;
        self.used = 0;
    }
}

impl TryRng for Rng {
    type Error = Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        if self.used == 4 {
            self.refill();
        }
        let x = self.buf[self.used];
        self.used += 1;
        Ok(x)
    }

    /// Two words of the block, low word first; a block's last word alone is skipped.
    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        if self.used > 2 {
            self.refill();
        }
        let (lo, hi) = (self.buf[self.used], self.buf[self.used + 1]);
        self.used += 2;
        Ok(u64::from(lo) | u64::from(hi) << 32)
    }

    /// The bytes of successive `next_u64`s, little-endian; the last one's unused bytes
    /// are dropped.
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        rand::rand_core::utils::fill_bytes_via_next_word(dst, || self.try_next_u64())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Random123's known-answer vectors for philox4x32_10 (its `kat_vectors`): counter,
    /// key, output.
    #[test]
    fn known_answers() {
        let kat: [([u32; 4], [u32; 2], [u32; 4]); 3] = [
            (
                [0; 4],
                [0; 2],
                [0x6627_e8d5, 0xe169_c58d, 0xbc57_ac4c, 0x9b00_dbd8],
            ),
            (
                [u32::MAX; 4],
                [u32::MAX; 2],
                [0x408f_276d, 0x41c8_3b0e, 0xa20b_c7c6, 0x6d54_51fd],
            ),
            (
                [0x243f_6a88, 0x85a3_08d3, 0x1319_8a2e, 0x0370_7344],
                [0xa409_3822, 0x299f_31d0],
                [0xd16c_fe09, 0x94fd_cceb, 0x5001_e420, 0x2412_6ea1],
            ),
        ];
        for (ctr, key, want) in kat {
            assert_eq!(
                philox4x32_10(ctr, key),
                want,
                "ctr {ctr:08x?} key {key:08x?}"
            );
        }
    }

    /// The stream is the block function at counters (block, i) under key seed, words in
    /// order: the layout the docs promise, pinned.
    #[test]
    fn layout() {
        let seed = 0x0123_4567_89ab_cdef_u64;
        let key = [0x89ab_cdef, 0x0123_4567];
        let i = 0x0000_0005_0000_0007_u64;
        let block = |b: u32| philox4x32_10([b, 7, 5, 0], key);
        let words: Vec<u32> = (0..5).flat_map(block).collect();
        let u64_at = |w: usize| u64::from(words[w]) | u64::from(words[w + 1]) << 32;

        // next_u32 alone: the words in order.
        let mut r = for_iteration(seed, i);
        let got: Vec<u32> = (0..words.len()).map(|_| r.next_u32()).collect();
        assert_eq!(got, words);
        // next_u64 alone: pairs of words, low word first.
        let mut r = for_iteration(seed, i);
        for w in (0..words.len()).step_by(2) {
            assert_eq!(r.next_u64(), u64_at(w), "word {w}");
        }
        // Mixed: a block's last word alone does not make a u64: it is skipped.
        let mut r = for_iteration(seed, i);
        assert_eq!(r.next_u32(), words[0]);
        assert_eq!(r.next_u64(), u64_at(1));
        assert_eq!(r.next_u64(), u64_at(4));
        assert_eq!(r.next_u32(), words[6]);
        assert_eq!(r.next_u32(), words[7]);
        // -1 is all ones in the counter's 96 bits.
        let b = philox4x32_10([0, u32::MAX, u32::MAX, u32::MAX], key);
        assert_eq!(for_iteration(seed, -1i8).next_u32(), b[0]);
    }

    /// A value selects the same stream through every type that holds it.
    #[test]
    fn value_not_type() {
        let first = |mut r: Rng| [r.next_u64(), r.next_u64(), r.next_u64()];
        let want = first(for_iteration(9, 100u8));
        for r in [
            for_iteration(9, 100i8),
            for_iteration(9, 100u16),
            for_iteration(9, 100i32),
            for_iteration(9, 100usize),
            for_iteration(9, 100isize),
            for_iteration(9, 100i128),
            for_iteration(9, 100u128),
        ] {
            assert_eq!(first(r), want);
        }
        let want = first(for_iteration(9, -100i8));
        assert_eq!(first(for_iteration(9, -100i64)), want);
        assert_eq!(first(for_iteration(9, -100i128)), want);
    }

    /// Values that agree in their low bits, on both sides of the narrow/wide boundary,
    /// give different streams.
    #[test]
    fn wide_iterations() {
        let firsts = |seed: u64, vals: &[(u128, bool)]| -> Vec<u64> {
            vals.iter()
                .map(|&(bits, neg)| {
                    let mut r = if neg {
                        for_iteration(seed, bits as i128)
                    } else {
                        for_iteration(seed, bits)
                    };
                    r.next_u64()
                })
                .collect()
        };
        let vals = [
            (0, false),
            (u128::MAX, true),      // -1
            (u128::MAX, false),     // 2^128 - 1
            (1 << 95, false),       // the first wide value
            ((1 << 95) - 1, false), // the last narrow one
            (1 << 96, false),       // low 96 bits zero
            (1 << 127, true),       // i128::MIN
            (!0 << 95, true),       // -2^95, the last narrow negative
            ((!0 << 95) - 1, true), // one below
            ((!0 << 96), true),     // low 96 bits zero again
            (1 << 100 | 7, false),
            (2 << 100 | 7, false),
        ];
        let mut seen = firsts(1, &vals);
        seen.extend(firsts(2, &vals));
        let mut sorted = seen.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), seen.len(), "{seen:x?}");
        assert_eq!(for_iteration(1, u128::MAX).ctr[0] & WIDE, WIDE);
        assert_eq!(for_iteration(1, -(1i128 << 95)).ctr[0] & WIDE, 0);
    }

    /// The end of a stream panics instead of wrapping around to its start.
    #[test]
    #[should_panic(expected = "parfor::rng: an iteration's stream is used up")]
    fn exhausted() {
        let mut r = for_iteration(0, 0);
        r.ctr[0] = BLOCKS - 1;
        for _ in 0..4 {
            r.next_u64(); // block 0 (made with the generator), then the last block
        }
        r.next_u64();
    }

    #[test]
    fn fill_bytes_matches_next_u64() {
        let mut a = for_iteration(3, 4);
        let mut b = a.clone();
        let mut bytes = [0u8; 13];
        a.fill_bytes(&mut bytes);
        assert_eq!(bytes[..8], b.next_u64().to_le_bytes());
        assert_eq!(bytes[8..], b.next_u64().to_le_bytes()[..5]);
        assert_eq!(a.next_u64(), b.next_u64());
    }
}
