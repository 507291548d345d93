//! Rebuilding after an edit, for `serve`: redo only what the edit affects.
//!
//! The common edit, a change to an essay's text, takes the fast path: that
//! one file is parsed and rendered again, and if nothing that decides where
//! other pages list it changed (its title, date, tags, authors, summary,
//! sources, URL: its [`ListKey`]), only its own page, the list pages that
//! show its reading time and word count, its email edition, and the feeds
//! that carry it are rendered again; every other file of the output is shared with the
//! previous build. Any other change (a new or deleted file,
//! a template, site.toml, or an edit that changes what lists show) runs the
//! whole pipeline, which gives the same result as `cable build`. The search
//! index is only rebuilt by full builds.
//!
//! May use: every stage.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use super::{Built, Everything, build_everything};
use crate::config::Options;
use crate::content::{self, ContentFile, Date, Kind};
use crate::diagnostics::Diagnostics;
use crate::output::Contents;
use crate::site::EssayPage;
use crate::{markdown, output, render, site};

/// Keeps the last good build of a site and rebuilds it after changes.
pub struct Rebuilder {
    options: Options,
    last: Option<Everything>,
}

impl std::fmt::Debug for Rebuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rebuilder")
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Everything that pages other than an essay's own show of it.
#[derive(Debug, PartialEq, Eq)]
struct ListKey<'a> {
    path: &'a str,
    title: &'a str,
    date: Date,
    updated: Option<Date>,
    draft: bool,
    authors: Vec<&'a str>,
    tags: Vec<&'a str>,
    summary_html: &'a str,
    summary_text: &'a str,
    sources: Vec<(&'a str, &'a str, Option<&'a str>)>,
    cited: Vec<(usize, usize)>,
    assets: Vec<&'a str>,
}

impl<'a> ListKey<'a> {
    fn of(entry: &'a EssayPage) -> Self {
        let essay = &entry.essay;
        Self {
            path: &entry.path,
            title: &essay.title,
            date: essay.date,
            updated: essay.updated,
            draft: essay.draft,
            authors: essay.authors.iter().map(|a| a.as_str()).collect(),
            tags: essay.tags.iter().map(|t| t.as_str()).collect(),
            summary_html: &entry.body.summary_html,
            summary_text: &entry.body.summary_text,
            sources: essay
                .sources
                .iter()
                .map(|s| (s.title.as_str(), s.url.as_str(), s.publisher.as_deref()))
                .collect(),
            cited: entry
                .body
                .cited
                .iter()
                .map(|c| (c.source, c.number))
                .collect(),
            assets: essay.assets.iter().map(|a| a.relative.as_str()).collect(),
        }
    }
}

impl Rebuilder {
    /// A rebuilder for the site `options` describe (nothing is built yet).
    pub fn new(options: Options) -> Self {
        Self {
            options,
            last: None,
        }
    }

