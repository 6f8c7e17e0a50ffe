//! `parfor::io`: `.npy` and `.npz` round trips (element types, axes, Fortran order,
//! empty arrays), the messages for bad files, and a round trip through NumPy when a
//! Python with numpy is found (`PARFOR_PYTHON`, else `python3`).

use std::path::{Path, PathBuf};
use std::process::Command;

use ndarray::{Array0, ArrayD, Ix0, IxDyn, ShapeBuilder, arr0};
use num_complex::Complex;
use parfor::io::{self, ErrorKind, NpzReader, NpzWriter};
use parfor::prelude::*;

// The example's loop and `run`, tested as the example runs them.
#[path = "../examples/npy_dets.rs"]
#[allow(dead_code)]
mod npy_dets;

/// A fresh directory for one test, removed when it passes.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("parfor-io-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// A version 1.0 `.npy` file with the header dictionary `dict`, then `data`.
fn npy_bytes(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut header = dict.to_owned();
    // The header, with its 10-byte prefix and newline, fills a multiple of 64 bytes.
    let used = 10 + header.len() + 1;
    header.push_str(&" ".repeat((64 - used % 64) % 64));
    header.push('\n');
    let mut out = b"\x93NUMPY\x01\x00".to_vec();
    out.extend(u16::try_from(header.len()).unwrap().to_le_bytes());
    out.extend(header.as_bytes());
    out.extend(data);
    out
}

/// The header dictionary of the `.npy` file at `path`.
fn header_of(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let len = usize::from(u16::from_le_bytes([bytes[8], bytes[9]]));
    String::from_utf8(bytes[10..10 + len].to_vec()).unwrap()
}

/// The message of `e`, which must be of `kind`.
fn message<T: std::fmt::Debug>(r: Result<T, io::Error>, kind: ErrorKind) -> String {
    let e = r.unwrap_err();
    assert_eq!(e.kind(), kind, "{e}");
    e.to_string()
}

#[test]
fn npy_round_trips_every_element_type() {
    let s = Scratch::new("types");
    let p = s.path("a.npy");

    let t = Array3::from_shape_fn((3, 4, 5), |(i, j, k)| (i * 100 + j * 10 + k) as f64 - 0.5);
    io::write_npy(&p, &t).unwrap();
    assert!(header_of(&p).contains("'descr': '<f8', 'fortran_order': False, 'shape': (3, 4, 5)"));
    assert_eq!(io::read_npy::<f64, Ix3>(&p).unwrap(), t);
    // Any number of axes, as `ArrayD`.
    assert_eq!(
        io::read_npy::<f64, IxDyn>(&p).unwrap(),
        t.clone().into_dyn()
    );

    macro_rules! round_trip {
        ($($t:ty => $a:expr, $descr:literal;)*) => {$(
            let a = $a;
            io::write_npy(&p, &a).unwrap();
            assert!(header_of(&p).contains(concat!("'descr': '", $descr, "'")), "{}", header_of(&p));
            let back: Array<$t, _> = io::read_npy(&p).unwrap();
            assert_eq!(back, a, stringify!($t));
        )*};
    }
    round_trip! {
        f32 => array![[1.5f32, -2.0], [f32::MAX, f32::MIN_POSITIVE]], "<f4";
        i64 => array![i64::MIN, 0, i64::MAX], "<i8";
        i32 => array![[[-1i32], [2]]], "<i4";
        i16 => array![i16::MIN, 7], "<i2";
        i8 => array![-128i8, 127], "|i1";
        u64 => array![u64::MAX, 1], "<u8";
        u32 => array![u32::MAX], "<u4";
        u16 => array![[1u16, 2, 3]], "<u2";
        u8 => array![0u8, 255], "|u1";
        bool => array![[true, false], [false, true]], "|b1";
        Complex<f64> => array![Complex::new(1.0, -2.0), Complex::new(0.5, 3.0)], "<c16";
        Complex<f32> => array![Complex::new(1.0f32, -2.0)], "<c8";
    }

    // Fortran order: a transposed array is written as it lies, and read back in that
    // layout.
    let a = Array2::from_shape_fn((3, 5), |(i, j)| (i * 5 + j) as f64);
    io::write_npy(&p, &a.t()).unwrap();
    assert!(header_of(&p).contains("'fortran_order': True, 'shape': (5, 3)"));
    let back: Array2<f64> = io::read_npy(&p).unwrap();
    assert_eq!(back, a.t());
    assert!(back.t().is_standard_layout());
    let f = Array3::from_shape_vec((2, 3, 4).f(), (0..24).collect()).unwrap();
    io::write_npy(&p, &f).unwrap();
    assert_eq!(io::read_npy::<i32, Ix3>(&p).unwrap(), f);
    // A view that is neither C nor Fortran contiguous is written in C order.
    let v = t.slice(s![.., 1..3, ..;2]);
    io::write_npy(&p, &v).unwrap();
    assert_eq!(io::read_npy::<f64, Ix3>(&p).unwrap(), v);

    // Empty arrays and 0-d arrays.
    io::write_npy(&p, &Array1::<f64>::zeros(0)).unwrap();
    assert!(header_of(&p).contains("'shape': (0,)"));
    assert_eq!(io::read_npy::<f64, Ix1>(&p).unwrap().len(), 0);
    io::write_npy(&p, &Array3::<u8>::zeros((2, 0, 3))).unwrap();
    assert_eq!(io::read_npy::<u8, Ix3>(&p).unwrap().shape(), &[2, 0, 3]);
    io::write_npy(&p, &arr0(2.5)).unwrap();
    assert!(header_of(&p).contains("'shape': ()"));
    assert_eq!(
        io::read_npy::<f64, Ix0>(&p).unwrap(),
        Array0::from_elem((), 2.5)
    );
}

