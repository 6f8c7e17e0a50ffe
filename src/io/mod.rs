//! NumPy's `.npy` and `.npz` files: arrays in and out of Python.
//!
//! - [`read_npy`] and [`write_npy`]: one array per `.npy` file, as `np.load` and
//!   `np.save` read and write them (C or Fortran order, either byte order on reading);
//! - [`read_npz`], [`write_npz`], and [`NpzReader`] and [`NpzWriter`] for arrays of
//!   several types: `.npz` archives, as `np.load`, `np.savez` and
//!   `np.savez_compressed` use them.
//!
//! Elements: `f64`, `f32`, integers of 8 to 64 bits, `bool` and complex numbers (see
//! [`Element`]). The format is ndarray-npy's; this module checks a file before reading
//! its data, so that every failure is an [`Error`] that names the file (and the array,
//! in an `.npz`) and says what to do, never a panic:
//!
//! ```text
//! data.npy: holds float32 values (dtype '<f4'), but f64 was asked for; read it as f32, or save it with arr.astype(np.float64)
//! data.npy: shape (3, 4) has 2 axes, but a 3-axis array was asked for; read it as a 2-axis array (or ArrayD for any shape), or reshape it in NumPy
//! data.npy: file ends after 120 of the 800 data bytes of its (10, 10) float64 array (truncated? save it again)
//! ```
//!
//! # Examples
//!
//! An array saved by NumPy, a `#[parallel]` loop over it, a result for NumPy:
//!
//! ```
//! use parfor::prelude::*;
//!
//! #[parallel]
//! fn dets(t: &Array3<f64>, out: &mut Array1<f64>) {
//!     for k in prange(t.len_of(Axis(2))) {
//!         out[k] = det(t.index_axis(Axis(2), k)); // the matrix t[:, :, k]
//!     }
//! }
//!
//! # let dir = std::env::temp_dir().join(format!("parfor-io-doc-mod-{}", std::process::id()));
//! # std::fs::create_dir_all(&dir)?;
//! # let (input, output) = (dir.join("t.npy"), dir.join("dets.npy"));
//! # let t = Array3::from_shape_fn((3, 3, 5), |(i, j, k)| if i == j { k as f64 } else { 0.0 });
//! # parfor::io::write_npy(&input, &t)?;
//! // In Python: np.save("t.npy", t) with t of shape (3, 3, 5).
//! let t: Array3<f64> = parfor::io::read_npy(&input)?;
//! let mut out = Array1::zeros(t.len_of(Axis(2)));
//! dets(&t, &mut out);
//! parfor::io::write_npy(&output, &out)?; // np.load("dets.npy")
//! assert_eq!(parfor::io::read_npy::<f64, Ix1>(&output)?, array![0., 1., 8., 27., 64.]);
//! # std::fs::remove_dir_all(&dir)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufReader, Seek};
use std::path::{Path, PathBuf};

use ndarray::{Array, ArrayBase, ArrayView, Data, Dimension};
use ndarray_npy::{WriteNpyError, WriteNpzError};
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive};

mod element;
mod error;
mod read;

pub use element::Element;
pub use error::{Error, ErrorKind};

use error::Detail;

/// Reads the `.npy` file at `path` as an array of `T` with `D` axes (`IxDyn` for any
/// number), as `np.load` would.
///
/// # Errors
///
/// An [`Error`] naming the file: it cannot be opened or read, it is not a `.npy` file,
/// it holds another dtype than `T` ([`ErrorKind::WrongDtype`]) or another number of
/// axes than `D` ([`ErrorKind::WrongNdim`]), or it ends before its data does
/// ([`ErrorKind::Truncated`]).
///
/// # Examples
///
/// ```
/// use ndarray::{Array2, ArrayD, array};
///
/// let path = std::env::temp_dir().join(format!("parfor-doc-read-{}.npy", std::process::id()));
/// parfor::io::write_npy(&path, &array![[1_i64, 2, 3], [4, 5, 6]])?;
///
/// let a: Array2<i64> = parfor::io::read_npy(&path)?;
/// assert_eq!(a, array![[1, 2, 3], [4, 5, 6]]);
/// let any: ArrayD<i64> = parfor::io::read_npy(&path)?; // any number of axes
/// assert_eq!(any.shape(), &[2, 3]);
///
/// let e = parfor::io::read_npy::<f64, ndarray::Ix2>(&path).unwrap_err();
/// assert_eq!(e.kind(), parfor::io::ErrorKind::WrongDtype);
/// assert!(e.to_string().contains("holds int64 values (dtype '<i8'), but f64 was asked for"));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_npy<T: Element, D: Dimension>(path: impl AsRef<Path>) -> Result<Array<T, D>, Error> {
    let path = path.as_ref();
    let open = |e| Error::new(path, None, Detail::Open(e));
    let file = File::open(path).map_err(open)?;
    let size = file.metadata().map_err(open)?.len();
    read::read_npy_from(BufReader::new(file), size, path, None)
}

