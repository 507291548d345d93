//! Validated content: raw front matter -> [`Essay`], [`Page`] and [`Source`].
//!
//! Everything later stages trust is checked here once: required fields,
//! dates, slugs, authors, source ids and URLs. Each problem becomes a
//! diagnostic at its line in the original file; all of a file's problems
//! are reported together.
//!
//! May use: `config`, `diagnostics`.

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use toml::Spanned;

use super::date::Date;
use super::front_matter::{
    self, DateField, RawFrontMatter, RawPageFrontMatter, RawSource, Split, SupportSetting,
};
use super::slug::{is_slug, slugify};
use super::typography::smarten;
use crate::config::{Config, find_in, is_http_url};
use crate::diagnostics::{Diagnostic, Diagnostics, Label, SourceFile};

/// A file copied next to the page of the essay or page it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Where it is on disk.
    pub path: PathBuf,
    /// Its path relative to the bundle folder (`maps/route.svg`).
    pub relative: String,
}

/// A tag or author name as an essay writes it, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named {
    /// The name, trimmed.
    pub name: String,
    /// Where it is written (the front matter's opening `+++` for a default).
    pub span: Range<usize>,
}

impl Named {
    /// The name.
    pub fn as_str(&self) -> &str {
        &self.name
    }
}

/// One essay: validated front matter and the Markdown body, not yet rendered.
#[derive(Debug, Clone)]
pub struct Essay {
    /// The whole file, for diagnostics and the body.
    pub file: Arc<SourceFile>,
    /// Byte offset of the Markdown body in `file.text`.
    pub body_offset: usize,
    /// Headline.
    pub title: String,
    /// Publication date.
    pub date: Date,
    /// Last significant revision.
    pub updated: Option<Date>,
    /// One or more names.
    pub authors: Vec<Named>,
    /// Tags as written, in order, without duplicates.
    pub tags: Vec<Named>,
    /// Summary from front matter (Markdown); `None` means "first paragraph".
    pub summary: Option<String>,
    /// Only built with `--drafts`.
    pub draft: bool,
    /// URL name.
    pub slug: String,
    /// Where the URL name comes from: the `slug` value, or the opening `+++`.
    pub slug_span: Range<usize>,
    /// Whether and how to show the reader-support block.
    pub support: SupportSetting,
    /// The works this essay may cite.
    pub sources: Vec<Source>,
    /// Files beside `index.md` in a bundle.
    pub assets: Vec<Asset>,
}

impl Essay {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

/// A work an essay cites: an article, report or book.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The key used in `[@id]`.
    pub id: String,
    /// Where `id = "…"` is in the file.
    pub id_span: Range<usize>,
    /// Title of the work.
    pub title: String,
    /// Link to it (http or https).
    pub url: String,
    /// Outlet or institution.
    pub publisher: Option<String>,
    /// Who wrote it.
    pub author: Option<String>,
    /// When it was published.
    pub date: Option<Date>,
    /// When the writer read it.
    pub accessed: Option<Date>,
    /// A snapshot (web.archive.org, archive.today).
    pub archive_url: Option<String>,
}

/// A standalone page (about, privacy), from `content/pages/`.
#[derive(Debug, Clone)]
pub struct Page {
    /// The whole file.
    pub file: Arc<SourceFile>,
    /// Byte offset of the Markdown body.
    pub body_offset: usize,
    /// Heading and `<title>`.
    pub title: String,
    /// Description for meta tags.
    pub summary: Option<String>,
    /// URL name: the page lives at `/{slug}/`.
    pub slug: String,
    /// Where the URL name comes from: the `slug` value, or the opening `+++`.
    pub slug_span: Range<usize>,
    /// Only built with `--drafts`.
    pub draft: bool,
    /// Last revision, for the sitemap.
    pub updated: Option<Date>,
    /// Order in the navigation.
    pub weight: i64,
    /// Linked from the navigation.
    pub menu: bool,
    /// Files beside `index.md` in a bundle.
    pub assets: Vec<Asset>,
}

impl Page {
    /// The Markdown body.
    pub fn body(&self) -> &str {
        &self.file.text[self.body_offset..]
    }
}