#[test]
fn npy_reads_other_writers_files() {
    let s = Scratch::new("foreign");
    let p = s.path("a.npy");
    // Big-endian data, and the keys in another order.
    let data: Vec<u8> = [1.5f64, -2.0, 0.25]
        .iter()
        .flat_map(|x| x.to_be_bytes())
        .collect();
    std::fs::write(
        &p,
        npy_bytes(
            "{'shape': (3,), 'fortran_order': False, 'descr': '>f8', }",
            &data,
        ),
    )
    .unwrap();
    assert_eq!(
        io::read_npy::<f64, Ix1>(&p).unwrap(),
        array![1.5, -2.0, 0.25]
    );
    // Fortran order from the header: the columns are contiguous.
    let data: Vec<u8> = (1..=6i64).flat_map(|x| x.to_le_bytes()).collect();
    std::fs::write(
        &p,
        npy_bytes(
            "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }",
            &data,
        ),
    )
    .unwrap();
    assert_eq!(
        io::read_npy::<i64, Ix2>(&p).unwrap(),
        array![[1, 3, 5], [2, 4, 6]]
    );
}

#[test]
fn npz_round_trips_several_arrays() {
    let s = Scratch::new("npz");
    let p = s.path("a.npz");
    let t = Array3::from_shape_fn((4, 4, 6), |(i, j, k)| (i + 2 * j + 3 * k) as f64);
    let ids = array![3i64, 1, 4, 1, 5, 9];

    for compressed in [false, true] {
        let mut npz = if compressed {
            NpzWriter::create_compressed(&p).unwrap()
        } else {
            NpzWriter::create(&p).unwrap()
        };
        npz.add("t", &t).unwrap();
        npz.add("ids", &ids).unwrap();
        npz.add("empty", &Array1::<f32>::zeros(0)).unwrap();
        npz.add("f", &t.t()).unwrap();
        let e = npz.add("ids", &ids).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::DuplicateName);
        assert_eq!(
            e.to_string(),
            format!(
                "{}, array \"ids\": an array of that name was already added; give each array its own name",
                p.display()
            )
        );
        npz.finish().unwrap();

        let mut npz = NpzReader::open(&p).unwrap();
        assert_eq!(npz.names(), ["t", "ids", "empty", "f"]);
        assert_eq!(npz.read::<f64, Ix3>("t").unwrap(), t);
        assert_eq!(npz.read::<i64, Ix1>("ids").unwrap(), ids);
        assert_eq!(npz.read::<i64, Ix1>("ids.npy").unwrap(), ids);
        assert_eq!(npz.read::<f32, Ix1>("empty").unwrap().len(), 0);
        assert_eq!(npz.read::<f64, Ix3>("f").unwrap(), t.t());
        // Read again, out of order.
        assert_eq!(npz.read::<f64, IxDyn>("t").unwrap(), t.clone().into_dyn());
    }

    // One type and dimension: `write_npz`.
    io::write_npz(&p, &[("a", ids.view()), ("b", ids.slice(s![..;2]))]).unwrap();
    assert_eq!(io::read_npz::<i64, Ix1>(&p, "b").unwrap(), array![3, 4, 5]);
    assert_eq!(io::read_npz::<i64, Ix1>(&p, "a").unwrap(), ids);
}