/// Writes `array` to a `.npy` file at `path` (replacing any file there), as `np.save`
/// would: C order, or Fortran order for an array in Fortran layout (such as a
/// transposed one), so that no copy is made.
///
/// # Errors
///
/// An [`Error`] naming the file if it cannot be created or written.
///
/// # Examples
///
/// ```
/// use ndarray::{Array2, array};
///
/// let path = std::env::temp_dir().join(format!("parfor-doc-write-{}.npy", std::process::id()));
/// let a = array![[1.0_f32, 2.0], [3.0, 4.0]];
/// parfor::io::write_npy(&path, &a.t())?; // stored in Fortran order
/// assert_eq!(parfor::io::read_npy::<f32, ndarray::Ix2>(&path)?, a.t());
///
/// let e = parfor::io::write_npy("/no/such/dir/a.npy", &a).unwrap_err();
/// assert!(e.to_string().starts_with("/no/such/dir/a.npy: cannot write:"), "{e}");
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_npy<T, S, D>(path: impl AsRef<Path>, array: &ArrayBase<S, D>) -> Result<(), Error>
where
    T: Element,
    S: Data<Elem = T>,
    D: Dimension,
{
    let path = path.as_ref();
    ndarray_npy::write_npy(path, array).map_err(|e| {
        let detail = match e {
            WriteNpyError::Io(e) => Detail::Write(e),
            other => Detail::Encode(other.to_string()),
        };
        Error::new(path, None, detail)
    })
}

/// Reads the array `name` of the `.npz` archive at `path`, as `np.load(path)[name]`
/// would. To read several arrays, open the archive once with [`NpzReader`].
///
/// # Errors
///
/// Those of [`read_npy`], naming the archive and the array; also
/// [`ErrorKind::NoSuchArray`] (the message lists the names it holds) and
/// [`ErrorKind::NotNumpy`] for a file that is not a zip archive.
///
/// # Examples
///
/// ```
/// use ndarray::{Array1, array};
///
/// let path = std::env::temp_dir().join(format!("parfor-doc-read-npz-{}.npz", std::process::id()));
/// parfor::io::write_npz(&path, &[("x", array![1.0, 2.0].view()), ("y", array![3.0].view())])?;
/// let y: Array1<f64> = parfor::io::read_npz(&path, "y")?;
/// assert_eq!(y, array![3.0]);
///
/// let e = parfor::io::read_npz::<f64, ndarray::Ix1>(&path, "z").unwrap_err();
/// assert!(e.to_string().ends_with("array \"z\": no such array; the archive holds \"x\", \"y\""));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn read_npz<T: Element, D: Dimension>(
    path: impl AsRef<Path>,
    name: &str,
) -> Result<Array<T, D>, Error> {
    NpzReader::open(path)?.read(name)
}

