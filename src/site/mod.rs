//! The site model: every essay and page placed at its URL, sorted, paginated.
//!
//! [`Site::assemble`] takes the rendered essays and pages and returns an
//! immutable [`Site`]: essays newest first (ties broken by slug, so the
//! order never depends on the file system), pages by weight, tags, authors,
//! the archive, publishers, related essays, pagination, and a check that no
//! two sources write the same URL.
//!
//! May use: `config`, `content` and `markdown` (types), `diagnostics`.

pub mod archive;
pub mod links;
pub mod paginate;
pub mod publishers;
pub mod related;
pub mod taxonomy;
pub mod urls;

use crate::config::Config;
use crate::content::{Date, Essay, Page};
use crate::diagnostics::Diagnostics;
use crate::markdown::RenderedBody;
pub use archive::{ArchiveMonth, ArchiveYear};
pub use paginate::Pager;
pub use publishers::{Publisher, PublisherCitation};
pub use taxonomy::{Author, Tag};
use urls::{Claimant, UrlRegistry};

/// An essay placed in the site.
#[derive(Debug, Clone)]
pub struct EssayPage {
    /// The essay's front matter and source.
    pub essay: Essay,
    /// Its rendered body.
    pub body: RenderedBody,
    /// Site path (`/essays/x/`), without the base path.
    pub path: String,
    /// Indexes (into `Site::essays`) of the most related essays.
    pub related: Vec<usize>,
}

/// A standalone page placed in the site.
#[derive(Debug, Clone)]
pub struct StandalonePage {
    /// The page's front matter and source.
    pub page: Page,
    /// Its rendered body.
    pub body: RenderedBody,
    /// Site path (`/about/`).
    pub path: String,
}

/// Everything the renderer needs, assembled once.
#[derive(Debug, Clone)]
pub struct Site {
    /// The settings.
    pub config: Config,
    /// Essays, newest first.
    pub essays: Vec<EssayPage>,
    /// Standalone pages, by weight then title.
    pub pages: Vec<StandalonePage>,
    /// The home page and `/page/N/`.
    pub home: Vec<Pager>,
    /// Every publisher cited, by name (`/sources/`).
    pub publishers: Vec<Publisher>,
    /// Every tag, by name (`/tags/`).
    pub tags: Vec<Tag>,
    /// Every author, by name (`/authors/`).
    pub authors: Vec<Author>,
    /// Essays by year and month (`/archive/`).
    pub archive: Vec<ArchiveYear>,
    /// Markdown from site.toml, rendered.
    pub fragments: Fragments,
}

/// Markdown that site.toml holds, rendered to HTML by the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Fragments {
    /// `[support] message`.
    pub support_message: String,
    /// `[[authors]] bio`, by author name.
    pub bios: Vec<(String, String)>,
}

impl Fragments {
    /// The rendered bio of `name`, if any.
    pub fn bio(&self, name: &str) -> Option<&str> {
        self.bios
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, bio)| bio.as_str())
    }
}

/// Site path of the sources index.
pub const SOURCES_PATH: &str = "/sources/";
/// Site path of the tag index.
pub const TAGS_PATH: &str = "/tags/";
/// Site path of the author index.
pub const AUTHORS_PATH: &str = "/authors/";
/// Site path of the archive.
pub const ARCHIVE_PATH: &str = "/archive/";
/// Site path of the search page (when `search` is on).
pub const SEARCH_PATH: &str = "/search/";
/// Site path of the subscribe page (when `[subscribe]` is set).
pub const SUBSCRIBE_PATH: &str = "/subscribe/";

/// Site path of a tag's Atom feed.
pub fn tag_feed_path(tag: &Tag) -> String {
    format!("{}atom.xml", tag.path)
}

/// Pages the generator writes itself, claimed before content.
const GENERATED: &[(&str, &str)] = &[
    ("/404.html", "404 page"),
    ("/atom.xml", "Atom feed"),
    ("/rss.xml", "RSS feed"),
    ("/feed.json", "JSON feed"),
    ("/sitemap.xml", "sitemap"),
    ("/robots.txt", "robots.txt"),
];

