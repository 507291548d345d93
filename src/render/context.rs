//! Typed views that templates see, borrowing from the [`Site`].
//!
//! This file is the theme author's reference. Every template gets `site`
//! ([`SiteView`]) and `page` ([`PageMeta`]). Then, by template:
//! - `essay.html`: `essay` ([`EssayView`]);
//! - `index.html` (home), `tag.html`, `author.html`: `essays`
//!   ([`EssaySummaryView`] list) and `pager` ([`PagerView`]), plus `tag`
//!   ([`TagView`]) or `author` ([`AuthorView`]);
//! - `tags.html`: `tags`; `authors.html`: `authors`; `archive.html`: `years`;
//! - `sources.html`: `publishers`; `publisher.html`: `publisher`;
//! - `page.html` and `404.html`: `title` and `content`.
//! - `subscribe.html`: `title` and `content` (empty); the form is `site.subscribe`.
//!
//! Dates come pre-formatted ([`DateView`]); HTML fields (`content`,
//! `sources`, `notes`, `summary`, `message`, `bio`, `json_ld`) are already
//! safe and are printed with `| safe`. URLs are root-relative (they include
//! the base path) unless named `permalink`/`canonical`/`feed`.
//!
//! May use: `site`, `config`.

use serde::Serialize;

use crate::config::Config;
use crate::content::{Date, Named, SupportSetting};
use crate::site::{ArchiveYear, Author, EssayPage, Pager, Publisher, Site, StandalonePage, Tag};

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
    /// Feeds (absolute URLs).
    pub feeds: FeedLinks,
    /// Navigation links: Essays, Archive, Tags, Sources, Search (when on),
    /// then standalone pages in menu order, then Subscribe (when set).
    pub nav: Vec<NavLink<'a>>,
    /// Links to the tag, author and archive indexes.
    pub indexes: IndexLinks,
    /// The subscribe form, when site.toml has `[subscribe]`.
    pub subscribe: Option<SubscribeView<'a>>,
}

/// `site.subscribe`: the newsletter signup form (`partials/subscribe-form.html`).
#[derive(Debug, Serialize)]
pub struct SubscribeView<'a> {
    /// `buttondown`, `substack`, `ghost` or `custom`.
    pub provider: &'static str,
    /// The form's `action` (the provider's endpoint, absolute).
    pub action: &'a str,
    /// The form's `method`: `post`, or `get` for Ghost.
    pub method: &'static str,
    /// The email input's `name`; none for Ghost, whose signup screen asks
    /// for the address itself.
    pub email_field: Option<&'a str>,
    /// Heading.
    pub title: &'a str,
    /// One line under the heading.
    pub description: Option<&'a str>,
    /// Label of the email input.
    pub label: &'a str,
    /// Button text.
    pub button: &'a str,
    /// Root-relative URL of the `/subscribe/` page.
    pub url: String,
    /// Who receives the address: the host of `action` (`buttondown.com`).
    pub host: &'a str,
}

/// The site's feeds.
#[derive(Debug, Serialize)]
pub struct FeedLinks {
    /// `/atom.xml`.
    pub atom: String,
    /// `/rss.xml`.
    pub rss: String,
    /// `/feed.json`.
    pub json: String,
}

