//! The email edition of each essay: `essays/x/email.html` and
//! `essays/x/email.txt`, beside the essay's page, for pasting into a
//! newsletter provider (`cable email`), and the RSS feed's
//! `content:encoded` (for RSS-to-email).
//!
//! `email.html` is the theme's `email.html` template with every rule of the
//! theme's `email.css` inlined into `style` attributes by css-inline (email
//! clients drop `<style>` and `<link>`), so it has no `<style>`, no
//! stylesheet link and no script. Every link and image is absolute;
//! citations link to the Sources list of the web page
//! (`https://…/essays/x/#source-1`), and the back-links of the Sources and
//! Notes lists, which only make sense on the web page, are left out. One
//! column, at most 600 px wide (with a table for Outlook, in a conditional
//! comment).
//!
//! `email.txt` is the same essay as plain text wrapped at 72 columns
//! ([`text`]): citations as `[1]`, notes as `[note 1]`, and the numbered
//! Sources with their URLs at the end.
//!
//! `email.css` is a theme file like any other (a site can override it) but
//! is never copied to the output.
//!
//! May use: `site`, `render` (views, `Theme`, `OutputFile`), `config`,
//! `output::feeds` (`absolutize`), `diagnostics`.

pub mod text;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics, Label};
use crate::render::context::{DateView, support_view};
use crate::render::{OutputFile, Theme};
use crate::site::{EssayPage, Site};

/// The theme's stylesheet for the email edition: inlined, never copied.
pub const EMAIL_CSS: &str = "email.css";

/// The email edition's template.
pub const EMAIL_TEMPLATE: &str = "email.html";

/// The email edition of one essay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// Self-contained HTML email.
    pub html: String,
    /// Plain text, 72 columns.
    pub text: String,
}

/// `site` in `email.html`.
#[derive(Debug, Serialize)]
struct EmailSite<'a> {
    /// Site name.
    title: &'a str,
    /// Absolute URL of the home page.
    url: &'a str,
    /// `<html lang>`.
    language: &'a str,
    /// Absolute URL of `/subscribe/`, when `[subscribe]` is set.
    subscribe: Option<String>,
}

/// An author with an absolute link.
#[derive(Debug, Serialize)]
struct EmailAuthor<'a> {
    name: &'a str,
    url: String,
}

/// A labelled link.
#[derive(Debug, Serialize)]
struct EmailLink<'a> {
    label: &'a str,
    url: &'a str,
}

/// The support block, with absolute links.
#[derive(Debug, Serialize)]
struct EmailSupport<'a> {
    /// The message (HTML).
    message: String,
    /// The primary button.
    subscribe: Option<EmailLink<'a>>,
    /// Tip-jar buttons.
    links: Vec<EmailLink<'a>>,
    /// "Leave a comment".
    comments_url: Option<String>,
}

/// `essay` in `email.html`.
#[derive(Debug, Serialize)]
struct EmailEssay<'a> {
    title: &'a str,
    /// Absolute URL of the web page.
    permalink: String,
    date: DateView,
    updated: Option<DateView>,
    authors: Vec<EmailAuthor<'a>>,
    /// The front matter's summary (HTML), or empty.
    summary: String,
    /// The summary as text (the inbox preview line).
    summary_text: &'a str,
    reading_minutes: usize,
    word_count: usize,
    /// Body (HTML, absolute links, no heading anchors).
    content: String,
    /// Sources (HTML, without back-links).
    sources: String,
    /// Notes (HTML, without back-links).
    notes: String,
    support: Option<EmailSupport<'a>>,
}

#[derive(Debug, Serialize)]
struct EmailContext<'a> {
    site: EmailSite<'a>,
    essay: EmailEssay<'a>,
}

/// `email.html` and `email.txt` of every essay, in essay order.
pub fn email_files(site: &Site, theme: &Theme, diags: &mut Diagnostics) -> Vec<OutputFile> {
    email_files_for(site, theme, 0..site.essays.len(), diags)
}

/// `email.html` and `email.txt` of the essays at `indexes`.
pub fn email_files_for(
    site: &Site,
    theme: &Theme,
    indexes: impl IntoIterator<Item = usize>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let css = stylesheet(theme, diags);
    let indexes: Vec<usize> = indexes.into_iter().collect();
    let results: Vec<(usize, Result<Edition, Diagnostics>)> = indexes
        .into_par_iter()
        .map(|i| (i, edition(site, theme, &css, i)))
        .collect();
    let mut files = Vec::with_capacity(results.len() * 2);
    let mut reported = false;
    for (index, result) in results {
        match result {
            Ok(edition) => {
                let dir = essay_dir(&site.essays[index]);
                files.push(OutputFile {
                    path: format!("{dir}email.html"),
                    bytes: edition.html.into_bytes(),
                });
                files.push(OutputFile {
                    path: format!("{dir}email.txt"),
                    bytes: edition.text.into_bytes(),
                });
            }
            // The same template error would be reported for every essay.
            Err(problems) if !reported => {
                reported = true;
                diags.extend(problems);
            }
            Err(_) => {}
        }
    }
    files
}

