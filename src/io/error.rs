//! The one error of `parfor::io`: the file, the array in it, and what is wrong.

use std::fmt;
use std::path::{Path, PathBuf};

/// What went wrong reading or writing a NumPy file, as a `match`-able summary of an
/// [`Error`]; the error's message says more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The file does not exist.
    NotFound,
    /// Opening, reading or writing the file failed (permissions, a missing directory, a
    /// full disk).
    Io,
    /// The file is not a `.npy` file (for [`read_npy`](super::read_npy)) or not a zip
    /// archive (for [`read_npz`](super::read_npz)).
    NotNumpy,
    /// The `.npy` header cannot be parsed, or the data cannot (a `bool` array holding a
    /// byte other than 0 and 1, a damaged zip member).
    Malformed,
    /// The file holds another element type than the one asked for.
    WrongDtype,
    /// The file's array has another number of axes than the one asked for.
    WrongNdim,
    /// The file ends before its array's data does.
    Truncated,
    /// Bytes follow the array's data.
    TrailingBytes,
    /// The `.npz` archive holds no array of that name.
    NoSuchArray,
    /// [`NpzWriter::add`](super::NpzWriter::add) was given a name it already wrote.
    DuplicateName,
}

/// An error of [`parfor::io`](super): it names the file (and the array, in an `.npz`),
/// says what is wrong and what to do.
///
/// # Examples
///
/// ```
/// use ndarray::Array1;
///
/// let e = parfor::io::read_npy::<f64, ndarray::Ix1>("no/such/file.npy").unwrap_err();
/// assert_eq!(e.kind(), parfor::io::ErrorKind::NotFound);
/// assert_eq!(e.path(), std::path::Path::new("no/such/file.npy"));
/// assert!(e.to_string().starts_with("no/such/file.npy: cannot open:"), "{e}");
/// ```
#[derive(Debug)]
pub struct Error {
    path: PathBuf,
    array: Option<String>,
    detail: Detail,
}

/// What is wrong, with what the message prints.
#[derive(Debug)]
pub(super) enum Detail {
    Open(std::io::Error),
    Read(std::io::Error),
    Write(std::io::Error),
    Encode(String),
    Empty {
        npz: bool,
    },
    NotNpy {
        zip: bool,
    },
    NotNpz {
        npy: bool,
    },
    Header(String),
    HeaderEnds {
        after: u64,
    },
    Dtype {
        descr: String,
        rust: &'static str,
        dtype: &'static str,
    },
    Ndim {
        shape: Vec<usize>,
        asked: usize,
    },
    TooLarge {
        shape: Vec<usize>,
    },
    Truncated {
        have: u64,
        need: u64,
        what: String,
    },
    Trailing {
        extra: u64,
        need: u64,
        what: String,
    },
    Data(String),
    Zip(String),
    NoSuchArray {
        names: Vec<String>,
    },
    Duplicate,
}

impl Error {
    /// This error, with a failed read of a zip member (a checksum, a deflate stream)
    /// reported as the damaged archive it is.
    pub(super) fn in_zip_member(self) -> Error {
        match self.detail {
            Detail::Read(e) => Error {
                detail: Detail::Zip(e.to_string()),
                ..self
            },
            _ => self,
        }
    }

    pub(super) fn new(path: &Path, array: Option<&str>, detail: Detail) -> Error {
        Error {
            path: path.to_path_buf(),
            array: array.map(str::to_owned),
            detail,
        }
    }

    /// The file, as it was given.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The array's name in an `.npz` archive, if the error is about one.
    pub fn array(&self) -> Option<&str> {
        self.array.as_deref()
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorKind {
        use Detail::*;
        match &self.detail {
            Open(e) if e.kind() == std::io::ErrorKind::NotFound => ErrorKind::NotFound,
            Open(_) | Read(_) | Write(_) | Encode(_) => ErrorKind::Io,
            Empty { .. } | NotNpy { .. } | NotNpz { .. } => ErrorKind::NotNumpy,
            Header(_) | TooLarge { .. } | Data(_) | Zip(_) => ErrorKind::Malformed,
            HeaderEnds { .. } | Truncated { .. } => ErrorKind::Truncated,
            Dtype { .. } => ErrorKind::WrongDtype,
            Ndim { .. } => ErrorKind::WrongNdim,
            Trailing { .. } => ErrorKind::TrailingBytes,
            NoSuchArray { .. } => ErrorKind::NoSuchArray,
            Duplicate => ErrorKind::DuplicateName,
        }
    }
}

/// `(3, 4)`, `(5,)` and `()`, as NumPy prints shapes.
pub(super) fn shape_str(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let dims: Vec<String> = shape.iter().map(usize::to_string).collect();
            format!("({})", dims.join(", "))
        }
    }
}