#[test]
fn bad_npy_files_get_messages_naming_file_and_fix() {
    let s = Scratch::new("bad-npy");
    let p = s.path("data.npy");
    let d = p.display();

    io::write_npy(&p, &Array2::<f32>::zeros((3, 4))).unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::WrongDtype),
        format!(
            "{d}: holds float32 values (dtype '<f4'), but f64 was asked for; read it as f32, \
             or save it with arr.astype(np.float64)"
        )
    );
    assert_eq!(
        message(io::read_npy::<f32, Ix3>(&p), ErrorKind::WrongNdim),
        format!(
            "{d}: shape (3, 4) has 2 axes, but a 3-axis array was asked for; read it as a \
             2-axis array (or ArrayD for any shape), or reshape it in NumPy"
        )
    );
    io::write_npy(&p, &array![1u8]).unwrap();
    assert!(
        message(io::read_npy::<bool, Ix1>(&p), ErrorKind::WrongDtype)
            .ends_with("holds uint8 values (dtype '|u1'), but bool was asked for; read it as u8, or save it with arr.astype(bool)")
    );
    // A dtype parfor::io has no type for.
    std::fs::write(
        &p,
        npy_bytes(
            "{'descr': '<M8[ns]', 'fortran_order': False, 'shape': (1,), }",
            &[0; 8],
        ),
    )
    .unwrap();
    assert_eq!(
        message(io::read_npy::<i64, Ix1>(&p), ErrorKind::WrongDtype),
        format!(
            "{d}: holds datetime64[ns] values (dtype '<M8[ns]'), but i64 was asked for; \
             parfor::io cannot read that dtype; save it with arr.astype(np.int64)"
        )
    );

    // Truncated: in the data, in the header, in the magic string.
    let t = Array2::from_elem((10, 10), 1.0f64);
    io::write_npy(&p, &t).unwrap();
    let full = std::fs::read(&p).unwrap();
    assert_eq!(full.len(), 128 + 800);
    std::fs::write(&p, &full[..128 + 120]).unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::Truncated),
        format!(
            "{d}: file ends after 120 of the 800 data bytes of its (10, 10) float64 array \
             (truncated? save it again)"
        )
    );
    std::fs::write(&p, &full[..40]).unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::Truncated),
        format!("{d}: file ends inside its .npy header, after 40 bytes (truncated? save it again)")
    );
    std::fs::write(&p, &full[..3]).unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::Truncated),
        format!("{d}: file ends inside its .npy header, after 3 bytes (truncated? save it again)")
    );
    // Data after the array.
    let mut longer = full.clone();
    longer.extend([0; 16]);
    std::fs::write(&p, &longer).unwrap();
    assert!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::TrailingBytes).starts_with(&format!(
            "{d}: 16 bytes follow the 800 data bytes of its (10, 10) float64 array"
        ))
    );
    // A header claiming more than the file can hold allocates nothing.
    std::fs::write(
        &p,
        npy_bytes(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (10000000000, 10000000000), }",
            &[],
        ),
    )
    .unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::Malformed),
        format!(
            "{d}: shape (10000000000, 10000000000) is too large to address; the header is \
             damaged (save the array again)"
        )
    );
    std::fs::write(
        &p,
        npy_bytes(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000000,), }",
            &[],
        ),
    )
    .unwrap();
    assert!(
        message(io::read_npy::<f64, Ix1>(&p), ErrorKind::Truncated)
            .contains("file ends after 0 of the 800000000000 data bytes")
    );

    // Not a .npy file at all.
    std::fs::write(&p, "x,y\n1,2\n").unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::NotNumpy),
        format!(
            "{d}: not a .npy file (it does not start with NumPy's magic string \\x93NUMPY); \
             save arrays with np.save"
        )
    );
    std::fs::write(&p, "").unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::NotNumpy),
        format!("{d}: the file is empty, not a .npy file (save it again with np.save)")
    );
    io::write_npz(&p, &[("a", array![1.0].view())]).unwrap();
    assert!(
        message(io::read_npy::<f64, Ix1>(&p), ErrorKind::NotNumpy)
            .ends_with("is a zip archive (an .npz?), not a .npy file; read it with parfor::io::read_npz or NpzReader")
    );
    // Damaged headers: a format version from the future, a bad dictionary, a bool that
    // is neither 0 nor 1.
    let mut v9 = full.clone();
    v9[6] = 9;
    std::fs::write(&p, &v9).unwrap();
    assert_eq!(
        message(io::read_npy::<f64, Ix2>(&p), ErrorKind::Malformed),
        format!(
            "{d}: malformed .npy header (format version 9.0; versions 1.0 to 3.0 are read); \
             save the array again with np.save"
        )
    );
    std::fs::write(&p, npy_bytes("{'descr': '<f8', 'shape': (2,), }", &[0; 16])).unwrap();
    assert!(
        message(io::read_npy::<f64, Ix1>(&p), ErrorKind::Malformed).starts_with(&format!(
            "{d}: malformed .npy header (missing key: fortran_order)"
        ))
    );
    std::fs::write(
        &p,
        npy_bytes(
            "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }",
            &[1, 2],
        ),
    )
    .unwrap();
    assert_eq!(
        message(io::read_npy::<bool, Ix1>(&p), ErrorKind::Malformed),
        format!(
            "{d}: bad data (error parsing value 0x02 as a bool); save the array again with np.save"
        )
    );

    // A missing file, a missing directory to write to.
    let missing = s.path("missing.npy");
    let m = message(io::read_npy::<f64, Ix1>(&missing), ErrorKind::NotFound);
    assert!(
        m.starts_with(&format!("{}: cannot open: ", missing.display())),
        "{m}"
    );
    assert!(m.ends_with("; check the path"), "{m}");
    let nowhere = s.path("no/such/dir/out.npy");
    let m = message(io::write_npy(&nowhere, &array![1.0]), ErrorKind::Io);
    assert!(
        m.starts_with(&format!("{}: cannot write: ", nowhere.display())),
        "{m}"
    );

    // `std::io::Error`, for `?` in functions returning `std::io::Result`.
    let e: std::io::Error = io::read_npy::<f64, Ix1>(&missing).unwrap_err().into();
    assert_eq!(e.kind(), std::io::ErrorKind::NotFound);
    assert!(e.to_string().starts_with(&missing.display().to_string()));
}

