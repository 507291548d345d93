//! Feeds: `/atom.xml`, `/rss.xml` (with `content:encoded`), `/feed.json`
//! (JSON Feed 1.1) with the site's newest essays, and `/tags/{tag}/atom.xml`
//! for each tag.
//!
//! Each entry carries the whole essay (body, Notes and Sources), with every
//! link made absolute so feed readers and RSS-to-email services resolve
//! them. RSS's `content:encoded` carries the email edition instead
//! ([`super::email`]: inline styles, support buttons), which is what
//! Buttondown's or Mailchimp's RSS-to-email sends; Atom and JSON Feed keep
//! the plain HTML that feed readers style themselves. `feed_limit` caps the entries (0 = all). No build timestamp:
//! `updated` is the newest entry's date, so builds stay byte-identical.
//!
//! May use: `site`, `render` (its `OutputFile`), `config`.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde_json::json;

use crate::config::Config;
use crate::content::Date;
use crate::render::{OutputFile, Theme};
use crate::site::links::{self, LinkKind};
use crate::site::{EssayPage, Site};

/// Appends `text` escaped for XML text and attribute values.
pub fn escape_xml(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
}

/// One feed: what it is about and which essays it carries.
struct Feed<'a> {
    /// Feed title.
    title: String,
    /// One line about it.
    description: &'a str,
    /// Site path of the page it mirrors (`/`, `/tags/x/`).
    page: String,
    /// Site path of the feed file without extension (`/atom`, `/tags/x/atom`).
    stem: String,
    /// Indexes into `Site::essays`, newest first, already limited.
    essays: Vec<usize>,
}

impl Feed<'_> {
    fn updated(&self, site: &Site) -> String {
        self.essays
            .iter()
            .map(|&i| last_change(&site.essays[i]))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339())
    }
}

fn last_change(entry: &EssayPage) -> Date {
    entry
        .essay
        .updated
        .unwrap_or(entry.essay.date)
        .max(entry.essay.date)
}

fn limited(site: &Site, essays: impl Iterator<Item = usize>) -> Vec<usize> {
    match site.config.feed_limit {
        0 => essays.collect(),
        limit => essays.take(limit).collect(),
    }
}

/// Every feed file of the site.
pub fn feeds(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    render_feeds(site, theme, None)
}

/// The feed files that carry the essay at `index` (for `serve`, after the
/// essay's text changed).
pub fn feeds_containing(site: &Site, theme: &Theme, index: usize) -> Vec<OutputFile> {
    render_feeds(site, theme, Some(index))
}

fn render_feeds(site: &Site, theme: &Theme, containing: Option<usize>) -> Vec<OutputFile> {
    let config = &site.config;
    let carries = |feed: &Feed| containing.is_none_or(|i| feed.essays.contains(&i));
    let main = Feed {
        title: config.title.clone(),
        description: &config.description,
        page: "/".to_string(),
        stem: "/atom".to_string(),
        essays: limited(site, 0..site.essays.len()),
    };
    let tags: Vec<Feed> = site
        .tags
        .iter()
        .map(|tag| Feed {
            title: format!("{} · {}", tag.name, config.title),
            description: &config.description,
            page: tag.path.clone(),
            stem: format!("{}atom", tag.path),
            essays: limited(site, tag.essays.iter().copied()),
        })
        .filter(|feed| carries(feed))
        .collect();
    let main_wanted = carries(&main);

    // Each essay's full content once, however many feeds carry it.
    let mut wanted: Vec<usize> = tags.iter().flat_map(|t| &t.essays).copied().collect();
    if main_wanted {
        wanted.extend(&main.essays);
    }
    wanted.sort_unstable();
    wanted.dedup();
    let contents: BTreeMap<usize, String> = wanted
        .into_par_iter()
        .map(|i| (i, full_content(config, &site.essays[i])))
        .collect();

    let mut files = Vec::new();
    if main_wanted {
        // RSS-to-email services send `content:encoded`: the email edition.
        // (A template error is reported with the email files; the entry
        // then carries the plain HTML.)
        let css = super::email::stylesheet(theme, &mut crate::diagnostics::Diagnostics::new());
        let emails: BTreeMap<usize, String> = main
            .essays
            .par_iter()
            .map(|&i| {
                let html = super::email::email_html(site, theme, &css, i)
                    .map(|html| super::email::body_of(&html))
                    .unwrap_or_else(|_| contents[&i].clone());
                (i, html)
            })
            .collect();
        files.push(atom(site, &main, &contents));
        files.push(rss(site, &main, &emails));
        files.push(json_feed(site, &main, &contents));
    }
    files.par_extend(tags.par_iter().map(|feed| atom(site, feed, &contents)));
    files
}