/// The output folder of an essay's page (`essays/x/`).
pub fn essay_dir(entry: &EssayPage) -> String {
    let page = crate::site::urls::output_path(&entry.path);
    page.trim_end_matches("index.html").to_string()
}

/// The email edition of the essay at `index`.
pub fn edition(
    site: &Site,
    theme: &Theme,
    css: &str,
    index: usize,
) -> Result<Edition, Diagnostics> {
    Ok(Edition {
        html: email_html(site, theme, css, index)?,
        text: text::email_text(site, &site.essays[index]),
    })
}

/// The theme's `email.css` (empty, with an error, when unreadable).
pub fn stylesheet(theme: &Theme, diags: &mut Diagnostics) -> String {
    let Some(file) = theme.static_files.get(EMAIL_CSS) else {
        return String::new();
    };
    match file.read() {
        Ok(bytes) => match String::from_utf8(bytes.into_owned()) {
            Ok(css) => css,
            Err(_) => {
                diags.push(
                    Diagnostic::error(format!("{EMAIL_CSS} is not UTF-8 text"))
                        .with_help("save the email stylesheet as UTF-8"),
                );
                String::new()
            }
        },
        Err(error) => {
            diags.push(Diagnostic::error(format!(
                "cannot read {EMAIL_CSS}: {error}"
            )));
            String::new()
        }
    }
}

/// The essay's HTML email: the template rendered, then `css` inlined.
pub fn email_html(
    site: &Site,
    theme: &Theme,
    css: &str,
    index: usize,
) -> Result<String, Diagnostics> {
    let entry = &site.essays[index];
    let context = context(site, entry);
    let html = tera::Context::from_serialize(&context)
        .and_then(|ctx| theme.tera.render(EMAIL_TEMPLATE, &ctx))
        .map_err(|error| {
            let mut diagnostic =
                crate::render::theme::template_error(&theme.sources, EMAIL_TEMPLATE, &error);
            diagnostic.message = format!(
                "{} (while rendering the email edition of {})",
                diagnostic.message, entry.path
            );
            Diagnostics::from(diagnostic)
        })?;
    inline(&html, css).map_err(|error| {
        Diagnostics::from(
            Diagnostic::error(format!(
                "cannot inline {EMAIL_CSS} into the email edition: {error}"
            ))
            .with_label(Label::path(EMAIL_CSS, ""))
            .with_help("check the email stylesheet's syntax"),
        )
    })
}

/// Inlines `css` into `html`: no network, no `<style>` or `<link>` kept.
fn inline(html: &str, css: &str) -> Result<String, css_inline::InlineError> {
    css_inline::CSSInliner::options()
        .load_remote_stylesheets(false)
        .inline_style_tags(true)
        .keep_style_tags(false)
        .keep_link_tags(false)
        .keep_at_rules(false)
        .extra_css(Some(css.into()))
        .build()
        .inline(html)
}

/// What is inside `<body>` of an email, without the hidden inbox preview
/// line (a feed reader that drops styles would show it): the HTML a feed
/// entry carries.
pub fn body_of(html: &str) -> String {
    let start = html
        .find("<body")
        .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    let end = html.rfind("</body>").unwrap_or(html.len()).max(start);
    remove_elements(&html[start..end], "<div class=\"preheader\"", "div", false)
        .trim()
        .to_string()
}