/// The index pages.
#[derive(Debug, Serialize)]
pub struct IndexLinks {
    /// `/tags/`.
    pub tags: String,
    /// `/authors/`.
    pub authors: String,
    /// `/archive/`.
    pub archive: String,
    /// `/sources/`, when anything is cited.
    pub sources: Option<String>,
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
#[derive(Debug, Default, Serialize)]
pub struct PageMeta {
    /// `essay`, `list`, `tag`, `author`, `tags`, `authors`, `archive`,
    /// `sources`, `publisher`, `page`, `search`, `subscribe` or `404`.
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
    /// A feed of this page's own (a tag's Atom feed), absolute.
    pub feed: Option<String>,
    /// OpenGraph, Twitter and JSON-LD metadata.
    pub meta: super::meta::Meta,
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

/// A name linked to its page (a tag, an author).
#[derive(Debug, Serialize)]
pub struct NameLink<'a> {
    /// The name.
    pub name: &'a str,
    /// Root-relative URL of its page.
    pub url: String,
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
    /// Authors, linked to their pages.
    pub authors: Vec<NameLink<'a>>,
    /// Profiles of the authors that have one in site.toml.
    pub profiles: Vec<AuthorView<'a>>,
    /// Tags, linked to their pages.
    pub tags: Vec<NameLink<'a>>,
    /// The front matter's `summary` (HTML); empty when the essay has none
    /// (its first paragraph stands in on list pages, but is already here).
    pub summary: &'a str,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Words.
    pub words: usize,
    /// `1,126 words`.
    pub word_count: String,
    /// Body (HTML).
    pub content: &'a str,
    /// The Sources section (HTML; empty when nothing is cited).
    pub sources: &'a str,
    /// The Notes section (HTML; empty without footnotes).
    pub notes: &'a str,
    /// The reader-support block, unless hidden.
    pub support: Option<SupportView<'a>>,
    /// Up to three related essays.
    pub related: Vec<EssaySummaryView<'a>>,
}

/// `essay.support`: the block under an essay.
#[derive(Debug, Serialize)]
pub struct SupportView<'a> {
    /// The message (HTML).
    pub message: &'a str,
    /// The primary button, when a subscribe URL is set.
    pub subscribe: Option<LinkView<'a>>,
    /// Tip-jar buttons.
    pub links: Vec<LinkView<'a>>,
    /// Comment link with `{slug}` and `{url}` filled in.
    pub comments_url: Option<String>,
}

/// A labelled link.
#[derive(Debug, Serialize)]
pub struct LinkView<'a> {
    /// Text.
    pub label: &'a str,
    /// Target.
    pub url: &'a str,
}

/// An essay in a list (home, tag, author pages; related essays).
#[derive(Debug, Serialize)]
pub struct EssaySummaryView<'a> {
    /// Headline.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Publication date.
    pub date: DateView,
    /// Authors, linked.
    pub authors: Vec<NameLink<'a>>,
    /// Tags, linked.
    pub tags: Vec<NameLink<'a>>,
    /// Summary (HTML, no citation markers).
    pub summary: &'a str,
    /// Minutes to read.
    pub reading_minutes: usize,
    /// Words.
    pub words: usize,
    /// `1,126 words`.
    pub word_count: String,
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
    /// Every page, for numbered navigation.
    pub pages: Vec<PageLink>,
}

/// One numbered page link.
#[derive(Debug, Serialize)]
pub struct PageLink {
    /// Its number.
    pub number: usize,
    /// Root-relative URL.
    pub url: String,
    /// Whether it is the page shown.
    pub current: bool,
}

/// `tag`: a tag page's subject; also an entry of `tags` on `tags.html`.
#[derive(Debug, Serialize)]
pub struct TagView<'a> {
    /// Name.
    pub name: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Number of essays.
    pub count: usize,
    /// Its Atom feed (absolute).
    pub feed: String,
}

/// `author`: an author page's subject; also an entry of `authors`.
#[derive(Debug, Serialize)]
pub struct AuthorView<'a> {
    /// Name.
    pub name: &'a str,
    /// Root-relative URL of their page.
    pub url: String,
    /// Number of essays.
    pub count: usize,
    /// Biography (HTML), from `[[authors]]`.
    pub bio: Option<&'a str>,
    /// Their own site.
    pub website: Option<&'a str>,
    /// Other profiles.
    pub links: Vec<LinkView<'a>>,
}

/// An entry of the archive.
#[derive(Debug, Serialize)]
pub struct ArchiveEntryView<'a> {
    /// Headline.
    pub title: &'a str,
    /// Root-relative URL.
    pub url: String,
    /// Date.
    pub date: DateView,
    /// Day of the month.
    pub day: u8,
}

/// A month of the archive.
#[derive(Debug, Serialize)]
pub struct ArchiveMonthView<'a> {
    /// `October`.
    pub name: &'static str,
    /// `2025-10`, for ids.
    pub id: String,
    /// Its essays, newest first.
    pub essays: Vec<ArchiveEntryView<'a>>,
}

