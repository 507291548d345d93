//! Typed views that templates see, borrowing from the [`Site`].
//!
//! Every template gets `site` ([`SiteView`]) and `page` ([`PageMeta`]);
//! essay pages add `essay` ([`EssayView`]), list pages `essays` and
//! `pager`, standalone pages `content`. The fields are documented here: this
//! is the theme author's reference. Dates come pre-formatted; HTML fields
//! (`content`, `sources`, `notes`, `summary`, `message`) are already safe
//! and are printed with `| safe`.
//!
//! May use: `site`, `config`, `markdown` (types).

use serde::Serialize;

use crate::config::Config;
use crate::content::{Date, SupportSetting};
use crate::site::{EssayPage, Pager, Publisher, Site, StandalonePage};

/// `site`: the same on every page.
#[derive(Debug, Serialize)]
pub struct SiteView<'a> {
    /// Site name.
    pub title: &'a str,
    /// One-line description.
    pub description: &'a str,
    /// `<html lang>`.
    pub language: &'a str,
    /// Absolute base URL, ending in `/`.
    pub base_url: &'a str,
    /// Root-relative prefix of every link (`/` or `/newsletter/`).
    pub root: &'a str,
    /// Stylesheet link, with a content hash for cache busting.
    pub stylesheet: &'a str,
    /// Favicon link.
    pub favicon: String,
    /// Atom feed link (absolute).
    pub feed: String,
    /// Navigation links: Essays, then standalone pages in menu order.
    pub nav: Vec<NavLink<'a>>,
}

/// One navigation entry.
#[derive(Debug, Serialize)]
pub struct NavLink<'a> {
    /// Link text.
    pub title: &'a str,
    /// Root-relative link.
    pub url: String,
}

/// `page`: what every page says about itself, for `<head>` and navigation.
#[derive(Debug, Serialize)]
pub struct PageMeta {
    /// `essay`, `list`, `page` or `404`.
    pub kind: &'static str,
    /// `<title>` text.
    pub title: String,
    /// Meta description.
    pub description: String,
    /// Root-relative URL of this page.
    pub url: String,
    /// Absolute canonical URL (none on the 404 page).
    pub canonical: Option<String>,
    /// Root-relative URL of the nav entry that is current, if any.
    pub nav_current: Option<String>,
    /// `rel="prev"` target.
    pub prev: Option<String>,
    /// `rel="next"` target.
    pub next: Option<String>,
}

/// A date in both forms templates need.
#[derive(Debug, Serialize)]
pub struct DateView {
    /// For `<time datetime>`.
    pub machine: String,
    /// For readers: `15 October 2025`.
    pub display: String,
}

impl From<&Date> for DateView {
    fn from(date: &Date) -> Self {
        Self {
            machine: date.machine(),
            display: date.long(),
        }
    }
}

/// `essay`: an essay page.
#[derive(Debug, Serialize)]
pub struct EssayView<'a> {
    /// Headline.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Absolute URL.
    pub permalink: String,
    /// Publication date.
    pub date: DateView,
    /// Last revision, when given.
    pub updated: Option<DateView>,
    /// Author names.
    pub authors: Vec<&'a str>,
    /// Tag names, as written.
    pub tags: Vec<&'a str>,
    /// The front matter's `summary` (HTML); empty when the essay has none
    /// (its first paragraph stands in on list pages, but is already here).
    pub summary: &'a str,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Words.
    pub words: usize,
    /// Body (HTML).
    pub content: &'a str,
    /// The Sources section (HTML; empty when nothing is cited).
    pub sources: &'a str,
    /// The Notes section (HTML; empty without footnotes).
    pub notes: &'a str,
    /// The reader-support block, unless hidden.
    pub support: Option<SupportView>,
}

/// `essay.support`: the block under an essay.
#[derive(Debug, Serialize)]
pub struct SupportView {
    /// The message (HTML).
    pub message: String,
    /// The primary button, when a subscribe URL is set.
    pub subscribe: Option<LinkView>,
    /// Tip-jar buttons.
    pub links: Vec<LinkView>,
    /// Comment link with `{slug}` and `{url}` filled in.
    pub comments_url: Option<String>,
}

/// A labelled link.
#[derive(Debug, Serialize)]
pub struct LinkView {
    /// Text.
    pub label: String,
    /// Target.
    pub url: String,
}

/// An entry of `essays` on list pages.
#[derive(Debug, Serialize)]
pub struct EssaySummaryView<'a> {
    /// Headline.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Publication date.
    pub date: DateView,
    /// Author names.
    pub authors: Vec<&'a str>,
    /// Tag names.
    pub tags: Vec<&'a str>,
    /// Summary (HTML, no citation markers).
    pub summary: &'a str,
    /// Minutes to read.
    pub reading_minutes: usize,
}

