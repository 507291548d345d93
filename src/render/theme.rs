//! Themes: which templates and static files a site uses.
//!
//! Three layers, each overriding the one before file by file:
//! 1. the default theme, built into the binary (so a site needs no themes/);
//! 2. the site's `themes/<theme>/templates` and `themes/<theme>/static`;
//! 3. the site's own `templates/` and `static/`.
//!
//! Templates are parsed once into a [`tera::Tera`]; syntax errors point at
//! the template file, line and column.
//!
//! May use: `config`, `diagnostics`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Diagnostics, Label, SourceFile};

macro_rules! builtin {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/templates/", $name)))),*]
    };
}

macro_rules! builtin_static {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/static/", $name)) as &[u8])),*]
    };
}

/// The default theme's templates, compiled in.
const DEFAULT_TEMPLATES: &[(&str, &str)] = builtin![
    "base.html",
    "essay.html",
    "index.html",
    "page.html",
    "404.html",
    "sources.html",
    "publisher.html",
    "tag.html",
    "tags.html",
    "author.html",
    "authors.html",
    "archive.html",
    "search.html",
    "subscribe.html",
    "email.html",
    "partials/essay-list.html",
    "partials/pagination.html",
    "partials/subscribe-form.html",
];

/// The default theme's static files, compiled in.
const DEFAULT_STATIC: &[(&str, &[u8])] = builtin_static![
    "style.css",
    "favicon.svg",
    "cite.js",
    "search.js",
    "email.css"
];

/// Every file of the built-in default theme as (`templates/essay.html` or
/// `static/style.css`, bytes), templates first, each group in its listed
/// order: what `cable init --theme-copy` writes under `themes/default/`.
pub fn default_theme_files() -> Vec<(String, &'static [u8])> {
    let templates = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| (format!("templates/{name}"), text.as_bytes()));
    let statics = DEFAULT_STATIC
        .iter()
        .map(|(name, bytes)| (format!("static/{name}"), *bytes));
    templates.chain(statics).collect()
}

/// Where a static file comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StaticFile {
    /// Built into the binary.
    Embedded(&'static [u8]),
    /// A file on disk.
    Disk(PathBuf),
}

impl StaticFile {
    /// The bytes (read from disk when needed).
    pub fn read(&self) -> std::io::Result<std::borrow::Cow<'static, [u8]>> {
        match self {
            StaticFile::Embedded(bytes) => Ok(std::borrow::Cow::Borrowed(bytes)),
            StaticFile::Disk(path) => std::fs::read(path).map(std::borrow::Cow::Owned),
        }
    }
}

/// The resolved theme: parsed templates and the static files to copy.
pub struct Theme {
    /// The parsed templates.
    pub tera: tera::Tera,
    /// Output path -> where the file comes from.
    pub static_files: BTreeMap<String, StaticFile>,
    /// Template name -> its file, for diagnostics.
    pub sources: BTreeMap<String, Arc<SourceFile>>,
}

impl std::fmt::Debug for Theme {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Theme")
            .field("templates", &self.sources.keys().collect::<Vec<_>>())
            .field("static_files", &self.static_files)
            .finish()
    }
}

