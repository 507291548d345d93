//! Hosting under a subpath. A GitHub Pages project site lives at
//! `https://user.github.io/newsletter/`: every link the site writes (pages,
//! assets, feeds, sitemap, robots.txt) must stay under `/newsletter/` and name
//! a file of the output, as it will be served from that folder. `.ci/run`
//! checks the example site the same way with check-site.

use std::collections::{BTreeMap, BTreeSet};

use crate::support::{Run, SiteTest, attributes, listing};

/// The public URL of the site, as `actions/configure-pages` gives it (plus `/`).
const BASE: &str = "https://user.github.io/newsletter/";
/// The host the site shares with other sites of the same user.
const HOST: &str = "user.github.io";
/// Where the output folder is served.
const PREFIX: &str = "/newsletter/";

#[test]
fn every_link_resolves_under_a_subpath_base_url() {
    let run = SiteTest::fixture("example-like").run(&["build", "--base-url", BASE]);
    run.assert_success();
    let mut links = Links::new(&run);

    // Pages: href, src and srcset of every element.
    for (page, html) in &links.pages.clone() {
        for attr in attributes(html) {
            let values: Vec<&str> = match attr.name.as_str() {
                "href" | "src" | "action" | "poster" => vec![attr.value.as_str()],
                "srcset" => srcset_urls(&attr.value),
                _ => continue,
            };
            for value in values {
                let what = format!("<{} {}>", attr.tag, attr.name);
                links.check(page, &what, value, Need::Any);
                // The 404 page is served at every missing URL, at any depth,
                // so a link relative to its folder breaks.
                if page == "404.html" && is_relative(value) {
                    links.problems.push(format!(
                        "404.html: {what} {value:?} is relative to the page"
                    ));
                }
            }
        }
    }

    // Feeds: the feed's own links and every href/src/srcset of the escaped
    // HTML content, which feed readers show outside the site: all absolute.
    let feeds: Vec<String> = links
        .files
        .iter()
        .filter(|f| f.ends_with("atom.xml") || f.ends_with("rss.xml"))
        .cloned()
        .collect();
    assert!(
        feeds.iter().any(|f| f == "atom.xml"),
        "no atom.xml in {:#?}",
        run.file_list()
    );
    for feed in &feeds {
        let xml = unescape_xml(&run.read(feed));
        for attr in attributes(&xml) {
            let values: Vec<&str> = match attr.name.as_str() {
                "href" | "src" => vec![attr.value.as_str()],
                "srcset" => srcset_urls(&attr.value),
                _ => continue,
            };
            for value in values {
                let what = format!("<{} {}>", attr.tag, attr.name);
                links.check(feed, &what, value, Need::Absolute);
            }
        }
    }

    // Sitemap: every <loc> is an absolute URL of a page of the site.
    let sitemap = run.read("sitemap.xml");
    let locs = between_all(&sitemap, "<loc>", "</loc>");
    for loc in &locs {
        links.check("sitemap.xml", "<loc>", loc, Need::Absolute);
    }
    assert!(
        locs.iter().any(|loc| loc == BASE),
        "the home page {BASE} is not in sitemap.xml:\n{sitemap}"
    );
    assert!(
        locs.iter()
            .any(|loc| loc == &format!("{BASE}essays/red-sea/")),
        "{sitemap}"
    );

    // robots.txt names the sitemap by its public URL, under the subpath.
    let robots = run.read("robots.txt");
    let sitemap_lines: Vec<&str> = robots
        .lines()
        .filter(|line| line.to_ascii_lowercase().starts_with("sitemap:"))
        .collect();
    assert_eq!(
        sitemap_lines,
        vec!["Sitemap: https://user.github.io/newsletter/sitemap.xml"],
        "robots.txt:\n{robots}"
    );
    links.check(
        "robots.txt",
        "Sitemap:",
        sitemap_lines[0]["Sitemap:".len()..].trim(),
        Need::Absolute,
    );

    // Any other absolute URL of the site's host, wherever it is written
    // (canonical and OpenGraph URLs, JSON-LD, feed ids, JSON Feed, scripts):
    // under the base URL and naming a file. Fragments are not anchors there
    // (JSON-LD `@id`s), so only the file is checked.
    for (file, text) in links.texts.clone() {
        for url in urls_on_host(&text) {
            let without_fragment = url.split('#').next().unwrap_or_default();
            links.check(&file, "URL in the text", without_fragment, Need::Absolute);
        }
    }

    assert!(
        links.problems.is_empty(),
        "links that do not resolve under {BASE}:\n{}",
        listing(&links.problems)
    );
    // The walk saw what it should have: not a vacuous pass.
    for expected in [
        "style.css",
        "favicon.svg",
        "essays/red-sea/lanes.svg",
        "essays/red-sea/index.html",
        "page/2/index.html",
        "about/index.html",
        "sitemap.xml",
        "atom.xml",
    ] {
        assert!(
            links.reached.contains(expected),
            "no link led to {expected}; reached: {:#?}",
            links.reached
        );
    }
    assert!(links.checked > 100, "only {} links checked", links.checked);
}

