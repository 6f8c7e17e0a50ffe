//! Accumulators of `+=` and `-=` reductions over the primitive integers, so that a
//! debug build's overflow checks panic where the sequential loop must, and nowhere
//! else.
//!
//! A chunk's private partial starts at 0 and sees the chunk's updates in another order
//! than the sequential loop: `left -= c[i]` over `u64` from 0 underflows at once,
//! where the sequential loop from `left = 900` never does. So the partials of an
//! integer reduction are `Modular`: they add and subtract modulo 2^bits, which is
//! associative and gives the sequential loop's value whenever that value fits the
//! type, and (in builds with debug assertions) count how often they wrapped. The final
//! step adds the partial to the variable's value before the loop and panics, as the
//! sequential loop's arithmetic does, when the exact total does not fit the type: then
//! the sequential loop overflowed too. (A sequential loop whose running total leaves
//! the range and comes back panics in a debug build where the parallel one returns
//! the total; every other outcome is the same.)
//!
//! The choice between `Modular` and the type itself is made by method resolution at
//! the call site (`(&like(&s)).sum_identity()`): `IntSum` is implemented for the
//! integers and found first; any other type, a generic `T` included, falls back to
//! `AnySum` and sums in its own arithmetic, as before.
use std::marker::PhantomData;
use std::ops::{Add, AddAssign, Sub, SubAssign};

use num_traits::Zero;

/// The type of a reduction variable or of an array's elements, to pick its
/// accumulator by method resolution.
pub struct Like<T>(PhantomData<fn() -> T>);

impl<T> Like<T> {
    /// The type `T`, without a value (an array to reduce into may be empty).
    pub fn new() -> Self {
        Like(PhantomData)
    }
}

impl<T> Default for Like<T> {
    fn default() -> Self {
        Like::new()
    }
}

/// The type of `_value`.
#[inline(always)]
pub fn like<T>(_value: &T) -> Like<T> {
    Like::new()
}

/// The identity of an integer `+=`/`-=` reduction: a `Modular` zero.
pub trait IntSum {
    /// The accumulator type.
    type Acc: Copy;
    /// A zero accumulator.
    fn sum_identity(&self) -> Self::Acc;
}

/// The identity of any other `+=`/`-=` reduction: the type's own zero.
pub trait AnySum<T> {
    /// `T::zero()`.
    fn sum_identity(&self) -> T;
}

impl<T: Zero> AnySum<T> for &Like<T> {
    #[inline(always)]
    fn sum_identity(&self) -> T {
        T::zero()
    }
}

/// Adds a chunk's partial to the reduction variable's value: `target + self` for a
/// partial of the variable's own type, the checked total for a `Modular` one.
pub trait Fold<T> {
    /// The variable's value after the partial's updates.
    fn fold_into(self, target: T) -> T;
}

impl<T: Add<Output = T>> Fold<T> for T {
    #[inline(always)]
    fn fold_into(self, target: T) -> T {
        target + self
    }
}

/// Adds `partial` to `target`: the last step of a `+=`/`-=` reduction.
#[inline(always)]
pub fn fold_sum<T, P: Fold<T>>(target: T, partial: P) -> T {
    partial.fold_into(target)
}

/// An integer partial sum modulo 2^bits; with debug assertions, also the net number of
/// times it wrapped (+1 past `MAX`, -1 below `MIN`), so that the exact sum is
/// `value + wraps * 2^bits`.
#[derive(Clone, Copy, Debug)]
pub struct Modular<T> {
    value: T,
    #[cfg(debug_assertions)]
    wraps: i64,
}