#[test]
fn bad_npz_files_get_messages_naming_file_array_and_fix() {
    let s = Scratch::new("bad-npz");
    let p = s.path("data.npz");
    let d = p.display();
    io::write_npz(
        &p,
        &[
            ("x", array![1.25f64, 2.5, 3.75].view()),
            ("y", array![0.5].view()),
        ],
    )
    .unwrap();

    assert_eq!(
        message(io::read_npz::<f64, Ix1>(&p, "z"), ErrorKind::NoSuchArray),
        format!("{d}, array \"z\": no such array; the archive holds \"x\", \"y\"")
    );
    assert_eq!(
        message(io::read_npz::<i32, Ix1>(&p, "x"), ErrorKind::WrongDtype),
        format!(
            "{d}, array \"x\": holds float64 values (dtype '<f8'), but i32 was asked for; \
             read it as f64, or save it with arr.astype(np.int32)"
        )
    );
    assert!(
        message(io::read_npz::<f64, Ix2>(&p, "x"), ErrorKind::WrongNdim).starts_with(&format!(
            "{d}, array \"x\": shape (3,) has 1 axis, but a 2-axis array"
        ))
    );

    // A damaged member: its checksum fails.
    let full = std::fs::read(&p).unwrap();
    let mut damaged = full.clone();
    let at = full
        .windows(8)
        .position(|w| w == 2.5f64.to_le_bytes())
        .unwrap();
    damaged[at] ^= 1;
    std::fs::write(&p, &damaged).unwrap();
    assert_eq!(
        message(io::read_npz::<f64, Ix1>(&p, "x"), ErrorKind::Malformed),
        format!(
            "{d}, array \"x\": damaged or truncated .npz archive (Invalid checksum); save it \
             again with np.savez"
        )
    );

    // Truncated archives, other files.
    std::fs::write(&p, &full[..full.len() / 2]).unwrap();
    let m = message(NpzReader::open(&p), ErrorKind::Malformed);
    assert!(
        m.starts_with(&format!("{d}: damaged or truncated .npz archive (")),
        "{m}"
    );
    assert!(m.ends_with("); save it again with np.savez"), "{m}");
    std::fs::write(&p, "x,y\n1,2\n").unwrap();
    assert_eq!(
        message(NpzReader::open(&p), ErrorKind::NotNumpy),
        format!(
            "{d}: not an .npz archive (it does not start as a zip archive does); save arrays \
             with np.savez"
        )
    );
    std::fs::write(&p, "").unwrap();
    assert_eq!(
        message(NpzReader::open(&p), ErrorKind::NotNumpy),
        format!("{d}: the file is empty, not an .npz archive (save it again with np.savez)")
    );
    io::write_npy(&p, &array![1.0]).unwrap();
    assert_eq!(
        message(NpzReader::open(&p), ErrorKind::NotNumpy),
        format!("{d}: is a .npy file, not an .npz archive; read it with parfor::io::read_npy")
    );
    let missing = s.path("missing.npz");
    assert_eq!(
        message(NpzReader::open(&missing), ErrorKind::NotFound),
        message(io::read_npy::<f64, Ix1>(&missing), ErrorKind::NotFound)
    );
}