/// Writes `arrays`, each under its name, to an uncompressed `.npz` archive at `path`,
/// as `np.savez(path, name=array, ..)` would. For arrays of several types or numbers of
/// axes, or compression, use [`NpzWriter`].
///
/// # Errors
///
/// An [`Error`] naming the file if it cannot be created or written, or
/// [`ErrorKind::DuplicateName`] if two arrays have the same name.
///
/// # Examples
///
/// ```
/// use ndarray::{Array2, array};
///
/// let path = std::env::temp_dir().join(format!("parfor-doc-write-npz-{}.npz", std::process::id()));
/// let (a, b) = (array![[1_u8, 2], [3, 4]], Array2::<u8>::zeros((0, 3)));
/// parfor::io::write_npz(&path, &[("a", a.view()), ("b", b.view())])?;
/// assert_eq!(parfor::io::read_npz::<u8, ndarray::Ix2>(&path, "b")?.shape(), &[0, 3]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn write_npz<T: Element, D: Dimension>(
    path: impl AsRef<Path>,
    arrays: &[(&str, ArrayView<'_, T, D>)],
) -> Result<(), Error> {
    let mut npz = NpzWriter::create(path)?;
    for (name, array) in arrays {
        npz.add(name, array)?;
    }
    npz.finish()
}

/// An `.npz` archive open for reading, as `np.load` returns one: read its arrays by
/// name, each with its own element type and number of axes.
///
/// # Examples
///
/// ```
/// use ndarray::{Array1, Array2, array};
/// use parfor::io::{NpzReader, NpzWriter};
///
/// let path = std::env::temp_dir().join(format!("parfor-doc-npz-reader-{}.npz", std::process::id()));
/// let mut npz = NpzWriter::create(&path)?;
/// npz.add("weights", &array![[0.5, 1.5], [2.5, 3.5]])?;
/// npz.add("labels", &array![1_i32, 0])?;
/// npz.finish()?;
///
/// let mut npz = NpzReader::open(&path)?;
/// assert_eq!(npz.names(), ["weights", "labels"]);
/// let w: Array2<f64> = npz.read("weights")?;
/// let l: Array1<i32> = npz.read("labels")?;
/// assert_eq!((w[[1, 0]], l[0]), (2.5, 1));
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct NpzReader {
    path: PathBuf,
    zip: ZipArchive<BufReader<File>>,
    /// The archive's members, in its order.
    members: Vec<String>,
}

impl NpzReader {
    /// Opens the `.npz` archive at `path` and reads its table of contents.
    ///
    /// # Errors
    ///
    /// An [`Error`] naming the file if it cannot be opened or read, is not a zip
    /// archive ([`ErrorKind::NotNumpy`]; the message says when it is a `.npy` file), or
    /// is a damaged or truncated one ([`ErrorKind::Malformed`]).
    pub fn open(path: impl AsRef<Path>) -> Result<NpzReader, Error> {
        let path = path.as_ref();
        let err = |detail| Error::new(path, None, detail);
        let mut file = File::open(path).map_err(|e| err(Detail::Open(e)))?;
        let mut head = [0u8; 8];
        let got = read::read_up_to(&mut file, &mut head).map_err(|e| err(Detail::Read(e)))?;
        file.rewind().map_err(|e| err(Detail::Read(e)))?;
        let head = &head[..got];
        let zip = ZipArchive::new(BufReader::new(file)).map_err(|e| {
            err(match e {
                _ if head.is_empty() => Detail::Empty { npz: true },
                _ if read::is_npy(head) => Detail::NotNpz { npy: true },
                _ if !read::is_zip(head) => Detail::NotNpz { npy: false },
                ZipError::Io(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => {
                    Detail::Zip("the file ends early".into())
                }
                ZipError::Io(e) => Detail::Read(e),
                other => Detail::Zip(other.to_string()),
            })
        })?;
        let members = zip.file_names().map(str::to_owned).collect();
        Ok(NpzReader {
            path: path.to_path_buf(),
            zip,
            members,
        })
    }

    /// The names of the arrays, in the archive's order, without the `.npy` each
    /// member's name ends with (as `np.load(path).files` lists them).
    pub fn names(&self) -> Vec<&str> {
        self.members
            .iter()
            .map(|m| m.strip_suffix(".npy").unwrap_or(m))
            .collect()
    }

    /// Reads the array `name` as an array of `T` with `D` axes. `name` is looked up as
    /// NumPy does: the member `name`, else `name.npy`.
    ///
    /// # Errors
    ///
    /// Those of [`read_npy`], naming the archive and the array, and
    /// [`ErrorKind::NoSuchArray`], listing the names the archive holds.
    pub fn read<T: Element, D: Dimension>(&mut self, name: &str) -> Result<Array<T, D>, Error> {
        let err = |detail| Error::new(&self.path, Some(name), detail);
        let with_suffix = format!("{name}.npy");
        let Some(index) = (self.members.iter().position(|m| m == name))
            .or_else(|| self.members.iter().position(|m| *m == with_suffix))
        else {
            return Err(err(Detail::NoSuchArray {
                names: self.names().into_iter().map(str::to_owned).collect(),
            }));
        };
        let member = self.zip.by_index(index).map_err(|e| {
            err(match e {
                ZipError::Io(e) => Detail::Read(e),
                other => Detail::Zip(other.to_string()),
            })
        })?;
        let size = member.size();
        read::read_npy_from(member, size, &self.path, Some(name)).map_err(Error::in_zip_member)
    }
}

/// An `.npz` archive being written: add arrays of any element types and shapes, then
/// [`finish`](NpzWriter::finish) it.
///
/// Dropping it unfinished leaves an archive whose failures, if any, went unreported:
/// call `finish`.
///
/// # Examples
///
/// ```
/// use ndarray::{Array1, Array3, array};
/// use parfor::io::NpzWriter;
///
/// let path = std::env::temp_dir().join(format!("parfor-doc-npz-writer-{}.npz", std::process::id()));
/// let mut npz = NpzWriter::create_compressed(&path)?; // as np.savez_compressed
/// npz.add("t", &Array3::<f64>::zeros((10, 10, 10)))?;
/// npz.add("mask", &array![true, false])?;
/// assert_eq!(npz.add("t", &array![1.0]).unwrap_err().kind(), parfor::io::ErrorKind::DuplicateName);
/// npz.finish()?;
/// assert!(std::fs::metadata(&path)?.len() < 8_000); // zeros compress well
/// let mask: Array1<bool> = parfor::io::read_npz(&path, "mask")?;
/// assert_eq!(mask, array![true, false]);
/// # std::fs::remove_file(&path)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct NpzWriter {
    path: PathBuf,
    zip: ndarray_npy::NpzWriter<File>,
    options: SimpleFileOptions,
    names: HashSet<String>,
}

impl std::fmt::Debug for NpzWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NpzWriter")
            .field("path", &self.path)
            .field("names", &self.names)
            .finish_non_exhaustive()
    }
}