/// A year of the archive.
#[derive(Debug, Serialize)]
pub struct ArchiveYearView<'a> {
    /// The year.
    pub year: u16,
    /// Essays that year.
    pub count: usize,
    /// Its months, newest first.
    pub months: Vec<ArchiveMonthView<'a>>,
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

/// `publisher` on a publisher's page (`publisher.html`).
#[derive(Debug, Serialize)]
pub struct PublisherView<'a> {
    /// Publisher name.
    pub name: &'a str,
    /// Essays citing it, in all.
    pub count: usize,
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
    /// Authors, linked.
    pub authors: Vec<NameLink<'a>>,
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

/// The context of any page: `site`, `page`, and what the page is about.
#[derive(Debug, Serialize)]
pub struct PageContext<'a, T: Serialize> {
    /// The site.
    pub site: &'a SiteView<'a>,
    /// This page.
    pub page: PageMeta,
    /// The page's own fields, flattened into the context.
    #[serde(flatten)]
    pub body: T,
}

/// Fields of `essay.html`.
#[derive(Debug, Serialize)]
pub struct EssayBody<'a> {
    /// The essay.
    pub essay: EssayView<'a>,
}

/// Fields of the list templates (`index.html`, `tag.html`, `author.html`).
#[derive(Debug, Serialize)]
pub struct ListBody<'a> {
    /// The essays on this page.
    pub essays: Vec<EssaySummaryView<'a>>,
    /// Position in the list.
    pub pager: PagerView,
    /// The tag, on tag pages.
    pub tag: Option<TagView<'a>>,
    /// The author, on author pages.
    pub author: Option<AuthorView<'a>>,
}

/// Fields of `tags.html`.
#[derive(Debug, Serialize)]
pub struct TagsBody<'a> {
    /// Every tag, by name.
    pub tags: Vec<TagView<'a>>,
}

/// Fields of `authors.html`.
#[derive(Debug, Serialize)]
pub struct AuthorsBody<'a> {
    /// Every author, by name.
    pub authors: Vec<AuthorView<'a>>,
}

/// Fields of `archive.html`.
#[derive(Debug, Serialize)]
pub struct ArchiveBody<'a> {
    /// Years, newest first.
    pub years: Vec<ArchiveYearView<'a>>,
    /// Essays in all.
    pub total: usize,
}

/// Fields of `sources.html`.
#[derive(Debug, Serialize)]
pub struct SourcesBody<'a> {
    /// Every publisher cited, by name.
    pub publishers: Vec<PublisherSummaryView<'a>>,
    /// Works cited across the site.
    pub total_sources: usize,
}

/// Fields of `publisher.html`.
#[derive(Debug, Serialize)]
pub struct PublisherBody<'a> {
    /// The publisher.
    pub publisher: PublisherView<'a>,
    /// Position in its list of essays.
    pub pager: PagerView,
}

/// Fields of `page.html` and `404.html`.
#[derive(Debug, Serialize)]
pub struct PageBody<'a> {
    /// Page title (heading).
    pub title: &'a str,
    /// Body (HTML; empty on the 404 page).
    pub content: &'a str,
}

