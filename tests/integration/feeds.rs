//! Feeds and metadata (issue 4): Atom, RSS, JSON Feed and per-tag Atom
//! with full content and absolute links, `feed_limit`, autodiscovery,
//! canonical URLs, OpenGraph and Twitter meta, JSON-LD, the sitemap and
//! robots.txt.
//!
//! Fixtures: `feeds/` (three essays: a bundle with an image, notes,
//! sources, relative links; two authors; shared tags) and `tags-authors/`.

use serde_json::Value;

use crate::support::{Run, SiteTest, attributes, element};
use crate::taxonomy::{attr, head, head_links, start_tags};

const BASE: &str = "https://example.org/";

fn built(fixture: &str) -> Run {
    let run = SiteTest::fixture(fixture).build();
    run.assert_success().assert_quiet();
    run
}

/// Undoes the escaping of XML text.
fn unescape_xml(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The texts between every `open` and the next `close`.
fn between_all(text: &str, open: &str, close: &str) -> Vec<String> {
    text.split(open)
        .skip(1)
        .map(|s| s[..s.find(close).expect("closed")].to_string())
        .collect()
}

/// The HTML content of each Atom entry, unescaped.
fn atom_contents(xml: &str) -> Vec<String> {
    between_all(xml, "<content type=\"html\">", "</content>")
        .iter()
        .map(|c| unescape_xml(c))
        .collect()
}

/// The HTML of each RSS item's `content:encoded` (CDATA sections joined).
fn rss_contents(xml: &str) -> Vec<String> {
    between_all(xml, "<content:encoded>", "</content:encoded>")
        .iter()
        .map(|c| {
            let mut html = String::new();
            let mut rest = c.as_str();
            while let Some(i) = rest.find("<![CDATA[") {
                let after = &rest[i + 9..];
                let end = after.find("]]>").expect("a closed CDATA section");
                html.push_str(&after[..end]);
                rest = &after[end + 3..];
            }
            assert!(rest.trim().is_empty(), "text outside CDATA: {rest}");
            html
        })
        .collect()
}

fn json_feed(run: &Run) -> Value {
    serde_json::from_str(&run.read("feed.json")).expect("feed.json parses as JSON")
}

/// `<meta property|name=key content=…>` values of a page's head, in order.
fn meta(html: &str, key: &str) -> Vec<String> {
    start_tags(head(html), "meta")
        .into_iter()
        .filter(|t| {
            attr(t, "property").as_deref() == Some(key) || attr(t, "name").as_deref() == Some(key)
        })
        .filter_map(|t| attr(t, "content"))
        .collect()
}

/// Every JSON-LD document of a page, parsed.
fn json_ld(html: &str) -> Vec<Value> {
    between_all(html, "<script type=\"application/ld+json\">", "</script>")
        .iter()
        .map(|text| {
            serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON-LD ({e}):\n{text}"))
        })
        .collect()
}

/// Site URL of an output HTML file (`essays/x/index.html` -> `/essays/x/`).
fn url_of(file: &str) -> String {
    format!("/{}", file.trim_end_matches("index.html"))
}

// ---------------------------------------------------------------- snapshots

#[test]
fn atom_feed() {
    insta::assert_snapshot!(built("feeds").read("atom.xml"));
}

#[test]
fn rss_feed() {
    insta::assert_snapshot!(built("feeds").read("rss.xml"));
}

#[test]
fn json_feed_snapshot() {
    insta::assert_snapshot!(built("feeds").read("feed.json"));
}

#[test]
fn tag_atom_feed() {
    insta::assert_snapshot!(built("feeds").read("tags/shipping/atom.xml"));
}

// ---------------------------------------------------------------- content

#[test]
fn every_feed_carries_the_full_essay_with_notes_and_sources() {
    let run = built("feeds");
    let atom = atom_contents(&run.read("atom.xml"));
    let rss = rss_contents(&run.read("rss.xml"));
    let json = json_feed(&run);
    let json: Vec<String> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["content_html"].as_str().unwrap().to_string())
        .collect();
    let tag = atom_contents(&run.read("tags/shipping/atom.xml"));
    assert_eq!(atom.len(), 3);
    assert_eq!(rss.len(), 3, "RSS without content:encoded");
    assert_eq!(json.len(), 3);
    assert_eq!(tag.len(), 2);
    // The same HTML in Atom and JSON; RSS carries the email edition (for
    // RSS-to-email), with the same text and links, styles inlined.
    assert_eq!(atom, json);
    assert_eq!(tag[..], atom[..2]);
    for (atom, rss) in atom.iter().zip(&rss) {
        for needle in [
            "Insurers price the risk week by week",
            "<section class=\"notes\"",
            "War-risk premiums are quoted as a share of hull value.",
            "<section class=\"sources\"",
            "href=\"https://lloydslist.example/suez\"",
            "Suez transits fall again",
            "href=\"https://web.archive.org/web/2025/https://portwatch.example/suez\"",
            "Black Sea grain exports",
            "href=\"https://example.org/essays/red-sea/#source-1\"",
        ] {
            assert_eq!(
                atom.contains(needle),
                rss.contains(needle),
                "{needle}:\n{atom}\n---\n{rss}"
            );
        }
        assert!(
            rss.contains("<p style=\""),
            "RSS carries inline styles: {rss}"
        );
        assert!(
            !atom.contains("style=\""),
            "Atom carries plain HTML: {atom}"
        );
    }
    let red_sea = &atom[0];
    for needle in [
        "Insurers price the risk week by week",
        "<section class=\"notes\"",
        "War-risk premiums are quoted as a share of hull value.",
        "<section class=\"sources\"",
        "<h2 id=\"sources-title\">Sources</h2>",
        "href=\"https://lloydslist.example/suez\"",
        "Suez transits fall again",
        "href=\"https://web.archive.org/web/2025/https://portwatch.example/suez\"",
    ] {
        assert!(
            red_sea.contains(needle),
            "{needle} missing from:\n{red_sea}"
        );
    }
    assert!(atom[1].contains("Black Sea grain exports"), "{}", atom[1]);
}