#[test]
fn base_url_with_or_without_trailing_slash_gives_the_same_site() {
    // configure-pages, Netlify's $URL, $CF_PAGES_URL and $CI_PAGES_URL have
    // no trailing slash; the README adds one, but forgetting it must not matter.
    let with = SiteTest::fixture("example-like").run(&["build", "--base-url", BASE]);
    let without =
        SiteTest::fixture("example-like").run(&["build", "--base-url", BASE.trim_end_matches('/')]);
    with.assert_success();
    without.assert_success();
    crate::support::assert_same_tree(&with.files(), &without.files());
}

/// What a link must be, beyond resolving.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Any form: absolute, root-relative, relative, fragment.
    Any,
    /// An absolute URL (feeds, sitemap, robots.txt are read off the site).
    Absolute,
}

/// Where a link leads.
enum Target {
    /// Another site, or a scheme such as `mailto:`.
    External,
    /// A file of the output (relative path) and the fragment, if any.
    File(String, Option<String>),
}

/// The output of one build, and what checking its links found.
struct Links {
    /// Every file of the output, relative, `/`-separated.
    files: BTreeSet<String>,
    /// Every HTML file with its text.
    pages: BTreeMap<String, String>,
    /// Every text file (HTML, XML, JSON, CSS, JS, SVG, TXT) with its text.
    texts: BTreeMap<String, String>,
    /// The `id` and `name` values of each HTML file.
    anchors: BTreeMap<String, BTreeSet<String>>,
    /// Files some link led to.
    reached: BTreeSet<String>,
    /// Links checked.
    checked: usize,
    problems: Vec<String>,
}

impl Links {
    fn new(run: &Run) -> Self {
        let files: BTreeSet<String> = run.file_list().into_iter().collect();
        let texts: BTreeMap<String, String> = files
            .iter()
            .filter(|f| {
                [".html", ".xml", ".json", ".css", ".js", ".svg", ".txt"]
                    .iter()
                    .any(|ext| f.ends_with(ext))
            })
            .map(|f| (f.clone(), run.read(f)))
            .collect();
        let pages: BTreeMap<String, String> = texts
            .iter()
            .filter(|(f, _)| f.ends_with(".html"))
            .map(|(f, t)| (f.clone(), t.clone()))
            .collect();
        let anchors = pages
            .iter()
            .map(|(page, html)| {
                let names = attributes(html)
                    .into_iter()
                    .filter(|a| a.name == "id" || (a.name == "name" && a.tag == "a"))
                    .map(|a| a.value)
                    .collect();
                (page.clone(), names)
            })
            .collect();
        Self {
            files,
            pages,
            texts,
            anchors,
            reached: BTreeSet::new(),
            checked: 0,
            problems: Vec::new(),
        }
    }

