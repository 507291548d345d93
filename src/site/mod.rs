//! The site model: every essay and page placed at its URL, sorted, paginated.
//!
//! [`Site::assemble`] takes the rendered essays and pages and returns an
//! immutable [`Site`]: essays newest first (ties broken by slug, so the
//! order never depends on the file system), pages by weight, home-page
//! pagination, and a check that no two sources write the same URL.
//!
//! May use: `config`, `content` and `markdown` (types), `diagnostics`.

pub mod links;
pub mod paginate;
pub mod publishers;
pub mod urls;

use crate::config::Config;
use crate::content::{Date, Essay, Page};
use crate::diagnostics::Diagnostics;
use crate::markdown::RenderedBody;
pub use paginate::Pager;
pub use publishers::{Publisher, PublisherCitation};
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
}

/// Site path of the sources index.
pub const SOURCES_PATH: &str = "/sources/";

/// Pages the generator writes itself, claimed before content.
const GENERATED: &[(&str, &str)] = &[
    ("/404.html", "404 page"),
    ("/atom.xml", "Atom feed"),
    ("/sitemap.xml", "sitemap"),
    ("/robots.txt", "robots.txt"),
];

impl Site {
    /// Places essays and pages at their URLs and checks for collisions.
    pub fn assemble(
        config: Config,
        essays: Vec<(Essay, RenderedBody)>,
        pages: Vec<(Page, RenderedBody)>,
        diags: &mut Diagnostics,
    ) -> Site {
        let mut essays: Vec<EssayPage> = essays
            .into_iter()
            .map(|(essay, mut body)| {
                let path = urls::expand(&config.permalink, &essay.slug, &essay.date);
                body.summary_html =
                    summary_from_elsewhere(&body.summary_html, &config.site_path(&path));
                EssayPage { essay, body, path }
            })
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

        let home = paginate::paginate("/", essays.len(), config.paginate);
        let publishers = publishers::index(&essays);

        let mut registry = UrlRegistry::default();
        for (path, what) in GENERATED {
            registry.claim(path, Claimant::Generated(what), diags);
        }
        for pager in &home {
            registry.claim(&pager.path, Claimant::Generated("home page"), diags);
        }
        if !publishers.is_empty() {
            registry.claim(SOURCES_PATH, Claimant::Generated("sources index"), diags);
        }
        for publisher in &publishers {
            registry.claim(&publisher.path, Claimant::Generated("sources index"), diags);
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