/// `pager`: where a list page is in its list.
#[derive(Debug, Serialize)]
pub struct PagerView {
    /// This page's number, from 1.
    pub number: usize,
    /// Pages in the list.
    pub total: usize,
    /// Newer page (root-relative).
    pub prev: Option<String>,
    /// Older page (root-relative).
    pub next: Option<String>,
}

/// Context of `essay.html`.
#[derive(Debug, Serialize)]
pub struct EssayContext<'a> {
    /// The site.
    pub site: &'a SiteView<'a>,
    /// This page.
    pub page: PageMeta,
    /// The essay.
    pub essay: EssayView<'a>,
}

/// Context of `index.html`.
#[derive(Debug, Serialize)]
pub struct ListContext<'a> {
    /// The site.
    pub site: &'a SiteView<'a>,
    /// This page.
    pub page: PageMeta,
    /// The essays on this page.
    pub essays: Vec<EssaySummaryView<'a>>,
    /// Position in the list.
    pub pager: PagerView,
}

/// Context of `page.html` and `404.html`.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    /// The site.
    pub site: &'a SiteView<'a>,
    /// This page.
    pub page: PageMeta,
    /// Page title (heading).
    pub title: &'a str,
    /// Body (HTML; empty on the 404 page).
    pub content: &'a str,
}

impl<'a> SiteView<'a> {
    /// The site-wide view.
    pub fn new(site: &'a Site, stylesheet: &'a str) -> Self {
        let config = &site.config;
        let mut nav = vec![NavLink {
            title: "Essays",
            url: config.site_path(""),
        }];
        if !site.publishers.is_empty() {
            nav.push(NavLink {
                title: "Sources",
                url: config.site_path(crate::site::SOURCES_PATH),
            });
        }
        nav.extend(site.pages.iter().filter(|p| p.page.menu).map(|p| NavLink {
            title: &p.page.title,
            url: config.site_path(&p.path),
        }));
        Self {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            root: &config.base_path,
            stylesheet,
            favicon: config.site_path("favicon.svg"),
            feed: config.absolute_url(&config.site_path("atom.xml")),
            nav,
        }
    }
}

/// The view of an essay for its own page.
pub fn essay_view<'a>(
    config: &Config,
    entry: &'a EssayPage,
    support_message: &str,
) -> EssayView<'a> {
    let essay = &entry.essay;
    let url = config.site_path(&entry.path);
    let permalink = config.absolute_url(&url);
    let support = support_view(config, entry, &permalink, support_message);
    EssayView {
        title: &essay.title,
        url,
        permalink,
        date: (&essay.date).into(),
        updated: essay.updated.as_ref().map(DateView::from),
        authors: essay.authors.iter().map(String::as_str).collect(),
        tags: essay.tags.iter().map(String::as_str).collect(),
        summary: if essay.summary.is_some() {
            &entry.body.summary_html
        } else {
            ""
        },
        reading_minutes: entry.body.reading_minutes(),
        words: entry.body.words,
        content: &entry.body.html,
        sources: &entry.body.sources_html,
        notes: &entry.body.notes_html,
        support,
    }
}

fn support_view(
    config: &Config,
    entry: &EssayPage,
    permalink: &str,
    site_message: &str,
) -> Option<SupportView> {
    let site = config.support.as_ref();
    let (overrides, show) = match &entry.essay.support {
        SupportSetting::Show(show) => (None, *show),
        SupportSetting::Override(o) => (Some(o), true),
    };
    if !show || (site.is_none() && overrides.is_none()) {
        return None;
    }
    let pick = |f: fn(&crate::config::Support) -> &Option<String>| {
        overrides
            .and_then(|o| f(o).clone())
            .or_else(|| site.and_then(|s| f(s).clone()))
    };
    let message = match overrides.and_then(|o| o.message.as_deref()) {
        Some(own) => crate::markdown::render_fragment(own),
        None => site_message.to_string(),
    };
    let subscribe = pick(|s| &s.subscribe_url).map(|url| LinkView {
        label: pick(|s| &s.subscribe_label).unwrap_or_else(|| "Subscribe".to_string()),
        url,
    });
    let links = match overrides.filter(|o| !o.links.is_empty()) {
        Some(o) => &o.links,
        None => site.map_or(&[][..], |s| &s.links),
    };
    let links = links
        .iter()
        .map(|l| LinkView {
            label: l.label.clone(),
            url: l.url.clone(),
        })
        .collect();
    let comments_url = pick(|s| &s.comments_url).map(|url| {
        url.replace("{slug}", &entry.essay.slug)
            .replace("{url}", &percent_encode(permalink))
    });
    if message.is_empty()
        && subscribe.is_none()
        && comments_url.is_none()
        && Vec::<LinkView>::is_empty(&links)
    {
        return None;
    }
    Some(SupportView {
        message,
        subscribe,
        links,
        comments_url,
    })
}