impl<'a> SiteView<'a> {
    /// The site-wide view.
    pub fn new(site: &'a Site, stylesheet: &'a str) -> Self {
        let config = &site.config;
        let sources =
            (!site.publishers.is_empty()).then(|| config.site_path(crate::site::SOURCES_PATH));
        let mut nav = vec![
            NavLink {
                title: "Essays",
                url: config.site_path(""),
            },
            NavLink {
                title: "Archive",
                url: config.site_path(crate::site::ARCHIVE_PATH),
            },
            NavLink {
                title: "Tags",
                url: config.site_path(crate::site::TAGS_PATH),
            },
        ];
        if let Some(url) = &sources {
            nav.push(NavLink {
                title: "Sources",
                url: url.clone(),
            });
        }
        if config.search {
            nav.push(NavLink {
                title: "Search",
                url: config.site_path(crate::site::SEARCH_PATH),
            });
        }
        nav.extend(site.pages.iter().filter(|p| p.page.menu).map(|p| NavLink {
            title: &p.page.title,
            url: config.site_path(&p.path),
        }));
        let subscribe = config.subscribe.as_ref().map(|s| SubscribeView {
            provider: s.provider.name(),
            action: &s.action,
            method: s.method,
            email_field: s.email_field.as_deref(),
            title: &s.title,
            description: s.description.as_deref(),
            label: &s.label,
            button: &s.button,
            url: config.site_path(crate::site::SUBSCRIBE_PATH),
            host: s.action.split_once("://").map_or("", |(_, rest)| {
                rest.split(['/', '?', '#']).next().unwrap_or("")
            }),
        });
        if let Some(form) = &subscribe {
            nav.push(NavLink {
                title: "Subscribe",
                url: form.url.clone(),
            });
        }
        let feed = |name: &str| config.absolute_url(&config.site_path(name));
        Self {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            root: &config.base_path,
            stylesheet,
            favicon: config.site_path("favicon.svg"),
            feeds: FeedLinks {
                atom: feed("atom.xml"),
                rss: feed("rss.xml"),
                json: feed("feed.json"),
            },
            nav,
            indexes: IndexLinks {
                tags: config.site_path(crate::site::TAGS_PATH),
                authors: config.site_path(crate::site::AUTHORS_PATH),
                archive: config.site_path(crate::site::ARCHIVE_PATH),
                sources,
            },
            subscribe,
        }
    }
}

/// Links to the pages of `names` (tags or authors).
fn name_links<'a>(config: &Config, names: &'a [Named], base: &str) -> Vec<NameLink<'a>> {
    names
        .iter()
        .map(|n| NameLink {
            name: &n.name,
            url: config.site_path(&format!(
                "{base}{}/",
                crate::content::slug::slugify(&n.name)
            )),
        })
        .collect()
}

/// The view of an essay for its own page.
pub fn essay_view<'a>(site: &'a Site, entry: &'a EssayPage) -> EssayView<'a> {
    let config = &site.config;
    let essay = &entry.essay;
    let url = config.site_path(&entry.path);
    let permalink = config.absolute_url(&url);
    let support = support_view(site, entry, &permalink);
    EssayView {
        title: &essay.title,
        url,
        permalink,
        date: (&essay.date).into(),
        updated: essay.updated.as_ref().map(DateView::from),
        authors: name_links(config, &essay.authors, crate::site::AUTHORS_PATH),
        profiles: essay
            .authors
            .iter()
            .filter_map(|named| site.authors.iter().find(|a| a.name == named.name))
            .filter(|author| author.profile.is_some())
            .map(|author| author_view(site, author))
            .collect(),
        tags: name_links(config, &essay.tags, crate::site::TAGS_PATH),
        summary: if essay.summary.is_some() {
            &entry.body.summary_html
        } else {
            ""
        },
        reading_minutes: entry.body.reading_minutes(),
        words: entry.body.words,
        word_count: word_count(entry.body.words),
        content: &entry.body.html,
        sources: &entry.body.sources_html,
        notes: &entry.body.notes_html,
        support,
        related: entry
            .related
            .iter()
            .map(|&i| summary_view(config, &site.essays[i]))
            .collect(),
    }
}

pub fn support_view<'a>(
    site: &'a Site,
    entry: &'a EssayPage,
    permalink: &str,
) -> Option<SupportView<'a>> {
    let config = &site.config;
    let defaults = config.support.as_ref();
    let (overrides, show) = match &entry.essay.support {
        SupportSetting::Show(show) => (None, *show),
        SupportSetting::Override(o) => (Some(o), true),
    };
    if !show || (defaults.is_none() && overrides.is_none()) {
        return None;
    }
    let pick = |f: fn(&'a crate::config::Support) -> &'a Option<String>| {
        overrides
            .and_then(|o| f(o).as_deref())
            .or_else(|| defaults.and_then(|s| f(s).as_deref()))
    };
    let message = entry
        .body
        .support_message_html
        .as_deref()
        .unwrap_or(&site.fragments.support_message);
    let subscribe = pick(|s| &s.subscribe_url).map(|url| LinkView {
        label: pick(|s| &s.subscribe_label).unwrap_or("Subscribe"),
        url,
    });
    // An essay's own `links` (even `[]`) replace the site's.
    let links = overrides
        .and_then(|o| o.links.as_deref())
        .or_else(|| defaults.and_then(|s| s.links.as_deref()))
        .unwrap_or(&[]);
    let links: Vec<LinkView> = links
        .iter()
        .map(|l| LinkView {
            label: &l.label,
            url: &l.url,
        })
        .collect();
    let comments_url = pick(|s| &s.comments_url).map(|url| {
        url.replace("{slug}", &entry.essay.slug)
            .replace("{url}", &percent_encode(permalink))
    });
    if message.is_empty() && subscribe.is_none() && comments_url.is_none() && links.is_empty() {
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
        authors: name_links(config, &essay.authors, crate::site::AUTHORS_PATH),
        tags: name_links(config, &essay.tags, crate::site::TAGS_PATH),
        summary: &entry.body.summary_html,
        reading_minutes: entry.body.reading_minutes(),
        words: entry.body.words,
        word_count: word_count(entry.body.words),
    }
}

