//! The error messages `docs/from-numba.md` quotes are the macro's: each quoted message,
//! cut at its `...`, is found piece by piece in the `.stderr` files of `tests/ui/`,
//! which trybuild keeps equal to what the macro prints. (The page's code blocks run as
//! doctests of `parfor::from_numba`; this checks the text beside them.)

use std::fs;
use std::path::{Path, PathBuf};

/// `text` with every run of whitespace made one space: the page wraps long messages.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every `.stderr` file under `dir`, recursively.
fn stderr_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            stderr_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "stderr") {
            found.push(path);
        }
    }
}

/// The contents of the page's ```` ```text ```` blocks that hold a `parfor:` error.
fn quoted_messages(page: &str) -> Vec<String> {
    let mut messages = Vec::new();
    let mut block: Option<String> = None;
    for line in page.lines() {
        match (&mut block, line.trim_end()) {
            (None, "```text") => block = Some(String::new()),
            (Some(text), "```") => {
                if text.starts_with("error: parfor:") {
                    messages.push(flat(text));
                }
                block = None;
            }
            (Some(text), line) => {
                text.push_str(line);
                text.push('\n');
            }
            (None, _) => {}
        }
    }
    messages
}

#[test]
fn every_quoted_message_is_one_the_macro_prints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let page = fs::read_to_string(root.join("docs/from-numba.md")).expect("docs/from-numba.md");
    let mut files = Vec::new();
    stderr_files(&root.join("tests/ui"), &mut files);
    let outputs: Vec<String> = files
        .iter()
        .map(|f| flat(&fs::read_to_string(f).unwrap()))
        .collect();

    let messages = quoted_messages(&page);
    assert!(
        messages.len() >= 10,
        "only {} messages found",
        messages.len()
    );
    for message in &messages {
        let pieces: Vec<&str> = message
            .split("...")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        // One `.stderr` must hold every piece, in order.
        let printed = outputs.iter().any(|out| {
            let mut from = 0;
            pieces.iter().all(|p| match out[from..].find(p) {
                Some(at) => {
                    from += at + p.len();
                    true
                }
                None => false,
            })
        });
        assert!(
            printed,
            "docs/from-numba.md quotes a message no tests/ui/**/*.stderr holds \
             (update the page to the macro's text):\n{message}"
        );
    }
}
