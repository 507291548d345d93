//! `cable serve`: options -> [`crate::serve::serve`] -> exit code.
//!
//! May use: `serve`, `diagnostics`.

use std::io::IsTerminal;
use std::process::ExitCode;

use crate::serve::{self, ServeOptions};

/// Serves until Ctrl-C (exit 0); exit 1 when the server cannot start.
pub fn serve(options: &ServeOptions) -> ExitCode {
    match serve::serve(options) {
        Ok(()) => ExitCode::SUCCESS,
        Err(diags) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            diags.print_to_stderr(color);
            ExitCode::from(1)
        }
    }
}
