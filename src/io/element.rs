//! The element types `parfor::io` reads and writes, and NumPy's names for them.

use ndarray_npy::{ReadableElement, WritableElement};
use num_complex::Complex;

mod sealed {
    pub trait Sealed {}
}

/// An element type that [`read_npy`](super::read_npy) and [`write_npy`](super::write_npy)
/// move between Rust arrays and NumPy files: `f64`, `f32`, the signed and unsigned
/// integers of 8 to 64 bits, `bool`, and `Complex<f32>`/`Complex<f64>` (num-complex 0.4,
/// what [`fft2`](crate::fft::fft2) returns).
///
/// Implemented only by parfor; the constants name the type in error messages.
///
/// # Examples
///
/// ```
/// use parfor::io::Element;
///
/// assert_eq!(<f32 as Element>::DTYPE, "float32");
/// assert_eq!(<u8 as Element>::RUST_NAME, "u8");
/// ```
pub trait Element: ReadableElement + WritableElement + Clone + sealed::Sealed {
    /// The type's name in Rust (`"f64"`).
    const RUST_NAME: &'static str;
    /// NumPy's name of the dtype that holds it (`"float64"`): `arr.astype(np.float64)`
    /// turns another array into one this type reads.
    const DTYPE: &'static str;
}

macro_rules! element {
    ($($t:ty => $rust:literal, $dtype:literal;)*) => {$(
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const RUST_NAME: &'static str = $rust;
            const DTYPE: &'static str = $dtype;
        }
    )*};
}

element! {
    f64 => "f64", "float64";
    f32 => "f32", "float32";
    i64 => "i64", "int64";
    i32 => "i32", "int32";
    i16 => "i16", "int16";
    i8 => "i8", "int8";
    u64 => "u64", "uint64";
    u32 => "u32", "uint32";
    u16 => "u16", "uint16";
    u8 => "u8", "uint8";
    bool => "bool", "bool";
    Complex<f64> => "Complex<f64>", "complex128";
    Complex<f32> => "Complex<f32>", "complex64";
}

/// NumPy's name for the dtype of a `.npy` header's `descr` string (`'<f8'` is
/// `float64`), or `None` for one that is not a plain type code.
pub(super) fn dtype_name(descr: &str) -> Option<String> {
    let code = descr.trim_start_matches(['<', '>', '|', '=']);
    // The one-character codes NumPy accepts for one-byte types.
    match code {
        "?" => return Some("bool".into()),
        "b" => return Some("int8".into()),
        "B" => return Some("uint8".into()),
        _ => {}
    }
    let mut chars = code.chars();
    let kind = chars.next()?;
    let rest = chars.as_str();
    // Sizes that are not a number type's width: characters, bytes, pointers.
    match kind {
        'O' => return Some("object".into()),
        'U' => return Some("str".into()),
        'S' | 'a' => return Some("bytes".into()),
        'V' => return Some("void".into()),
        _ => {}
    }
    // Datetimes carry a unit: `<M8[ns]`.
    let (size, unit) = match rest.find('[') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    let bytes: u32 = size.parse().ok()?;
    let bits = bytes.checked_mul(8)?;
    Some(match kind {
        'f' => format!("float{bits}"),
        'i' => format!("int{bits}"),
        'u' => format!("uint{bits}"),
        'c' => format!("complex{bits}"),
        'b' if bytes == 1 => "bool".into(),
        'M' => format!("datetime64{unit}"),
        'm' => format!("timedelta64{unit}"),
        _ => return None,
    })
}

/// The Rust type that reads NumPy's dtype `name`, if `parfor::io` has one.
pub(super) fn rust_type_for(name: &str) -> Option<&'static str> {
    Some(match name {
        "float64" => "f64",
        "float32" => "f32",
        "int64" => "i64",
        "int32" => "i32",
        "int16" => "i16",
        "int8" => "i8",
        "uint64" => "u64",
        "uint32" => "u32",
        "uint16" => "u16",
        "uint8" => "u8",
        "bool" => "bool",
        "complex128" => "Complex<f64>",
        "complex64" => "Complex<f32>",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numpy_descriptors() {
        for (descr, name) in [
            ("<f8", "float64"),
            (">f4", "float32"),
            ("|u1", "uint8"),
            ("|b1", "bool"),
            ("<c16", "complex128"),
            ("<M8[ns]", "datetime64[ns]"),
            ("<U5", "str"),
            ("|O", "object"),
            ("?", "bool"),
        ] {
            assert_eq!(dtype_name(descr).as_deref(), Some(name), "{descr}");
        }
        assert_eq!(dtype_name("<x9"), None);
        assert_eq!(dtype_name(""), None);
        assert_eq!(rust_type_for("float32"), Some("f32"));
        assert_eq!(rust_type_for("float16"), None);
    }
}