#[test]
fn example_computes_the_seed_determinants() {
    let s = Scratch::new("example");
    let (input, output) = (s.path("t.npy"), s.path("dets.npy"));
    let t = Array3::from_shape_fn((3, 3, 7), |(i, j, k)| {
        if i == j {
            k as f64 + 1.0
        } else if i < j {
            0.5
        } else {
            0.0
        }
    });
    io::write_npy(&input, &t).unwrap();
    let summary = npy_dets::run(&input, &output).unwrap();
    assert!(
        summary.starts_with("7 determinants of 3x3 matrices from "),
        "{summary}"
    );
    let dets: Array1<f64> = io::read_npy(&output).unwrap();
    // Upper triangular slices: the product of the diagonal.
    assert_eq!(dets, Array1::from_shape_fn(7, |k| ((k + 1) as f64).powi(3)));

    // Slices that are not square, and a file of the wrong dtype: messages, not panics.
    io::write_npy(&input, &Array3::<f64>::zeros((7, 3, 3))).unwrap();
    let e = npy_dets::run(&input, &output).unwrap_err();
    assert!(
        e.starts_with(&format!(
            "{}: shape (7, 3, 3): the matrices a[:, :, k] must be square",
            input.display()
        )),
        "{e}"
    );
    io::write_npy(&input, &Array3::<f32>::zeros((2, 2, 2))).unwrap();
    let e = npy_dets::run(&input, &output).unwrap_err();
    assert!(
        e.contains("holds float32 values (dtype '<f4'), but f64 was asked for"),
        "{e}"
    );
}