fn context<'a>(site: &'a Site, entry: &'a EssayPage) -> EmailContext<'a> {
    let config = &site.config;
    let essay = &entry.essay;
    let url = config.site_path(&entry.path);
    let permalink = config.absolute_url(&url);
    let web = |html: &str| email_safe(html, config, &permalink);
    let support = support_view(site, entry, &permalink).map(|s| EmailSupport {
        message: web(s.message),
        subscribe: s.subscribe.map(|l| EmailLink {
            label: l.label,
            url: l.url,
        }),
        links: s
            .links
            .into_iter()
            .map(|l| EmailLink {
                label: l.label,
                url: l.url,
            })
            .collect(),
        comments_url: s.comments_url,
    });
    EmailContext {
        site: EmailSite {
            title: &config.title,
            url: &config.base_url,
            language: &config.language,
            subscribe: config
                .subscribe
                .as_ref()
                .map(|_| config.absolute_url(&config.site_path(crate::site::SUBSCRIBE_PATH))),
        },
        essay: EmailEssay {
            title: &essay.title,
            date: (&essay.date).into(),
            updated: essay.updated.as_ref().map(DateView::from),
            authors: essay
                .authors
                .iter()
                .map(|a| EmailAuthor {
                    name: &a.name,
                    url: config.absolute_url(&config.site_path(&format!(
                        "{}{}/",
                        crate::site::AUTHORS_PATH,
                        crate::content::slug::slugify(&a.name)
                    ))),
                })
                .collect(),
            summary: if essay.summary.is_some() {
                web(&entry.body.summary_html)
            } else {
                String::new()
            },
            summary_text: &entry.body.summary_text,
            reading_minutes: entry.body.reading_minutes(),
            word_count: entry.body.words,
            content: web(&without_heading_anchors(&entry.body.html)),
            sources: web(&without_backrefs(&entry.body.sources_html)),
            notes: web(&without_backrefs(&entry.body.notes_html)),
            support,
            permalink,
        },
    }
}

/// Absolute links (`#source-1` -> the web page's, `//host` -> https).
fn email_safe(html: &str, config: &crate::config::Config, permalink: &str) -> String {
    let absolute = super::feeds::absolutize(html, config, permalink);
    crate::site::links::rewrite_urls(&absolute, |value| {
        value
            .strip_prefix("//")
            .map(|rest| format!("https://{rest}"))
    })
}

/// The body without the `#` links that headings carry on the web page.
pub fn without_heading_anchors(html: &str) -> String {
    remove_elements(html, " <a class=\"anchor\"", "a", false)
}

/// A Sources or Notes list without its `↩ a b` back-links.
pub fn without_backrefs(html: &str) -> String {
    remove_elements(html, "<span class=\"backrefs\">", "span", true)
}

/// Removes every element that starts with `start` (a start tag, perhaps
/// with leading text) up to its matching end tag, and the space after it
/// when `and_space`. The HTML is Cable's own, so tags are well formed.
fn remove_elements(html: &str, start: &str, tag: &str, and_space: bool) -> String {
    let open = format!("<{tag}");
    let close = format!("</{tag}>");
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(start) {
        out.push_str(&rest[..i]);
        let element = &rest[i..];
        let mut depth = 0usize;
        let mut at = element.find(&open).unwrap_or(0);
        let end = loop {
            let next_open = element[at..]
                .find(&open)
                .map(|j| at + j)
                .filter(|&j| element[j + open.len()..].starts_with([' ', '>']));
            let Some(next_close) = element[at..].find(&close).map(|j| at + j) else {
                break element.len();
            };
            match next_open {
                Some(j) if j < next_close => {
                    depth += 1;
                    at = j + open.len();
                }
                _ => {
                    depth = depth.saturating_sub(1);
                    at = next_close + close.len();
                    if depth == 0 {
                        break at;
                    }
                }
            }
        };
        rest = &element[end..];
        if and_space {
            rest = rest.strip_prefix(' ').unwrap_or(rest);
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn removes_nested_backrefs_and_the_space_after() {
        let html = "<li id=\"source-1\"><span class=\"backrefs\"><span aria-hidden=\"true\">↩</span> <a href=\"#cite-1-1\">a</a></span> <span class=\"source-desc\">X</span>.</li>";
        assert_eq!(
            without_backrefs(html),
            "<li id=\"source-1\"><span class=\"source-desc\">X</span>.</li>"
        );
    }

    #[test]
    fn removes_heading_anchors() {
        let html = "<h2 id=\"a\">A <a class=\"anchor\" href=\"#a\" aria-hidden=\"true\" tabindex=\"-1\">#</a></h2><p><a href=\"x\">x</a></p>";
        assert_eq!(
            without_heading_anchors(html),
            "<h2 id=\"a\">A</h2><p><a href=\"x\">x</a></p>"
        );
    }

    #[test]
    fn inlines_and_drops_style_tags() {
        let html = inline(
            "<html><head><style>p{color:red}</style><link rel=\"stylesheet\" href=\"x.css\"></head><body><p>x</p></body></html>",
            "p { margin: 0; }",
        )
        .unwrap();
        assert!(!html.contains("<style"), "{html}");
        assert!(!html.contains("<link"), "{html}");
        assert!(html.contains("<p style=\""), "{html}");
        assert_eq!(
            body_of(&html),
            html[html.find("<p").unwrap()..html.find("</body>").unwrap()].trim()
        );
        let with_preview = "<body><div class=\"preheader\" style=\"display: none\">Preview</div>\n<div class=\"email-outer\">x</div></body>";
        assert_eq!(body_of(with_preview), "<div class=\"email-outer\">x</div>");
    }
}