impl Site {
    /// Places essays and pages at their URLs and checks for collisions.
    pub fn assemble(
        config: Config,
        essays: Vec<(Essay, RenderedBody)>,
        pages: Vec<(Page, RenderedBody)>,
        fragments: Fragments,
        diags: &mut Diagnostics,
    ) -> Site {
        let mut essays: Vec<EssayPage> = essays
            .into_iter()
            .map(|(essay, body)| place_essay(&config, essay, body))
            .collect();
        essays.sort_by(|a, b| {
            b.essay
                .date
                .cmp(&a.essay.date)
                .then_with(|| a.essay.slug.cmp(&b.essay.slug))
                .then_with(|| a.path.cmp(&b.path))
        });

        let mut pages: Vec<StandalonePage> = pages
            .into_iter()
            .map(|(page, body)| {
                let path = format!("/{}/", page.slug);
                StandalonePage { page, body, path }
            })
            .collect();
        pages.sort_by(|a, b| {
            (a.page.weight, &a.page.title, &a.path).cmp(&(b.page.weight, &b.page.title, &b.path))
        });

        let related = related::related(&essays);
        for (entry, related) in essays.iter_mut().zip(related) {
            entry.related = related;
        }
        let home = paginate::paginate("/", essays.len(), config.paginate);
        let publishers = publishers::index(&essays, config.paginate);
        let tags = taxonomy::tags(&essays, config.paginate, diags);
        let authors = taxonomy::authors(&essays, &config.authors, config.paginate, diags);
        let archive = archive::archive(&essays);

        let mut registry = UrlRegistry::default();
        for (path, what) in GENERATED {
            registry.claim(path, Claimant::Generated(what), diags);
        }
        if config.search {
            registry.claim(SEARCH_PATH, Claimant::Generated("search page"), diags);
        }
        if config.subscribe.is_some() {
            registry.claim(SUBSCRIBE_PATH, Claimant::Generated("subscribe page"), diags);
        }
        for pager in &home {
            registry.claim(&pager.path, Claimant::Generated("home page"), diags);
        }
        if !publishers.is_empty() {
            registry.claim(SOURCES_PATH, Claimant::Generated("sources index"), diags);
        }
        for publisher in &publishers {
            for pager in &publisher.pages {
                registry.claim(&pager.path, Claimant::Generated("sources index"), diags);
            }
        }
        for (path, what) in [
            (TAGS_PATH, "tag index"),
            (AUTHORS_PATH, "author index"),
            (ARCHIVE_PATH, "archive"),
        ] {
            registry.claim(path, Claimant::Generated(what), diags);
        }
        for tag in &tags {
            for pager in &tag.pages {
                registry.claim(&pager.path, Claimant::Generated("tag pages"), diags);
            }
            registry.claim(&tag_feed_path(tag), Claimant::Generated("tag feeds"), diags);
        }
        for author in &authors {
            for pager in &author.pages {
                registry.claim(&pager.path, Claimant::Generated("author pages"), diags);
            }
        }
        for page in &pages {
            registry.claim(
                &page.path,
                Claimant::File(page.page.file.clone(), page.page.slug_span.clone()),
                diags,
            );
        }
        for essay in &essays {
            registry.claim(
                &essay.path,
                Claimant::File(essay.essay.file.clone(), essay.essay.slug_span.clone()),
                diags,
            );
        }

        Site {
            config,
            essays,
            pages,
            home,
            publishers,
            tags,
            authors,
            archive,
            fragments,
        }
    }

    /// The newest date of the site (for feed `updated`), if any essay.
    pub fn last_updated(&self) -> Option<Date> {
        self.essays
            .iter()
            .map(|e| e.essay.updated.unwrap_or(e.essay.date).max(e.essay.date))
            .max()
    }
}

/// An essay at its URL (related essays are filled in by [`Site::assemble`]).
pub fn place_essay(config: &Config, essay: Essay, mut body: RenderedBody) -> EssayPage {
    let path = urls::expand(&config.permalink, &essay.slug, &essay.date);
    body.summary_html = summary_from_elsewhere(&body.summary_html, &config.site_path(&path));
    EssayPage {
        essay,
        body,
        path,
        related: Vec::new(),
    }
}

/// A summary shown on list pages links from there: its relative links (a
/// bundle's image, a fragment) must point at the essay's own URL.
fn summary_from_elsewhere(html: &str, essay_url: &str) -> String {
    links::rewrite_urls(html, |value| match links::kind(value) {
        links::LinkKind::Relative | links::LinkKind::Fragment => {
            Some(format!("{essay_url}{value}"))
        }
        _ => None,
    })
}