    /// The options builds use.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Builds the site again after the files in `changed` changed (paths on
    /// disk; empty means "anything may have changed"). On failure the
    /// previous build is kept for the next call.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Result<Built, Diagnostics> {
        if let Some(result) = self.fast_path(changed) {
            return result;
        }
        let everything = build_everything(&self.options)?;
        let built = everything.built.clone();
        self.last = Some(everything);
        Ok(built)
    }

    /// Rebuilds only what an edit to existing essays' text affects; `None`
    /// when the change needs the whole pipeline.
    fn fast_path(&mut self, changed: &[PathBuf]) -> Option<Result<Built, Diagnostics>> {
        let started = Instant::now();
        let last = self.last.as_mut()?;
        if changed.is_empty() {
            return None;
        }
        let config = last.site.config.clone();
        let mut updates: Vec<(usize, EssayPage, Diagnostics)> = Vec::new();
        for path in changed {
            let file = find_file(&last.files, path)?;
            if file.kind != Kind::Essay {
                return None;
            }
            let index = last
                .site
                .essays
                .iter()
                .position(|e| e.essay.file.path == file.display)?;
            let (essay, mut diags) = content::reload_essay(&config, file.clone());
            let Some(essay) = essay else {
                return Some(Err(errors_with_others(&last.built, &file.display, diags)));
            };
            let (body, problems) = markdown::render_essay(&essay);
            diags.extend(problems);
            if diags.has_errors() {
                return Some(Err(errors_with_others(&last.built, &file.display, diags)));
            }
            let mut entry = site::place_essay(&config, essay, body);
            let old = &last.site.essays[index];
            if ListKey::of(&entry) != ListKey::of(old) {
                return None;
            }
            entry.related = old.related.clone();
            updates.push((index, entry, diags));
        }

        let mut touched: Vec<usize> = Vec::new();
        let mut problems: Vec<(PathBuf, Diagnostics)> = Vec::new();
        for (index, entry, diags) in updates {
            problems.push((entry.essay.file.path.clone(), diags));
            last.site.essays[index] = entry;
            touched.push(index);
        }
        let pages = pages_showing(&last.site, &touched);
        let mut diags = Diagnostics::new();
        let mut files = render::render_some(&last.site, &last.theme, Some(&pages), &mut diags);
        for &index in &touched {
            files.extend(output::feeds::feeds_containing(
                &last.site,
                &last.theme,
                index,
            ));
        }
        files.extend(output::email::email_files_for(
            &last.site,
            &last.theme,
            touched.iter().copied(),
            &mut diags,
        ));
        if diags.has_errors() {
            // The site model already has the edit; start afresh next time.
            self.last = None;
            return Some(Err(diags));
        }
        // Updated in place: the output map is copied once, for the caller.
        let built = &mut last.built;
        for (path, diags) in problems {
            built.warnings.forget_file(&path);
            built.warnings.extend(diags);
        }
        for file in files {
            built
                .output
                .files
                .insert(file.path, Contents::Bytes(file.bytes.into()));
        }
        built.elapsed = started.elapsed();
        built.stages = vec![("essay page and feeds", built.elapsed)];
        Some(Ok(built.clone()))
    }
}

/// Site paths of the pages that show the essays at `indexes`: their own
/// pages, the home, tag and author pages that list them, and the essays
/// that name them as related.
fn pages_showing(site: &site::Site, indexes: &[usize]) -> HashSet<String> {
    let mut pages = HashSet::new();
    let position_in = |list: &[usize], index: usize| list.iter().position(|&i| i == index);
    for &index in indexes {
        pages.insert(site.essays[index].path.clone());
        for pager in &site.home {
            if pager.items.contains(&index) {
                pages.insert(pager.path.clone());
            }
        }
        let lists = site
            .tags
            .iter()
            .map(|t| (&t.essays, &t.pages))
            .chain(site.authors.iter().map(|a| (&a.essays, &a.pages)));
        for (essays, pagers) in lists {
            if let Some(position) = position_in(essays, index) {
                pages.extend(
                    pagers
                        .iter()
                        .filter(|p| p.items.contains(&position))
                        .map(|p| p.path.clone()),
                );
            }
        }
        for other in &site.essays {
            if other.related.contains(&index) {
                pages.insert(other.path.clone());
            }
        }
    }
    pages
}

/// The content file at `path` (a path on disk, absolute or as the watcher
/// reports it), when exactly one known file matches.
fn find_file<'a>(files: &'a [ContentFile], path: &Path) -> Option<&'a ContentFile> {
    let mut matches = files
        .iter()
        .filter(|f| path == f.path || path.ends_with(&f.display));
    let file = matches.next()?;
    matches.next().is_none().then_some(file)
}

/// A failed edit's errors, with the other files' warnings still shown.
fn errors_with_others(last: &Built, file: &Path, diags: Diagnostics) -> Diagnostics {
    let mut all = last.warnings.clone();
    all.forget_file(file);
    all.extend(diags);
    all
}
