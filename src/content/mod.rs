//! Content on disk -> validated [`Essay`]s and [`Page`]s.
//!
//! [`discover`] walks `content/` (walkdir) and classifies files: every `*.md`
//! is an essay, except under `content/pages/`, which are standalone pages; a
//! folder with an `index.md` is a bundle whose other files are copied next
//! to its page. Hidden files and editor leftovers (`.#x`, `x~`, `.x.swp`,
//! `#x#`) are ignored; the order is by path, so builds are stable.
//! [`load`] reads and validates every file in parallel (rayon), keeping each
//! file's problems and reporting them all.
//!
//! May use: `config`, `diagnostics`.

pub mod date;
pub mod essay;
pub mod front_matter;
pub mod slug;
pub mod typography;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

pub use date::Date;
pub use essay::{Asset, Essay, Named, Page, Source};
pub use front_matter::SupportSetting;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Label, Problem, SourceFile};

/// Whether a Markdown file is an essay or a standalone page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Anything under `content/` but `content/pages/`.
    Essay,
    /// Under `content/pages/`.
    Page,
}

/// A Markdown file found by [`discover`], with the assets of its bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContentFile {
    /// Essay or page.
    pub kind: Kind,
    /// Path on disk.
    pub path: PathBuf,
    /// Path relative to the site root, as shown in diagnostics.
    pub display: PathBuf,
    /// The name the slug defaults to: the file stem, or the bundle folder's name.
    pub default_slug: String,
    /// Files of the bundle (empty unless this is an `index.md`).
    pub assets: Vec<Asset>,
}

/// All content of a site, validated.
#[derive(Debug, Clone, Default)]
pub struct Content {
    /// Essays, in path order (drafts removed unless asked for).
    pub essays: Vec<Essay>,
    /// Standalone pages, in path order.
    pub pages: Vec<Page>,
}

/// True for files that editors and systems leave behind.
pub fn is_ignored(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.starts_with('#')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
}

/// True when `path` is a symbolic link that leads outside `root` (a
/// canonical path): such files are never read, so a link cannot publish
/// `~/.ssh` by accident.
pub fn leads_outside(path: &Path, is_link: bool, root: &Path) -> bool {
    is_link
        && path
            .canonicalize()
            .is_ok_and(|target| !target.starts_with(root))
}

/// Warns about the links [`leads_outside`] skipped.
pub fn warn_outside_links(skipped: Vec<PathBuf>, root: &Path, diags: &mut Diagnostics) {
    for path in skipped {
        let shown = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        diags.push(
            Diagnostic::warning(format!(
                "{} links outside the site and is not copied",
                shown.display()
            ))
            .with_label(Label::path(shown, ""))
            .with_help("copy the file into the site instead of linking to it"),
        );
    }
}