/// Layers the built-in theme, the site's theme folder and the site's own
/// overrides, and parses the templates.
pub fn load(config: &Config, diags: &mut Diagnostics) -> Option<Theme> {
    let mut sources: BTreeMap<String, Arc<SourceFile>> = DEFAULT_TEMPLATES
        .iter()
        .map(|(name, text)| {
            (
                name.to_string(),
                SourceFile::new(format!("<built-in default theme>/templates/{name}"), *text),
            )
        })
        .collect();
    let mut static_files: BTreeMap<String, StaticFile> = DEFAULT_STATIC
        .iter()
        .map(|(name, bytes)| (name.to_string(), StaticFile::Embedded(bytes)))
        .collect();

    let theme_dir = config.root.join("themes").join(&config.theme);
    let layers = [
        (theme_dir.join("templates"), theme_dir.join("static")),
        (config.root.join("templates"), config.root.join("static")),
    ];
    for (templates, statics) in &layers {
        for (relative, path) in files_under(templates, diags, config) {
            if !relative.ends_with(".html")
                && !relative.ends_with(".xml")
                && !relative.ends_with(".txt")
            {
                continue;
            }
            match std::fs::read_to_string(&path) {
                Ok(text) => {
                    let display = path
                        .strip_prefix(&config.root)
                        .unwrap_or(&path)
                        .to_path_buf();
                    sources.insert(relative, SourceFile::new(display, text));
                }
                Err(error) => diags.push(
                    Diagnostic::error(format!("cannot read template: {error}"))
                        .with_label(Label::path(display(config, &path), ""))
                        .with_help("templates must be UTF-8 text files"),
                ),
            }
        }
        for (relative, path) in files_under(statics, diags, config) {
            static_files.insert(relative, StaticFile::Disk(path));
        }
    }

    // Every theme is layered over the built-in one, so no template the
    // renderer asks for can be missing.

    let mut tera = tera::Tera::new();
    tera.autoescape_on([".html", ".xml"]);
    let templates = sources
        .iter()
        .map(|(name, file)| (name.as_str(), file.text.as_ref()));
    let ok = match tera.add_raw_templates(templates) {
        Ok(()) => true,
        Err(error) => {
            diags.push(template_error(&sources, "", &error));
            false
        }
    };
    if !ok || diags.has_errors() {
        return None;
    }
    Some(Theme {
        tera,
        static_files,
        sources,
    })
}

fn display(config: &Config, path: &Path) -> PathBuf {
    path.strip_prefix(&config.root)
        .unwrap_or(path)
        .to_path_buf()
}

/// Files under `dir` (recursively, hidden and editor files skipped) as
/// (`a/b.css`, path), sorted.
fn files_under(dir: &Path, diags: &mut Diagnostics, config: &Config) -> Vec<(String, PathBuf)> {
    if !dir.is_dir() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let site_root = config
        .root
        .canonicalize()
        .unwrap_or_else(|_| config.root.clone());
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| {
            let keep =
                e.depth() == 0 || !crate::content::is_ignored(&e.file_name().to_string_lossy());
            if keep && crate::content::leads_outside(e.path(), e.path_is_symlink(), &site_root) {
                outside.borrow_mut().push(e.path().to_path_buf());
                return false;
            }
            keep
        });
    for entry in walker {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let path = entry.into_path();
                let relative = path
                    .strip_prefix(dir)
                    .expect("walkdir stays under its root")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                out.push((relative, path));
            }
            Ok(_) => {}
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                diags.push(
                    Diagnostic::error(format!(
                        "cannot read {}: {error}",
                        display(config, &path).display()
                    ))
                    .with_label(Label::path(display(config, &path), "")),
                );
            }
        }
    }
    crate::content::warn_outside_links(outside.into_inner(), &site_root, diags);
    out
}

/// A Tera error as a diagnostic on the template that caused it.
pub fn template_error(
    sources: &BTreeMap<String, Arc<SourceFile>>,
    fallback: &str,
    error: &tera::Error,
) -> Diagnostic {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            let name = if report.filename().is_empty() {
                fallback
            } else {
                report.filename()
            };
            let what = if matches!(error.kind(), tera::ErrorKind::SyntaxError(_)) {
                "template syntax error"
            } else {
                "template error"
            };
            let diagnostic = Diagnostic::error(format!("{what}: {}", report.message())).with_help(
                "fix the template; Tera's syntax is described at https://keats.github.io/tera/",
            );
            match sources.get(name) {
                Some(file) => {
                    diagnostic.with_label(Label::span(file, report.span().range.clone(), ""))
                }
                None => diagnostic,
            }
        }
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(inner) = source {
                message.push_str(": ");
                message.push_str(&inner.to_string());
                source = inner.source();
            }
            let diagnostic = Diagnostic::error(format!("template error: {message}"));
            match sources.get(fallback) {
                Some(file) => diagnostic.with_label(Label::span(file, 0..0, "")),
                None => diagnostic,
            }
        }
    }
}