fn axes(n: usize) -> String {
    if n == 1 {
        "1 axis".into()
    } else {
        format!("{n} axes")
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use Detail::*;
        write!(f, "{}", self.path.display())?;
        if let Some(name) = &self.array {
            write!(f, ", array \"{name}\"")?;
        }
        f.write_str(": ")?;
        match &self.detail {
            Open(e) if e.kind() == std::io::ErrorKind::NotFound => {
                write!(f, "cannot open: {e}; check the path")
            }
            Open(e) => write!(f, "cannot open: {e}"),
            Read(e) => write!(f, "cannot read: {e}"),
            Write(e) => write!(
                f,
                "cannot write: {e}; check that the directory exists and is writable"
            ),
            Encode(why) => write!(f, "cannot write the array ({why})"),
            Empty { npz: false } => {
                f.write_str("the file is empty, not a .npy file (save it again with np.save)")
            }
            Empty { npz: true } => {
                f.write_str("the file is empty, not an .npz archive (save it again with np.savez)")
            }
            NotNpy { zip: true } => f.write_str(
                "is a zip archive (an .npz?), not a .npy file; read it with parfor::io::read_npz or NpzReader",
            ),
            NotNpy { zip: false } => f.write_str(
                "not a .npy file (it does not start with NumPy's magic string \\x93NUMPY); save arrays with np.save",
            ),
            NotNpz { npy: true } => f.write_str(
                "is a .npy file, not an .npz archive; read it with parfor::io::read_npy",
            ),
            NotNpz { npy: false } => f.write_str(
                "not an .npz archive (it does not start as a zip archive does); save arrays with np.savez",
            ),
            Header(why) => write!(
                f,
                "malformed .npy header ({why}); save the array again with np.save"
            ),
            HeaderEnds { after } => write!(
                f,
                "file ends inside its .npy header, after {after} bytes (truncated? save it again)"
            ),
            Dtype { descr, rust, dtype } => {
                let name = super::element::dtype_name(descr);
                let found = name.as_deref().unwrap_or("structured");
                write!(f, "holds {found} values (dtype '{descr}'), but {rust} was asked for; ")?;
                match name.as_deref().and_then(super::element::rust_type_for) {
                    Some(r) => write!(f, "read it as {r}, or ")?,
                    None => f.write_str("parfor::io cannot read that dtype; ")?,
                }
                let target = if *dtype == "bool" {
                    "bool".into()
                } else {
                    format!("np.{dtype}")
                };
                write!(f, "save it with arr.astype({target})")
            }
            Ndim { shape, asked } => write!(
                f,
                "shape {} has {}, but a {asked}-axis array was asked for; read it as a \
                 {}-axis array (or ArrayD for any shape), or reshape it in NumPy",
                shape_str(shape),
                axes(shape.len()),
                shape.len()
            ),
            TooLarge { shape } => write!(
                f,
                "shape {} is too large to address; the header is damaged (save the array again)",
                shape_str(shape)
            ),
            Truncated { have, need, what } => write!(
                f,
                "file ends after {have} of the {need} data bytes of its {what} (truncated? save it again)"
            ),
            Trailing { extra, need, what } => write!(
                f,
                "{extra} bytes follow the {need} data bytes of its {what}; the file is damaged \
                 or was not written by np.save (save it again)"
            ),
            Data(why) => write!(f, "bad data ({why}); save the array again with np.save"),
            Zip(why) => write!(
                f,
                "damaged or truncated .npz archive ({why}); save it again with np.savez"
            ),
            NoSuchArray { names } if names.is_empty() => {
                f.write_str("no such array: the archive holds no arrays")
            }
            NoSuchArray { names } => {
                let names: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                write!(f, "no such array; the archive holds {}", names.join(", "))
            }
            Duplicate => f.write_str(
                "an array of that name was already added; give each array its own name",
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.detail {
            Detail::Open(e) | Detail::Read(e) | Detail::Write(e) => Some(e),
            _ => None,
        }
    }
}

/// For `?` in functions returning `std::io::Result`: the message is kept, and the
/// kind becomes `NotFound`, `InvalidData` (a file of the wrong content) or that of
/// the underlying failure.
impl From<Error> for std::io::Error {
    fn from(e: Error) -> std::io::Error {
        let kind = match &e.detail {
            Detail::Open(io) | Detail::Read(io) | Detail::Write(io) => io.kind(),
            _ if e.kind() == ErrorKind::Truncated => std::io::ErrorKind::UnexpectedEof,
            _ => std::io::ErrorKind::InvalidData,
        };
        std::io::Error::new(kind, e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_print_as_numpy_does() {
        assert_eq!(shape_str(&[]), "()");
        assert_eq!(shape_str(&[5]), "(5,)");
        assert_eq!(shape_str(&[3, 4]), "(3, 4)");
    }

    #[test]
    fn messages_name_file_array_and_fix() {
        let e = Error::new(
            Path::new("data.npz"),
            Some("t"),
            Detail::Dtype {
                descr: "<f4".into(),
                rust: "f64",
                dtype: "float64",
            },
        );
        assert_eq!(
            e.to_string(),
            "data.npz, array \"t\": holds float32 values (dtype '<f4'), but f64 was asked for; \
             read it as f32, or save it with arr.astype(np.float64)"
        );
        let e = Error::new(
            Path::new("d.npy"),
            None,
            Detail::Dtype {
                descr: "|O".into(),
                rust: "bool",
                dtype: "bool",
            },
        );
        assert_eq!(
            e.to_string(),
            "d.npy: holds object values (dtype '|O'), but bool was asked for; parfor::io \
             cannot read that dtype; save it with arr.astype(bool)"
        );
        let io: std::io::Error = e.into();
        assert_eq!(io.kind(), std::io::ErrorKind::InvalidData);
        assert!(io.to_string().starts_with("d.npy: holds object"));
    }
}
