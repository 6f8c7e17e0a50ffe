//! Whether progress bars are shown: stderr a terminal, and `PARFOR_PROGRESS`.
use std::io::IsTerminal;
use std::sync::OnceLock;

/// Whether progress bars are shown in this process, decided on first use.
#[cfg_attr(
    test,
    allow(dead_code, reason = "tests force bars on with `hook::forced`")
)]
pub(super) fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| match from_env() {
        Mode::On => true,
        Mode::Off => false,
        Mode::Auto => std::io::stderr().is_terminal() && !console::is_dumb(),
    })
}

/// What `PARFOR_PROGRESS` asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Bars when stderr is a terminal (and `TERM` is not `dumb`).
    Auto,
    /// Bars always (`1`).
    On,
    /// No bars (`0`).
    Off,
}

/// `PARFOR_PROGRESS` read from the environment; an invalid value is ignored with a
/// warning on stderr.
fn from_env() -> Mode {
    const VAR: &str = "PARFOR_PROGRESS";
    let raw = std::env::var_os(VAR);
    let text = raw.as_deref().map(|v| v.to_string_lossy());
    parse(text.as_deref()).unwrap_or_else(|| {
        eprintln!(
            "parfor: ignoring {VAR}={:?}: expected 1 (show progress bars) or 0 (hide \
             them); showing them when stderr is a terminal",
            text.as_deref().unwrap_or_default()
        );
        Mode::Auto
    })
}

/// The mode a value of `PARFOR_PROGRESS` asks for (`None` for the variable unset);
/// `None` for a value other than `0` and `1`.
///
/// Empty counts as unset (`PARFOR_PROGRESS= cmd` is how a shell unsets it for one
/// command); surrounding whitespace is ignored.
fn parse(value: Option<&str>) -> Option<Mode> {
    match value.map(str::trim) {
        None | Some("") => Some(Mode::Auto),
        Some("1") => Some(Mode::On),
        Some("0") => Some(Mode::Off),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_parfor_progress() {
        assert_eq!(parse(None), Some(Mode::Auto));
        assert_eq!(parse(Some("")), Some(Mode::Auto));
        assert_eq!(parse(Some("1")), Some(Mode::On));
        assert_eq!(parse(Some(" 0\n")), Some(Mode::Off));
        for bad in ["2", "yes", "true", "on", "01", "-1", "1 0"] {
            assert_eq!(parse(Some(bad)), None, "{bad}");
        }
    }
}
