//! Large arrays on transparent huge pages, as NumPy allocates its own.
//!
//! Linux backs memory with 4 KiB pages unless a program asks for 2 MiB ones with
//! `madvise(MADV_HUGEPAGE)` (where `/sys/kernel/mm/transparent_hugepage/enabled` reads
//! `madvise`, as on many distributions). NumPy asks for every array of 4 MiB or more.
//! For a fresh 128 MB result that is 64 page faults instead of 31 250, and far fewer TLB
//! misses for code that walks a matrix by columns.
//!
//! The runtime's own large results (`matmul`, `fft2`) are allocated this way;
//! [`zeros`] and [`advise`] do it for arrays of the caller's.

use ndarray::{Array, Dimension, ShapeBuilder};
use num_traits::Zero;

/// Buffers below this many bytes are left alone (NumPy's threshold, 4 MiB).
///
/// # Examples
///
/// ```
/// use parfor_runtime::pages::HUGE_MIN_BYTES;
///
/// // A 1000 × 1000 `f64` array (8 MB) is advised; a 100 × 100 one is not.
/// assert!(1000 * 1000 * size_of::<f64>() >= HUGE_MIN_BYTES);
/// assert!(100 * 100 * size_of::<f64>() < HUGE_MIN_BYTES);
/// ```
pub const HUGE_MIN_BYTES: usize = 1 << 22;

/// An array of zeros, like [`Array::zeros`], whose memory is requested on huge pages
/// when it is at least [`HUGE_MIN_BYTES`] (see the [module](self) documentation).
///
/// # Panics
///
/// If the number of elements overflows `isize`, as [`Array::zeros`] does.
///
/// # Examples
///
/// ```
/// use ndarray::Array2;
///
/// // 8 MB: on huge pages where the system offers them.
/// let a: Array2<f64> = parfor_runtime::pages::zeros((1000, 1000));
/// assert_eq!(a.dim(), (1000, 1000));
/// assert!(a.iter().all(|&x| x == 0.0));
/// ```
pub fn zeros<A, Sh, D>(shape: Sh) -> Array<A, D>
where
    A: Clone + Zero,
    Sh: ShapeBuilder<Dim = D>,
    D: Dimension,
{
    let shape = shape.into_shape_with_order();
    let len = shape
        .raw_dim()
        .size_checked()
        .expect("parfor::pages::zeros: the number of elements overflows isize");
    let mut v = Vec::with_capacity(len);
    advise(&mut v);
    // Written after the advice: the first touch of each page is what allocates it.
    v.resize(len, A::zero());
    Array::from_shape_vec(shape, v).expect("len elements")
}

/// Asks for huge pages under `v`'s whole allocation (its capacity), when it is at least
/// [`HUGE_MIN_BYTES`]; only the pages not yet touched take the advice, so call it
/// before filling a fresh `Vec::with_capacity`. Does nothing on other systems, or
/// where the kernel declines (transparent huge pages disabled).
///
/// # Examples
///
/// ```
/// let mut v: Vec<f64> = Vec::with_capacity(1 << 20);
/// parfor_runtime::pages::advise(&mut v);
/// v.extend((0..1 << 20).map(|k| k as f64));
/// assert_eq!(v[12345], 12345.0);
/// ```
pub fn advise<T>(v: &mut Vec<T>) {
    let bytes = v.capacity().saturating_mul(size_of::<T>());
    if bytes >= HUGE_MIN_BYTES {
        advise_range(v.as_mut_ptr().cast(), bytes);
    }
}

/// The 2 MiB-aligned part of `bytes` bytes from `start`, advised `MADV_HUGEPAGE`.
#[cfg(target_os = "linux")]
fn advise_range(start: *mut u8, bytes: usize) {
    const HUGE: usize = 1 << 21;
    let begin = (start as usize).next_multiple_of(HUGE);
    let end = (start as usize + bytes) & !(HUGE - 1);
    if end > begin {
        // SAFETY: `begin..end` lies inside one live allocation of ours (the caller's
        // `Vec`, borrowed mutably for the call). `MADV_HUGEPAGE` only changes how the
        // kernel backs those pages, never their contents, so no Rust value is affected;
        // an error (EINVAL where huge pages are off) is a declined hint, ignored.
        unsafe {
            libc::madvise(begin as *mut libc::c_void, end - begin, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn advise_range(_start: *mut u8, _bytes: usize) {}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array3;

    #[test]
    fn zeros_are_zeros_in_the_asked_shape() {
        let a: Array3<f64> = zeros((3, 700, 400));
        assert_eq!(a.dim(), (3, 700, 400));
        assert!(a.is_standard_layout());
        assert!(a.iter().all(|&x| x == 0.0));
        let small: Array3<u8> = zeros((2, 0, 5));
        assert_eq!(small.len(), 0);
    }

    #[test]
    fn advised_vectors_keep_their_contents() {
        // Already written: the advice must not disturb what is there.
        let mut v: Vec<u64> = (0..1 << 20).collect();
        v.reserve(1 << 20);
        advise(&mut v);
        assert!(v.iter().enumerate().all(|(k, &x)| x == k as u64));
        v.extend(1 << 20..2 << 20);
        assert!(v.iter().enumerate().all(|(k, &x)| x == k as u64));
    }

    /// On Linux with transparent huge pages in `madvise` or `always` mode, a large
    /// array from `zeros` is backed by huge pages once touched (`AnonHugePages` in
    /// `/proc/self/smaps` of its mapping).
    #[cfg(target_os = "linux")]
    #[test]
    fn zeros_get_huge_pages_where_the_kernel_offers_them() {
        let mode = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/enabled")
            .unwrap_or_default();
        let defrag = std::fs::read_to_string("/sys/kernel/mm/transparent_hugepage/defrag")
            .unwrap_or_default();
        // Only where the kernel hands out huge pages to advised memory at the first
        // touch (compacting memory for them if it must): otherwise they come later
        // or never, and there is nothing to check now.
        let offered = mode.contains("[madvise]") || mode.contains("[always]");
        let at_fault = ["[always]", "[madvise]", "[defer+madvise]"]
            .iter()
            .any(|m| defrag.contains(m));
        if !(offered && at_fault) {
            return;
        }
        let a: ndarray::Array1<f64> = zeros(8 << 20); // 64 MiB
        // The middle: advising splits the mapping, and its first, unaligned part
        // keeps small pages.
        let addr = a.as_ptr() as usize + a.len() / 2 * size_of::<f64>();
        let smaps = std::fs::read_to_string("/proc/self/smaps").expect("smaps");
        let huge_kb = mapping_field(&smaps, addr, "AnonHugePages:");
        // At least one 2 MiB page; all 32 when memory is not fragmented.
        assert!(
            huge_kb >= 2048,
            "AnonHugePages {huge_kb} kB for a 64 MiB array"
        );
    }

    /// The value in kB of `field` for the mapping of `/proc/self/smaps` holding `addr`.
    #[cfg(target_os = "linux")]
    fn mapping_field(smaps: &str, addr: usize, field: &str) -> usize {
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ')
                && let Some((lo, hi)) = range.split_once('-')
                && let (Ok(lo), Ok(hi)) =
                    (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
            {
                inside = (lo..hi).contains(&addr);
            } else if inside && let Some(rest) = line.strip_prefix(field) {
                return rest
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap_or(0);
            }
        }
        panic!("no mapping holds {addr:#x}");
    }
}
