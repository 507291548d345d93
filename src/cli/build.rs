//! `cable build` and `cable check`: run the pipeline, print diagnostics and
//! one summary line, pick the exit code.
//!
//! May use: `pipeline`, `output`, `config`, `diagnostics`.

use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use crate::config::Options;
use crate::diagnostics::Diagnostics;
use crate::{output, pipeline};

/// Builds (writing to `output_dir`) or, without it, only checks.
pub fn build(options: &Options, output_dir: Option<&Path>) -> ExitCode {
    let started = std::time::Instant::now();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let built = match pipeline::build_site(options) {
        Ok(built) => built,
        Err(diags) => return fail(&diags, color),
    };
    let mut warnings = built.warnings;
    let timings = std::env::var_os("CABLE_TIMINGS").is_some();
    if let Some(dir) = output_dir {
        let started = std::time::Instant::now();
        let written = output::write(&built.output, dir, &built.config);
        if timings {
            for (stage, time) in &built.stages {
                eprintln!("{:>8.1} ms  {stage}", time.as_secs_f64() * 1000.0);
            }
            eprintln!(
                "{:>8.1} ms  write",
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
        match written {
            Ok(more) => warnings.extend(more),
            Err(diags) => {
                warnings.extend(diags);
                return fail(&warnings, color);
            }
        }
    }
    warnings.print_to_stderr(color);
    // The whole build, writing included.
    let elapsed = started.elapsed().as_secs_f64();
    let warned = match warnings.warning_count() {
        0 => String::new(),
        1 => ", 1 warning".to_string(),
        n => format!(", {n} warnings"),
    };
    match output_dir {
        Some(dir) => println!(
            "Built {}, {}, {} in {elapsed:.2} s{warned} -> {}",
            count(built.essays, "essay"),
            count(built.output.page_count(), "page"),
            count(built.output.files.len(), "file"),
            dir.display()
        ),
        None => println!(
            "Checked {}, {} in {elapsed:.2} s: no errors{warned}",
            count(built.essays, "essay"),
            count(built.output.page_count(), "page")
        ),
    }
    ExitCode::SUCCESS
}

/// `1 essay`, `3 essays`.
fn count(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn fail(diags: &Diagnostics, color: bool) -> ExitCode {
    diags.print_to_stderr(color);
    let errors = diags.error_count();
    eprintln!(
        "{} {}; nothing was written",
        errors,
        if errors == 1 { "error" } else { "errors" }
    );
    ExitCode::from(1)
}