/// Validates an essay's front matter. `default_slug` comes from the file or
/// bundle folder name. Returns the essay when there was no error, and every
/// problem found (warnings may come with an essay).
pub fn essay(
    file: &Arc<SourceFile>,
    split: &Split,
    default_slug: &str,
    assets: Vec<Asset>,
    config: &Config,
) -> (Option<Essay>, Diagnostics) {
    let raw: RawFrontMatter = match front_matter::parse(file, split) {
        Ok(raw) => raw,
        Err(diagnostics) => return (None, diagnostics),
    };
    let mut diags = Diagnostics::new();
    let at = |span: Range<usize>| front_matter::shift(span, split.toml.start);
    let opening = 0..3.min(file.text.len());

    let title = required_text(
        file,
        &mut diags,
        raw.title,
        "title",
        &opening,
        split.toml.start,
    );
    let date = match raw.date {
        Some(date) => Some(date.into_inner().0),
        None => {
            diags.push(missing(file, &opening, "date", "date = 2025-10-15"));
            None
        }
    };
    let updated = raw.updated.map(|u| {
        (
            front_matter::shift(u.span(), split.toml.start),
            u.into_inner().0,
        )
    });
    if let (Some(date), Some((span, updated_date))) = (date, &updated)
        && *updated_date < date
    {
        diags.push(
            Diagnostic::warning("`updated` is earlier than `date`")
                .with_label(Label::span(
                    file,
                    span.clone(),
                    "before the publication date",
                ))
                .with_help(
                    "`updated` is when the essay was last revised: use a date on or after `date`",
                ),
        );
    }
    let updated = updated.map(|(_, date)| date);

    let authors = match (raw.author, raw.authors) {
        (Some(author), Some(authors)) => {
            diags.push(
                Diagnostic::error("both `author` and `authors` are set")
                    .with_label(Label::span(file, at(author.span()), ""))
                    .with_label(Label::span(file, at(authors.span()), ""))
                    .with_help("keep one: author = \"Name\" or authors = [\"Name\", \"Other\"]"),
            );
            Vec::new()
        }
        (Some(author), None) => names(file, &mut diags, vec![author], split.toml.start),
        (None, Some(authors)) => {
            let span = authors.span();
            let list = names(file, &mut diags, authors.into_inner(), split.toml.start);
            if list.is_empty() {
                diags.push(
                    Diagnostic::error("`authors` is empty")
                        .with_label(Label::span(file, at(span), ""))
                        .with_help(
                            "name at least one author, or remove the key to use the site's author",
                        ),
                );
            }
            list
        }
        (None, None) => vec![Named {
            name: config.author.clone(),
            span: opening.clone(),
        }],
    };

    let mut tags: Vec<Named> = Vec::new();
    for tag in raw.tags {
        let span = tag.span();
        let name = tag.into_inner().trim().to_string();
        let named = Named {
            name: name.clone(),
            span: at(span.clone()),
        };
        if slugify(&name).is_empty() {
            diags.push(
                Diagnostic::error(format!("tag {name:?} has no letters or digits"))
                    .with_label(Label::span(file, at(span), ""))
                    .with_help("a tag needs at least one letter or digit to have a URL"),
            );
        } else if !tags.iter().any(|t| t.name == name) {
            tags.push(named);
        }
    }

    let slug_span = slug_span(&raw.slug, split.toml.start);
    let slug = slug_of(file, &mut diags, raw.slug, default_slug, split.toml.start);
    let sources = sources(file, &mut diags, raw.sources, split.toml.start);

    if let super::front_matter::SupportSetting::Override(support) = &raw.support {
        for url in support
            .subscribe_url
            .iter()
            .chain(&support.comments_url)
            .chain(support.links.iter().flatten().map(|l| &l.url))
        {
            if !is_http_url(url) {
                diags.push(
                    Diagnostic::error(format!("support link {url:?} is not an http(s) URL"))
                        .with_label(Label::span(
                            file,
                            find_in(file, split.toml.clone(), url),
                            "",
                        ))
                        .with_help("reader-support links must start with https:// or http://"),
                );
            }
        }
    }

    let essay = match (title, date) {
        (Some(title), Some(date)) if !diags.has_errors() => Some(Essay {
            file: Arc::clone(file),
            body_offset: split.body,
            title,
            date,
            updated,
            authors,
            tags,
            summary: raw.summary.filter(|s| !s.trim().is_empty()),
            draft: raw.draft,
            slug,
            slug_span,
            support: raw.support,
            sources,
            assets,
        }),
        _ => None,
    };
    (essay, diags)
}

