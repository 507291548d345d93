//! Offline search: the `/search/` page and the Pagefind bundle under
//! `pagefind/`, only when `search` is on (the default); only essays indexed;
//! links under the base path; the same bytes on every build.

use std::collections::BTreeMap;
use std::io::Read as _;

use crate::support::{Run, SiteTest, assert_same_tree};

/// The example-like fixture: three essays, an about page, two home pages.
const ESSAYS: &[&str] = &["/essays/chips/", "/essays/red-sea/", "/essays/turkiye/"];

/// A fixture with `extra` put at the top of its site.toml.
fn fixture_with(name: &str, extra: &str) -> SiteTest {
    let site = SiteTest::fixture(name);
    let toml = std::fs::read_to_string(site.root().join("site.toml")).expect("site.toml");
    site.config(&format!("{extra}\n{toml}"))
}

/// The JSON of a Pagefind file: gunzipped, without its `pagefind_dcd` mark.
fn pagefind_json(run: &Run, path: &str) -> serde_json::Value {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(&run.read_bytes(path)[..])
        .read_to_end(&mut bytes)
        .unwrap_or_else(|e| panic!("{path} is not gzip: {e}"));
    let json = bytes
        .strip_prefix(b"pagefind_dcd")
        .unwrap_or_else(|| panic!("{path} has no pagefind_dcd mark"));
    serde_json::from_slice(json).unwrap_or_else(|e| panic!("{path} is not JSON: {e}"))
}

/// The indexed pages: URL -> fragment (one `pagefind/fragment/*` file each).
fn indexed(run: &Run) -> BTreeMap<String, serde_json::Value> {
    run.file_list()
        .into_iter()
        .filter(|p| p.starts_with("pagefind/fragment/") && p.ends_with(".pf_fragment"))
        .map(|p| {
            let fragment = pagefind_json(run, &p);
            let url = fragment["url"].as_str().expect("a fragment has a url");
            (url.to_string(), fragment)
        })
        .collect()
}

fn pagefind_files(run: &Run) -> BTreeMap<String, Vec<u8>> {
    run.files()
        .into_iter()
        .filter(|(p, _)| p.starts_with("pagefind/"))
        .collect()
}

#[test]
fn search_page_and_bundle_are_written() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success().assert_quiet();
    let files = run.file_list();
    for needed in [
        "search/index.html",
        "pagefind/pagefind.js",
        "pagefind/pagefind-worker.js",
        "pagefind/pagefind-ui.js",
        "pagefind/pagefind-ui.css",
        "pagefind/pagefind-entry.json",
        "pagefind/wasm.en.pagefind",
    ] {
        assert!(
            files.iter().any(|f| f == needed),
            "no {needed} in {files:#?}"
        );
    }
    let count = |prefix: &str, suffix: &str| {
        files
            .iter()
            .filter(|f| f.starts_with(prefix) && f.ends_with(suffix))
            .count()
    };
    assert_eq!(count("pagefind/pagefind.en_", ".pf_meta"), 1);
    assert!(count("pagefind/index/", ".pf_index") >= 1);
    assert_eq!(count("pagefind/fragment/", ".pf_fragment"), ESSAYS.len());
    // Only what the search page loads: no other UI flavours.
    assert!(
        !files
            .iter()
            .any(|f| f.contains("modular") || f.contains("component"))
    );
}

#[test]
fn every_essay_is_indexed_and_nothing_else() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let entry: serde_json::Value =
        serde_json::from_str(&run.read("pagefind/pagefind-entry.json")).expect("entry JSON");
    assert_eq!(entry["languages"]["en"]["page_count"], ESSAYS.len());
    let indexed = indexed(&run);
    assert_eq!(
        indexed.keys().map(String::as_str).collect::<Vec<_>>(),
        ESSAYS
    );
    // Titles come from the essay's heading, not the page's <title>.
    let turkiye = &indexed["/essays/turkiye/"];
    assert_eq!(turkiye["meta"]["title"], "Türkiye’s balancing act");
    let content = turkiye["content"].as_str().expect("content");
    // The essay's words are there; the page around it, the support block,
    // citation markers and back-links are not.
    assert!(content.contains("Montreux"), "{content}");
    for absent in [
        "Skip to content",
        "Support this newsletter",
        "Permalink",
        "↩",
    ] {
        assert!(!content.contains(absent), "{absent:?} indexed:\n{content}");
    }
}