macro_rules! impl_modular {
    ($($t:ty: $neg:expr;)*) => {$(
        impl Modular<$t> {
            #[inline(always)]
            fn zero() -> Self {
                Modular {
                    value: 0,
                    #[cfg(debug_assertions)]
                    wraps: 0,
                }
            }

            #[inline(always)]
            fn plus(&mut self, e: $t) {
                let (value, _wrapped) = self.value.overflowing_add(e);
                self.value = value;
                #[cfg(debug_assertions)]
                if _wrapped {
                    // Adding a negative number can only wrap below MIN.
                    self.wraps += if $neg(e) { -1 } else { 1 };
                }
            }

            #[inline(always)]
            fn minus(&mut self, e: $t) {
                let (value, _wrapped) = self.value.overflowing_sub(e);
                self.value = value;
                #[cfg(debug_assertions)]
                if _wrapped {
                    self.wraps += if $neg(e) { 1 } else { -1 };
                }
            }
        }

        impl IntSum for Like<$t> {
            type Acc = Modular<$t>;
            #[inline(always)]
            fn sum_identity(&self) -> Modular<$t> {
                Modular::<$t>::zero()
            }
        }

        impl AddAssign<$t> for Modular<$t> {
            #[inline(always)]
            fn add_assign(&mut self, e: $t) {
                self.plus(e)
            }
        }

        impl AddAssign<&$t> for Modular<$t> {
            #[inline(always)]
            fn add_assign(&mut self, e: &$t) {
                self.plus(*e)
            }
        }

        impl SubAssign<$t> for Modular<$t> {
            #[inline(always)]
            fn sub_assign(&mut self, e: $t) {
                self.minus(e)
            }
        }

        impl SubAssign<&$t> for Modular<$t> {
            #[inline(always)]
            fn sub_assign(&mut self, e: &$t) {
                self.minus(*e)
            }
        }

        // The long forms `s = s + e`, `s = e + s`, `s = s - e`.
        impl Add<$t> for Modular<$t> {
            type Output = Self;
            #[inline(always)]
            fn add(mut self, e: $t) -> Self {
                self.plus(e);
                self
            }
        }

        impl Add<Modular<$t>> for $t {
            type Output = Modular<$t>;
            #[inline(always)]
            fn add(self, mut s: Modular<$t>) -> Modular<$t> {
                s.plus(self);
                s
            }
        }

        impl Sub<$t> for Modular<$t> {
            type Output = Self;
            #[inline(always)]
            fn sub(mut self, e: $t) -> Self {
                self.minus(e);
                self
            }
        }

        // Two partials.
        impl Add for Modular<$t> {
            type Output = Self;
            #[inline(always)]
            fn add(mut self, other: Self) -> Self {
                self.plus(other.value);
                #[cfg(debug_assertions)]
                {
                    self.wraps += other.wraps;
                }
                self
            }
        }

        impl Fold<$t> for Modular<$t> {
            #[inline(always)]
            fn fold_into(self, target: $t) -> $t {
                let mut total = Modular::<$t>::zero();
                total.plus(target);
                let total = total + self;
                #[cfg(debug_assertions)]
                if total.wraps > 0 {
                    panic!("attempt to add with overflow");
                } else if total.wraps < 0 {
                    panic!("attempt to subtract with overflow");
                }
                total.value
            }
        }
    )*};
}

impl_modular! {
    u8: |_| false; u16: |_| false; u32: |_| false; u64: |_| false; u128: |_| false;
    usize: |_| false;
    i8: |e: i8| e < 0; i16: |e: i16| e < 0; i32: |e: i32| e < 0; i64: |e: i64| e < 0;
    i128: |e: i128| e < 0; isize: |e: isize| e < 0;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sum_from<T: Copy>(target: T, updates: &[(bool, T)]) -> T
    where
        Modular<T>: AddAssign<T> + SubAssign<T> + Fold<T>,
        Like<T>: IntSum<Acc = Modular<T>>,
    {
        let mut acc = like(&target).sum_identity();
        for &(add, e) in updates {
            if add {
                acc += e;
            } else {
                acc -= e;
            }
        }
        fold_sum(target, acc)
    }

    #[test]
    fn unsigned_differences_from_zero_wrap_and_come_back() {
        assert_eq!(sum_from(900_u64, &[(false, 50), (false, 50)]), 800);
        assert_eq!(sum_from(10_u8, &[(false, 200), (true, 195)]), 5);
    }

    #[test]
    fn signed_sums_wrap_inside_and_fit_outside() {
        assert_eq!(
            sum_from(0_i8, &[(true, 100), (true, 100), (true, -120)]),
            80
        );
        assert_eq!(sum_from(-100_i8, &[(false, 100), (true, 127)]), -73);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "attempt to subtract with overflow")]
    fn an_unsigned_total_below_zero_panics_as_the_sequential_loop() {
        sum_from(10_u32, &[(false, 6), (false, 5)]);
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "attempt to add with overflow")]
    fn a_signed_total_above_max_panics_as_the_sequential_loop() {
        sum_from(100_i8, &[(true, 20), (true, 10)]);
    }

    #[test]
    fn other_types_sum_in_their_own_arithmetic() {
        let s = 1.5_f64;
        let acc: f64 = (&like(&s)).sum_identity();
        assert_eq!(fold_sum(s, acc + 2.0), 3.5);
    }
}