/// Walks `content/` and returns its Markdown files in path order; warns
/// about files that belong to no bundle.
pub fn discover(config: &Config, diags: &mut Diagnostics) -> Vec<ContentFile> {
    let content_dir = config.dir("content");
    if !content_dir.is_dir() {
        diags.push(
            Diagnostic::warning("no content/ folder: the site has no essays")
                .with_label(Label::path("content/", ""))
                .with_help(
                    "write essays as content/essays/NAME.md (cable new \"Title\" makes one)",
                ),
        );
        return Vec::new();
    }
    let pages_dir = content_dir.join("pages");
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let site_root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(&content_dir)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_entry(|entry| {
            let keep = entry.depth() == 0 || !is_ignored(&entry.file_name().to_string_lossy());
            if keep && leads_outside(entry.path(), entry.path_is_symlink(), &site_root) {
                outside.borrow_mut().push(entry.path().to_path_buf());
                return false;
            }
            keep
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                if path.extension().is_some_and(|e| e == "md") {
                    markdown.push(path);
                } else {
                    others.push(path);
                }
            }
            Ok(_) => {}
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.clone());
                diags.push(
                    Diagnostic::error(format!(
                        "cannot read {}: {error}",
                        display(config, &path).display()
                    ))
                    .with_label(Label::path(display(config, &path), ""))
                    .with_help("check the file's permissions, or remove a broken link"),
                );
            }
        }
    }

    warn_outside_links(outside.into_inner(), &site_root, diags);

    let bundle_dirs: Vec<PathBuf> = markdown
        .iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "index.md"))
        .filter_map(|p| p.parent().map(Path::to_path_buf))
        .filter(|dir| dir != &content_dir && dir != &pages_dir)
        .collect();

    let mut files: Vec<ContentFile> = markdown
        .iter()
        .map(|path| {
            let kind = if path.starts_with(&pages_dir) {
                Kind::Page
            } else {
                Kind::Essay
            };
            let parent = path.parent().map(Path::to_path_buf).unwrap_or_default();
            let is_bundle =
                path.file_name().is_some_and(|n| n == "index.md") && bundle_dirs.contains(&parent);
            let default_slug = if is_bundle {
                parent.file_name()
            } else {
                path.file_stem()
            }
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
            ContentFile {
                kind,
                path: path.clone(),
                display: display(config, path),
                default_slug,
                assets: Vec::new(),
            }
        })
        .collect();

    for path in others {
        let owner = path
            .ancestors()
            .skip(1)
            .take_while(|dir| dir.starts_with(&content_dir))
            .find(|dir| bundle_dirs.iter().any(|b| b == dir));
        match owner.and_then(|dir| {
            files
                .iter_mut()
                .find(|f| f.path == dir.join("index.md"))
                .map(|f| (dir, f))
        }) {
            Some((dir, file)) => {
                let relative = path
                    .strip_prefix(dir)
                    .expect("an asset lies under its bundle folder")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                file.assets.push(Asset { path, relative });
            }
            None => diags.push(
                Diagnostic::warning(format!(
                    "{} is not part of any essay bundle and is not copied",
                    display(config, &path).display()
                ))
                .with_label(Label::path(display(config, &path), ""))
                .with_help("put it beside an index.md (a bundle) or in static/"),
            ),
        }
    }
    files
}

fn display(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf()
}

/// Reads and validates every file in parallel; drafts are dropped unless
/// `config.drafts`. All problems of all files end up in `diags`.
pub fn load(config: &Config, files: Vec<ContentFile>, diags: &mut Diagnostics) -> Content {
    let results: Vec<(Option<Parsed>, Diagnostics)> = files
        .into_par_iter()
        .map(|file| parse_file(config, file))
        .collect();
    let mut content = Content::default();
    for (parsed, file_diags) in results {
        diags.extend(file_diags);
        match parsed {
            Some(Parsed::Essay(essay)) if config.drafts || !essay.draft => {
                content.essays.push(*essay)
            }
            Some(Parsed::Page(page)) if config.drafts || !page.draft => content.pages.push(page),
            _ => {}
        }
    }
    content
}

/// Reads and validates one essay file again (for `serve`, after it changed).
pub fn reload_essay(config: &Config, file: ContentFile) -> (Option<Essay>, Diagnostics) {
    match parse_file(config, file) {
        (Some(Parsed::Essay(essay)), diags) => (Some(*essay), diags),
        (_, diags) => (None, diags),
    }
}

enum Parsed {
    Essay(Box<Essay>),
    Page(Page),
}

fn parse_file(config: &Config, file: ContentFile) -> (Option<Parsed>, Diagnostics) {
    let text = match std::fs::read(&file.path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => text,
            Err(error) => {
                let offset = error.utf8_error().valid_up_to();
                let text = String::from_utf8_lossy(error.as_bytes()).into_owned();
                let source = SourceFile::new(&file.display, text);
                let diagnostic = Diagnostic::error("the file is not valid UTF-8 text")
                    .with_label(Label::span(
                        &source,
                        offset..offset + 1,
                        "invalid byte here",
                    ))
                    .with_help("save the file as UTF-8");
                return (None, diagnostic.into());
            }
        },
        Err(error) => {
            let diagnostic =
                Diagnostic::error(format!("cannot read {}: {error}", file.display.display()))
                    .with_label(Label::path(&file.display, ""));
            return (None, diagnostic.into());
        }
    };
    let source = SourceFile::new(&file.display, text);
    let split = match front_matter::split(&source.text) {
        Ok(split) => split,
        Err(error) => return (None, error.to_diagnostic(&source).into()),
    };
    match file.kind {
        Kind::Essay => {
            let (essay, diags) =
                essay::essay(&source, &split, &file.default_slug, file.assets, config);
            (essay.map(|e| Parsed::Essay(Box::new(e))), diags)
        }
        Kind::Page => {
            let (page, diags) = essay::page(&source, &split, &file.default_slug, file.assets);
            (page.map(Parsed::Page), diags)
        }
    }
}
