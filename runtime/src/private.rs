//! `private(..)` variables: each chunk of a loop starts from its own clone of them.

/// A variable a loop's chunks each clone: any `Clone` type.
///
/// Only the generated code calls it; the trait exists for the error message a
/// variable that cannot be cloned gets.
#[diagnostic::on_unimplemented(
    message = "parfor: `private(..)` gives each chunk its own clone of a variable, but `{Self}` is not `Clone`",
    label = "each chunk clones this",
    note = "for a reference (`&mut Vec<f64>`), clone what it points to before the loop (`let mut buf = buf.clone();`) and name that in `private(..)`; for a type of yours, derive `Clone`"
)]
pub trait FirstPrivate {
    /// A copy for one chunk.
    fn first_private(&self) -> Self;
}

impl<T: Clone> FirstPrivate for T {
    #[inline]
    fn first_private(&self) -> Self {
        self.clone()
    }
}

/// The clone of a `private(..)` variable one chunk starts from.
#[inline]
pub fn first_private<T: FirstPrivate>(value: &T) -> T {
    value.first_private()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_chunk_gets_an_equal_independent_copy() {
        let buf = vec![1.0, 2.0];
        let mut mine = super::first_private(&buf);
        mine[0] = 5.0;
        assert_eq!(buf, [1.0, 2.0]);
        assert_eq!(mine, [5.0, 2.0]);
    }
}