/// The Python side of `numpy_round_trip`: `write DIR` saves NumPy's files, `check DIR`
/// checks what Rust wrote. Determinants: `rtol = 1e-10`, `atol = 0` against
/// `np.linalg.det` (the matrices are well conditioned Gaussian draws; LAPACK's and
/// parfor's LU differ by rounding only). The other arrays: exact.
const PYTHON: &str = r#"
import sys
import numpy as np

mode, d = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(20240601)
c = rng.standard_normal((8, 8, 300))
f = np.asfortranarray(rng.standard_normal((5, 5, 40)))
be = rng.standard_normal((4, 4, 10)).astype(">f8")
t = rng.standard_normal((6, 6, 20))
tz = rng.standard_normal((3, 3, 9))
mask = np.arange(9) % 3 == 0

def dets(a):
    return np.linalg.det(np.moveaxis(a, 2, 0))

def close(name, got, a):
    want = dets(a)
    assert got.dtype == np.float64 and got.shape == want.shape, (name, got.dtype, got.shape)
    err = np.max(np.abs(got - want) / np.abs(want))
    assert np.allclose(got, want, rtol=1e-10, atol=0), (name, err)
    print(f"{name}: {got.size} determinants, max relative error {err:.1e}")

if mode == "write":
    assert f.flags.f_contiguous and not f.flags.c_contiguous
    np.save(f"{d}/c.npy", c)
    np.save(f"{d}/f.npy", f)
    np.save(f"{d}/be.npy", be)
    np.save(f"{d}/f32.npy", np.arange(12, dtype=np.float32).reshape(3, 4))
    np.savez(f"{d}/in.npz", t=t, ids=np.arange(20, dtype=np.int64))
    np.savez_compressed(f"{d}/inz.npz", t=tz, mask=mask)
else:
    for name, a in [("c", c), ("f", f), ("be", be)]:
        close(name, np.load(f"{d}/{name}_dets.npy"), a)
    with np.load(f"{d}/out.npz") as z:
        assert sorted(z.files) == ["dets", "ids", "mask", "tz_dets"], z.files
        close("in.npz", z["dets"], t)
        close("inz.npz", z["tz_dets"], tz)
        assert z["ids"].dtype == np.int64 and (z["ids"] == np.arange(20) * 2).all()
        assert z["mask"].dtype == np.bool_ and (z["mask"] == ~mask).all()
    r = np.load(f"{d}/rust_f.npy")
    want = np.arange(12, dtype=np.float32).reshape(3, 4).T
    assert r.dtype == np.float32 and r.flags.f_contiguous and (r == want).all(), r
    r = np.load(f"{d}/rust_c.npy")
    assert r.dtype == np.complex128 and (r == np.array([1 - 2j, 0.5 + 3j])).all(), r
    r = np.load(f"{d}/rust_empty.npy")
    assert r.dtype == np.uint16 and r.shape == (0,), r
    r = np.load(f"{d}/rust_0d.npy")
    assert r.dtype == np.int32 and r.shape == () and r == -7, r
    with np.load(f"{d}/rust_z.npz") as z:
        assert (z["a"] == np.array([[1, 2], [3, 4]], dtype=np.int8)).all()
        assert z["b"].dtype == np.bool_ and list(z["b"]) == [True, False]
    print("ok")
