//! `/sitemap.xml` (every page, with `lastmod` for essays) and `/robots.txt`.
//!
//! May use: `site`, `render` (its `OutputFile`), `config`.

use std::fmt::Write as _;

use super::feeds::escape_xml;
use crate::render::OutputFile;
use crate::site::Site;

/// The sitemap: home pages, essays and standalone pages, absolute URLs.
pub fn sitemap(site: &Site) -> OutputFile {
    let config = &site.config;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |path: &str, lastmod: Option<String>| {
        xml.push_str("  <url>\n    <loc>");
        escape_xml(&mut xml, &config.absolute_url(&config.site_path(path)));
        xml.push_str("</loc>\n");
        if let Some(lastmod) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{lastmod}</lastmod>");
        }
        xml.push_str("  </url>\n");
    };
    let newest = site.last_updated().map(|d| d.rfc3339());
    for pager in &site.home {
        url(
            &pager.path,
            if pager.number == 1 {
                newest.clone()
            } else {
                None
            },
        );
    }
    for entry in &site.essays {
        let essay = &entry.essay;
        let lastmod = essay.updated.unwrap_or(essay.date).max(essay.date);
        url(&entry.path, Some(lastmod.rfc3339()));
    }
    for entry in &site.pages {
        url(&entry.path, entry.page.updated.map(|d| d.rfc3339()));
    }
    let newest_of = |essays: &[usize]| {
        essays
            .iter()
            .map(|&i| {
                let e = &site.essays[i].essay;
                e.updated.unwrap_or(e.date).max(e.date)
            })
            .max()
            .map(|d| d.rfc3339())
    };
    url(crate::site::ARCHIVE_PATH, newest.clone());
    url(crate::site::TAGS_PATH, newest.clone());
    for tag in &site.tags {
        for pager in &tag.pages {
            url(
                &pager.path,
                if pager.number == 1 {
                    newest_of(&tag.essays)
                } else {
                    None
                },
            );
        }
    }
    url(crate::site::AUTHORS_PATH, newest.clone());
    for author in &site.authors {
        for pager in &author.pages {
            url(
                &pager.path,
                if pager.number == 1 {
                    newest_of(&author.essays)
                } else {
                    None
                },
            );
        }
    }
    if !site.publishers.is_empty() {
        url(crate::site::SOURCES_PATH, None);
    }
    for publisher in &site.publishers {
        for pager in &publisher.pages {
            url(&pager.path, None);
        }
    }
    if site.config.search {
        url(crate::site::SEARCH_PATH, None);
    }
    if site.config.subscribe.is_some() {
        url(crate::site::SUBSCRIBE_PATH, None);
    }
    xml.push_str("</urlset>\n");
    OutputFile {
        path: "sitemap.xml".into(),
        bytes: xml.into_bytes(),
    }
}

/// robots.txt: everything allowed, and where the sitemap is.
pub fn robots(site: &Site) -> OutputFile {
    let config = &site.config;
    let sitemap = config.absolute_url(&config.site_path("sitemap.xml"));
    OutputFile {
        path: "robots.txt".into(),
        bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n").into_bytes(),
    }
}