/// The full HTML of an essay for feeds: body, Notes, Sources, absolute links.
pub fn full_content(config: &Config, entry: &EssayPage) -> String {
    let permalink = config.absolute_url(&config.site_path(&entry.path));
    let mut html =
        String::with_capacity(entry.body.html.len() + entry.body.sources_html.len() + 64);
    html.push_str(&entry.body.html);
    html.push_str(&entry.body.notes_html);
    html.push_str(&entry.body.sources_html);
    absolutize(&html, config, &permalink)
}

/// Rewrites relative `href` and `src` values to absolute URLs: `/x` against
/// the site's origin, `#x` and `x.svg` against the page's permalink.
pub fn absolutize(html: &str, config: &Config, page_url: &str) -> String {
    let origin = config.origin();
    links::rewrite_urls(html, |value| match links::kind(value) {
        LinkKind::Absolute => None,
        LinkKind::RootRelative => Some(format!("{origin}{value}")),
        LinkKind::Fragment | LinkKind::Relative => Some(format!("{page_url}{value}")),
    })
}

fn attr(text: &str) -> String {
    let mut out = String::new();
    escape_xml(&mut out, text);
    out
}

fn atom(site: &Site, feed: &Feed, contents: &BTreeMap<usize, String>) -> OutputFile {
    let config = &site.config;
    let path = format!("{}.xml", feed.stem);
    let feed_url = config.absolute_url(&config.site_path(&path));
    let page_url = config.absolute_url(&config.site_path(&feed.page));
    let mut xml = String::with_capacity(64 * 1024);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = write!(xml, " xml:lang=\"{}\">\n  <title>", attr(&config.language));
    escape_xml(&mut xml, &feed.title);
    xml.push_str("</title>\n");
    if !feed.description.is_empty() {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", attr(feed.description));
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        attr(&feed_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        attr(&page_url)
    );
    let _ = writeln!(xml, "  <id>{}</id>", attr(&page_url));
    let _ = writeln!(xml, "  <updated>{}</updated>", feed.updated(site));
    let _ = writeln!(
        xml,
        "  <author><name>{}</name></author>",
        attr(&config.author)
    );
    xml.push_str("  <generator>Cable</generator>\n");
    for &index in &feed.essays {
        let entry = &site.essays[index];
        let essay = &entry.essay;
        let permalink = config.absolute_url(&config.site_path(&entry.path));
        let _ = writeln!(xml, "  <entry>\n    <title>{}</title>", attr(&essay.title));
        let _ = writeln!(
            xml,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            attr(&permalink)
        );
        let _ = writeln!(xml, "    <id>{}</id>", attr(&permalink));
        let _ = writeln!(xml, "    <published>{}</published>", essay.date.rfc3339());
        let _ = writeln!(
            xml,
            "    <updated>{}</updated>",
            last_change(entry).rfc3339()
        );
        for author in &essay.authors {
            let _ = writeln!(
                xml,
                "    <author><name>{}</name></author>",
                attr(author.as_str())
            );
        }
        for tag in &essay.tags {
            let _ = writeln!(xml, "    <category term=\"{}\"/>", attr(tag.as_str()));
        }
        if !entry.body.summary_text.is_empty() {
            let _ = writeln!(
                xml,
                "    <summary>{}</summary>",
                attr(&entry.body.summary_text)
            );
        }
        xml.push_str("    <content type=\"html\">");
        escape_xml(&mut xml, &contents[&index]);
        xml.push_str("</content>\n  </entry>\n");
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: path.trim_start_matches('/').to_string(),
        bytes: xml.into_bytes(),
    }
}

fn rss(site: &Site, feed: &Feed, contents: &BTreeMap<usize, String>) -> OutputFile {
    let config = &site.config;
    let feed_url = config.absolute_url(&config.site_path("rss.xml"));
    let page_url = config.absolute_url(&config.site_path(&feed.page));
    let updated = feed
        .essays
        .iter()
        .map(|&i| last_change(&site.essays[i]))
        .max()
        .map_or_else(
            || "Thu, 01 Jan 1970 00:00:00 +0000".to_string(),
            |d| d.rfc2822(),
        );
    let mut xml = String::with_capacity(64 * 1024);
    xml.push_str(concat!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
        "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\" ",
        "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n",
        "<channel>\n"
    ));
    let _ = writeln!(xml, "  <title>{}</title>", attr(&feed.title));
    let _ = writeln!(xml, "  <link>{}</link>", attr(&page_url));
    let description = if feed.description.is_empty() {
        &feed.title
    } else {
        feed.description
    };
    let _ = writeln!(xml, "  <description>{}</description>", attr(description));
    let _ = writeln!(xml, "  <language>{}</language>", attr(&config.language));
    let _ = writeln!(xml, "  <lastBuildDate>{updated}</lastBuildDate>");
    let _ = writeln!(xml, "  <generator>Cable</generator>");
    let _ = writeln!(
        xml,
        "  <atom:link href=\"{}\" rel=\"self\" type=\"application/rss+xml\"/>",
        attr(&feed_url)
    );
    for &index in &feed.essays {
        let entry = &site.essays[index];
        let essay = &entry.essay;
        let permalink = config.absolute_url(&config.site_path(&entry.path));
        let _ = writeln!(xml, "  <item>\n    <title>{}</title>", attr(&essay.title));
        let _ = writeln!(xml, "    <link>{}</link>", attr(&permalink));
        let _ = writeln!(
            xml,
            "    <guid isPermaLink=\"true\">{}</guid>",
            attr(&permalink)
        );
        let _ = writeln!(xml, "    <pubDate>{}</pubDate>", essay.date.rfc2822());
        for author in &essay.authors {
            let _ = writeln!(
                xml,
                "    <dc:creator>{}</dc:creator>",
                attr(author.as_str())
            );
        }
        for tag in &essay.tags {
            let _ = writeln!(xml, "    <category>{}</category>", attr(tag.as_str()));
        }
        let _ = writeln!(
            xml,
            "    <description>{}</description>",
            attr(&entry.body.summary_text)
        );
        let html = &contents[&index];
        // CDATA keeps the HTML readable; a `]]>` inside is split across two sections.
        let _ = writeln!(
            xml,
            "    <content:encoded><![CDATA[{}]]></content:encoded>",
            html.replace("]]>", "]]]]><![CDATA[>")
        );
        xml.push_str("  </item>\n");
    }
    xml.push_str("</channel>\n</rss>\n");
    OutputFile {
        path: "rss.xml".into(),
        bytes: xml.into_bytes(),
    }
}