"#;

/// The Python to run: `PARFOR_PYTHON` (which must have numpy), else `python3` if it has
/// numpy, else none.
fn python_with_numpy() -> Option<String> {
    let has_numpy = |py: &str| {
        Command::new(py)
            .args(["-c", "import numpy"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if let Ok(py) = std::env::var("PARFOR_PYTHON") {
        assert!(has_numpy(&py), "PARFOR_PYTHON={py} cannot `import numpy`");
        return Some(py);
    }
    has_numpy("python3").then(|| "python3".to_owned())
}

fn python(py: &str, mode: &str, dir: &Path) {
    let out = Command::new(py)
        .args(["-c", PYTHON, mode])
        .arg(dir)
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "python {mode} failed:\n{text}");
    print!("{text}");
}

#[test]
fn numpy_round_trip() {
    let Some(py) = python_with_numpy() else {
        println!("skipped: no python3 with numpy (set PARFOR_PYTHON)");
        return;
    };
    let s = Scratch::new("numpy");
    python(&py, "write", &s.0);

    // NumPy's tensors (C order, Fortran order, big-endian) through the example.
    for name in ["c", "f", "be"] {
        let summary = npy_dets::run(
            &s.path(&format!("{name}.npy")),
            &s.path(&format!("{name}_dets.npy")),
        )
        .unwrap();
        println!("{summary}");
    }
    let f32s: Array2<f32> = io::read_npy(s.path("f32.npy")).unwrap();
    assert_eq!(
        f32s,
        Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32)
    );

    // NumPy's archives, stored and compressed, through the library.
    let mut npz = NpzReader::open(s.path("in.npz")).unwrap();
    assert_eq!(npz.names(), ["t", "ids"]);
    let t: Array3<f64> = npz.read("t").unwrap();
    let ids: Array1<i64> = npz.read("ids").unwrap();
    let mut npz = NpzReader::open(s.path("inz.npz")).unwrap();
    let tz: Array3<f64> = npz.read("t").unwrap();
    let mask: Array1<bool> = npz.read("mask").unwrap();
    let (mut d, mut dz) = (Array1::zeros(t.dim().2), Array1::zeros(tz.dim().2));
    npy_dets::dets(&t, &mut d);
    npy_dets::dets(&tz, &mut dz);
    let mut out = NpzWriter::create_compressed(s.path("out.npz")).unwrap();
    out.add("dets", &d).unwrap();
    out.add("tz_dets", &dz).unwrap();
    out.add("ids", &(&ids * 2)).unwrap();
    out.add("mask", &mask.mapv(|m| !m)).unwrap();
    out.finish().unwrap();

    // Rust's arrays for NumPy: Fortran order, complex, empty, 0-d, an archive.
    let a = Array2::from_shape_fn((3, 4), |(i, j)| (i * 4 + j) as f32);
    io::write_npy(s.path("rust_f.npy"), &a.t()).unwrap();
    io::write_npy(
        s.path("rust_c.npy"),
        &array![Complex::new(1.0, -2.0), Complex::new(0.5, 3.0)],
    )
    .unwrap();
    io::write_npy(s.path("rust_empty.npy"), &Array1::<u16>::zeros(0)).unwrap();
    io::write_npy(s.path("rust_0d.npy"), &arr0(-7i32)).unwrap();
    let mut z = NpzWriter::create(s.path("rust_z.npz")).unwrap();
    z.add("a", &array![[1i8, 2], [3, 4]]).unwrap();
    z.add(
        "b",
        &ArrayD::from_shape_vec(IxDyn(&[2]), vec![true, false]).unwrap(),
    )
    .unwrap();
    z.finish().unwrap();

    python(&py, "check", &s.0);
}
