//! URLs: permalink expansion, output paths, and the collision check.
//!
//! Every page of the site has a *site path* (`/essays/x/`, without the base
//! path) and an output file (`essays/x/index.html`). Two sources that would
//! write the same file are an error naming both.
//!
//! May use: `config`, `content` (types), `diagnostics`.

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;

use crate::config::{Permalink, PermalinkPart};
use crate::content::Date;
use crate::diagnostics::{Diagnostic, Diagnostics, Label, SourceFile};

/// `/essays/{slug}/` with the essay's slug and date filled in.
pub fn expand(permalink: &Permalink, slug: &str, date: &Date) -> String {
    let mut url = String::with_capacity(permalink.pattern.len() + slug.len());
    for part in &permalink.parts {
        match part {
            PermalinkPart::Literal(text) => url.push_str(text),
            PermalinkPart::Slug => url.push_str(slug),
            PermalinkPart::Year => url.push_str(&format!("{:04}", date.year())),
            PermalinkPart::Month => url.push_str(&format!("{:02}", date.month())),
            PermalinkPart::Day => url.push_str(&format!("{:02}", date.day())),
        }
    }
    url
}

/// The output file of a site path: `/essays/x/` -> `essays/x/index.html`,
/// `/atom.xml` -> `atom.xml`.
pub fn output_path(site_path: &str) -> String {
    let trimmed = site_path.trim_start_matches('/');
    if trimmed.is_empty() || trimmed.ends_with('/') {
        format!("{trimmed}index.html")
    } else {
        trimmed.to_string()
    }
}

/// Who claims an output file: a content file, or the generator itself.
#[derive(Debug, Clone)]
pub enum Claimant {
    /// A Markdown file (essay or page), by its display path.
    File(Arc<SourceFile>, Range<usize>),
    /// A page the generator writes (home, feeds, 404…).
    Generated(&'static str),
}

/// Records which source writes each output file and reports collisions.
#[derive(Debug, Default)]
pub struct UrlRegistry {
    claims: BTreeMap<String, Claimant>,
}

impl UrlRegistry {
    /// Claims the output file of `site_path` for `claimant`; a second claim
    /// is an error naming both.
    pub fn claim(&mut self, site_path: &str, claimant: Claimant, diags: &mut Diagnostics) {
        let path = output_path(site_path);
        if let Some(first) = self.claims.get(&path) {
            let describe = |c: &Claimant| match c {
                Claimant::File(file, _) => file.path.display().to_string(),
                Claimant::Generated(what) => format!("the {what}"),
            };
            let mut diagnostic = Diagnostic::error(format!(
                "two pages would be written to the same URL {site_path}: {} and {}",
                describe(first),
                describe(&claimant)
            ))
            .with_help("give one of them another `slug` in its front matter");
            for c in [first, &claimant] {
                if let Claimant::File(file, span) = c {
                    diagnostic = diagnostic.with_label(Label::span(
                        file,
                        span.clone(),
                        format!("writes {site_path}"),
                    ));
                }
            }
            diags.push(diagnostic);
        } else {
            self.claims.insert(path, claimant);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_permalinks() {
        let date = Date::ymd(2025, 3, 7);
        let p = Permalink::parse("/{year}/{month}/{day}/{slug}/").unwrap();
        assert_eq!(expand(&p, "red-sea", &date), "/2025/03/07/red-sea/");
        let p = Permalink::parse("/essays/{slug}/").unwrap();
        assert_eq!(expand(&p, "x", &date), "/essays/x/");
    }

    #[test]
    fn output_paths() {
        assert_eq!(output_path("/"), "index.html");
        assert_eq!(output_path("/essays/x/"), "essays/x/index.html");
        assert_eq!(output_path("/atom.xml"), "atom.xml");
    }

    #[test]
    fn collisions_name_both_files() {
        let mut registry = UrlRegistry::default();
        let mut diags = Diagnostics::new();
        registry.claim(
            "/about/",
            Claimant::File(SourceFile::new("content/pages/about.md", "+++\n"), 0..3),
            &mut diags,
        );
        registry.claim(
            "/about/",
            Claimant::File(SourceFile::new("content/essays/about.md", "+++\n"), 0..3),
            &mut diags,
        );
        let text = diags.to_plain_string();
        assert!(
            text.contains("content/pages/about.md and content/essays/about.md"),
            "{text}"
        );
    }
}