fn json_feed(site: &Site, feed: &Feed, contents: &BTreeMap<usize, String>) -> OutputFile {
    let config = &site.config;
    let items: Vec<serde_json::Value> = feed
        .essays
        .iter()
        .map(|&index| {
            let entry = &site.essays[index];
            let essay = &entry.essay;
            let permalink = config.absolute_url(&config.site_path(&entry.path));
            let mut item = json!({
                "id": permalink,
                "url": permalink,
                "title": essay.title,
                "content_html": contents[&index],
                "date_published": essay.date.rfc3339(),
                "date_modified": last_change(entry).rfc3339(),
                "authors": essay.authors.iter().map(|a| json!({
                    "name": a.name,
                    "url": config.absolute_url(&config.site_path(&format!(
                        "{}{}/",
                        crate::site::AUTHORS_PATH,
                        crate::content::slug::slugify(&a.name)
                    ))),
                })).collect::<Vec<_>>(),
                "tags": essay.tags.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(),
            });
            if !entry.body.summary_text.is_empty() {
                item["summary"] = json!(entry.body.summary_text);
            }
            item
        })
        .collect();
    let mut document = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": config.absolute_url(&config.site_path(&feed.page)),
        "feed_url": config.absolute_url(&config.site_path("feed.json")),
        "language": config.language,
        "authors": [{ "name": config.author }],
        "items": items,
    });
    if !feed.description.is_empty() {
        document["description"] = json!(feed.description);
    }
    let mut bytes = serde_json::to_vec_pretty(&document).expect("JSON values always serialize");
    bytes.push(b'\n');
    OutputFile {
        path: "feed.json".into(),
        bytes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Options, parse};
    use crate::diagnostics::SourceFile;

    #[test]
    fn absolutizes_links() {
        let file = SourceFile::new(
            "site.toml",
            "title = \"T\"\nbase_url = \"https://e.org/news/\"\n",
        );
        let config = parse(&file, &Options::default()).unwrap();
        let page = "https://e.org/news/essays/x/";
        let html = "<a href=\"#source-1\">1</a><img src=\"map.svg\"><a href=\"/news/about/\">a</a><a href=\"https://x.org/\">x</a><a href=\"mailto:a@b\">m</a>";
        assert_eq!(
            absolutize(html, &config, page),
            "<a href=\"https://e.org/news/essays/x/#source-1\">1</a><img src=\"https://e.org/news/essays/x/map.svg\"><a href=\"https://e.org/news/about/\">a</a><a href=\"https://x.org/\">x</a><a href=\"mailto:a@b\">m</a>"
        );
    }
}
