//! HTML pages from the [`Site`] through the theme's Tera templates.
//!
//! [`render_pages`] renders, in parallel (rayon), every essay with
//! `essay.html`, the home page and `/page/N/` with `index.html`, each
//! standalone page with `page.html`, and `404.html`. Templates see typed
//! views ([`context`]); a template error is reported once, on the template's
//! line, however many pages hit it.
//!
//! May use: `site`, `config`, `markdown` (types), `diagnostics`.

pub mod context;
pub mod theme;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::Site;
use crate::site::urls::output_path;
use context::{
    EssayContext, ListContext, PageContext, PageMeta, PublisherContext, SiteView, SourcesContext,
};
pub use theme::{StaticFile, Theme};

/// A rendered file, ready to write: its path in the output folder and bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path with `/` separators (`essays/x/index.html`).
    pub path: String,
    /// Content.
    pub bytes: Vec<u8>,
}

/// Renders every HTML page of the site.
pub fn render_pages(site: &Site, theme: &Theme, diags: &mut Diagnostics) -> Vec<OutputFile> {
    let config = &site.config;
    let stylesheet = stylesheet_link(site, theme);
    let site_view = SiteView::new(site, &stylesheet);
    let support_message = config
        .support
        .as_ref()
        .and_then(|s| s.message.as_deref())
        .map(crate::markdown::render_fragment)
        .unwrap_or_default();
    let essays_url = config.site_path("");

    let essays = site.essays.par_iter().map(|entry| {
        let essay = context::essay_view(config, entry, &support_message);
        let description = if entry.body.summary_text.is_empty() {
            config.description.clone()
        } else {
            entry.body.summary_text.clone()
        };
        let page = PageMeta {
            kind: "essay",
            title: format!("{} · {}", entry.essay.title, config.title),
            description,
            url: essay.url.clone(),
            canonical: Some(essay.permalink.clone()),
            nav_current: None,
            prev: None,
            next: None,
        };
        let ctx = EssayContext {
            site: &site_view,
            page,
            essay,
        };
        render(theme, "essay.html", &entry.path, &ctx)
    });

    let lists = site.home.par_iter().map(|pager| {
        let url = config.site_path(&pager.path);
        let title = if pager.number == 1 {
            config.title.clone()
        } else {
            format!(
                "Essays, page {} of {} · {}",
                pager.number, pager.total, config.title
            )
        };
        let ctx = ListContext {
            site: &site_view,
            page: PageMeta {
                kind: "list",
                title,
                description: config.description.clone(),
                canonical: Some(config.absolute_url(&url)),
                nav_current: Some(essays_url.clone()),
                url,
                prev: pager.prev.as_deref().map(|p| config.site_path(p)),
                next: pager.next.as_deref().map(|p| config.site_path(p)),
            },
            essays: site.essays[pager.items.clone()]
                .iter()
                .map(|e| context::summary_view(config, e))
                .collect(),
            pager: context::pager_view(config, pager),
        };
        render(theme, "index.html", &pager.path, &ctx)
    });

    let pages = site.pages.par_iter().map(|entry| {
        let ctx = PageContext {
            site: &site_view,
            page: context::standalone_meta(config, entry),
            title: &entry.page.title,
            content: &entry.body.html,
        };
        render(theme, "page.html", &entry.path, &ctx)
    });

    let sources_url = config.site_path(crate::site::SOURCES_PATH);
    let sources_index = (!site.publishers.is_empty()).then(|| {
        let ctx = SourcesContext {
            site: &site_view,
            page: PageMeta {
                kind: "sources",
                title: format!("Sources · {}", config.title),
                description: format!(
                    "Every publisher cited in {}, and the essays that cite it.",
                    config.title
                ),
                canonical: Some(config.absolute_url(&sources_url)),
                nav_current: Some(sources_url.clone()),
                url: sources_url.clone(),
                prev: None,
                next: None,
            },
            publishers: site
                .publishers
                .iter()
                .map(|p| context::publisher_summary(config, p))
                .collect(),
            total_sources: site
                .publishers
                .iter()
                .map(crate::site::Publisher::source_count)
                .sum(),
        };
        render(theme, "sources.html", crate::site::SOURCES_PATH, &ctx)
    });
    let publishers = site.publishers.par_iter().map(|publisher| {
        let url = config.site_path(&publisher.path);
        let ctx = PublisherContext {
            site: &site_view,
            page: PageMeta {
                kind: "publisher",
                title: format!("{} · Sources · {}", publisher.name, config.title),
                description: format!("Essays in {} that cite {}.", config.title, publisher.name),
                canonical: Some(config.absolute_url(&url)),
                nav_current: Some(sources_url.clone()),
                url,
                prev: None,
                next: None,
            },
            publisher: context::publisher_view(site, publisher),
        };
        render(theme, "publisher.html", &publisher.path, &ctx)
    });

    let not_found = {
        let ctx = PageContext {
            site: &site_view,
            page: PageMeta {
                kind: "404",
                title: format!("Page not found · {}", config.title),
                description: config.description.clone(),
                url: config.site_path("404.html"),
                canonical: None,
                nav_current: None,
                prev: None,
                next: None,
            },
            title: "Page not found",
            content: "",
        };
        render(theme, "404.html", "/404.html", &ctx)
    };

    let results: Vec<Result<OutputFile, (String, tera::Error)>> = essays
        .chain(lists)
        .chain(pages)
        .chain(publishers)
        .chain(sources_index)
        .chain(rayon::iter::once(not_found))
        .collect();

    let mut files = Vec::with_capacity(results.len());
    // One diagnostic per distinct template error, naming how many pages hit it.
    let mut failures: BTreeMap<String, (Diagnostic, Vec<String>)> = BTreeMap::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err((path, error)) => {
                let diagnostic = theme::template_error(&theme.sources, "", &error);
                let key = format!("{}|{:?}", diagnostic.message, diagnostic.location_string());
                failures
                    .entry(key)
                    .or_insert_with(|| (diagnostic, Vec::new()))
                    .1
                    .push(path);
            }
        }
    }
    for (_, (mut diagnostic, paths)) in failures {
        let pages = match paths.as_slice() {
            [one] => format!("while rendering {one}"),
            [first, rest @ ..] => format!("while rendering {first} and {} other pages", rest.len()),
            [] => String::new(),
        };
        diagnostic.message = format!("{} ({pages})", diagnostic.message);
        diags.push(diagnostic);
    }
    files
}

fn render<T: Serialize>(
    theme: &Theme,
    template: &str,
    site_path: &str,
    ctx: &T,
) -> Result<OutputFile, (String, tera::Error)> {
    tera::Context::from_serialize(ctx)
        .and_then(|ctx| theme.tera.render(template, &ctx))
        .map(|html| OutputFile {
            path: output_path(site_path),
            bytes: html.into_bytes(),
        })
        .map_err(|error| (site_path.to_string(), error))
}

/// `style.css?v=HASH`: the stylesheet link, changing whenever its content does.
fn stylesheet_link(site: &Site, theme: &Theme) -> String {
    let base = site.config.site_path("style.css");
    match theme.static_files.get("style.css").map(StaticFile::read) {
        Some(Ok(bytes)) => format!("{base}?v={:08x}", fnv1a(&bytes) as u32),
        _ => base,
    }
}

/// FNV-1a: a small, stable hash (unlike std's, fixed across Rust versions).
pub fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
