//! `cable new "Title"`: write a new draft essay and print its path.
//!
//! May use: `scaffold`, `diagnostics`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::diagnostics::Diagnostics;
use crate::scaffold::{self, NewEssay, ScaffoldError};

/// Writes `ROOT/content/essays/{slug}.md`; prints its path on stdout (alone,
/// so `$EDITOR "$(cable new "Title")"` works).
pub fn new(root: &Path, essay: &NewEssay) -> ExitCode {
    match scaffold::new_essay(root, essay) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// Prints a scaffolding error as a diagnostic; exit code 2 for a bad
/// argument, 1 otherwise.
pub(super) fn fail(error: &ScaffoldError) -> ExitCode {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    Diagnostics::from(error.to_diagnostic()).print_to_stderr(color);
    ExitCode::from(if error.is_usage() { 2 } else { 1 })
}