    /// Checks one link found in the output file `from`.
    fn check(&mut self, from: &str, what: &str, link: &str, need: Need) {
        self.checked += 1;
        if need == Need::Absolute && !link.starts_with("https://") && !link.starts_with("http://") {
            self.problems
                .push(format!("{from}: {what} {link:?} is not an absolute URL"));
            return;
        }
        let (file, fragment) = match self.resolve(from, link) {
            Ok(Target::External) => return,
            Ok(Target::File(file, fragment)) => (file, fragment),
            Err(why) => {
                self.problems.push(format!("{from}: {what} {link:?} {why}"));
                return;
            }
        };
        self.reached.insert(file.clone());
        if let Some(fragment) = fragment.filter(|f| !f.is_empty())
            && let Some(anchors) = self.anchors.get(&file)
            && !anchors.contains(&percent_decode(&fragment))
        {
            self.problems.push(format!(
                "{from}: {what} {link:?}: no id {fragment:?} in {file}"
            ));
        }
    }

    /// The output file a link names, as the site will be served under
    /// [`BASE`]: root-relative and absolute links must start with the subpath.
    fn resolve(&self, from: &str, link: &str) -> Result<Target, String> {
        if link.is_empty() {
            return Err("is empty".into());
        }
        if link.trim() != link {
            return Err("has spaces around it".into());
        }
        let (before_fragment, fragment) = match link.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment.to_string())),
            None => (link, None),
        };
        let path = before_fragment
            .split_once('?')
            .map_or(before_fragment, |(path, _)| path);

        let lower = link.to_ascii_lowercase();
        if lower.starts_with("javascript:") {
            return Err("is a script URL".into());
        }
        let absolute = if let Some(rest) = path.strip_prefix("//") {
            Some(("", rest))
        } else if let Some((scheme, rest)) = path.split_once("://") {
            Some((scheme, rest))
        } else if has_scheme(path) {
            return Ok(Target::External); // mailto:, tel:, data:
        } else {
            None
        };

        let inside: String = if let Some((scheme, rest)) = absolute {
            let (host, site_path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
            if !host.eq_ignore_ascii_case(HOST) {
                return Ok(Target::External);
            }
            if scheme != "https" {
                return Err(format!("should be https://{HOST}…"));
            }
            under_prefix(site_path)?
        } else if path.starts_with('/') {
            under_prefix(path)?
        } else {
            // Relative to the folder of `from`.
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            for segment in path.split('/') {
                match segment {
                    "" | "." => {}
                    ".." => {
                        if parts.pop().is_none() {
                            return Err(format!("climbs out of {PREFIX}"));
                        }
                    }
                    segment => parts.push(segment),
                }
            }
            let mut joined = parts.join("/");
            if path.is_empty() {
                // `#x` or `?q`: the page itself.
                joined = from.to_string();
            } else if (path.ends_with('/') || path.ends_with("/.") || path == ".")
                && !joined.is_empty()
            {
                joined.push('/');
            }
            joined
        };

        let inside = percent_decode(&inside);
        let candidates = if inside.is_empty() || inside.ends_with('/') {
            vec![format!("{inside}index.html")]
        } else {
            vec![inside.clone(), format!("{inside}/index.html")]
        };
        match candidates.into_iter().find(|c| self.files.contains(c)) {
            Some(file) => Ok(Target::File(file, fragment)),
            None => Err(format!(
                "names no file of the output (looked for {inside:?}{})",
                if inside.is_empty() || inside.ends_with('/') {
                    " + index.html"
                } else {
                    ""
                }
            )),
        }
    }
}

/// `/newsletter/essays/x/` -> `essays/x/`; anything outside the subpath is
/// an error (it would reach another site of the same host).
fn under_prefix(site_path: &str) -> Result<String, String> {
    if site_path == PREFIX.trim_end_matches('/') {
        return Ok(String::new());
    }
    site_path
        .strip_prefix(PREFIX)
        .map(str::to_string)
        .ok_or_else(|| format!("is outside {PREFIX}"))
}