#[test]
fn headings_sources_and_tags_are_searchable_and_headings_are_anchors() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let turkiye = &indexed(&run)["/essays/turkiye/"];
    let content = turkiye["content"].as_str().expect("content");
    let words: Vec<&str> = content.split(' ').collect();
    // The title comes first, as the page's heading.
    assert!(content.starts_with("Türkiye’s balancing act "), "{content}");
    // The cited sources' publishers are words of the essay too.
    assert!(content.contains("League of Nations"), "{content}");
    // Each heading is an anchor whose location is its first word.
    let anchors = turkiye["anchors"].as_array().expect("anchors");
    assert_eq!(anchors.len(), 1, "{anchors:?}");
    let anchor = &anchors[0];
    assert_eq!(anchor["element"], "h2");
    assert_eq!(anchor["id"], "a-table-of-transits");
    assert_eq!(anchor["text"], "A table of transits");
    let at = anchor["location"].as_u64().expect("location") as usize;
    assert_eq!(words[at..at + 4].join(" "), "A table of transits");
    assert!(
        run.read("essays/turkiye/index.html")
            .contains("<h2 id=\"a-table-of-transits\">"),
        "the anchor's id is the heading's"
    );
}

#[test]
fn search_page_loads_the_default_ui_and_is_in_the_navigation() {
    let run = SiteTest::fixture("example-like").build();
    run.assert_success();
    let page = run.page("/search/");
    assert!(page.contains(r#"<script src="/pagefind/pagefind-ui.js" defer></script>"#));
    assert!(page.contains(r#"<link rel="stylesheet" href="/pagefind/pagefind-ui.css">"#));
    assert!(page.contains("<noscript>"));
    assert!(page.contains(r#"<label class="search-label" id="search-label">"#));
    assert!(page.contains(r#"<link rel="canonical" href="https://example.org/search/">"#));
    assert!(page.contains(r#"<a href="/search/" aria-current="page">Search</a>"#));
    let home = run.page("/");
    assert!(home.contains(r#"<a href="/search/">Search</a>"#), "{home}");
    let essay = run.page("/essays/chips/");
    assert!(essay.contains(r#"<article class="essay" data-pagefind-body>"#));
}

#[test]
fn search_off_writes_no_index_and_no_page() {
    let run = fixture_with("example-like", "search = false").build();
    run.assert_success().assert_quiet();
    let files = run.file_list();
    assert!(
        !files.iter().any(|f| f.starts_with("pagefind/")),
        "{files:#?}"
    );
    assert!(!run.exists("search/index.html"));
    assert!(!run.page("/").contains("/search/"));
    // The site's own page may then live at /search/.
    let run = fixture_with("example-like", "search = false")
        .file(
            "content/pages/search.md",
            "+++\ntitle = \"Search\"\n+++\n\nUse your search engine.\n",
        )
        .build();
    run.assert_success();
    assert!(run.page("/search/").contains("Use your search engine."));
}

#[test]
fn search_path_is_claimed_when_search_is_on() {
    let run = SiteTest::fixture("example-like")
        .file(
            "content/pages/search.md",
            "+++\ntitle = \"Search\"\n+++\n\nMine.\n",
        )
        .build();
    run.assert_exit(1);
    let stderr = run.stderr();
    assert!(stderr.contains("/search/"), "{stderr}");
    assert!(stderr.contains("search page"), "{stderr}");
}

#[test]
fn search_links_stay_under_the_base_path() {
    let run = fixture_with("example-like", "").run(&[
        "build",
        "--base-url",
        "https://example.org/newsletter/",
    ]);
    run.assert_success();
    let page = run.page("/search/");
    assert!(page.contains(r#"src="/newsletter/pagefind/pagefind-ui.js""#));
    assert!(page.contains(r#"data-bundle="/newsletter/pagefind/""#));
    let urls: Vec<String> = indexed(&run).into_keys().collect();
    assert_eq!(
        urls,
        ESSAYS
            .iter()
            .map(|u| format!("/newsletter{u}"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn search_index_is_the_same_on_every_build() {
    let first = SiteTest::fixture("example-like").build();
    first.assert_success();
    let again = SiteTest::fixture_reversed("example-like").build();
    again.assert_success();
    let a = pagefind_files(&first);
    assert!(!a.is_empty());
    assert_same_tree(&a, &pagefind_files(&again));
    // Pagefind runs its own stages on rayon's pool: one thread or many
    // makes no difference.
    let site = SiteTest::fixture("example-like");
    let one = std::process::Command::new(crate::support::CABLE)
        .args(["build", "--root"])
        .arg(site.root())
        .arg("-o")
        .arg(site.root().join("one"))
        .env("RAYON_NUM_THREADS", "1")
        .output()
        .expect("run cable");
    assert!(one.status.success());
    let one = crate::support::read_tree(&site.root().join("one/pagefind"));
    let a: BTreeMap<String, Vec<u8>> = a
        .into_iter()
        .map(|(p, b)| (p["pagefind/".len()..].to_string(), b))
        .collect();
    assert_same_tree(&a, &one);
}

#[test]
fn a_site_without_essays_still_builds_its_search() {
    let run = SiteTest::empty().build();
    run.assert_success();
    assert!(run.exists("search/index.html"));
    assert!(run.exists("pagefind/pagefind-entry.json"));
    assert!(indexed(&run).is_empty());
}
