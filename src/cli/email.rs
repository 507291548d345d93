//! `cable email ESSAY [--text]`: prints an essay's email edition, for
//! pasting into a newsletter provider (Buttondown, Substack, Ghost).
//!
//! ESSAY is the essay's slug (`red-sea-shipping`), its file
//! (`content/essays/red-sea-shipping.md`, or the bundle's folder) or its
//! URL (`/essays/red-sea-shipping/`). The site is built in memory, nothing
//! is written; the HTML (or, with `--text`, the plain text) goes to stdout,
//! warnings and errors to stderr.
//!
//! May use: `pipeline`, `output`, `config`, `diagnostics`, `site`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::config::Options;
use crate::diagnostics::{Diagnostic, Diagnostics, did_you_mean};
use crate::output::Contents;
use crate::output::email::essay_dir;
use crate::pipeline;
use crate::site::{EssayPage, Site};

/// Prints the email edition of `essay`.
pub fn email(options: &Options, essay: &str, text: bool) -> ExitCode {
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let (site, built) = match pipeline::build_site_model(options) {
        Ok(built) => built,
        Err(diags) => return fail(&diags, color),
    };
    let entry = match find(&site, &options.root, essay) {
        Ok(entry) => entry,
        Err(diagnostic) => return fail(&Diagnostics::from(*diagnostic), color),
    };
    let path = format!(
        "{}{}",
        essay_dir(entry),
        if text { "email.txt" } else { "email.html" }
    );
    let Some(Contents::Bytes(bytes)) = built.output.files.get(&path) else {
        let diagnostic = Diagnostic::error(format!("the build made no {path}"));
        return fail(&Diagnostics::from(diagnostic), color);
    };
    built.warnings.print_to_stderr(color);
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .is_err()
    {
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The essay `wanted` names: a slug, a file or folder, or a URL path.
fn find<'a>(site: &'a Site, root: &Path, wanted: &str) -> Result<&'a EssayPage, Box<Diagnostic>> {
    let trimmed = wanted.trim();
    let as_path = PathBuf::from(trimmed);
    let relative = as_path
        .strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| as_path.clone());
    let url = trimmed
        .strip_prefix(site.config.base_url.as_str())
        .map(|rest| format!("/{rest}"))
        .unwrap_or_else(|| trimmed.to_string());
    let url = url
        .strip_prefix(site.config.base_path.as_str())
        .map_or(url.clone(), |rest| format!("/{rest}"));
    let matches = |entry: &EssayPage| {
        let file = &entry.essay.file.path;
        let folder = file.parent().filter(|_| file.ends_with("index.md"));
        entry.essay.slug == trimmed
            || *file == relative
            || file == &as_path
            || folder.is_some_and(|f| f == relative || f == as_path)
            || entry.path == url
            || entry.path == format!("{}/", url.trim_end_matches('/'))
    };
    if let Some(entry) = site.essays.iter().find(|e| matches(e)) {
        return Ok(entry);
    }
    let slugs = site.essays.iter().map(|e| e.essay.slug.as_str());
    let help = match did_you_mean(trimmed, slugs) {
        Some(slug) => format!("did you mean `{slug}`?"),
        None if site.essays.is_empty() => {
            "the site has no essays yet (drafts need --drafts)".to_string()
        }
        None => format!(
            "name an essay by its slug ({}), its file or its URL; drafts need --drafts",
            site.essays
                .iter()
                .take(3)
                .map(|e| e.essay.slug.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    Err(Box::new(
        Diagnostic::error(format!("no essay `{trimmed}` in this site")).with_help(help),
    ))
}

fn fail(diags: &Diagnostics, color: bool) -> ExitCode {
    diags.print_to_stderr(color);
    ExitCode::from(1)
}