/// Validates a standalone page's front matter.
pub fn page(
    file: &Arc<SourceFile>,
    split: &Split,
    default_slug: &str,
    assets: Vec<Asset>,
) -> (Option<Page>, Diagnostics) {
    let raw: RawPageFrontMatter = match front_matter::parse(file, split) {
        Ok(raw) => raw,
        Err(diagnostics) => return (None, diagnostics),
    };
    let mut diags = Diagnostics::new();
    let opening = 0..3.min(file.text.len());
    let title = required_text(
        file,
        &mut diags,
        raw.title,
        "title",
        &opening,
        split.toml.start,
    );
    let slug_span = slug_span(&raw.slug, split.toml.start);
    let slug = slug_of(file, &mut diags, raw.slug, default_slug, split.toml.start);
    let page = match title {
        Some(title) if !diags.has_errors() => Some(Page {
            file: Arc::clone(file),
            body_offset: split.body,
            title,
            summary: raw.summary.filter(|s| !s.trim().is_empty()),
            slug,
            slug_span,
            draft: raw.draft,
            updated: raw.updated.map(|u: Spanned<DateField>| u.into_inner().0),
            weight: raw.weight,
            menu: raw.menu,
            assets,
        }),
        _ => None,
    };
    (page, diags)
}

fn required_text(
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
    value: Option<Spanned<String>>,
    key: &str,
    opening: &Range<usize>,
    offset: usize,
) -> Option<String> {
    match value {
        Some(value) if !value.get_ref().trim().is_empty() => Some(smarten(value.get_ref().trim())),
        Some(value) => {
            diags.push(front_matter::error_at(
                file,
                value.span(),
                offset,
                format!("`{key}` is empty"),
                format!("write a {key}"),
            ));
            None
        }
        None => {
            diags.push(missing(
                file,
                opening,
                key,
                "title = \"Moscow adapts to Assad's fall\"",
            ));
            None
        }
    }
}

fn missing(file: &Arc<SourceFile>, opening: &Range<usize>, key: &str, example: &str) -> Diagnostic {
    Diagnostic::error(format!("front matter has no `{key}`"))
        .with_label(Label::span(
            file,
            opening.clone(),
            format!("`{key}` is required"),
        ))
        .with_help(format!("add a line such as: {example}"))
}

fn names(
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
    list: Vec<Spanned<String>>,
    offset: usize,
) -> Vec<Named> {
    let mut out: Vec<Named> = Vec::new();
    for name in list {
        let span = name.span();
        let name = name.into_inner().trim().to_string();
        if slugify(&name).is_empty() {
            diags.push(front_matter::error_at(
                file,
                span,
                offset,
                format!("author {name:?} has no letters or digits"),
                "write the author's name",
            ));
        } else if !out.iter().any(|n| n.name == name) {
            out.push(Named {
                name,
                span: front_matter::shift(span, offset),
            });
        }
    }
    out
}

fn slug_span(slug: &Option<Spanned<String>>, offset: usize) -> Range<usize> {
    slug.as_ref()
        .map_or(0..3, |s| front_matter::shift(s.span(), offset))
}

fn slug_of(
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
    slug: Option<Spanned<String>>,
    default_slug: &str,
    offset: usize,
) -> String {
    match slug {
        Some(slug) if is_slug(slug.get_ref()) => slug.into_inner(),
        Some(slug) => {
            let suggestion = slugify(slug.get_ref());
            let help = if suggestion.is_empty() {
                "use lower-case letters, digits and hyphens, such as \"moscow-adapts\"".to_string()
            } else {
                format!("use lower-case letters, digits and hyphens: slug = \"{suggestion}\"")
            };
            diags.push(front_matter::error_at(
                file,
                slug.span(),
                offset,
                format!("slug {:?} is not a valid URL name", slug.get_ref()),
                help,
            ));
            String::new()
        }
        None => {
            let slug = slugify(default_slug);
            if slug.is_empty() {
                diags.push(
                    Diagnostic::error(format!(
                        "cannot make a URL name from the file name {default_slug:?}"
                    ))
                    .with_label(Label::span(file, 0..3.min(file.text.len()), ""))
                    .with_help("add slug = \"…\" to the front matter, or rename the file"),
                );
            }
            slug
        }
    }
}