impl NpzWriter {
    /// Creates an uncompressed `.npz` archive at `path` (replacing any file there), as
    /// `np.savez` writes.
    ///
    /// # Errors
    ///
    /// An [`Error`] naming the file if it cannot be created.
    pub fn create(path: impl AsRef<Path>) -> Result<NpzWriter, Error> {
        NpzWriter::with_method(path.as_ref(), CompressionMethod::Stored)
    }

    /// Creates a deflate-compressed `.npz` archive at `path`, as `np.savez_compressed`
    /// writes.
    ///
    /// # Errors
    ///
    /// An [`Error`] naming the file if it cannot be created.
    pub fn create_compressed(path: impl AsRef<Path>) -> Result<NpzWriter, Error> {
        NpzWriter::with_method(path.as_ref(), CompressionMethod::Deflated)
    }

    fn with_method(path: &Path, method: CompressionMethod) -> Result<NpzWriter, Error> {
        let file = File::create(path).map_err(|e| Error::new(path, None, Detail::Write(e)))?;
        let options = SimpleFileOptions::default().compression_method(method);
        Ok(NpzWriter {
            path: path.to_path_buf(),
            zip: ndarray_npy::NpzWriter::new_with_options(file, options),
            options,
            names: HashSet::new(),
        })
    }

    /// Adds `array` under `name` (stored as the member `name.npy`, as NumPy does).
    ///
    /// # Errors
    ///
    /// An [`Error`] naming the archive and the array if writing fails, or
    /// [`ErrorKind::DuplicateName`] if an array of that name was added before.
    pub fn add<T, S, D>(&mut self, name: &str, array: &ArrayBase<S, D>) -> Result<(), Error>
    where
        T: Element,
        S: Data<Elem = T>,
        D: Dimension,
    {
        if !self.names.insert(name.to_owned()) {
            return Err(Error::new(&self.path, Some(name), Detail::Duplicate));
        }
        // Zip64 for a member that a 32-bit size cannot hold (with room for the header),
        // as NumPy does.
        let bytes = (array.len() as u64).saturating_mul(size_of::<T>() as u64);
        let options = self
            .options
            .large_file(bytes >= u64::from(u32::MAX) - (1 << 16));
        self.zip
            .add_array_with_options(name, array, options)
            .map_err(|e| npz_write_error(&self.path, Some(name), e))
    }

    /// Writes the archive's table of contents and closes the file.
    ///
    /// # Errors
    ///
    /// An [`Error`] naming the file if writing fails.
    pub fn finish(self) -> Result<(), Error> {
        self.zip
            .finish()
            .map(drop)
            .map_err(|e| npz_write_error(&self.path, None, e))
    }
}

fn npz_write_error(path: &Path, array: Option<&str>, e: WriteNpzError) -> Error {
    let detail = match e {
        WriteNpzError::Zip(ZipError::Io(e)) | WriteNpzError::Npy(WriteNpyError::Io(e)) => {
            Detail::Write(e)
        }
        other => Detail::Encode(other.to_string()),
    };
    Error::new(path, array, detail)
}
