//! The output: every file of the built site, in memory, keyed by path.
//!
//! [`Output::assemble`] gathers the rendered pages, the feeds, the email
//! editions ([`email`]), the sitemap and robots.txt, the theme's static
//! files (but `email.css`, which is inlined) and bundle assets, checks that
//! every path stays inside the output folder and that no two sources write
//! the same file. [`write`] puts it on disk atomically; `check` stops before
//! that and `serve` serves it from memory.
//!
//! May use: `site`, `render` (its `OutputFile`, `StaticFile`), `config`, `diagnostics`.

pub mod email;
pub mod feeds;
pub mod search;
pub mod sitemap;
pub mod write;

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::diagnostics::{Diagnostic, Diagnostics, Label};
use crate::render::{OutputFile, StaticFile, Theme};
use crate::site::Site;

pub use write::write;

/// Where an output file's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Generated in memory (shared, so copies of an output are cheap).
    Bytes(Arc<[u8]>),
    /// Copied from a theme or site static file.
    Static(StaticFile),
    /// Copied from a bundle asset on disk.
    Asset(PathBuf),
}

/// Every file of the site, by output path (sorted, so writing is stable).
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Relative path (`essays/x/index.html`) -> contents.
    pub files: BTreeMap<String, Contents>,
}

/// True when a relative output path cannot leave the output folder.
pub fn is_safe_path(path: &str) -> bool {
    !path.is_empty()
        && !path.starts_with('/')
        && !path.contains('\\')
        && !path.contains('\0')
        && path
            .split('/')
            .all(|segment| !segment.is_empty() && segment != "." && segment != "..")
}

impl Output {
    /// Gathers pages, feeds, sitemap, static files and assets.
    pub fn assemble(
        site: &Site,
        theme: &Theme,
        pages: Vec<OutputFile>,
        diags: &mut Diagnostics,
    ) -> Output {
        let mut output = Output::default();
        let mut generated: Vec<OutputFile> = pages;
        generated.extend(feeds::feeds(site, theme));
        generated.extend(email::email_files(site, theme, diags));
        generated.push(sitemap::sitemap(site));
        generated.push(sitemap::robots(site));
        for file in generated {
            output.insert(
                file.path.clone(),
                Contents::Bytes(file.bytes.into()),
                "generated page",
                diags,
            );
        }
        for entry in &site.essays {
            let dir = crate::site::urls::output_path(&entry.path);
            let dir = dir.trim_end_matches("index.html");
            for asset in &entry.essay.assets {
                let path = format!("{dir}{}", asset.relative);
                let owner = entry.essay.file.path.display().to_string();
                output.insert(path, Contents::Asset(asset.path.clone()), &owner, diags);
            }
        }
        for entry in &site.pages {
            let dir = crate::site::urls::output_path(&entry.path);
            let dir = dir.trim_end_matches("index.html");
            for asset in &entry.page.assets {
                let path = format!("{dir}{}", asset.relative);
                let owner = entry.page.file.path.display().to_string();
                output.insert(path, Contents::Asset(asset.path.clone()), &owner, diags);
            }
        }
        for (path, file) in &theme.static_files {
            if path == email::EMAIL_CSS {
                // Inlined into the email editions, never served.
                continue;
            }
            if output.files.contains_key(path) {
                let origin = match file {
                    StaticFile::Disk(p) => p
                        .strip_prefix(&site.config.root)
                        .unwrap_or(p)
                        .display()
                        .to_string(),
                    StaticFile::Embedded(_) => "the built-in theme".to_string(),
                };
                diags.push(
                    Diagnostic::error(format!(
                        "static file {origin} would overwrite the generated {path}"
                    ))
                    .with_label(Label::path(origin.clone(), ""))
                    .with_help("rename or remove the static file; Cable writes this file itself"),
                );
                continue;
            }
            output.insert(
                path.clone(),
                Contents::Static(file.clone()),
                "static file",
                diags,
            );
        }
        output
    }

    fn insert(&mut self, path: String, contents: Contents, owner: &str, diags: &mut Diagnostics) {
        if !is_safe_path(&path) {
            diags.push(
                Diagnostic::error(format!(
                    "{owner} would write outside the output folder: {path:?}"
                ))
                .with_help("rename the file so its path has no `..` or absolute parts"),
            );
            return;
        }
        if self.files.contains_key(&path) {
            diags.push(
                Diagnostic::error(format!(
                    "{owner} would overwrite {path}, which the site already writes"
                ))
                .with_label(Label::path(owner.to_string(), ""))
                .with_help("rename the file"),
            );
            return;
        }
        self.files.insert(path, contents);
    }

    /// Number of HTML pages.
    pub fn page_count(&self) -> usize {
        // The email editions are not pages of the site.
        self.files
            .keys()
            .filter(|p| p.ends_with(".html") && !p.ends_with("/email.html"))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_paths() {
        assert!(is_safe_path("essays/x/index.html"));
        for bad in [
            "../x",
            "a/../../x",
            "/etc/passwd",
            "a//b",
            "a\\b",
            "",
            "./a",
        ] {
            assert!(!is_safe_path(bad), "{bad}");
        }
    }
}
