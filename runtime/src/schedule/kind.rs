//! Which way a loop's leaves are shared among its threads: the `schedule = ..` option
//! and `PARFOR_SCHEDULE`.

use std::sync::OnceLock;

/// How the leaves of a loop that runs in parallel are shared among its threads
/// (OpenMP's `schedule` clause). Leaves, and so every reduction's result, are the same
/// under every schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Schedule {
    /// parfor's own choice: a short loop is run by a team claiming shrinking blocks
    /// (as `Guided`), a long or nested one by rayon's adaptive splitting.
    #[default]
    Adaptive,
    /// Each thread gets a fixed share decided before the loop starts: one contiguous
    /// block of leaves per thread, or, with `chunk = N`, leaves dealt round-robin.
    Static,
    /// Threads claim one leaf at a time as they become free.
    Dynamic,
    /// Threads claim blocks of leaves that shrink as the loop nears its end.
    Guided,
}

impl Schedule {
    /// The schedule of a loop without a `schedule` option: `PARFOR_SCHEDULE`, read once,
    /// else [`Schedule::Adaptive`].
    ///
    /// A value that names no schedule is ignored, with a warning on stderr naming it.
    pub fn from_env() -> Schedule {
        static ENV: OnceLock<Schedule> = OnceLock::new();
        *ENV.get_or_init(|| {
            let Some(raw) = std::env::var_os("PARFOR_SCHEDULE") else {
                return Schedule::Adaptive;
            };
            let text = raw.to_string_lossy();
            Schedule::parse(&text).unwrap_or_else(|| {
                eprintln!(
                    "parfor: ignoring PARFOR_SCHEDULE={text:?}: expected `static`, `dynamic`, \
                     `guided` or `adaptive`; using `adaptive`"
                );
                Schedule::Adaptive
            })
        })
    }

    /// The schedule a name gives: `static`, `dynamic`, `guided` or `adaptive`, in any
    /// case and with surrounding blanks.
    pub fn parse(name: &str) -> Option<Schedule> {
        match name.trim().to_ascii_lowercase().as_str() {
            "adaptive" => Some(Schedule::Adaptive),
            "static" => Some(Schedule::Static),
            "dynamic" => Some(Schedule::Dynamic),
            "guided" => Some(Schedule::Guided),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_in_any_case_and_others_do_not() {
        assert_eq!(Schedule::parse(" Static\n"), Some(Schedule::Static));
        assert_eq!(Schedule::parse("DYNAMIC"), Some(Schedule::Dynamic));
        assert_eq!(Schedule::parse("guided"), Some(Schedule::Guided));
        assert_eq!(Schedule::parse("adaptive"), Some(Schedule::Adaptive));
        assert_eq!(Schedule::parse("dynamic,4"), None);
        assert_eq!(Schedule::parse(""), None);
    }
}
