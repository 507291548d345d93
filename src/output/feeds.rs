//! Feeds: `/atom.xml` with the newest essays, full content and absolute links.
//!
//! Each entry carries the whole essay (body, Notes and Sources), with every
//! link made absolute so feed readers and RSS-to-email services resolve
//! them. No build timestamp: `updated` is the newest essay's date.
//!
//! May use: `site`, `render` (its `OutputFile`), `config`.

use std::fmt::Write as _;

use crate::config::Config;
use crate::render::OutputFile;
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

/// The essays a feed carries: the newest `feed_limit` (0 = all).
pub fn feed_essays(site: &Site) -> &[EssayPage] {
    let limit = site.config.feed_limit;
    if limit == 0 {
        &site.essays
    } else {
        &site.essays[..limit.min(site.essays.len())]
    }
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

/// `/atom.xml`.
pub fn atom(site: &Site) -> OutputFile {
    let config = &site.config;
    let feed_url = config.absolute_url(&config.site_path("atom.xml"));
    let updated = site
        .last_updated()
        .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
    let mut xml = String::with_capacity(64 * 1024);
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    let _ = write!(xml, " xml:lang=\"");
    escape_xml(&mut xml, &config.language);
    xml.push_str("\">\n  <title>");
    escape_xml(&mut xml, &config.title);
    xml.push_str("</title>\n");
    if !config.description.is_empty() {
        xml.push_str("  <subtitle>");
        escape_xml(&mut xml, &config.description);
        xml.push_str("</subtitle>\n");
    }
    let _ = writeln!(
        xml,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        attr(&feed_url)
    );
    let _ = writeln!(
        xml,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        attr(&config.base_url)
    );
    let _ = writeln!(xml, "  <id>{}</id>", attr(&config.base_url));
    let _ = writeln!(xml, "  <updated>{updated}</updated>");
    xml.push_str("  <author><name>");
    escape_xml(
        &mut xml,
        if config.author.is_empty() {
            &config.title
        } else {
            &config.author
        },
    );
    xml.push_str("</name></author>\n  <generator>Cable</generator>\n");
    for entry in feed_essays(site) {
        entry_xml(&mut xml, config, entry);
    }
    xml.push_str("</feed>\n");
    OutputFile {
        path: "atom.xml".into(),
        bytes: xml.into_bytes(),
    }
}

fn attr(text: &str) -> String {
    let mut out = String::new();
    escape_xml(&mut out, text);
    out
}

fn entry_xml(xml: &mut String, config: &Config, entry: &EssayPage) {
    let essay = &entry.essay;
    let permalink = config.absolute_url(&config.site_path(&entry.path));
    xml.push_str("  <entry>\n    <title>");
    escape_xml(xml, &essay.title);
    xml.push_str("</title>\n");
    let _ = writeln!(
        xml,
        "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        attr(&permalink)
    );
    let _ = writeln!(xml, "    <id>{}</id>", attr(&permalink));
    let _ = writeln!(xml, "    <published>{}</published>", essay.date.rfc3339());
    let updated = essay.updated.unwrap_or(essay.date).max(essay.date);
    let _ = writeln!(xml, "    <updated>{}</updated>", updated.rfc3339());
    for author in &essay.authors {
        xml.push_str("    <author><name>");
        escape_xml(xml, author);
        xml.push_str("</name></author>\n");
    }
    for tag in &essay.tags {
        let _ = writeln!(xml, "    <category term=\"{}\"/>", attr(tag));
    }
    if !entry.body.summary_text.is_empty() {
        xml.push_str("    <summary>");
        escape_xml(xml, &entry.body.summary_text);
        xml.push_str("</summary>\n");
    }
    xml.push_str("    <content type=\"html\">");
    escape_xml(xml, &full_content(config, entry));
    xml.push_str("</content>\n  </entry>\n");
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