#[test]
fn every_href_and_src_in_feed_content_is_absolute() {
    let run = built("feeds");
    let mut contents: Vec<(String, String)> = Vec::new();
    for feed in run.file_list().iter().filter(|f| f.ends_with("atom.xml")) {
        for html in atom_contents(&run.read(feed)) {
            contents.push((feed.clone(), html));
        }
    }
    for html in rss_contents(&run.read("rss.xml")) {
        contents.push(("rss.xml".into(), html));
    }
    for item in json_feed(&run)["items"].as_array().unwrap() {
        contents.push((
            "feed.json".into(),
            item["content_html"].as_str().unwrap().into(),
        ));
    }
    assert!(contents.len() >= 3 + 3 + 3 + 4, "{}", contents.len());
    let mut checked = 0;
    for (feed, html) in &contents {
        for a in attributes(html) {
            if a.name == "href" || a.name == "src" {
                checked += 1;
                assert!(
                    a.value.starts_with("https://"),
                    "{feed}: <{} {}=\"{}\"> is not absolute",
                    a.tag,
                    a.name,
                    a.value
                );
            }
        }
    }
    assert!(checked > 30, "only {checked} links checked");
    // The bundle's image, the fragment and the root-relative link.
    let red_sea = &contents[0].1;
    for url in [
        "src=\"https://example.org/essays/red-sea/lanes.svg\"",
        "href=\"https://example.org/essays/red-sea/#insurance\"",
        "href=\"https://example.org/essays/grain/\"",
        "href=\"https://example.org/essays/red-sea/#source-1\"",
    ] {
        assert!(red_sea.contains(url), "{url} missing from:\n{red_sea}");
    }
}