/// Percent-encodes everything but unreserved characters, for URLs placed in
/// a query string.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The view of an essay in a list.
pub fn summary_view<'a>(config: &Config, entry: &'a EssayPage) -> EssaySummaryView<'a> {
    let essay = &entry.essay;
    EssaySummaryView {
        title: &essay.title,
        url: config.site_path(&entry.path),
        date: (&essay.date).into(),
        authors: essay.authors.iter().map(String::as_str).collect(),
        tags: essay.tags.iter().map(String::as_str).collect(),
        summary: &entry.body.summary_html,
        reading_minutes: entry.body.reading_minutes(),
    }
}

/// The pager view of a list page.
pub fn pager_view(config: &Config, pager: &Pager) -> PagerView {
    PagerView {
        number: pager.number,
        total: pager.total,
        prev: pager.prev.as_deref().map(|p| config.site_path(p)),
        next: pager.next.as_deref().map(|p| config.site_path(p)),
    }
}

/// `page` for a standalone page.
pub fn standalone_meta(config: &Config, entry: &StandalonePage) -> PageMeta {
    let url = config.site_path(&entry.path);
    PageMeta {
        kind: "page",
        title: format!("{} · {}", entry.page.title, config.title),
        description: if entry.body.summary_text.is_empty() {
            config.description.clone()
        } else {
            entry.body.summary_text.clone()
        },
        canonical: Some(config.absolute_url(&url)),
        nav_current: Some(url.clone()),
        url,
        prev: None,
        next: None,
    }
}

/// An entry of `publishers` on the sources index (`sources.html`).
#[derive(Debug, Serialize)]
pub struct PublisherSummaryView<'a> {
    /// Publisher name.
    pub name: &'a str,
    /// Root-relative URL of its page.
    pub url: String,
    /// Essays citing it.
    pub essays: usize,
    /// Distinct sources of it cited.
    pub sources: usize,
}

/// Context of `sources.html`.
#[derive(Debug, Serialize)]
pub struct SourcesContext<'a> {
    /// The site.
    pub site: &'a SiteView<'a>,
    /// This page.
    pub page: PageMeta,
    /// Every publisher cited, by name.
    pub publishers: Vec<PublisherSummaryView<'a>>,
    /// Total citations of sources across the site.
    pub total_sources: usize,
}

/// `publisher` on a publisher's page (`publisher.html`).
#[derive(Debug, Serialize)]
pub struct PublisherView<'a> {
    /// Publisher name.
    pub name: &'a str,
    /// Essays citing it, newest first.
    pub essays: Vec<PublisherEssayView<'a>>,
}

/// One essay citing a publisher, and what it cited.
#[derive(Debug, Serialize)]
pub struct PublisherEssayView<'a> {
    /// Essay headline.
    pub title: &'a str,
    /// Root-relative URL of the essay.
    pub url: String,
    /// Publication date.
    pub date: DateView,
    /// Author names.
    pub authors: Vec<&'a str>,
    /// The works cited, in citation order.
    pub cited: Vec<CitedWorkView<'a>>,
}

/// A cited work on a publisher's page.
#[derive(Debug, Serialize)]
pub struct CitedWorkView<'a> {
    /// Title of the work.
    pub title: &'a str,
    /// Link to the work.
    pub url: &'a str,
    /// Its number in the essay.
    pub number: usize,
    /// Link to its entry in the essay's Sources list.
    pub note_url: String,
}

/// Context of `publisher.html`.
#[derive(Debug, Serialize)]
pub struct PublisherContext<'a> {
    /// The site.
    pub site: &'a SiteView<'a>,
    /// This page.
    pub page: PageMeta,
    /// The publisher.
    pub publisher: PublisherView<'a>,
}

/// The view of a publisher's summary on the index.
pub fn publisher_summary<'a>(
    config: &Config,
    publisher: &'a Publisher,
) -> PublisherSummaryView<'a> {
    PublisherSummaryView {
        name: &publisher.name,
        url: config.site_path(&publisher.path),
        essays: publisher.citations.len(),
        sources: publisher.source_count(),
    }
}

/// The view of a publisher's page.
pub fn publisher_view<'a>(site: &'a Site, publisher: &'a Publisher) -> PublisherView<'a> {
    let config = &site.config;
    PublisherView {
        name: &publisher.name,
        essays: publisher
            .citations
            .iter()
            .map(|citation| {
                let entry = &site.essays[citation.essay];
                let url = config.site_path(&entry.path);
                PublisherEssayView {
                    title: &entry.essay.title,
                    date: (&entry.essay.date).into(),
                    authors: entry.essay.authors.iter().map(String::as_str).collect(),
                    cited: citation
                        .sources
                        .iter()
                        .map(|&index| {
                            let source = &entry.essay.sources[index];
                            let number = entry
                                .body
                                .cited
                                .iter()
                                .find(|c| c.source == index)
                                .map_or(0, |c| c.number);
                            CitedWorkView {
                                title: &source.title,
                                url: &source.url,
                                number,
                                note_url: format!("{url}#source-{number}"),
                            }
                        })
                        .collect(),
                    url,
                }
            })
            .collect(),
    }
}