/// True for `mailto:x`, `https:…`: a scheme before any `/`, `?` or `#`.
fn has_scheme(link: &str) -> bool {
    match link.find(':') {
        Some(i) => {
            let scheme = &link[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

/// True for a link resolved against the page's own folder.
fn is_relative(link: &str) -> bool {
    !(link.is_empty() || link.starts_with(['/', '#', '?']) || has_scheme(link))
}

/// The URLs of a `srcset` (`a.png 1x, b.png 2x`).
fn srcset_urls(srcset: &str) -> Vec<&str> {
    srcset
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
        .collect()
}

/// The text between each `open` and the next `close`.
fn between_all(text: &str, open: &str, close: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(close) else { break };
        out.push(unescape_xml(&after[..j]));
        rest = &after[j + close.len()..];
    }
    out
}

/// Every `http(s)://HOST…` URL written anywhere in `text` (entities such as
/// `&quot;` end it).
fn urls_on_host(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for scheme in ["https://", "http://"] {
        let start = format!("{scheme}{HOST}");
        let mut from = 0;
        while let Some(i) = text[from..].find(&start) {
            let begin = from + i;
            let rest = &text[begin..];
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '"' | '\'' | '<' | '>' | ')' | '&' | '\\' | '`' | ',')
                })
                .unwrap_or(rest.len());
            let url = &rest[..end];
            // `https://user.github.io.evil/` is another host.
            if url[start.len()..].is_empty() || url[start.len()..].starts_with(['/', '?', '#']) {
                out.push(url.to_string());
            }
            from = begin + end.max(start.len());
        }
    }
    out
}

/// XML's five entities and numeric references to characters, decoded once.
fn unescape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i..];
        let Some(end) = after.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "amp" => Some('&'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// `%C3%BC` -> `ü`.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn the_link_checker_itself() {
    // The resolver above must catch what a subpath site gets wrong, or the
    // test that uses it proves nothing.
    let run = SiteTest::fixture("example-like").run(&["build", "--base-url", BASE]);
    run.assert_success();
    let links = Links::new(&run);
    let page = "essays/red-sea/index.html";
    let ok = |link: &str| match links.resolve(page, link) {
        Ok(Target::File(file, _)) => file,
        Ok(Target::External) => "external".into(),
        Err(why) => panic!("{link}: {why}"),
    };
    assert_eq!(ok("/newsletter/essays/red-sea/"), page);
    assert_eq!(
        ok("https://user.github.io/newsletter/essays/red-sea/#x"),
        page
    );
    assert_eq!(ok("https://user.github.io/newsletter"), "index.html");
    assert_eq!(ok("lanes.svg"), "essays/red-sea/lanes.svg");
    assert_eq!(ok("../chips/"), "essays/chips/index.html");
    assert_eq!(ok("/newsletter/style.css?v=1"), "style.css");
    assert_eq!(ok("#top"), page);
    assert_eq!(ok("https://www.reuters.com/x"), "external");
    assert_eq!(ok("mailto:a@b.org"), "external");
    for bad in [
        "/essays/red-sea/",
        "https://user.github.io/essays/red-sea/",
        "http://user.github.io/newsletter/",
        "/newsletter/essays/nope/",
        "../../../../x/",
        "javascript:alert(1)",
        "",
    ] {
        assert!(links.resolve(page, bad).is_err(), "{bad:?} was accepted");
    }
    assert_eq!(
        urls_on_host(
            "<a href=\"https://user.github.io/newsletter/a/\">https://user.github.io.evil/</a> &quot;https://user.github.io/x&quot;"
        ),
        vec![
            "https://user.github.io/newsletter/a/",
            "https://user.github.io/x"
        ]
    );
    assert_eq!(srcset_urls("a.png 1x, /b.png 2x"), vec!["a.png", "/b.png"]);
    assert_eq!(
        unescape_xml("&lt;a href=&quot;x&amp;amp;y&quot;&gt;&#233;"),
        "<a href=\"x&amp;y\">é"
    );
}