#[test]
fn json_feed_is_json_feed_1_1() {
    let run = built("feeds");
    let feed = json_feed(&run);
    assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(feed["title"], "Global Geopolitics");
    assert_eq!(feed["home_page_url"], BASE);
    assert_eq!(feed["feed_url"], "https://example.org/feed.json");
    let items = feed["items"].as_array().expect("items");
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "https://example.org/essays/red-sea/",
            "https://example.org/essays/grain/",
            "https://example.org/essays/markup/",
        ]
    );
    for item in items {
        for key in ["id", "url", "title", "content_html", "date_published"] {
            assert!(
                item[key].as_str().is_some_and(|v| !v.is_empty()),
                "no {key} in {item:#}"
            );
        }
        assert_eq!(item["id"], item["url"]);
    }
    assert_eq!(items[0]["date_published"], "2025-09-01T00:00:00Z");
    assert_eq!(items[0]["date_modified"], "2025-09-12T00:00:00Z");
    assert_eq!(items[1]["title"], "Grain & the Black Sea");
    assert_eq!(items[2]["title"], "Notes on <markup>");
    let authors: Vec<&str> = items[0]["authors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(authors, ["Daniel Okafor", "Mara Lindqvist"]);
}

#[test]
fn rss_declares_the_content_module_and_escapes_titles() {
    let run = built("feeds");
    let rss = run.read("rss.xml");
    assert!(
        rss.contains("xmlns:content=\"http://purl.org/rss/1.0/modules/content/\""),
        "{rss}"
    );
    assert_eq!(rss.matches("<item>").count(), 3);
    assert_eq!(rss.matches("<content:encoded>").count(), 3);
    assert!(
        rss.contains("<title>Grain &amp; the Black Sea</title>"),
        "{rss}"
    );
    assert!(
        rss.contains("<title>Notes on &lt;markup&gt;</title>"),
        "{rss}"
    );
}

// ---------------------------------------------------------------- feed_limit

/// `count` essays (e1 oldest), all tagged "All", with `extra` in site.toml.
fn many(count: usize, extra: &str) -> Run {
    let mut site = SiteTest::empty().config(&format!(
        "title = \"Many\"\nbase_url = \"https://example.org\"\nsearch = false\n{extra}"
    ));
    for n in 1..=count {
        site = site.file(
            &format!("content/essays/e{n:02}.md"),
            &format!(
                "+++\ntitle = \"Essay {n}\"\ndate = 2024-01-{n:02}\ntags = [\"All\"]\n+++\n\nText {n}.\n"
            ),
        );
    }
    let run = site.build();
    run.assert_success();
    run
}

/// The entry ids of every feed of the site: (atom, rss, json, tag atom).
fn feed_ids(run: &Run) -> [Vec<String>; 4] {
    let atom_ids = |xml: &str| {
        xml.split("<entry>")
            .skip(1)
            .map(|e| between_all(e, "<id>", "</id>").remove(0))
            .collect::<Vec<_>>()
    };
    let rss = between_all(
        &run.read("rss.xml"),
        "<guid isPermaLink=\"true\">",
        "</guid>",
    );
    let json = json_feed(run)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    [
        atom_ids(&run.read("atom.xml")),
        rss,
        json,
        atom_ids(&run.read("tags/all/atom.xml")),
    ]
}

#[test]
fn feed_limit_2_limits_every_feed_to_the_2_newest() {
    let run = many(4, "feed_limit = 2\n");
    let newest = [
        "https://example.org/essays/e04/".to_string(),
        "https://example.org/essays/e03/".to_string(),
    ];
    for (i, ids) in feed_ids(&run).iter().enumerate() {
        assert_eq!(ids, &newest, "feed {i}");
    }
}

#[test]
fn feed_limit_0_includes_every_essay_and_the_default_is_20() {
    let all = many(25, "feed_limit = 0\n");
    for (i, ids) in feed_ids(&all).iter().enumerate() {
        assert_eq!(ids.len(), 25, "feed {i}");
        assert_eq!(ids[0], "https://example.org/essays/e25/");
        assert_eq!(ids[24], "https://example.org/essays/e01/");
    }
    let default = many(25, "");
    for (i, ids) in feed_ids(&default).iter().enumerate() {
        assert_eq!(ids.len(), 20, "feed {i}");
        assert_eq!(ids[19], "https://example.org/essays/e06/");
    }
}