fn is_source_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric() || c == '_')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
        && !id.ends_with(['-', ':', '.'])
}

fn sources(
    file: &Arc<SourceFile>,
    diags: &mut Diagnostics,
    raw: Vec<Spanned<RawSource>>,
    offset: usize,
) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    for table in raw {
        let table_span = front_matter::shift(table.span(), offset);
        let raw = table.into_inner();
        let Some(id) = raw.id else {
            diags.push(
                Diagnostic::error("a source has no `id`")
                    .with_label(Label::span(file, table_span, "this [[sources]] entry"))
                    .with_help("add id = \"publisher-topic\": the name you cite it by, as [@publisher-topic]"),
            );
            continue;
        };
        let id_span = front_matter::shift(id.span(), offset);
        let id = id.into_inner();
        let mut ok = true;
        if !is_source_id(&id) {
            diags.push(
                Diagnostic::error(format!("source id {id:?} cannot be cited"))
                    .with_label(Label::span(file, id_span.clone(), ""))
                    .with_help(
                        "use letters, digits, `-`, `_`, `:` or `.`, such as \"reuters-bases\"",
                    ),
            );
            ok = false;
        }
        if let Some(first) = out.iter().find(|s| s.id == id) {
            diags.push(
                Diagnostic::error(format!("duplicate source id `{id}`"))
                    .with_label(Label::span(file, id_span.clone(), "defined again here"))
                    .with_label(Label::span(
                        file,
                        first.id_span.clone(),
                        "first defined here",
                    ))
                    .with_help("give each source its own id"),
            );
            ok = false;
        }
        let title = match raw.title {
            Some(t) if !t.get_ref().trim().is_empty() => smarten(t.get_ref().trim()),
            _ => {
                diags.push(
                    Diagnostic::error(format!("source `{id}` has no title"))
                        .with_label(Label::span(file, id_span.clone(), ""))
                        .with_help("add title = \"…\": the headline of the article or report"),
                );
                ok = false;
                String::new()
            }
        };
        let url = match raw.url {
            Some(u) if is_http_url(u.get_ref()) => u.into_inner(),
            Some(u) => {
                diags.push(
                    Diagnostic::error(format!(
                        "source `{id}` has a URL that is not http(s): {:?}",
                        u.get_ref()
                    ))
                    .with_label(Label::span(file, front_matter::shift(u.span(), offset), ""))
                    .with_help("sources must link to an https:// or http:// address"),
                );
                ok = false;
                String::new()
            }
            None => {
                diags.push(
                    Diagnostic::error(format!("source `{id}` has no url"))
                        .with_label(Label::span(file, id_span.clone(), ""))
                        .with_help("add url = \"https://…\": where readers can check the source"),
                );
                ok = false;
                String::new()
            }
        };
        let archive_url = match raw.archive_url {
            Some(u) if is_http_url(u.get_ref()) => Some(u.into_inner()),
            Some(u) => {
                diags.push(
                    Diagnostic::error(format!(
                        "source `{id}` has an archive_url that is not http(s)"
                    ))
                    .with_label(Label::span(file, front_matter::shift(u.span(), offset), ""))
                    .with_help("archive links must start with https:// or http://"),
                );
                ok = false;
                None
            }
            None => None,
        };
        if ok {
            out.push(Source {
                id,
                id_span,
                title,
                url,
                publisher: non_empty(raw.publisher),
                author: non_empty(raw.author),
                date: raw.date.map(|d| d.0),
                accessed: raw.accessed.map(|d| d.0),
                archive_url,
            });
        } else if !out.iter().any(|s| s.id == id) {
            // Keep the id known so citations of it do not add a second error.
            out.push(Source {
                id,
                id_span,
                title,
                url,
                publisher: None,
                author: None,
                date: None,
                accessed: None,
                archive_url: None,
            });
        }
    }
    out
}

fn non_empty(value: Option<String>) -> Option<String> {
    value
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}
