//! Reading one `.npy` stream, a file or an `.npz` member, with every check made before
//! the data is allocated, so that a bad file gets a message rather than a panic or an
//! allocation of whatever size a damaged header claims.

use std::io::{self, Read};
use std::path::Path;

use ndarray::{Array, Dimension, IxDyn, ShapeBuilder};
use ndarray_npy::ReadDataError;
use ndarray_npy::npy::header::{Header, ParseHeaderError, ReadHeaderError};

use super::element::{Element, dtype_name};
use super::error::{Detail, Error, shape_str};

const MAGIC: &[u8; 6] = b"\x93NUMPY";

/// Counts the bytes read through it: how long the header was, how much data came.
struct Counting<R> {
    inner: R,
    count: u64,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count += n as u64;
        Ok(n)
    }
}

/// Reads as many of `buf.len()` bytes as there are; returns how many.
pub(super) fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Whether `head` (a file's first bytes) starts like a `.npy` file.
pub(super) fn is_npy(head: &[u8]) -> bool {
    head.starts_with(MAGIC)
}

/// Whether `head` starts like a zip archive (an `.npz`).
pub(super) fn is_zip(head: &[u8]) -> bool {
    head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06")
}

/// Reads the `.npy` stream `r`, which holds `size` bytes in all, as an `Array<T, D>`.
/// `path` and `array` name it in errors.
pub(super) fn read_npy_from<T: Element, D: Dimension>(
    r: impl Read,
    size: u64,
    path: &Path,
    array: Option<&str>,
) -> Result<Array<T, D>, Error> {
    let err = |detail| Error::new(path, array, detail);
    let mut r = Counting { inner: r, count: 0 };
    let mut magic = [0u8; MAGIC.len()];
    let got = read_up_to(&mut r, &mut magic).map_err(|e| err(Detail::Read(e)))?;
    if got == 0 {
        return Err(err(Detail::Empty { npz: false }));
    }
    if magic[..got] != MAGIC[..got] {
        return Err(err(Detail::NotNpy {
            zip: is_zip(&magic[..got]),
        }));
    }
    if got < MAGIC.len() {
        return Err(err(Detail::HeaderEnds { after: got as u64 }));
    }
    let header = Header::from_reader(&mut io::Cursor::new(magic).chain(&mut r)).map_err(|e| {
        err(match e {
            ReadHeaderError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                Detail::HeaderEnds { after: r.count }
            }
            ReadHeaderError::Io(e) => Detail::Read(e),
            ReadHeaderError::Parse(ParseHeaderError::Version { major, minor }) => Detail::Header(
                format!("format version {major}.{minor}; versions 1.0 to 3.0 are read"),
            ),
            ReadHeaderError::Parse(e) => Detail::Header(e.to_string()),
        })
    })?;
    let header_len = r.count;

    // The element type first: a file of another dtype is the commonest mistake, and its
    // shape would be read in the wrong units.
    // A structured dtype's descriptor is a list, printed as Python would.
    let descr = match header.type_descriptor.as_string() {
        Some(s) => s.clone(),
        None => header.type_descriptor.to_string(),
    };
    let name = dtype_name(&descr);
    if name.as_deref() != Some(T::DTYPE) {
        return Err(err(Detail::Dtype {
            descr,
            rust: T::RUST_NAME,
            dtype: T::DTYPE,
        }));
    }
    let shape = header.shape;
    if let Some(asked) = D::NDIM
        && asked != shape.len()
    {
        return Err(err(Detail::Ndim { shape, asked }));
    }
    let len = shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d));
    let need = len.and_then(|n| n.checked_mul(size_of::<T>()));
    let (Some(len), Some(need)) = (len, need.filter(|&b| b <= isize::MAX as usize)) else {
        return Err(err(Detail::TooLarge { shape }));
    };
    let need = need as u64;
    let what = || format!("{} {} array", shape_str(&shape), T::DTYPE);
    let have = size.saturating_sub(header_len);
    if have < need {
        return Err(err(Detail::Truncated {
            have,
            need,
            what: what(),
        }));
    }
    if have > need {
        return Err(err(Detail::Trailing {
            extra: have - need,
            need,
            what: what(),
        }));
    }

    let data = T::read_to_end_exact_vec(&mut r, &header.type_descriptor, len).map_err(|e| {
        err(match e {
            // The size was checked, so the stream ended early or grew after all.
            ReadDataError::MissingData => Detail::Truncated {
                have: r.count - header_len,
                need,
                what: what(),
            },
            ReadDataError::ExtraBytes(extra) => Detail::Trailing {
                extra: extra as u64,
                need,
                what: what(),
            },
            ReadDataError::Io(e) => Detail::Read(e),
            ReadDataError::WrongDescriptor(d) => {
                Detail::Header(format!("dtype descriptor {d} is not one ndarray-npy reads"))
            }
            ReadDataError::ParseData(e) => Detail::Data(e.to_string()),
        })
    })?;
    let dim = IxDyn(&shape).set_f(header.layout.is_fortran());
    Array::from_shape_vec(dim, data)
        .ok()
        .and_then(|a| a.into_dimensionality::<D>().ok())
        .ok_or_else(|| {
            // Unreachable after the checks above; an error, not a panic, all the same.
            err(Detail::Header(format!(
                "shape {} does not fit its data",
                shape_str(&shape)
            )))
        })
}