// ---------------------------------------------------------------- autodiscovery

/// `(type, href)` of the `<link rel="alternate">` elements of a page's head.
fn alternates(html: &str) -> Vec<(String, String)> {
    start_tags(head(html), "link")
        .into_iter()
        .filter(|t| attr(t, "rel").as_deref() == Some("alternate"))
        .map(|t| {
            (
                attr(t, "type").unwrap_or_default(),
                attr(t, "href").unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn every_page_links_the_feeds_and_tag_pages_their_own() {
    let run = built("tags-authors");
    let site_feeds = [
        ("application/atom+xml", "https://example.org/atom.xml"),
        ("application/rss+xml", "https://example.org/rss.xml"),
        ("application/feed+json", "https://example.org/feed.json"),
    ]
    .map(|(a, b)| (a.to_string(), b.to_string()));
    let files = run.file_list();
    let html_files = run.html_files();
    assert!(html_files.len() > 20);
    for (page, html) in &html_files {
        let links = alternates(html);
        assert_eq!(links[..3], site_feeds, "{page}");
        let tag = page
            .strip_prefix("tags/")
            .and_then(|rest| rest.split_once('/'))
            .map(|(slug, _)| slug)
            .filter(|slug| *slug != "index.html");
        match tag {
            Some(slug) => {
                let feed = format!("https://example.org/tags/{slug}/atom.xml");
                assert_eq!(
                    links[3..],
                    [("application/atom+xml".to_string(), feed)],
                    "{page}"
                );
            }
            None => assert_eq!(links.len(), 3, "{page}: {links:?}"),
        }
        for (_, href) in &links {
            let file = href.strip_prefix(BASE).expect("absolute feed link");
            assert!(
                files.iter().any(|f| f == file),
                "{page}: {href} does not exist"
            );
        }
    }
}

#[test]
fn tag_feed_link_title_names_the_site_once() {
    // The tag page's own feed is announced as
    // "Essays tagged Russia, page 2 of 2 · Global Geopolitics · Global Geopolitics":
    // the template appends the site name to `page.meta.title`, which on tag
    // pages already ends with it (and says which page of the list it is).
    let run = built("tags-authors");
    for url in ["/tags/russia/", "/tags/russia/page/2/"] {
        let html = run.page(url);
        let title = start_tags(head(&html), "link")
            .into_iter()
            .find(|t| {
                attr(t, "href").as_deref() == Some("https://example.org/tags/russia/atom.xml")
            })
            .and_then(|t| attr(t, "title"))
            .expect("a tag feed link");
        assert_eq!(
            title.matches("Global Geopolitics").count(),
            1,
            "{url}: {title}"
        );
        assert!(!title.contains("page"), "{url}: {title}");
    }
}

#[test]
fn og_title_of_list_pages_has_no_site_name() {
    // `page.meta.title` is documented as "og:title / twitter:title (without
    // the site name)", and so it is on essays, author pages and the indexes;
    // on tag pages and home pages 2+ it is the whole <title>.
    let run = built("tags-authors");
    for url in ["/tags/russia/", "/page/2/"] {
        let html = run.page(url);
        for key in ["og:title", "twitter:title"] {
            let value = meta(&html, key).remove(0);
            assert!(
                !value.contains("Global Geopolitics"),
                "{url}: {key} = {value:?}"
            );
        }
    }
}

// ---------------------------------------------------------------- metadata

#[test]
fn every_page_has_a_canonical_url_and_a_description() {
    let run = built("tags-authors");
    for (page, html) in run.html_files() {
        let descriptions = meta(&html, "description");
        assert_eq!(descriptions.len(), 1, "{page}: {descriptions:?}");
        assert!(
            !descriptions[0].trim().is_empty(),
            "{page}: empty description"
        );
        if page == "404.html" {
            continue; // served at every missing URL: no canonical URL
        }
        let canonical = head_links(&html, "canonical");
        let expected = format!("https://example.org{}", url_of(&page));
        assert_eq!(canonical, std::slice::from_ref(&expected), "{page}");
        assert_eq!(meta(&html, "og:url"), [expected], "{page}");
        assert_eq!(meta(&html, "twitter:card").len(), 1, "{page}");
    }
}

#[test]
fn essays_have_article_meta() {
    let run = built("tags-authors");
    // With `updated`, two authors, two tags.
    let html = run.page("/essays/bases/");
    assert_eq!(meta(&html, "og:type"), ["article"]);
    assert_eq!(meta(&html, "og:title"), ["Moscow adapts to Assad’s fall"]);
    assert_eq!(
        meta(&html, "description"),
        ["Russia wants to keep its Syrian bases."]
    );
    assert_eq!(
        meta(&html, "article:published_time"),
        ["2025-10-15T00:00:00Z"]
    );
    assert_eq!(
        meta(&html, "article:modified_time"),
        ["2025-10-20T00:00:00Z"]
    );
    assert_eq!(
        meta(&html, "article:author"),
        [
            "https://example.org/authors/mara-lindqvist/",
            "https://example.org/authors/tomas-ferreira/",
        ]
    );
    assert_eq!(meta(&html, "article:tag"), ["Russia", "Syria"]);
    assert_eq!(meta(&html, "twitter:card"), ["summary"]);
    assert_eq!(
        meta(&html, "twitter:title"),
        ["Moscow adapts to Assad’s fall"]
    );
    // Without `updated`: modified is the date. Without an author: the
    // site's author, whose page exists.
    let html = run.page("/essays/chips/");
    assert_eq!(
        meta(&html, "article:published_time"),
        ["2024-03-10T00:00:00Z"]
    );
    assert_eq!(
        meta(&html, "article:modified_time"),
        ["2024-03-10T00:00:00Z"]
    );
    assert_eq!(
        meta(&html, "article:author"),
        ["https://example.org/authors/the-desk/"]
    );
    assert_eq!(meta(&html, "article:tag"), ["Taiwan"]);
    // Every article:author is a page of the site.
    for (page, html) in run.html_files() {
        for author in meta(&html, "article:author") {
            let file = crate::support::url_to_file(author.strip_prefix(BASE).unwrap());
            assert!(run.exists(&file), "{page}: {author} does not exist");
        }
    }
    // Other pages are not articles.
    for url in ["/", "/tags/russia/", "/archive/"] {
        let html = run.page(url);
        assert_eq!(meta(&html, "og:type"), ["website"], "{url}");
        assert!(meta(&html, "article:published_time").is_empty(), "{url}");
    }
    assert_eq!(
        meta(&run.page("/authors/mara-lindqvist/"), "og:type"),
        ["profile"]
    );
}

#[test]
fn essays_have_news_article_json_ld_with_citations() {
    let run = built("feeds");
    let html = run.page("/essays/red-sea/");
    let docs = json_ld(&html);
    assert_eq!(docs.len(), 1, "{docs:#?}");
    let doc = &docs[0];
    assert_eq!(doc["@context"], "https://schema.org");
    assert_eq!(doc["@type"], "NewsArticle");
    assert_eq!(doc["headline"], "The Red Sea after the attacks");
    assert_eq!(doc["datePublished"], "2025-09-01T00:00:00Z");
    assert_eq!(doc["dateModified"], "2025-09-12T00:00:00Z");
    let authors = doc["author"].as_array().expect("author is a list");
    assert_eq!(authors.len(), 2);
    for (author, (name, slug)) in authors.iter().zip([
        ("Daniel Okafor", "daniel-okafor"),
        ("Mara Lindqvist", "mara-lindqvist"),
    ]) {
        assert_eq!(author["@type"], "Person");
        assert_eq!(author["name"], name);
        assert_eq!(
            author["url"],
            format!("https://example.org/authors/{slug}/")
        );
    }
    assert_eq!(doc["publisher"]["@type"], "Organization");
    assert_eq!(doc["publisher"]["name"], "Global Geopolitics");
    assert!(doc["wordCount"].as_u64().is_some_and(|n| n > 20), "{doc:#}");
    // One entry per cited source, in citation order, though `lloyds` is
    // cited twice.
    let citations: Vec<(&str, &str)> = doc["citation"]
        .as_array()
        .expect("a citation list")
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["url"].as_str().unwrap()))
        .collect();
    assert_eq!(
        citations,
        [
            (
                "Suez transits fall again",
                "https://lloydslist.example/suez"
            ),
            (
                "PortWatch: Suez Canal transit calls",
                "https://portwatch.example/suez"
            ),
        ]
    );
    // Every essay of both fixtures: one NewsArticle whose citations match
    // its Sources list.
    for run in [run, built("tags-authors")] {
        for (page, html) in run.html_files() {
            if !page.starts_with("essays/") {
                continue;
            }
            let docs = json_ld(&html);
            assert_eq!(docs.len(), 1, "{page}");
            assert_eq!(docs[0]["@type"], "NewsArticle", "{page}");
            let sources = html.matches("<li id=\"source-").count();
            assert_eq!(
                docs[0]["citation"].as_array().map(Vec::len),
                Some(sources),
                "{page}"
            );
        }
    }
}

#[test]
fn home_page_is_a_website_and_author_pages_are_profile_pages_in_json_ld() {
    let run = built("tags-authors");
    let home = json_ld(&run.page("/"));
    assert_eq!(home.len(), 1);
    assert_eq!(home[0]["@type"], "WebSite");
    assert_eq!(home[0]["name"], "Global Geopolitics");
    assert_eq!(home[0]["url"], BASE);

    let profile = json_ld(&run.page("/authors/mara-lindqvist/"));
    assert_eq!(profile.len(), 1);
    assert_eq!(profile[0]["@type"], "ProfilePage");
    let person = &profile[0]["mainEntity"];
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["name"], "Mara Lindqvist");
    assert_eq!(person["url"], "https://example.org/authors/mara-lindqvist/");
    assert_eq!(
        person["sameAs"],
        serde_json::json!([
            "https://mara.example",
            "https://social.example/@mara",
            "https://bsky.example/mara"
        ])
    );
    // An author without a profile still has a ProfilePage.
    let plain = json_ld(&run.page("/authors/the-desk/"));
    assert_eq!(plain[0]["@type"], "ProfilePage");
    // Every JSON-LD of the site parses.
    for (page, html) in run.html_files() {
        for doc in json_ld(&html) {
            assert!(doc["@type"].is_string(), "{page}: {doc:#}");
        }
    }
}

#[test]
fn profile_page_json_ld_description_is_plain_text() {
    // The bio is Markdown; the HTML shows it rendered, but the ProfilePage's
    // Person description is the Markdown source, asterisks and link syntax
    // included: "She wrote *The Straits* (2021)."
    let run = built("tags-authors");
    let mara = json_ld(&run.page("/authors/mara-lindqvist/"));
    let tomas = json_ld(&run.page("/authors/tomas-ferreira/"));
    assert_eq!(
        mara[0]["mainEntity"]["description"],
        "Mara covers Russia and the Black Sea. She wrote The Straits (2021)."
    );
    assert_eq!(
        tomas[0]["mainEntity"]["description"],
        "Tomás reports on West Africa from Lisbon."
    );
}

#[test]
fn json_ld_cannot_be_ended_by_a_title() {
    let title = "Why </script> matters & more";
    let run = SiteTest::empty()
        .file(
            "content/essays/script.md",
            "+++\ntitle = \"Why </script> matters & more\"\ndate = 2025-01-01\ntags = [\"</script><b>\"]\nsummary = \"A <!-- comment and </SCRIPT> too.\"\n+++\n\nText.\n",
        )
        .build();
    run.assert_success();
    let html = run.page("/essays/script/");
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("a JSON-LD script") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    let raw = &html[start..end];
    // The element holds nothing that could end it or open a comment.
    assert!(!raw.to_ascii_lowercase().contains("</script"), "{raw}");
    assert!(!raw.contains('<'), "{raw}");
    // It is the whole document, and the headline round-trips.
    let doc: Value = serde_json::from_str(raw).expect("JSON-LD parses");
    assert_eq!(doc["headline"], title);
    assert_eq!(doc["keywords"], serde_json::json!(["</script><b>"]));
    // (The summary is Markdown: its `</SCRIPT>` is raw HTML, dropped from
    // the plain-text description; only the title and tags are literal.)
    assert!(doc["description"].is_string(), "{doc:#}");
    assert_eq!(json_ld(&html).len(), 1);
    // And the visible title is escaped.
    assert!(
        element(&html, "h1")
            .unwrap()
            .contains("Why &lt;/script&gt; matters &amp; more")
    );
}

// ---------------------------------------------------------------- sitemap, robots

#[test]
fn sitemap_lists_every_essay_tag_author_and_archive_url() {
    let run = built("tags-authors");
    let xml = run.read("sitemap.xml");
    let entries: Vec<(String, Option<String>)> = between_all(&xml, "<url>", "</url>")
        .iter()
        .map(|u| {
            let loc = between_all(u, "<loc>", "</loc>").remove(0);
            let lastmod = between_all(u, "<lastmod>", "</lastmod>").pop();
            (loc, lastmod)
        })
        .collect();
    let lastmod = |url: &str| -> Option<String> {
        let url = format!("https://example.org{url}");
        entries
            .iter()
            .find(|(loc, _)| *loc == url)
            .unwrap_or_else(|| panic!("{url} not in the sitemap:\n{xml}"))
            .1
            .clone()
    };
    // Essays: `updated` when given, else `date`.
    assert_eq!(
        lastmod("/essays/bases/").as_deref(),
        Some("2025-10-20T00:00:00Z")
    );
    assert_eq!(
        lastmod("/essays/straits/").as_deref(),
        Some("2025-08-15T00:00:00Z")
    );
    assert_eq!(
        lastmod("/essays/sao-tome/").as_deref(),
        Some("2025-08-02T00:00:00Z")
    );
    assert_eq!(
        lastmod("/essays/grain/").as_deref(),
        Some("2024-12-03T00:00:00Z")
    );
    assert_eq!(
        lastmod("/essays/chips/").as_deref(),
        Some("2024-03-10T00:00:00Z")
    );
    for url in [
        "/",
        "/page/2/",
        "/page/3/",
        "/archive/",
        "/tags/",
        "/tags/gulf-of-guinea/",
        "/tags/russia/",
        "/tags/russia/page/2/",
        "/tags/sao-tome/",
        "/tags/syria/",
        "/tags/taiwan/",
        "/tags/turkiye/",
        "/tags/ukraine/",
        "/authors/",
        "/authors/mara-lindqvist/",
        "/authors/mara-lindqvist/page/2/",
        "/authors/the-desk/",
        "/authors/tomas-ferreira/",
    ] {
        lastmod(url);
    }
    // Every HTML page but 404 is there, once.
    let pages: Vec<String> = run
        .html_files()
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p != "404.html")
        .collect();
    assert_eq!(entries.len(), pages.len(), "{xml}");
    for page in pages {
        lastmod(&url_of(&page));
    }
}

#[test]
fn robots_txt_points_to_the_sitemap() {
    let run = built("tags-authors");
    let robots = run.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://example.org/sitemap.xml"),
        "{robots}"
    );
    assert!(run.exists("sitemap.xml"));
    // Under a subpath too.
    let run = SiteTest::fixture("tags-authors").run(&[
        "build",
        "--base-url",
        "https://user.github.io/newsletter/",
    ]);
    run.assert_success();
    let robots = run.read("robots.txt");
    assert!(
        robots
            .lines()
            .any(|l| l == "Sitemap: https://user.github.io/newsletter/sitemap.xml"),
        "{robots}"
    );
    let sitemap = run.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://user.github.io/newsletter/tags/turkiye/</loc>"),
        "{sitemap}"
    );
}