/// `1 word`, `1,126 words`.
fn word_count(words: usize) -> String {
    let digits = words.to_string();
    let mut grouped = String::with_capacity(digits.len() + 4);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if words == 1 {
        format!("{grouped} word")
    } else {
        format!("{grouped} words")
    }
}

/// The pager view of a list page.
pub fn pager_view(config: &Config, pager: &Pager, all: &[Pager]) -> PagerView {
    PagerView {
        number: pager.number,
        total: pager.total,
        prev: pager.prev.as_deref().map(|p| config.site_path(p)),
        next: pager.next.as_deref().map(|p| config.site_path(p)),
        pages: all
            .iter()
            .map(|p| PageLink {
                number: p.number,
                url: config.site_path(&p.path),
                current: p.number == pager.number,
            })
            .collect(),
    }
}

/// The view of a tag.
pub fn tag_view<'a>(config: &Config, tag: &'a Tag) -> TagView<'a> {
    TagView {
        name: &tag.name,
        url: config.site_path(&tag.path),
        count: tag.essays.len(),
        feed: config.absolute_url(&config.site_path(&crate::site::tag_feed_path(tag))),
    }
}

/// The view of an author.
pub fn author_view<'a>(site: &'a Site, author: &'a Author) -> AuthorView<'a> {
    let profile = author.profile.as_ref();
    AuthorView {
        name: &author.name,
        url: site.config.site_path(&author.path),
        count: author.essays.len(),
        bio: site.fragments.bio(&author.name),
        website: profile.and_then(|p| p.url.as_deref()),
        links: profile.map_or_else(Vec::new, |p| {
            p.links
                .iter()
                .map(|l| LinkView {
                    label: &l.label,
                    url: &l.url,
                })
                .collect()
        }),
    }
}

/// The archive's years.
pub fn archive_view<'a>(site: &'a Site, years: &'a [ArchiveYear]) -> Vec<ArchiveYearView<'a>> {
    years
        .iter()
        .map(|year| ArchiveYearView {
            year: year.year,
            count: year.months.iter().map(|m| m.essays.len()).sum(),
            months: year
                .months
                .iter()
                .map(|month| ArchiveMonthView {
                    name: site.essays[month.essays[0]].essay.date.month_name(),
                    id: format!("{}-{:02}", year.year, month.month),
                    essays: month
                        .essays
                        .iter()
                        .map(|&i| {
                            let entry = &site.essays[i];
                            ArchiveEntryView {
                                title: &entry.essay.title,
                                url: site.config.site_path(&entry.path),
                                date: (&entry.essay.date).into(),
                                day: entry.essay.date.day(),
                            }
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect()
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
        ..PageMeta::default()
    }
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
pub fn publisher_view<'a>(
    site: &'a Site,
    publisher: &'a Publisher,
    pager: &Pager,
) -> PublisherView<'a> {
    let config = &site.config;
    PublisherView {
        name: &publisher.name,
        count: publisher.citations.len(),
        essays: publisher.citations[pager.items.clone()]
            .iter()
            .map(|citation| {
                let entry = &site.essays[citation.essay];
                let url = config.site_path(&entry.path);
                PublisherEssayView {
                    title: &entry.essay.title,
                    date: (&entry.essay.date).into(),
                    authors: name_links(config, &entry.essay.authors, crate::site::AUTHORS_PATH),
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
