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
pub mod meta;
pub mod theme;

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde::Serialize;

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::site::urls::output_path;
use crate::site::{Pager, Site};
use context::{
    ArchiveBody, AuthorsBody, EssayBody, ListBody, PageBody, PageContext, PageMeta, PublisherBody,
    SiteView, SourcesBody, TagsBody,
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

/// One page to render: template, site path and context.
type Job<'a> = (
    &'a str,
    Box<dyn Fn() -> Result<OutputFile, (String, tera::Error)> + Send + Sync + 'a>,
);

/// Renders every HTML page of the site.
pub fn render_pages(site: &Site, theme: &Theme, diags: &mut Diagnostics) -> Vec<OutputFile> {
    render_some(site, theme, None, diags)
}

/// Renders the pages whose site paths are in `only` (all when `None`).
pub fn render_some(
    site: &Site,
    theme: &Theme,
    only: Option<&std::collections::HashSet<String>>,
    diags: &mut Diagnostics,
) -> Vec<OutputFile> {
    let config = &site.config;
    let stylesheet = stylesheet_link(site, theme);
    let site_view = SiteView::new(site, &stylesheet);
    let site_view = &site_view;
    let essays_url = config.site_path("");
    let essays_url = &essays_url;
    let title = |what: &str| format!("{what} · {}", config.title);
    let page = |kind: &'static str,
                path: &str,
                title: String,
                description: String,
                nav: Option<&str>,
                meta: meta::Meta| {
        let url = config.site_path(path);
        PageMeta {
            kind,
            canonical: Some(config.absolute_url(&url)),
            nav_current: nav.map(|n| config.site_path(n)),
            url,
            title,
            description,
            meta,
            ..PageMeta::default()
        }
    };

    let list = |template: &'static str,
                kind: &'static str,
                pager: &Pager,
                all: &[Pager],
                items: &[usize],
                heading: String,
                tag,
                author,
                meta| {
        let mut meta_page = page(
            kind,
            &pager.path,
            heading,
            config.description.clone(),
            None,
            meta,
        );
        meta_page.prev = pager.prev.as_deref().map(|p| config.site_path(p));
        meta_page.next = pager.next.as_deref().map(|p| config.site_path(p));
        ListBody {
            essays: items[pager.items.clone()]
                .iter()
                .map(|&i| context::summary_view(config, &site.essays[i]))
                .collect(),
            pager: context::pager_view(config, pager, all),
            tag,
            author,
        }
        .into_page(template, site_view, meta_page, &pager.path)
    };
    let all_essays: Vec<usize> = (0..site.essays.len()).collect();
    let all_essays = &all_essays;
    let mut jobs: Vec<Job> = Vec::new();

    for entry in &site.essays {
        jobs.push((
            &entry.path,
            Box::new(move || essay_page(site, theme, site_view, entry)),
        ));
    }

    for pager in &site.home {
        let list = &list;
        jobs.push((
            &pager.path,
            Box::new(move || {
                let heading = if pager.number == 1 {
                    config.title.clone()
                } else {
                    title(&format!("Essays, page {} of {}", pager.number, pager.total))
                };
                let meta = if pager.number == 1 {
                    meta::home(site)
                } else {
                    meta::plain(&format!("Essays, page {} of {}", pager.number, pager.total))
                };
                let (template, path, mut ctx) = list(
                    "index.html",
                    "list",
                    pager,
                    &site.home,
                    all_essays,
                    heading,
                    None,
                    None,
                    meta,
                );
                ctx.page.nav_current = Some(essays_url.clone());
                render(theme, template, &path, &ctx)
            }),
        ));
    }
    for tag in &site.tags {
        for pager in &tag.pages {
            let list = &list;
            jobs.push((
                &pager.path,
                Box::new(move || {
                    let heading = match pager.number {
                        1 => title(&format!("Essays tagged {}", tag.name)),
                        n => title(&format!(
                            "Essays tagged {}, page {n} of {}",
                            tag.name, pager.total
                        )),
                    };
                    let tag_view = context::tag_view(config, tag);
                    let feed = tag_view.feed.clone();
                    let (template, path, mut ctx) = list(
                        "tag.html",
                        "tag",
                        pager,
                        &tag.pages,
                        &tag.essays,
                        heading,
                        Some(tag_view),
                        None,
                        meta::plain(&format!("Essays tagged {}", tag.name)),
                    );
                    ctx.page.description =
                        format!("Essays in {} tagged {}.", config.title, tag.name);
                    ctx.page.feed = Some(feed);
                    ctx.page.nav_current = Some(config.site_path(crate::site::TAGS_PATH));
                    render(theme, template, &path, &ctx)
                }),
            ));
        }
    }
    for author in &site.authors {
        for pager in &author.pages {
            let list = &list;
            jobs.push((
                &pager.path,
                Box::new(move || {
                    let heading = match pager.number {
                        1 => title(&author.name),
                        n => title(&format!("{}, page {n} of {}", author.name, pager.total)),
                    };
                    let (template, path, mut ctx) = list(
                        "author.html",
                        "author",
                        pager,
                        &author.pages,
                        &author.essays,
                        heading,
                        None,
                        Some(context::author_view(site, author)),
                        meta::author(site, author),
                    );
                    ctx.page.description =
                        format!("Essays by {} in {}.", author.name, config.title);
                    render(theme, template, &path, &ctx)
                }),
            ));
        }
    }

    jobs.push((
        crate::site::TAGS_PATH,
        Box::new(move || {
            let ctx = PageContext {
                site: site_view,
                page: page(
                    "tags",
                    crate::site::TAGS_PATH,
                    title("Tags"),
                    format!("Every tag of {}, with its essays.", config.title),
                    Some(crate::site::TAGS_PATH),
                    meta::plain("Tags"),
                ),
                body: TagsBody {
                    tags: site
                        .tags
                        .iter()
                        .map(|t| context::tag_view(config, t))
                        .collect(),
                },
            };
            render(theme, "tags.html", crate::site::TAGS_PATH, &ctx)
        }),
    ));
    jobs.push((
        crate::site::AUTHORS_PATH,
        Box::new(move || {
            let ctx = PageContext {
                site: site_view,
                page: page(
                    "authors",
                    crate::site::AUTHORS_PATH,
                    title("Authors"),
                    format!("The writers of {}.", config.title),
                    None,
                    meta::plain("Authors"),
                ),
                body: AuthorsBody {
                    authors: site
                        .authors
                        .iter()
                        .map(|a| context::author_view(site, a))
                        .collect(),
                },
            };
            render(theme, "authors.html", crate::site::AUTHORS_PATH, &ctx)
        }),
    ));
    jobs.push((
        crate::site::ARCHIVE_PATH,
        Box::new(move || {
            let ctx = PageContext {
                site: site_view,
                page: page(
                    "archive",
                    crate::site::ARCHIVE_PATH,
                    title("Archive"),
                    format!("Every essay of {}, by year and month.", config.title),
                    Some(crate::site::ARCHIVE_PATH),
                    meta::plain("Archive"),
                ),
                body: ArchiveBody {
                    years: context::archive_view(site, &site.archive),
                    total: site.essays.len(),
                },
            };
            render(theme, "archive.html", crate::site::ARCHIVE_PATH, &ctx)
        }),
    ));

    if config.search {
        jobs.push((
            crate::site::SEARCH_PATH,
            Box::new(move || search_page(site_view, theme, config)),
        ));
    }
    if let Some(form) = &config.subscribe {
        jobs.push((
            crate::site::SUBSCRIBE_PATH,
            Box::new(move || subscribe_page(site_view, theme, config, &form.title)),
        ));
    }
    for entry in &site.pages {
        jobs.push((
            &entry.path,
            Box::new(move || {
                let mut meta_page = context::standalone_meta(config, entry);
                meta_page.meta = meta::plain(&entry.page.title);
                let ctx = PageContext {
                    site: site_view,
                    page: meta_page,
                    body: PageBody {
                        title: &entry.page.title,
                        content: &entry.body.html,
                    },
                };
                render(theme, "page.html", &entry.path, &ctx)
            }),
        ));
    }

    if !site.publishers.is_empty() {
        jobs.push((
            crate::site::SOURCES_PATH,
            Box::new(move || {
                let ctx = PageContext {
                    site: site_view,
                    page: page(
                        "sources",
                        crate::site::SOURCES_PATH,
                        title("Sources"),
                        format!(
                            "Every publisher cited in {}, and the essays that cite it.",
                            config.title
                        ),
                        Some(crate::site::SOURCES_PATH),
                        meta::plain("Sources"),
                    ),
                    body: SourcesBody {
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
                    },
                };
                render(theme, "sources.html", crate::site::SOURCES_PATH, &ctx)
            }),
        ));
    }
    for publisher in &site.publishers {
        for pager in &publisher.pages {
            jobs.push((
                &pager.path,
                Box::new(move || {
                    let mut meta_page = page(
                        "publisher",
                        &pager.path,
                        match pager.number {
                            1 => title(&format!("{} · Sources", publisher.name)),
                            n => title(&format!(
                                "{} · Sources, page {n} of {}",
                                publisher.name, pager.total
                            )),
                        },
                        format!("Essays in {} that cite {}.", config.title, publisher.name),
                        Some(crate::site::SOURCES_PATH),
                        meta::plain(&publisher.name),
                    );
                    meta_page.prev = pager.prev.as_deref().map(|p| config.site_path(p));
                    meta_page.next = pager.next.as_deref().map(|p| config.site_path(p));
                    let ctx = PageContext {
                        site: site_view,
                        page: meta_page,
                        body: PublisherBody {
                            publisher: context::publisher_view(site, publisher, pager),
                            pager: context::pager_view(config, pager, &publisher.pages),
                        },
                    };
                    render(theme, "publisher.html", &pager.path, &ctx)
                }),
            ));
        }
    }

    jobs.push((
        "/404.html",
        Box::new(move || {
            let ctx = PageContext {
                site: site_view,
                page: PageMeta {
                    kind: "404",
                    title: title("Page not found"),
                    description: config.description.clone(),
                    url: config.site_path("404.html"),
                    meta: meta::plain("Page not found"),
                    ..PageMeta::default()
                },
                body: PageBody {
                    title: "Page not found",
                    content: "",
                },
            };
            render(theme, "404.html", "/404.html", &ctx)
        }),
    ));

    if let Some(only) = only {
        jobs.retain(|(path, _)| only.contains(*path));
    }
    let results: Vec<Result<OutputFile, (String, tera::Error)>> =
        jobs.par_iter().map(|(_, job)| job()).collect();

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

impl<'a> ListBody<'a> {
    /// Wraps the list into a page context, returning the template and path too.
    fn into_page(
        self,
        template: &'static str,
        site: &'a SiteView<'a>,
        page: PageMeta,
        path: &str,
    ) -> (&'static str, String, PageContext<'a, ListBody<'a>>) {
        (
            template,
            path.to_string(),
            PageContext {
                site,
                page,
                body: self,
            },
        )
    }
}

/// The search page (`search.html`); the index comes from `output::search`.
fn search_page(
    site_view: &SiteView,
    theme: &Theme,
    config: &crate::config::Config,
) -> Result<OutputFile, (String, tera::Error)> {
    let path = crate::site::SEARCH_PATH;
    let url = config.site_path(path);
    let ctx = PageContext {
        site: site_view,
        page: PageMeta {
            kind: "search",
            title: format!("Search · {}", config.title),
            description: format!("Search every essay of {}.", config.title),
            canonical: Some(config.absolute_url(&url)),
            nav_current: Some(url.clone()),
            url,
            meta: meta::plain("Search"),
            ..PageMeta::default()
        },
        body: PageBody {
            title: "Search",
            content: "",
        },
    };
    render(theme, "search.html", path, &ctx)
}

/// The subscribe page (`subscribe.html`): the form of `site.subscribe`.
fn subscribe_page(
    site_view: &SiteView,
    theme: &Theme,
    config: &crate::config::Config,
    heading: &str,
) -> Result<OutputFile, (String, tera::Error)> {
    let path = crate::site::SUBSCRIBE_PATH;
    let url = config.site_path(path);
    let ctx = PageContext {
        site: site_view,
        page: PageMeta {
            kind: "subscribe",
            title: format!("Subscribe · {}", config.title),
            description: format!("Get the essays of {} by email.", config.title),
            canonical: Some(config.absolute_url(&url)),
            nav_current: Some(url.clone()),
            url,
            meta: meta::plain("Subscribe"),
            ..PageMeta::default()
        },
        body: PageBody {
            title: heading,
            content: "",
        },
    };
    render(theme, "subscribe.html", path, &ctx)
}

/// An essay's page.
fn essay_page(
    site: &Site,
    theme: &Theme,
    site_view: &SiteView,
    entry: &crate::site::EssayPage,
) -> Result<OutputFile, (String, tera::Error)> {
    let config = &site.config;
    let url = config.site_path(&entry.path);
    let description = if entry.body.summary_text.is_empty() {
        config.description.clone()
    } else {
        entry.body.summary_text.clone()
    };
    let ctx = PageContext {
        site: site_view,
        page: PageMeta {
            kind: "essay",
            canonical: Some(config.absolute_url(&url)),
            url,
            title: format!("{} · {}", entry.essay.title, config.title),
            description,
            meta: meta::essay(site, entry),
            ..PageMeta::default()
        },
        body: EssayBody {
            essay: context::essay_view(site, entry),
        },
    };
    render(theme, "essay.html", &entry.path, &ctx)
}

/// Renders one essay's page again (for `serve`, after the essay changed).
pub fn render_essay_page(
    site: &Site,
    theme: &Theme,
    index: usize,
) -> Result<OutputFile, Diagnostics> {
    let stylesheet = stylesheet_link(site, theme);
    let site_view = SiteView::new(site, &stylesheet);
    essay_page(site, theme, &site_view, &site.essays[index]).map_err(|(path, error)| {
        let mut diagnostic = theme::template_error(&theme.sources, "", &error);
        diagnostic.message = format!("{} (while rendering {path})", diagnostic.message);
        Diagnostics::from(diagnostic)
    })
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
